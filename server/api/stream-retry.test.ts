import { describe, expect, it } from "vitest";
import { STREAM_RETRY_MS, withStreamRetry } from "@/server/api/stream-retry";

const stream = (chunks: string[]) => new ReadableStream<Uint8Array>({
  start(c) {
    for (const s of chunks) c.enqueue(new TextEncoder().encode(s));
    c.close();
  },
});

describe("withStreamRetry", () => {
  it("names the reconnection time first in an event stream, then passes the stream on unchanged", async () => {
    const res = withStreamRetry(new Response(stream(["event: connected\ndata: {}\n\n", "data: [1]\n\n"]), { headers: { "Content-Type": "text/event-stream", "X-Accel-Buffering": "no" } }));
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe(`retry: ${STREAM_RETRY_MS}\n\n`);
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toBe("event: connected\ndata: {}\n\ndata: [1]\n\n");
    expect(STREAM_RETRY_MS).toBeLessThanOrEqual(1_000);
  });

  it("cancels the original stream when the client goes away", async () => {
    let cancelled = false;
    const res = withStreamRetry(new Response(new ReadableStream({ cancel: () => void (cancelled = true) }), { headers: { "Content-Type": "text/event-stream" } }));
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await expect.poll(() => cancelled).toBe(true);
  });

  it("leaves other responses alone", async () => {
    const json = Response.json({ result: 1 });
    expect(withStreamRetry(json)).toBe(json);
    const empty = new Response(null, { status: 204 });
    expect(withStreamRetry(empty)).toBe(empty);
  });
});
