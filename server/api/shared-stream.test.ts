import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { dataEvent, eventStreamResponse, sharedStreamPath } from "@/server/api/shared-stream";

/** The events of a whole event-stream body, as EventSource would dispatch them (type, data), plus the retry time. */
export async function readEvents(res: Response): Promise<{ retry?: number; events: { type: string; data: string }[] }> {
  const text = await res.text();
  let retry: number | undefined;
  const events: { type: string; data: string }[] = [];
  for (const block of text.split("\n\n")) {
    if (!block.trim()) continue;
    let type = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      const i = line.indexOf(":");
      const [field, value] = i < 0 ? [line, ""] : [line.slice(0, i), line.slice(i + 1).replace(/^ /, "")];
      if (field === "retry") retry = Number(value);
      else if (field === "event") type = value;
      else if (field === "data") data.push(value);
    }
    if (data.length || type !== "message") events.push({ type, data: data.join("\n") });
  }
  return { retry, events };
}

describe("eventStreamResponse", () => {
  it("speaks tRPC's event-stream format: reconnection time, connected, one data event per value, return", async () => {
    const shared = { kind: "diff", upserts: [{ name: "a", phase: "Ready" }], removes: [] };
    async function* values() {
      yield { kind: "full", rows: [] };
      yield shared;
      yield shared;
    }
    const res = eventStreamResponse(values(), () => ({}));
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const { retry, events } = await readEvents(res);
    expect(retry).toBe(1000);
    expect(events.map((e) => e.type)).toEqual(["connected", "message", "message", "message", "return"]);
    expect(JSON.parse(events[0]!.data)).toEqual({});
    expect(events.slice(1, 4).map((e) => JSON.parse(e.data))).toEqual([{ kind: "full", rows: [] }, shared, shared]);
  });

  it("ends with a serialized-error event shaped by the caller when the source fails, and quietly when it is aborted", async () => {
    async function* failing() {
      yield { n: 1 };
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended; sign in again" });
    }
    const { events } = await readEvents(eventStreamResponse(failing(), (err) => ({ message: (err as Error).message, data: { code: (err as TRPCError).code } })));
    expect(events.map((e) => e.type)).toEqual(["connected", "message", "serialized-error"]);
    expect(JSON.parse(events[2]!.data)).toEqual({ message: "Your session has ended; sign in again", data: { code: "UNAUTHORIZED" } });
    async function* aborted() {
      yield { n: 1 };
      throw new DOMException("aborted", "AbortError");
    }
    expect((await readEvents(eventStreamResponse(aborted(), () => ({})))).events.map((e) => e.type)).toEqual(["connected", "message"]);
  });

  it("encodes a value once, however many streams send it", () => {
    const v = { counts: { tenants: 3 } };
    expect(dataEvent(v)).toBe(dataEvent(v));
    expect(dataEvent({ ...v })).not.toBe(dataEvent(v));
    expect(new TextDecoder().decode(dataEvent(v))).toBe('data: {"counts":{"tenants":3}}\n\n');
  });
});

describe("sharedStreamPath", () => {
  it("takes GETs of the shared live views only", () => {
    const req = (path: string, method = "GET") => new Request(`http://127.0.0.1/api/trpc/${path}`, { method });
    expect(sharedStreamPath(req("tenants.watchList"))).toBe("tenants.watchList");
    expect(sharedStreamPath(req("overview.watch?input=%7B%7D"))).toBe("overview.watch");
    expect(sharedStreamPath(req("tenants.watch?input=%7B%22name%22%3A%22a%22%7D"))).toBeUndefined();
    expect(sharedStreamPath(req("tenants.watchList", "POST"))).toBeUndefined();
    expect(sharedStreamPath(req("tenants.list,tenants.watchList"))).toBeUndefined();
  });
});
