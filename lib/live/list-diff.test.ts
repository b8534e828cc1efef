import { describe, expect, it } from "vitest";
import { applyListMessage, asListMessages, changeAlongLinks, diffList, linkedLists, type ListMessage } from "@/lib/live/list-diff";

interface Row { name: string; n: number }
const key = (r: Row) => r.name;
const byN = (a: Row, b: Row) => a.n - b.n || a.name.localeCompare(b.name);

async function* from<T>(xs: T[]) {
  for (const x of xs) yield x;
}
/** Deterministic pseudo-random integers below k (a linear congruential generator). */
const randomInts = (seed: number) => (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);

/** The list after up to `changes` random removals, replacements and additions, sorted. */
function changed(list: Row[], step: number, changes: number, rnd: (k: number) => number): Row[] {
  const next = [...list];
  for (let k = rnd(changes); k >= 0; k--) {
    const op = rnd(3);
    if (op === 0 && next.length) next.splice(rnd(next.length), 1);
    else if (op === 1 && next.length) {
      const i = rnd(next.length);
      next[i] = { ...next[i]!, n: rnd(20) };
    } else next.push({ name: `new${step}-${k}`, n: rnd(20) });
  }
  return next.sort(byN);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("diffList", () => {
  it("names new and replaced rows, and removed keys, and nothing that kept its object", () => {
    const a = { name: "a", n: 1 }, b = { name: "b", n: 2 }, c = { name: "c", n: 3 };
    const b2 = { name: "b", n: 5 }, d = { name: "d", n: 4 };
    expect(diffList([a, b, c], [a, b2, d], key)).toEqual({ upserts: [b2, d], removes: ["c"] });
    expect(diffList([a, b], [b, a], key)).toEqual({ upserts: [], removes: [] });
  });
});

describe("applyListMessage", () => {
  it("replaces the rows with a full message and refuses a change before any list", () => {
    const rows = [{ name: "x", n: 1 }];
    expect(applyListMessage(undefined, { kind: "full", rows }, key, byN)).toEqual(rows);
    expect(() => applyListMessage(undefined, { kind: "diff", upserts: [], removes: [] }, key, byN)).toThrow(/before the list/);
  });

  it("keeps the same array when a change changes nothing", () => {
    const rows = [{ name: "x", n: 1 }];
    expect(applyListMessage(rows, { kind: "diff", upserts: [], removes: [] }, key, byN)).toBe(rows);
  });

  it("reproduces every next list from the previous one and their change, in order (random sequences)", () => {
    const rnd = randomInts(7);
    let server: Row[] = Array.from({ length: 50 }, (_, i) => ({ name: `t${i}`, n: rnd(20) })).sort(byN);
    let client: Row[] = applyListMessage(undefined, { kind: "full", rows: server }, key, byN);
    for (let step = 0; step < 300; step++) {
      const next = changed(server, step, 4, rnd);
      client = applyListMessage(client, { kind: "diff", ...diffList(server, next, key) }, key, byN);
      expect(client).toEqual(next);
      server = next;
    }
  });
});

describe("asListMessages", () => {
  it("sends the whole list first, then only the changes, and skips lists that changed nothing", async () => {
    const a = { name: "a", n: 1 }, b = { name: "b", n: 2 }, b2 = { name: "b", n: 3 };
    const l1 = [a, b], l2 = [a, b2], l3 = [a, b2];
    const msgs = await collect(asListMessages(from([l1, l1, l2, l3, [b2]]), key));
    expect(msgs).toEqual<ListMessage<Row>[]>([
      { kind: "full", rows: l1 },
      { kind: "diff", upserts: [b2], removes: [] },
      { kind: "diff", upserts: [], removes: ["a"] },
    ]);
  });

  it("computes one change for every stream that had the same previous list", async () => {
    const a = { name: "a", n: 1 }, a2 = { name: "a", n: 2 };
    const l1 = [a], l2 = [a2];
    const shared = new WeakMap();
    const [x, y] = await Promise.all([collect(asListMessages(from([l1, l2]), key, shared)), collect(asListMessages(from([l1, l2]), key, shared))]);
    expect(x[1]).toEqual({ kind: "diff", upserts: [a2], removes: [] });
    expect(y[1]).toBe(x[1]);
  });
});

describe("linkedLists and changeAlongLinks", () => {
  it("give a stream that skipped lists the change since its own, by merging the links (random sequences)", async () => {
    const rnd = randomInts(11);
    let server: Row[] = Array.from({ length: 40 }, (_, i) => ({ name: `t${i}`, n: rnd(20) })).sort(byN);
    const read = linkedLists(async () => server, key, 16);
    const seen: (readonly Row[])[] = [await read()];
    for (let step = 0; step < 200; step++) {
      server = changed(server, step, 3, rnd);
      seen.push(await read());
      // A stream that last sent a list 1 to 16 lists back.
      const back = 1 + rnd(Math.min(16, seen.length - 1));
      const prev = seen[seen.length - 1 - back]!;
      const change = changeAlongLinks(prev, server, key);
      expect(change, `step ${step}, ${back} back`).toBeDefined();
      expect(applyListMessage([...prev], { kind: "diff", ...change! }, key, byN)).toEqual(server);
    }
    // Further back than the links kept: no answer (the stream is compared in full instead).
    expect(changeAlongLinks(seen[seen.length - 18]!, server, key)).toBeUndefined();
    expect(changeAlongLinks([], server, key)).toBeUndefined();
  });

  it("give a stream that skipped lists a change of just the rows that changed", async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ name: `t${i}`, n: i }));
    let list: Row[] = rows;
    const read = linkedLists(async () => list, key);
    const l0 = await read();
    list = list.map((r) => (r.name === "t5" ? { ...r, n: 5.5 } : r));
    await read();
    list = list.filter((r) => r.name !== "t7");
    const l2 = await read();
    // One stream saw l0 and now gets l2: the change holds just the two rows that changed.
    const msgs = await collect(asListMessages(from([l0, l2]), key));
    expect(msgs[1]).toEqual({ kind: "diff", upserts: [{ name: "t5", n: 5.5 }], removes: ["t7"] });
  });
});

