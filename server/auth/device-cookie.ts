import crypto from "node:crypto";

// OWASP's device cookie (Slow Down Online Guessing Attacks with Device Cookies): a browser that has signed in
// as a user gets a signed token naming that user; its sign-ins as that user then count against a limit of its
// own (LOGIN_LIMITS.device), so nobody else's failures can lock that user out of a browser they have used.
// The token is HttpOnly and signed with a key derived from AUTH_SECRET; it grants nothing by itself (the
// password is still checked), it only chooses which limit applies.

export const DEVICE_COOKIE = "kmetal-device";
/** How long a browser stays known without signing in again. */
export const DEVICE_MAX_AGE_SECONDS = 180 * 24 * 3600;
/** Users remembered per browser (a shared workstation): the most recent ones. */
const MAX_TOKENS = 5;

const keyOf = (secret: string) => crypto.createHmac("sha256", secret).update("kmetal device cookie v1").digest();
const mac = (key: Buffer, body: string) => crypto.createHmac("sha256", key).update(body).digest("base64url");

interface Token {
  user: string;
  device: string;
  issuedAt: number;
  raw: string;
}

function parse(raw: string, key: Buffer): Token | undefined {
  const parts = raw.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") return undefined;
  const [, user64, device, iat, sig] = parts as [string, string, string, string, string];
  const expected = mac(key, parts.slice(0, 4).join("."));
  if (sig.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return undefined;
  const issuedAt = Number(iat);
  if (!Number.isSafeInteger(issuedAt)) return undefined;
  return { user: Buffer.from(user64, "base64url").toString("utf8"), device, issuedAt, raw };
}

/** The valid tokens in a cookie value ("~"-separated), newest last; forged, foreign or expired ones dropped. */
function tokens(cookie: string | undefined, secret: string, now: number): Token[] {
  const key = keyOf(secret);
  return (cookie ?? "")
    .split("~")
    .slice(-MAX_TOKENS)
    .map((raw) => parse(raw, key))
    .filter((t): t is Token => !!t && t.issuedAt <= now + 60 && now - t.issuedAt < DEVICE_MAX_AGE_SECONDS);
}

/** The device id of this browser for `user`, when its cookie holds a valid token naming that user. */
export function knownDevice(cookie: string | undefined, user: string, secret: string, now = Math.floor(Date.now() / 1000)): string | undefined {
  const token = tokens(cookie, secret, now).findLast((t) => t.user === user);
  return token ? `${user}#${token.device}` : undefined;
}

/** The cookie value after a successful sign-in as `user`: a fresh token for them, the other users' kept. */
export function rememberDevice(cookie: string | undefined, user: string, secret: string, now = Math.floor(Date.now() / 1000)): string {
  const body = ["v1", Buffer.from(user, "utf8").toString("base64url"), crypto.randomBytes(16).toString("base64url"), String(now)].join(".");
  const fresh = `${body}.${mac(keyOf(secret), body)}`;
  const others = tokens(cookie, secret, now).filter((t) => t.user !== user).map((t) => t.raw);
  return [...others, fresh].slice(-MAX_TOKENS).join("~");
}

/** One cookie of a Cookie request header, or undefined. */
export function cookieFrom(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim(); // tokens need no decoding
  }
  return undefined;
}
