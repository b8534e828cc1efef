import type { LoginLimiter } from "@/lib/authz/rate-limit";
import { knownDevice, rememberDevice } from "@/server/auth/device-cookie";

export interface PasswordSignInInput {
  username: string;
  password: string;
  /** The client address as the trusted proxies tell it, or undefined (see lib/net/client-address.ts). */
  address: string | undefined;
  /** The browser's device cookie (DEVICE_COOKIE), if any. */
  deviceCookie: string | undefined;
}

export type PasswordSignInResult<U> =
  | { outcome: "signed-in"; user: U; deviceCookie?: string }
  | { outcome: "wrong" }
  | { outcome: "rate-limited" };

export interface PasswordSignInDeps<U> {
  limiter: LoginLimiter;
  /** The user for this name and password, or undefined (unknown, wrong or disabled: one answer). */
  authenticate: (username: string, password: string) => Promise<U | undefined>;
  /** The key the device cookie is signed with (AUTH_SECRET); without it no browser is known. */
  secret: string | undefined;
}

/**
 * One password sign-in: the limits first (counted before anything is awaited), then the password. A browser
 * with a valid device cookie for this user counts against its own limit only, so a flood of wrong passwords
 * from elsewhere never refuses it; on success the browser gets (or renews) its device cookie.
 */
export async function signInWithPassword<U>(deps: PasswordSignInDeps<U>, input: PasswordSignInInput): Promise<PasswordSignInResult<U>> {
  const { username, password, address, deviceCookie } = input;
  const device = deps.secret ? knownDevice(deviceCookie, username, deps.secret) : undefined;
  const attempt = deps.limiter.begin(username, address, device);
  if (!attempt) return { outcome: "rate-limited" };
  let user: U | undefined;
  try {
    user = await deps.authenticate(username, password);
  } catch (err) {
    // The store was unreachable: no verdict on the password, so the attempt does not count.
    attempt.abandoned();
    throw err;
  }
  if (!user) {
    attempt.failed();
    return { outcome: "wrong" };
  }
  attempt.succeeded();
  return { outcome: "signed-in", user, ...(deps.secret ? { deviceCookie: rememberDevice(deviceCookie, username, deps.secret) } : {}) };
}
