// Session lifetime: a session ends after `idleSeconds` without a request from the user, and in any case
// `maxAgeSeconds` after sign-in. Times are Unix seconds, as in JWT claims.

export interface SessionLimits {
  idleSeconds: number;
  maxAgeSeconds: number;
}

/** What the session token records: when the user signed in and when they were last seen. */
export interface SessionTimes {
  loginAt?: unknown;
  seenAt?: unknown;
}

export type SessionVerdict = "active" | "idle" | "expired";

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Parses "30s", "30m" or "12h" into seconds. */
export const parseDuration = (d: string) => Number(d.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[d.slice(-1) as "s" | "m" | "h"];

/** A token without both times (e.g. issued by an older console) is treated as expired. */
export function sessionVerdict(t: SessionTimes, now: number, limits: SessionLimits): SessionVerdict {
  const loginAt = num(t.loginAt);
  const seenAt = num(t.seenAt);
  if (loginAt === undefined || seenAt === undefined || loginAt > now + 60) return "expired";
  if (now - loginAt >= limits.maxAgeSeconds) return "expired";
  if (now - seenAt >= limits.idleSeconds) return "idle";
  return "active";
}

/** When the session ends if the user makes no further request (Unix seconds). */
export function sessionDeadline(t: SessionTimes, limits: SessionLimits): number {
  const loginAt = num(t.loginAt) ?? 0;
  const seenAt = num(t.seenAt) ?? 0;
  return Math.min(seenAt + limits.idleSeconds, loginAt + limits.maxAgeSeconds);
}
