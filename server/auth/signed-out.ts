// Edge-safe (no Node built-ins): read by the session checks of both the proxy and the route handlers.
//
// A request sent just before sign-out can come back after it with a refreshed session cookie (the proxy
// re-issues the cookie on every request), which would sign the browser in again. So a signed-out session is
// remembered, by user and sign-in time (both stable across refreshes), until it would have ended anyway, and
// its token is refused from then on. Held per console process.

const g = globalThis as unknown as { __kmetalSignedOut?: Map<string, number> };
const ended = () => (g.__kmetalSignedOut ??= new Map());
const key = (name: string, loginAt: number) => `${name}\u0000${loginAt}`;

/** Remembers that the session of `name` signed in at `loginAt` has ended, until `untilSec` (unix seconds). */
export function markSignedOut(name: string, loginAt: number, untilSec: number, nowSec = Math.floor(Date.now() / 1000)): void {
  for (const [k, until] of ended()) if (until <= nowSec) ended().delete(k);
  ended().set(key(name, loginAt), untilSec);
}

export function isSignedOut(name: string, loginAt: number, nowSec = Math.floor(Date.now() / 1000)): boolean {
  const until = ended().get(key(name, loginAt));
  return until !== undefined && until > nowSec;
}
