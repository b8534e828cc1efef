// The NOC wall's layout and freshness, as pure functions of sizes and times.

/** How many fixed-size tiles fit a box (at least one, so a tiny screen still pages through every tile). */
export function tilesPerPage(box: { width: number; height: number }, tile: { width: number; height: number; gap: number }): number {
  const cols = Math.max(1, Math.floor((box.width + tile.gap) / (tile.width + tile.gap)));
  const rows = Math.max(1, Math.floor((box.height + tile.gap) / (tile.height + tile.gap)));
  return cols * rows;
}

export const pageCount = (items: number, perPage: number) => Math.max(1, Math.ceil(items / Math.max(1, perPage)));

/** The page after `page`, wrapping; a page past the end (the list shrank) starts again at 0. */
export const nextPage = (page: number, pages: number) => (page + 1 >= pages ? 0 : page + 1);

/** The items of one page (a page past the end shows the last one). */
export function pageItems<T>(items: readonly T[], page: number, perPage: number): readonly T[] {
  const pages = pageCount(items.length, perPage);
  const p = Math.min(Math.max(0, page), pages - 1);
  return items.slice(p * perPage, (p + 1) * perPage);
}

/** What the wall last heard from the console: the server's time then, and how fresh its watch of the fleet was. */
export interface LastMessage {
  /** Browser time the message arrived (ms). */
  receivedAt: number;
  /** Console time it was sent (ms). */
  serverAt: number;
  /** Whether the console's watch of the under cluster was open. */
  connected: boolean;
  /** Console time its watch last heard from the API server (ms). */
  heardAt?: number;
}

/** The console sends at least one message this often (a heartbeat when nothing changed). */
export const BEAT_MS = 5_000;
/** Data older than this is called stale on the wall. */
export const STALE_AFTER_MS = 12_000;

/**
 * How old the data on the wall is, in ms: as old as the last message if the console's watch was open then;
 * otherwise as old as what the console last heard from the API server. Differences between the two clocks
 * do not enter: each time is measured against the clock that took it.
 */
export function dataAgeMs(last: LastMessage | undefined, nowMs: number, openedAt: number): number {
  if (!last) return nowMs - openedAt;
  const sinceMessage = Math.max(0, nowMs - last.receivedAt);
  if (last.connected) return sinceMessage;
  const behind = last.heardAt === undefined ? 0 : Math.max(0, last.serverAt - last.heardAt);
  return behind + sinceMessage;
}

/**
 * Whether the wall must say its data is old: the console reported that its watch of the under cluster is down
 * (the data is behind, however recent the message), or no message came for longer than a few heartbeats.
 */
export const isStale = (last: LastMessage | undefined, ageMs: number) => (last !== undefined && !last.connected) || ageMs > STALE_AFTER_MS;
