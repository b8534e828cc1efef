/**
 * When a certificate is renewed: once `fraction` of its validity has passed (kubelet and cert-manager renew at
 * two thirds by default). Times in ms since the epoch; the check reads no clock.
 */
export const DEFAULT_RENEW_FRACTION = 2 / 3;

export function renewalTime(notBefore: number, notAfter: number, fraction = DEFAULT_RENEW_FRACTION): number {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`renewal fraction must be between 0 and 1 (got ${fraction})`);
  return notBefore + (notAfter - notBefore) * fraction;
}

export function renewalDue(notBefore: number, notAfter: number, now: number, fraction = DEFAULT_RENEW_FRACTION): boolean {
  return now >= renewalTime(notBefore, notAfter, fraction);
}

/** How the local provider issues and renews leaf certificates. */
export interface LeafPolicy {
  /** Life of a newly issued leaf. */
  ttlSeconds: number;
  /** Fraction of a leaf's validity after which it is renewed. */
  renewFraction: number;
}

export const YEAR_SECONDS = 365 * 24 * 3600;
export const DEFAULT_LEAF_POLICY: LeafPolicy = { ttlSeconds: YEAR_SECONDS, renewFraction: DEFAULT_RENEW_FRACTION };

/** Seconds of a duration in Go syntax limited to hours, minutes and seconds ("8760h", "1h30m", "90s"). */
export function durationSeconds(d: string): number | undefined {
  const m = /^(?:(\d{1,7})h)?(?:(\d{1,7})m)?(?:(\d{1,7})s)?$/.exec(d);
  if (!m || d === "") return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** The leaf policy from optional settings, each falling back to the default. */
export function leafPolicy(ttl?: string, renewFraction?: number): LeafPolicy {
  const ttlSeconds = ttl === undefined ? undefined : durationSeconds(ttl);
  if (ttl !== undefined && !ttlSeconds) throw new Error(`leaf lifetime "${ttl}" is not a duration such as 8760h or 90s`);
  return { ttlSeconds: ttlSeconds ?? DEFAULT_LEAF_POLICY.ttlSeconds, renewFraction: renewFraction ?? DEFAULT_LEAF_POLICY.renewFraction };
}
