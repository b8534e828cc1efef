import "server-only";
import { getErrorShape, getTRPCErrorFromUnknown, isAbortError, sseHeaders } from "@trpc/server/unstable-core-do-not-import";
import { appRouter, createCaller } from "@/server/api/root";
import { STREAM_RETRY_MS } from "@/server/api/stream-retry";
import { createTRPCContext, type Context } from "@/server/api/trpc";

/**
 * The live views a whole room of screens holds open at once: the fleet-wide tenant list and the overview. Their
 * messages are the same objects for every stream of a scope, so they are written here as bytes once per message
 * and handed to every stream, through one web stream per client. tRPC's own event-stream producer serialises,
 * frames and encodes each message again per stream and passes it through five web streams per client, which is
 * what a console with a thousand viewers spent its time on.
 *
 * The wire format is tRPC's (what httpSubscriptionLink reads), and the stream is opened through the same
 * procedure, with the same middleware (sign-in, roles, the per-user stream limit, the end of the session), by a
 * server-side caller. A call that is refused is left to tRPC, which answers it as it answers every refusal.
 */
export const SHARED_STREAMS = new Set(["tenants.watchList", "overview.watch"]);

const encoder = new TextEncoder();
const eventBytes = new WeakMap<object, Uint8Array>();

/** One value as the bytes of a data event, made once per value object. */
export function dataEvent(value: unknown): Uint8Array {
  if (typeof value !== "object" || value === null) return encoder.encode(`data: ${JSON.stringify(value)}\n\n`);
  let bytes = eventBytes.get(value);
  if (!bytes) eventBytes.set(value, (bytes = encoder.encode(`data: ${JSON.stringify(value)}\n\n`)));
  return bytes;
}

// The reconnection time for the browser (see stream-retry.ts), then tRPC's "connected" event (no client options).
const OPENING = encoder.encode(`retry: ${STREAM_RETRY_MS}\n\nevent: connected\ndata: {}\n\n`);
const RETURN = encoder.encode("event: return\ndata: \n\n");

/**
 * An event stream of `source`'s values in tRPC's wire format. Values are pulled only as fast as the client
 * reads (a slow client skips to the latest value of its feed, never a backlog); an error ends the stream with
 * tRPC's serialized-error event, shaped as tRPC shapes it.
 */
export function eventStreamResponse(source: AsyncIterable<unknown>, errorShape: (err: unknown) => unknown): Response {
  const it = source[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(OPENING);
    },
    async pull(controller) {
      try {
        const r = await it.next();
        if (r.done) {
          controller.enqueue(RETURN);
          controller.close();
        } else controller.enqueue(dataEvent(r.value));
      } catch (err) {
        if (isAbortError(err)) return controller.close();
        controller.enqueue(encoder.encode(`event: serialized-error\ndata: ${JSON.stringify(errorShape(err))}\n\n`));
        controller.close();
      }
    },
    cancel() {
      void it.return?.()?.catch(() => {});
    },
  }, { highWaterMark: 0 });
  return new Response(body, { headers: sseHeaders });
}

/** The procedure's path when `req` opens one of the shared streams, else undefined. */
export function sharedStreamPath(req: Request): string | undefined {
  if (req.method !== "GET") return undefined;
  const path = decodeURIComponent(new URL(req.url).pathname.replace(/^\/api\/trpc\//, ""));
  return SHARED_STREAMS.has(path) ? path : undefined;
}

/**
 * Opens a shared stream for the signed-in caller, or returns undefined when the call is refused (tRPC then
 * answers the request itself). `session` is the request's Auth.js session.
 */
export async function openSharedStream(req: Request, path: string, session: Parameters<typeof createTRPCContext>[0]["session"]): Promise<Response | undefined> {
  const ctx: Context = await createTRPCContext({ headers: req.headers, session });
  const caller = createCaller(ctx, { signal: req.signal });
  const procedure = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as () => Promise<AsyncIterable<unknown>>;
  let source: AsyncIterable<unknown>;
  try {
    source = await procedure();
  } catch {
    return undefined;
  }
  return eventStreamResponse(source, (err) => getErrorShape({
    config: appRouter._def._config, ctx, error: getTRPCErrorFromUnknown(err), input: undefined, path, type: "subscription",
  }));
}
