import "server-only";
import zlib from "node:zlib";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";

/**
 * Fleet-wide lists every console page and script asks for, answered from one encoding per version of the list:
 * the procedures return the same (memoized, frozen) array to every caller of a scope until the list changes, so
 * its JSON, and its gzip when the client takes it, are made once per version and not on each request. At 2,000
 * tenants that is half a megabyte of JSON, whose serialising and compressing was most of a request's time.
 *
 * The body is tRPC's (`{"result":{"data":…}}`), the call goes through the procedure with its middleware (sign-in,
 * roles, scope) by a server-side caller, and a call that is refused is left to tRPC, which answers it as usual.
 */
export const SHARED_QUERIES = new Set(["tenants.list"]);

const encoder = new TextEncoder();
const bodies = new WeakMap<object, { json: Uint8Array<ArrayBuffer>; gzip?: Uint8Array<ArrayBuffer> }>();

/** The procedure's path when `req` is a single call (no batch, no input) of one of the shared queries, else undefined. */
export function sharedQueryPath(req: Request): string | undefined {
  if (req.method !== "GET") return undefined;
  const url = new URL(req.url);
  if (url.searchParams.has("batch") || url.searchParams.has("input")) return undefined;
  const path = decodeURIComponent(url.pathname.replace(/^\/api\/trpc\//, ""));
  return SHARED_QUERIES.has(path) ? path : undefined;
}

/** The encoded answer to a shared query for the signed-in caller, or undefined when the call is refused (tRPC answers it then). */
export async function answerSharedQuery(req: Request, path: string, session: Parameters<typeof createTRPCContext>[0]["session"]): Promise<Response | undefined> {
  const caller = createCaller(await createTRPCContext({ headers: req.headers, session }), { signal: req.signal });
  const procedure = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as () => Promise<unknown>;
  let value: unknown;
  try {
    value = await procedure();
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  let body = bodies.get(value);
  if (!body) bodies.set(value, (body = { json: encoder.encode(JSON.stringify({ result: { data: value } })) }));
  const headers: Record<string, string> = { "Content-Type": "application/json", Vary: "Accept-Encoding" };
  if (/\bgzip\b/.test(req.headers.get("accept-encoding") ?? "") && body.json.byteLength > 1024) {
    // Encoded here, once per version; the server's own compression leaves a response that is already encoded alone.
    body.gzip ??= new Uint8Array(zlib.gzipSync(body.json));
    return new Response(body.gzip, { headers: { ...headers, "Content-Encoding": "gzip" } });
  }
  return new Response(body.json, { headers });
}
