import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { Session } from "next-auth";
import { headers } from "next/headers";
import { appRouter, type AppRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";

/**
 * A page's first data, fetched while the server renders it: the queries run through the same procedures (and
 * the same checks) as the browser's calls, and their results go out with the HTML, so the page paints with
 * data instead of fetching it after hydration. A query that fails here is simply not sent: the browser then
 * asks again and shows the error as it would have.
 */
export async function Prefetch({ session, queries, children }: {
  session: Session;
  /** e.g. `(trpc, qc) => qc.prefetchQuery(trpc.tenants.list.queryOptions())` */
  queries: (trpc: TRPCOptionsProxy<AppRouter>, queryClient: QueryClient) => Promise<unknown>;
  children: React.ReactNode;
}) {
  // Same freshness as the browser's client: hydrated data is not fetched again on mount.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
  const h = await headers();
  const trpc = createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx: () => createTRPCContext({ headers: h, session }), queryClient });
  await queries(trpc, queryClient);
  return <HydrationBoundary state={dehydrate(queryClient)}>{children}</HydrationBoundary>;
}
