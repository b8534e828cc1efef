import "server-only";
import { TRPCError } from "@trpc/server";

/**
 * Ends a live stream when the session would end (idle or absolute). The client then re-subscribes, which
 * authenticates again: with a session kept alive by other requests it carries on, otherwise it is refused.
 */
export async function* untilSessionEnds<T>(source: AsyncIterable<T>, endsAt: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const over = () => new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended; sign in again" });
  const ended = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(over()), Math.max(0, endsAt * 1000 - Date.now()));
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
    // Not awaited: a source blocked waiting for its next change finishes when the request's signal aborts.
    void it.return?.()?.catch(() => {});
  }
}
