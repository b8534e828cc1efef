import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { untilRevoked, withHeartbeat } from "@/server/api/wall-stream";

/** A source that yields what is pushed into it, and records whether it was closed. */
function pushable<T>() {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  const state = { closed: false };
  async function* gen(): AsyncGenerator<T> {
    try {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      state.closed = true;
    }
  }
  return { source: gen(), push: (v: T) => (queue.push(v), wake?.()), state };
}

describe("withHeartbeat", () => {
  it("passes values on with the server's time and freshness, and beats while nothing changes", async () => {
    const p = pushable<string>();
    let connected = true;
    const it = withHeartbeat(p.source, () => ({ connected, heardAt: 42 }), 30)[Symbol.asyncIterator]();
    p.push("a");
    expect((await it.next()).value).toMatchObject({ type: "data", data: "a", connected: true, heardAt: 42 });
    connected = false;
    const beat = (await it.next()).value;
    expect(beat).toMatchObject({ type: "beat", connected: false, heardAt: 42 });
    expect(typeof (beat as { at: number }).at).toBe("number");
    p.push("b");
    let next = (await it.next()).value;
    while (next?.type === "beat") next = (await it.next()).value;
    expect(next).toMatchObject({ type: "data", data: "b" });
    await it.return?.(undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(p.state.closed).toBe(true);
  });
});

describe("withHeartbeat on a change of freshness", () => {
  it("beats as soon as the watch goes down or comes back, not only at the interval", async () => {
    const p = pushable<string>();
    let connected = true;
    const it = withHeartbeat(p.source, () => ({ connected }), 60_000, 10)[Symbol.asyncIterator]();
    p.push("a");
    expect((await it.next()).value).toMatchObject({ type: "data", connected: true });
    const t0 = Date.now();
    connected = false;
    expect((await it.next()).value).toMatchObject({ type: "beat", connected: false });
    connected = true;
    expect((await it.next()).value).toMatchObject({ type: "beat", connected: true });
    expect(Date.now() - t0).toBeLessThan(1_000);
    await it.return?.(undefined);
  });
});

describe("untilRevoked", () => {
  it("passes values until the credential ends, then fails with UNAUTHORIZED and stops watching the credential", async () => {
    const p = pushable<number>();
    let end: (() => void) | undefined;
    let stopped = false;
    const it = untilRevoked(p.source, async (onEnd) => ((end = onEnd), () => (stopped = true)))[Symbol.asyncIterator]();
    p.push(1);
    expect((await it.next()).value).toBe(1);
    const waiting = it.next().catch((e: unknown) => e);
    end!();
    const err = await waiting;
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("UNAUTHORIZED");
    await new Promise((r) => setTimeout(r, 0));
    expect(stopped).toBe(true);
    // The source, blocked waiting for its next change, is asked to return; a live feed ends when the request aborts.
  });

  it("fails at once when the credential is already over before the first value", async () => {
    const p = pushable<number>();
    const it = untilRevoked(p.source, async (onEnd) => (onEnd(), () => {}))[Symbol.asyncIterator]();
    expect(((await it.next().catch((e: unknown) => e)) as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
