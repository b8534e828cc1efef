import { describe, expect, it } from "vitest";
import { WorkQueue } from "@/server/reconciler/work-queue";

describe("WorkQueue", () => {
  it("deduplicates queued keys and reprocesses a key changed while active", async () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("a");
    q.add("b");
    expect(q.length).toBe(2);
    const first = await q.next();
    expect(first).toBe("a");
    q.add("a"); // changed while being processed
    expect(q.length).toBe(1);
    q.done("a");
    expect(await q.next()).toBe("b");
    expect(await q.next()).toBe("a");
  });
  it("wakes a waiting consumer and ends on close", async () => {
    const q = new WorkQueue();
    const pending = q.next();
    q.add("x");
    expect(await pending).toBe("x");
    const ended = q.next();
    q.close();
    expect(await ended).toBeUndefined();
  });
});
