import "server-only";
import { TRPCError } from "@trpc/server";
import { diffTiles, type WallDiff, type WallSnapshot } from "@/lib/noc/wall-diff";
import type { TenantHealth } from "@/lib/overview/fleet";
import { untilEnded } from "@/server/api/session-stream";

/**
 * Ends a live stream with UNAUTHORIZED the moment `watchEnd` reports that the credential it was opened with
 * (a display link) is no longer valid: a revoked link closes an open wall at once, not at its next request.
 */
export function untilRevoked<T>(source: AsyncIterable<T>, watchEnd: (onEnd: () => void) => Promise<() => void>): AsyncGenerator<T> {
  return untilEnded(source, (end) => watchEnd(() => end(new TRPCError({ code: "UNAUTHORIZED", message: "This display link has been revoked or has expired" }))));
}

export type Beat<T> = { type: "data"; data: T; at: number; connected: boolean; heardAt?: number } | { type: "beat"; at: number; connected: boolean; heardAt?: number };

/**
 * The values of `source`, and between them a small heartbeat every `everyMs`, each stamped with the server's
 * time and how fresh its watch is: a wall tells "no news" from "no connection" and can say how old its data is.
 * When the watch goes down or comes back, a heartbeat goes out within `checkMs`, not at the next interval.
 */
export async function* withHeartbeat<T>(
  source: AsyncIterable<T>, freshness: () => { connected: boolean; heardAt?: number }, everyMs = 5_000, checkMs = 500,
): AsyncGenerator<Beat<T>> {
  const it = source[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let sentAt = Date.now();
  let sentConnected: boolean | undefined;
  try {
    for (;;) {
      next ??= it.next();
      const tick = new Promise<"tick">((r) => (timer = setTimeout(() => r("tick"), Math.min(checkMs, everyMs))));
      const r = await Promise.race([next, tick]);
      clearTimeout(timer);
      const f = freshness();
      if (r === "tick") {
        if (Date.now() - sentAt < everyMs && f.connected === sentConnected) continue;
        sentAt = Date.now();
        sentConnected = f.connected;
        yield { type: "beat", at: sentAt, ...f };
        continue;
      }
      next = undefined;
      if (r.done) return;
      sentAt = Date.now();
      sentConnected = f.connected;
      yield { type: "data", data: r.value, at: sentAt, ...f };
    }
  } finally {
    clearTimeout(timer);
    void it.return?.()?.catch(() => {});
  }
}

export type WallMessage = { kind: "full"; wall: WallSnapshot } | { kind: "diff"; diff: WallDiff };

/** The whole wall first, then per value only the tiles that changed and those that went (see lib/noc/wall-diff.ts). */
export async function* asWallDiffs(source: AsyncIterable<WallSnapshot>): AsyncGenerator<WallMessage> {
  const sent = new Map<string, TenantHealth>();
  let first = true;
  for await (const wall of source) {
    const { upsert, remove } = diffTiles(sent, wall.tiles);
    if (first) {
      first = false;
      yield { kind: "full", wall };
      continue;
    }
    yield { kind: "diff", diff: { counts: wall.counts, violationEdges: wall.violationEdges, upsert, remove } };
  }
}
