/**
 * A sliding-window counter of attempts per key (user name, client address, device). Pure and clock-injectable;
 * one instance per process is enough for one console replica.
 *
 * An attempt is counted when it starts (take), not when its password check ends: the check awaits (the user
 * store, scrypt), and a limit checked before an await and counted after it lets parallel attempts past it. An
 * attempt that turns out right is taken back (refund), so only failures and attempts still running count.
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

  /** Counts one failure (or one attempt under way) for `key`; returns its time stamp for refund(). */
  fail(key: string): number {
    // Keys are pruned when they are used; once a window, the ones never used again (a user name tried once) go too.
    if (this.now() - this.swept >= this.windowMs) {
      for (const k of [...this.hits.keys()]) this.prune(k);
      this.swept = this.now();
    }
    const at = this.now();
    this.hits.set(key, [...this.prune(key), at]);
    return at;
  }

  /** Takes back one count of `key` made at `at` by fail() (an attempt that turned out right). */
  refund(key: string, at: number) {
    const list = this.hits.get(key);
    const i = list?.indexOf(at) ?? -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (!list.length) this.hits.delete(key);
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
 * Failed password sign-ins allowed before further ones are refused (the right password too), for a browser
 * that has not signed in as that user before:
 * - per user name and address: the lockout a guesser imposes on themselves, not on the user elsewhere;
 * - per address, across user names: one client trying many users;
 * - per user name, across addresses: guessing spread over many addresses.
 * A browser that has signed in as the user before (a valid device cookie for that user, see
 * server/auth/device-cookie.ts) counts only against its own, more generous limit, `device`: nobody else's
 * failures can lock it out, and a stolen device cookie still buys only that many guesses.
 */
export const LOGIN_LIMITS = {
  userAtAddress: { max: 5, windowMs: 5 * 60_000 },
  address: { max: 30, windowMs: 5 * 60_000 },
  user: { max: 50, windowMs: 15 * 60_000 },
  device: { max: 10, windowMs: 15 * 60_000 },
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

/** One password check under way: it counts until it ends; tell the limiter how it ended. */
export interface LoginAttempt {
  /** Whether the browser was known (a device cookie for this user within its limit). */
  readonly knownDevice: boolean;
  succeeded(): void;
  failed(): void;
  /** No verdict (the user store could not be asked): the attempt is taken back and nothing else changes. */
  abandoned(): void;
}

type Buckets = keyof typeof LOGIN_LIMITS;

/** The limits of LOGIN_LIMITS over FailureLimiters; keys are user names, addressKey()s and device ids. */
export class LoginLimiter {
  private readonly limiters: Record<Buckets, FailureLimiter>;

  constructor(limits: Record<Buckets, Limit> = LOGIN_LIMITS, now: () => number = Date.now) {
    const make = (l: Limit) => new FailureLimiter(l.max, l.windowMs, now);
    this.limiters = { userAtAddress: make(limits.userAtAddress), address: make(limits.address), user: make(limits.user), device: make(limits.device) };
  }

  /**
   * Starts a sign-in as `user` from `address`, from the browser with device id `device` (only when its
   * device cookie is valid for this user), or refuses it (undefined) before its password is checked. Checks and
   * counts in one synchronous step, so attempts running in parallel never pass a limit together.
   */
  begin(user: string, address: string | undefined, device?: string): LoginAttempt | undefined {
    const keys = this.keys(user, address, device);
    if (keys.some(([bucket, key]) => this.limiters[bucket].retryAfter(key) > 0)) return undefined;
    const taken = keys.map(([bucket, key]) => [bucket, key, this.limiters[bucket].fail(key)] as const);
    let done = false;
    const refund = () => {
      if (done) return false;
      done = true;
      for (const [bucket, key, at] of taken) this.limiters[bucket].refund(key, at);
      return true;
    };
    return {
      knownDevice: keys[0]![0] === "device",
      failed: () => {
        done = true;
      },
      abandoned: () => void refund(),
      succeeded: () => {
        if (!refund()) return;
        // A right password forgets this user's failures from this address (or this device) only: an address's
        // count must not be cleared by signing in to one's own account, nor the count across addresses by the
        // user while under attack.
        this.limiters[keys[0]![0]].reset(keys[0]![1]);
      },
    };
  }

  /** Whether a sign-in would be refused now (begin() without starting one). */
  refused(user: string, address: string | undefined, device?: string): boolean {
    return this.keys(user, address, device).some(([bucket, key]) => this.limiters[bucket].retryAfter(key) > 0);
  }

  /**
   * The buckets an attempt counts in. A known browser counts in its own bucket only; once that is used up it
   * is treated as unknown, so its guesses go on counting against the user.
   */
  private keys(user: string, address: string | undefined, device?: string): [Buckets, string][] {
    if (device !== undefined && this.limiters.device.retryAfter(device) === 0) return [["device", device]];
    const a = addressKey(address);
    return [["userAtAddress", `${user}@${a}`], ["address", a], ["user", user]];
  }
}
