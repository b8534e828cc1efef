import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { MAX_BATCH } from "@/lib/api/limits";
import { answerSharedQuery, sharedQueryPath } from "@/server/api/shared-query";
import { openSharedStream, sharedStreamPath } from "@/server/api/shared-stream";
import { withStreamRetry } from "@/server/api/stream-retry";
import { createTRPCContext } from "@/server/api/trpc";
import { auth } from "@/server/auth";

export const dynamic = "force-dynamic";

/** Browsers always send Origin on a cross-site POST: a mutation from another site is refused outright. */
function crossOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (req.method !== "POST" || !origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

async function handler(req: Request): Promise<Response> {
  // The fleet-wide live views: one encoding per message for every stream (see server/api/shared-stream.ts).
  const shared = sharedStreamPath(req);
  if (shared) {
    const res = await openSharedStream(req, shared, await auth());
    if (res) return res;
  }
  // The fleet-wide lists: one JSON (and gzip) per version of the list for every caller (server/api/shared-query.ts).
  const query = sharedQueryPath(req);
  if (query) {
    const res = await answerSharedQuery(req, query, await auth());
    if (res) return res;
  }
  return trpcHandler(req);
}

const trpcHandler = (req: Request) =>
  crossOrigin(req)
    ? Response.json({ error: { message: "cross-origin requests are refused" } }, { status: 403 })
    : fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      // A batch is one request of many calls: bounded, so one POST cannot run (and audit) hundreds of mutations.
      maxBatchSize: MAX_BATCH,
      createContext: async () => createTRPCContext({ headers: req.headers, session: await auth() }),
      onError({ path, error }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed: ${error.message}`);
      },
    // A live view's stream tells the browser to reopen it 1 s after it breaks (e.g. its replica went away).
    }).then((res) => withStreamRetry(res));

export { handler as GET, handler as POST };
