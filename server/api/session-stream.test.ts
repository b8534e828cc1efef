import { TRPCError } from "@trpc/server";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { untilSessionEnds } from "@/server/api/session-stream";

v8.setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

async function* ticks(everyMs: number) {
  for (let i = 0; ; i++) {
    yield i;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe("untilSessionEnds", () => {
  it("passes values through until the session's end, then fails with UNAUTHORIZED", async () => {
    const got: number[] = [];
    const endsAt = (Date.now() + 300) / 1000;
    const err = await (async () => {
      for await (const v of untilSessionEnds(ticks(50), { endsAt })) got.push(v);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("UNAUTHORIZED");
    expect(got.length).toBeGreaterThanOrEqual(3);
    expect(got.length).toBeLessThan(12);
  });

  it("ends a stream that is waiting for a change, without waiting for it", async () => {
    async function* silent() {
      yield 1;
      await new Promise(() => {}); // never changes again
    }
    const t0 = Date.now();
    const err = await (async () => {
      for await (const _ of untilSessionEnds(silent(), { endsAt: (Date.now() + 200) / 1000 })) void _;
    })().catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("UNAUTHORIZED");
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("ends at once for a session already over, and finishes normally with its source", async () => {
    const err = await untilSessionEnds(ticks(10), { endsAt: Date.now() / 1000 - 1 }).next().catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("UNAUTHORIZED");
    async function* two() {
      yield 1;
      yield 2;
    }
    const all: number[] = [];
    for await (const v of untilSessionEnds(two(), { endsAt: Date.now() / 1000 + 60 })) all.push(v);
    expect(all).toEqual([1, 2]);
  });

  it("ends when the user is disabled or re-roled, and keeps going while the check says yes", async () => {
    let current = true;
    let checks = 0;
    const stillCurrent = async () => {
      checks++;
      return current;
    };
    const got: number[] = [];
    setTimeout(() => (current = false), 250);
    const err = await (async () => {
      for await (const v of untilSessionEnds(ticks(20), { endsAt: Date.now() / 1000 + 60, stillCurrent, checkEveryMs: 50 })) got.push(v);
    })().catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("UNAUTHORIZED");
    expect(checks).toBeGreaterThanOrEqual(5);
    expect(got.length).toBeGreaterThanOrEqual(5);
  });

  it("holds no memory per value: a stream that runs for days does not grow", async () => {
    async function* many(n: number) {
      for (let i = 0; i < n; i++) yield i;
    }
    let heapAt100k = 0;
    let heapAt200k = 0;
    let n = 0;
    for await (const _ of untilSessionEnds(many(200_001), { endsAt: Date.now() / 1000 + 600, stillCurrent: async () => true })) {
      void _;
      if (++n === 100_000 || n === 200_000) {
        gc();
        if (n === 100_000) heapAt100k = process.memoryUsage().heapUsed;
        else heapAt200k = process.memoryUsage().heapUsed;
      }
    }
    // One reaction per value kept (the old Promise.race) grew the heap by about 35 MiB per 100,000 values.
    expect((heapAt200k - heapAt100k) / 2 ** 20).toBeLessThan(5);
  }, 60_000);
});
