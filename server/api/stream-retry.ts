/**
 * How long a browser waits before it opens a broken live view again. EventSource reconnects by itself, after
 * the reconnection time the stream last named, or a browser default of 3 s (Chromium) to 5 s (Firefox) when it
 * named none: too long for a view whose console replica went away to be back on another within 5 s.
 */
export const STREAM_RETRY_MS = 1_000;

/**
 * The response with `retry: <ms>` as the first field of its event stream (a field alone, no event: the browser
 * only takes the time from it); any other response unchanged. Cancelling the new body cancels the original.
 */
export function withStreamRetry(res: Response, retryMs = STREAM_RETRY_MS): Response {
  if (!res.body || !res.headers.get("content-type")?.startsWith("text/event-stream")) return res;
  const first = new TextEncoder().encode(`retry: ${retryMs}\n\n`);
  const body = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ start: (c) => c.enqueue(first) }));
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
