import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { env } from "@/lib/env.js";
import { clientAddress } from "@/lib/net/client-address";
import { auth } from "@/server/auth";
import { underKube } from "@/server/kube/client";
import { sessionStillCurrent } from "@/server/services/users";

export const dynamic = "force-dynamic";

async function createContext(req: Request): Promise<Context> {
  const session = await auth();
  // As far as the trusted reverse proxies tell it (KMETAL_TRUSTED_PROXIES); never the client's own claim.
  const sourceIp = clientAddress(req.headers, env.KMETAL_TRUSTED_PROXIES);
  if (!session?.user?.name) return { sourceIp };
  const identity = { name: session.user.name, roles: session.user.roles };
  const { provider, loginAt, endsAt } = session;
  return {
    identity,
    sourceIp,
    streamSession: endsAt === undefined ? undefined : {
      endsAt,
      stillCurrent: () => sessionStillCurrent(underKube().gateway, env.KMETAL_NAMESPACE, { ...identity, provider, loginAt }),
    },
  };
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
