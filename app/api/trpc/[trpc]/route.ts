import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { auth } from "@/server/auth";

export const dynamic = "force-dynamic";

async function createContext(req: Request): Promise<Context> {
  const session = await auth();
  const sourceIp = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || undefined;
  return session?.user?.name ? { identity: { name: session.user.name, roles: session.user.roles }, sourceIp, sessionEndsAt: session.endsAt } : { sourceIp };
}

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

const handler = (req: Request) =>
  crossOrigin(req)
    ? Response.json({ error: { message: "cross-origin requests are refused" } }, { status: 403 })
    : fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext(req),
    onError({ path, error }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed: ${error.message}`);
    },
  });

export { handler as GET, handler as POST };
