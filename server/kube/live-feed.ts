import "server-only";
import type { CacheName, CacheObject, CacheRegistry } from "@/server/kube/cache-registry";

/** A cache a feed listens to, and which of its objects change what the feed sends. */
export interface FeedSource<N extends CacheName = CacheName> {
  cache: N;
  relevant?: (obj: CacheObject<N>) => boolean;
}
export const source = <N extends CacheName>(cache: N, relevant?: (obj: CacheObject<N>) => boolean): FeedSource => ({ cache, relevant } as FeedSource);

export interface FeedSpec<T> {
  /** Streams with the same key see the same data: one computation per change serves them all. */
  key: string;
  sources: FeedSource[];
  read: () => Promise<T>;
  /**
   * At most one computation per this long (default 100 ms) for a small audience: the first change after a quiet
   * spell is computed at once, the rest of a burst waits for the end of the window and becomes one more
   * computation. The window widens with the audience (see `coalesceWindow`).
   */
  coalesceMs?: number;
  /** Changes that come from elsewhere than a cache (a timer, say): each gets a callback and returns its unsubscribe. */
  triggers?: ((notify: () => void) => () => void)[];
}

interface Feed<T> {
  subscribers: Set<(v: T) => void>;
  latest?: T;
  close: () => void;
}

const feeds = new WeakMap<CacheRegistry, Map<string, Feed<unknown>>>();

/** Subscribers one window serves before it widens by another base window. */
export const AUDIENCE_STEP = 250;

/**
 * The coalescing window of a feed with `subscribers` streams: the base window up to AUDIENCE_STEP of them, one
 * more base window per further AUDIENCE_STEP, at most 1 s. Each message is serialized, encoded and written once
 * per stream, so a feed watched by a room full of screens sends fewer, larger messages instead of falling behind
 * under a burst (at 1,000 streams of a 100 ms feed: at most 2.5 messages a second each, none older than 400 ms).
 */
export const coalesceWindow = (baseMs: number, subscribers: number) => Math.min(1_000, baseMs * Math.max(1, Math.ceil(subscribers / AUDIENCE_STEP)));

function openFeed<T>(registry: CacheRegistry, spec: FeedSpec<T>, all: Map<string, Feed<unknown>>): Feed<T> {
  const feed: Feed<T> = { subscribers: new Set(), close: () => {} };
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let startedAt = 0;
  const compute = async () => {
    if (running) return void (again = true);
    running = true;
    try {
      do {
        again = false;
        startedAt = Date.now();
        const v = await spec.read();
        feed.latest = v;
        for (const s of feed.subscribers) s(v);
      } while (again);
    } catch (err) {
      console.error(`live feed ${spec.key}: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    // Events of one watch read arrive in one go, before even a 0 ms timer: they stay one computation.
    timer ??= setTimeout(() => {
      timer = undefined;
      void compute();
    }, Math.max(0, startedAt + coalesceWindow(spec.coalesceMs ?? 100, feed.subscribers.size) - Date.now()));
  };
  const offs = spec.sources.map(({ cache, relevant }) =>
    registry.get(cache).subscribe((ev) => {
      if (ev.type === "STATE") return;
      if (!relevant || (relevant as (o: unknown) => boolean)(ev.object)) schedule();
    }));
  for (const t of spec.triggers ?? []) offs.push(t(schedule));
  feed.close = () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
    all.delete(spec.key);
  };
  void compute();
  return feed;
}

/**
 * The value of `spec.read()` now and after every relevant cache change, until `signal` aborts. Streams that
 * share a key share one feed: the value is computed once per change and handed to each; a slow consumer
 * only ever gets the latest value, never a backlog.
 */
export async function* liveFeed<T>(registry: CacheRegistry, spec: FeedSpec<T>, signal?: AbortSignal): AsyncGenerator<T> {
  let all = feeds.get(registry);
  if (!all) feeds.set(registry, (all = new Map()));
  const feed = (all.get(spec.key) as Feed<T> | undefined) ?? openFeed(registry, spec, all);
  all.set(spec.key, feed as Feed<unknown>);
  let pending: { v: T } | undefined = feed.latest !== undefined ? { v: feed.latest } : undefined;
  let wake: (() => void) | undefined;
  const onValue = (v: T) => {
    pending = { v };
    wake?.();
  };
  const onAbort = () => wake?.();
  feed.subscribers.add(onValue);
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      if (!pending) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (signal?.aborted || !pending) continue;
      const { v } = pending;
      pending = undefined;
      yield v;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    feed.subscribers.delete(onValue);
    if (feed.subscribers.size === 0) feed.close();
  }
}

/** How many feeds are open over a registry (for tests and metrics). */
export const openFeeds = (registry: CacheRegistry) => feeds.get(registry)?.size ?? 0;
