import "server-only";
import { TRPCError } from "@trpc/server";

export interface StreamSession {
  /** Unix seconds when the session ends without another request. */
  endsAt: number;
  /** Whether the user may still have this session as it is (not disabled, same roles). */
  stillCurrent?: () => Promise<boolean>;
  /** How often `stillCurrent` is asked. */
  checkEveryMs?: number;
}

/**
 * The values of `source` until it finishes or something outside it ends the stream: `arm` is handed the
 * function that ends it (with an error, which the stream then throws) and returns what to clean up; `check`,
 * asked before each value, ends it as well. A source blocked waiting for its next value is not waited for.
 */
export async function* untilEnded<T>(
  source: AsyncIterable<T>,
  arm: (end: (err: Error) => void) => (() => void) | Promise<() => void>,
  check: () => Error | undefined = () => undefined,
): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  // The end, once known, and the rejecter of the one wait in progress. Not a Promise.race against one long-lived
  // "ended" promise: every race would leave a reaction on it until it settles, so a stream would hold one per
  // message for as long as it runs (hundreds of megabytes over a day of a busy live view).
  let ended: Error | undefined;
  let interrupt: ((err: Error) => void) | undefined;
  const end = (err: Error) => {
    ended ??= err;
    interrupt?.(ended);
  };
  const disarm = Promise.resolve(arm(end)).catch((err: Error) => (end(err), () => {}));
  try {
    for (;;) {
      const over = ended ?? check();
      if (over) throw over;
      const r = await new Promise<IteratorResult<T>>((resolve, reject) => {
        interrupt = reject;
        it.next().then(resolve, reject);
      });
      interrupt = undefined;
      if (r.done) return;
      yield r.value;
    }
  } finally {
    void disarm.then((f) => f());
    // Not awaited: a source blocked waiting for its next change finishes when the request's signal aborts.
    void it.return?.()?.catch(() => {});
  }
}

/**
 * Ends a live stream when the session would end (idle or absolute), or as soon as a check finds the user
 * disabled or their roles changed. The client then re-subscribes, which authenticates again: with a session
 * kept alive by other requests it carries on (with the current roles), otherwise it is refused.
 */
export function untilSessionEnds<T>(source: AsyncIterable<T>, session: StreamSession): AsyncGenerator<T> {
  const { endsAt, stillCurrent, checkEveryMs = 15_000 } = session;
  const over = () => new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended; sign in again" });
  return untilEnded(source, (end) => {
    const timer = setTimeout(() => end(over()), Math.max(0, endsAt * 1000 - Date.now()));
    const poll = stillCurrent
      ? setInterval(() => {
        stillCurrent().then((ok) => ok || end(over()), () => {}); // a failed check is retried next time
      }, checkEveryMs)
      : undefined;
    return () => {
      clearTimeout(timer);
      clearInterval(poll);
    };
  }, () => (Date.now() >= endsAt * 1000 ? over() : undefined));
}
