/**
 * A sliding-window counter of failures per key (user name, client address). Pure and clock-injectable;
 * one instance per process is enough for one console replica.
 */
export class FailureLimiter {
  private readonly hits = new Map<string, number[]>();
  private swept: number;

  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {
    this.swept = now();
  }

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const recent = this.prune(key);
    return recent.length >= this.max ? recent[0]! + this.windowMs - this.now() : 0;
  }

  fail(key: string) {
    // Keys are pruned when they are used; once a window, the ones never used again (a user name tried once) go too.
    if (this.now() - this.swept >= this.windowMs) {
      for (const k of [...this.hits.keys()]) this.prune(k);
      this.swept = this.now();
    }
    this.hits.set(key, [...this.prune(key), this.now()]);
  }

  /** How many keys the limiter holds, stale ones included until they are pruned. */
  get size(): number {
    return this.hits.size;
  }

  reset(key: string) {
    this.hits.delete(key);
  }

  private prune(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (recent.length) this.hits.set(key, recent);
    else this.hits.delete(key);
    return recent;
  }
}

export interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Failed password sign-ins allowed before further ones are refused (the right password too):
 * - per user name and address: the lockout a guesser imposes on themselves, not on the user elsewhere;
 * - per address, across user names: one client trying many users;
 * - per user name, across addresses: guessing spread over many addresses, slowed without one address
 *   being able to lock the user out.
 */
export const LOGIN_LIMITS = {
  userAtAddress: { max: 5, windowMs: 5 * 60_000 },
  address: { max: 30, windowMs: 5 * 60_000 },
  user: { max: 50, windowMs: 15 * 60_000 },
} satisfies Record<string, Limit>;

/** Every sign-in whose client address is unknown (no trusted proxy, see lib/net/client-address.ts) shares this key. */
export const UNKNOWN_ADDRESS = "direct";

/**
 * The key of a client address in the limits: the address, its /64 network for IPv6 (one subscriber usually has
 * a whole /64), or UNKNOWN_ADDRESS.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return UNKNOWN_ADDRESS;
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  // After "::", a trailing dotted IPv4 part only shortens the zeros in the middle, never the first four groups.
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(1, 8 - left.length - (tail ? tail.split(":").length : 0))).fill("0")];
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/** The three limits of LOGIN_LIMITS over FailureLimiters; keys are user names and addressKey()s. */
export class LoginLimiter {
  private readonly userAtAddress: FailureLimiter;
  private readonly address: FailureLimiter;
  private readonly user: FailureLimiter;

  constructor(limits: Record<keyof typeof LOGIN_LIMITS, Limit> = LOGIN_LIMITS, now: () => number = Date.now) {
    this.userAtAddress = new FailureLimiter(limits.userAtAddress.max, limits.userAtAddress.windowMs, now);
    this.address = new FailureLimiter(limits.address.max, limits.address.windowMs, now);
    this.user = new FailureLimiter(limits.user.max, limits.user.windowMs, now);
  }

  /** Whether a sign-in as `user` from `address` is refused before its password is checked. */
  refused(user: string, address: string | undefined): boolean {
    const a = addressKey(address);
    return this.userAtAddress.retryAfter(`${user}@${a}`) > 0 || this.address.retryAfter(a) > 0 || this.user.retryAfter(user) > 0;
  }

  failed(user: string, address: string | undefined) {
    const a = addressKey(address);
    this.userAtAddress.fail(`${user}@${a}`);
    this.address.fail(a);
    this.user.fail(user);
  }

  /**
   * A right password forgets the failures of this user from this address only: an address's count must not be
   * cleared by signing in to one's own account, nor the count across addresses by the user while under attack.
   */
  succeeded(user: string, address: string | undefined) {
    this.userAtAddress.reset(`${user}@${addressKey(address)}`);
  }
}
