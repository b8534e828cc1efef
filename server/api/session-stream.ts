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
 * Ends a live stream when the session would end (idle or absolute), or as soon as a check finds the user
 * disabled or their roles changed. The client then re-subscribes, which authenticates again: with a session
 * kept alive by other requests it carries on (with the current roles), otherwise it is refused.
 */
export async function* untilSessionEnds<T>(source: AsyncIterable<T>, session: StreamSession): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const { endsAt, stillCurrent, checkEveryMs = 15_000 } = session;
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  const over = () => new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended; sign in again" });
  const ended = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(over()), Math.max(0, endsAt * 1000 - Date.now()));
    if (stillCurrent) {
      poll = setInterval(() => {
        stillCurrent().then((ok) => ok || reject(over()), () => {}); // a failed check is retried next time
      }, checkEveryMs);
    }
  });
  ended.catch(() => {}); // handled by the race below; never an unhandled rejection
  try {
    for (;;) {
      if (Date.now() >= endsAt * 1000) throw over();
      const r = await Promise.race([it.next(), ended]);
      if (r.done) return;
      yield r.value;
    }
  } finally {
    clearTimeout(timer);
    clearInterval(poll);
    // Not awaited: a source blocked waiting for its next change finishes when the request's signal aborts.
    void it.return?.()?.catch(() => {});
  }
}
