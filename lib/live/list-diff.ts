/**
 * Live lists sent as changes: a stream's first message holds the whole list, every later one only the rows
 * that were added, changed or removed since the message before it. Rows are compared by reference, so the
 * producer must hand out the same row object for an unchanged item (memoized per source object).
 */
export type ListMessage<T> =
  | { kind: "full"; rows: readonly T[] }
  | { kind: "diff"; upserts: readonly T[]; removes: readonly string[] };

/** The rows of `next` that are new or other objects than in `prev`, and the keys of `prev` missing from `next`. */
export function diffList<T>(prev: readonly T[], next: readonly T[], key: (row: T) => string): { upserts: T[]; removes: string[] } {
  const before = new Map<string, T>();
  for (const r of prev) before.set(key(r), r);
  const upserts: T[] = [];
  for (const r of next) {
    const k = key(r);
    if (before.get(k) !== r) upserts.push(r);
    before.delete(k);
  }
  return { upserts, removes: [...before.keys()] };
}

/**
 * `rows` with a message applied, in `compare` order: a full message replaces them; a diff drops removed and
 * changed rows and merges the changed and new ones in. Linear in the list plus the change's own sort.
 */
export function applyListMessage<T>(rows: T[] | undefined, msg: ListMessage<T>, key: (row: T) => string, compare: (a: T, b: T) => number): T[] {
  if (msg.kind === "full") return [...msg.rows];
  if (!rows) throw new Error("a list change arrived before the list it changes");
  if (!msg.upserts.length && !msg.removes.length) return rows;
  const drop = new Set(msg.removes);
  for (const r of msg.upserts) drop.add(key(r));
  const kept = rows.filter((r) => !drop.has(key(r)));
  const added = [...msg.upserts].sort(compare);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < added.length) {
    if (j >= added.length || (i < kept.length && compare(kept[i]!, added[j]!) <= 0)) out.push(kept[i++]!);
    else out.push(added[j++]!);
  }
  return out;
}

interface Link<T> {
  prev: readonly T[];
  upserts: readonly T[];
  removes: readonly string[];
}
// Each list a linked feed computed → the list before it and the change between them.
const links = new WeakMap<readonly unknown[], Link<unknown>>();

/**
 * Wraps a feed's `read` so that each list it computes is linked to the list before it by their change, computed
 * here once per feed and change. A stream takes only the latest list: one that skipped some (it was busy
 * writing) gets its change by merging the few small changes since its list, not by comparing whole lists
 * again. The last `keep` links are kept; a stream further behind is compared in full.
 */
export function linkedLists<T>(read: () => Promise<readonly T[]>, key: (row: T) => string, keep = 64): () => Promise<readonly T[]> {
  let last: readonly T[] | undefined;
  const recent: (readonly T[])[] = [];
  return async () => {
    const next = await read();
    if (last && next !== last && !links.has(next)) {
      links.set(next, { prev: last, ...diffList(last, next, key) });
      recent.push(next);
      if (recent.length > keep) links.delete(recent.shift()!);
    }
    last = next;
    return next;
  };
}

/**
 * The change from `prev` to `next` along the links `linkedLists` made, or undefined when `prev` is not one of
 * the linked lists before `next`. A key may be removed that `prev` never had (a row that came and went); applying
 * the change ignores it.
 */
export function changeAlongLinks<T>(prev: readonly T[], next: readonly T[], key: (row: T) => string): { upserts: readonly T[]; removes: readonly string[] } | undefined {
  const steps: Link<T>[] = [];
  for (let at = next; at !== prev;) {
    const l = links.get(at) as Link<T> | undefined;
    if (!l) return undefined;
    steps.push(l);
    at = l.prev;
  }
  if (steps.length === 1) return { upserts: steps[0]!.upserts, removes: steps[0]!.removes };
  const upserts = new Map<string, T>();
  const removes = new Set<string>();
  for (let i = steps.length - 1; i >= 0; i--) {
    for (const k of steps[i]!.removes) {
      upserts.delete(k);
      removes.add(k);
    }
    for (const r of steps[i]!.upserts) {
      const k = key(r);
      removes.delete(k);
      upserts.set(k, r);
    }
  }
  return { upserts: [...upserts.values()], removes: [...removes] };
}

/**
 * Turns a sequence of whole lists (each one the current list) into the messages a stream sends: the first is
 * full, each later one the change against the previous list. `shared` lets many streams that saw the same
 * previous list reuse one computed change instead of each diffing 10,000 rows.
 */
// The first message of every stream that starts at the same list: one object, so it is serialised once.
const fullMessages = new WeakMap<readonly unknown[], ListMessage<unknown>>();
const fullMessage = <T>(rows: readonly T[]): ListMessage<T> => {
  let msg = fullMessages.get(rows) as ListMessage<T> | undefined;
  if (!msg) fullMessages.set(rows, (msg = { kind: "full", rows }) as ListMessage<unknown>);
  return msg;
};

export async function* asListMessages<T>(
  lists: AsyncIterable<readonly T[]>,
  key: (row: T) => string,
  shared: WeakMap<readonly T[], { next: readonly T[]; msg: ListMessage<T> }> = new WeakMap(),
): AsyncGenerator<ListMessage<T>> {
  let prev: readonly T[] | undefined;
  for await (const next of lists) {
    if (!prev) {
      yield fullMessage(next);
    } else if (next !== prev) {
      let memo = shared.get(prev);
      if (memo?.next !== next) shared.set(prev, (memo = { next, msg: { kind: "diff", ...(changeAlongLinks(prev, next, key) ?? diffList(prev, next, key)) } }));
      const msg = memo.msg as Extract<ListMessage<T>, { kind: "diff" }>;
      if (msg.upserts.length || msg.removes.length) yield msg;
    }
    prev = next;
  }
}
