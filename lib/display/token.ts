// Display links: a long-lived, revocable, read-only credential that opens only the NOC wall. The link carries
// the token; the server keeps only its SHA-256 (a stolen copy of the store opens nothing). The token names its
// record ("kmd.<id>.<secret>"), so checking one is a single lookup, never a scan of every display.

/** The cookie the display link sets; sent with the wall's own requests only (see wallProcedure). */
export const DISPLAY_COOKIE = "kmetal-display";

const TOKEN = /^kmd\.([0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** A new display's id and token: 48 bits of id, 256 bits of secret, both from the platform's CSPRNG. */
export function newDisplayToken(): { id: string; token: string } {
  const id = hex(crypto.getRandomValues(new Uint8Array(6)));
  return { id, token: `kmd.${id}.${base64url(crypto.getRandomValues(new Uint8Array(32)))}` };
}

/** The id a well-formed token names; undefined for anything else (nothing is looked up for it). */
export function displayIdOf(token: string): string | undefined {
  return TOKEN.exec(token)?.[1];
}

/** What the server keeps of a token: its SHA-256, hex. */
export async function hashDisplayToken(token: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))));
}

/** Equal hashes, compared in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A display as stored (a Secret in the console's namespace): never the token, only its hash. */
export interface DisplayRecord {
  id: string;
  name: string;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
}

export type DisplayVerdict = "valid" | "unknown" | "revoked" | "expired";

/**
 * Whether a token (by its hash) opens the wall. No idle limit: a wall is left alone for days by design; the
 * link ends when it is revoked or at its expiry, whichever comes first.
 */
export function displayVerdict(rec: DisplayRecord | undefined, tokenHash: string, nowMs: number): DisplayVerdict {
  if (!rec || !sameHash(rec.tokenHash, tokenHash)) return "unknown";
  if (rec.revokedAt) return "revoked";
  const expires = Date.parse(rec.expiresAt);
  if (!Number.isFinite(expires) || nowMs >= expires) return "expired";
  return "valid";
}

/** Where a display link opens the wall. */
export const displayLinkPath = (token: string) => `/noc/link/${token}`;
