import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import { createTRPCRouter, platformReadProcedure, protectedProcedure } from "@/server/api/trpc";
import { liveFeed, source } from "@/server/kube/live-feed";
import { GRAPH_SOURCES, graphView, liveGraph, violationCount } from "@/server/services/policy-graph";

const sources = () => GRAPH_SOURCES.map((c) => source(c));

export const networkRouter = createTRPCRouter({
  // network.graph – who can reach whom and why, as far as the caller may see (tenant roles: their tenants only)
  graph: protectedProcedure.query(({ ctx }) => graphView(ctx.caches, ctx.identity)),
  // network.watchGraph – the same, pushed after every change the engine recomputed
  watchGraph: protectedProcedure.subscription(({ ctx, signal }) =>
    liveFeed(ctx.caches, { key: `graph:${scopeKey(ctx.identity)}`, sources: sources(), read: () => graphView(ctx.caches, ctx.identity), coalesceMs: 150 }, signal)),
  // network.watchViolations – the number of cross-tenant violations, for the shell's banner (platform roles)
  watchViolations: platformReadProcedure.subscription(({ ctx, signal }) => {
    liveGraph(ctx.caches);
    return liveFeed(ctx.caches, { key: "graph:violations", sources: sources(), read: async () => ({ count: violationCount(ctx.caches) }), coalesceMs: 150 }, signal);
  }),
});
