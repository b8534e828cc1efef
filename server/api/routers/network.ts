import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import { CreateExceptionSchema, EdgeRefSchema, ExceptionRefSchema, ObjectRefSchema, TraceQuerySchema } from "@/lib/schemas/network";
import { adminProcedure, createTRPCRouter, platformReadProcedure, protectedProcedure } from "@/server/api/trpc";
import { liveFeed, source } from "@/server/kube/live-feed";
import { GRAPH_SOURCES, createException, deleteException, edgeView, graphView, liveGraph, onGraphInputChange, violationCount } from "@/server/services/policy-graph";
import { objectYaml, traceView } from "@/server/services/policy-graph-views";

const sources = () => GRAPH_SOURCES.map((c) => source(c));

export const networkRouter = createTRPCRouter({
  // network.graph – who can reach whom and why, as far as the caller may see (tenant roles: their tenants only)
  graph: protectedProcedure.query(({ ctx }) => graphView(ctx.caches, ctx.identity)),
  // network.watchGraph – the same, pushed after every change the engine recomputed (and when an exception runs out)
  watchGraph: protectedProcedure.subscription(({ ctx, signal }) =>
    liveFeed(ctx.caches, {
      key: `graph:${scopeKey(ctx.identity)}`, sources: sources(), triggers: [onGraphInputChange(ctx.caches)],
      read: () => graphView(ctx.caches, ctx.identity), coalesceMs: 150,
    }, signal)),
  // network.watchViolations – the number of cross-tenant violations, for the shell's banner (platform roles)
  watchViolations: platformReadProcedure.subscription(({ ctx, signal }) => {
    liveGraph(ctx.caches);
    return liveFeed(ctx.caches, {
      key: "graph:violations", sources: sources(), triggers: [onGraphInputChange(ctx.caches)],
      read: async () => ({ count: violationCount(ctx.caches) }), coalesceMs: 150,
    }, signal);
  }),
  // network.createException – accept one cross-tenant path on purpose (platform admins; who = the session's user)
  createException: adminProcedure.input(CreateExceptionSchema).mutation(({ ctx, input }) => createException(ctx.kube, ctx.caches, ctx.identity, input)),
  // network.deleteException – remove an exception; the path counts as a violation again at once
  deleteException: adminProcedure.input(ExceptionRefSchema).mutation(({ ctx, input }) => deleteException(ctx.kube, ctx.caches, input.name)),
  // network.edge – one edge with every reason, deny edges too (tenant roles: from their own tenants only)
  edge: protectedProcedure.input(EdgeRefSchema).query(({ ctx, input }) => edgeView(ctx.caches, ctx.identity, input.from, input.to)),
  // network.object – the YAML of an object a reason names, if the caller may see it (never a Secret)
  object: protectedProcedure.input(ObjectRefSchema).query(({ ctx, input }) => objectYaml(ctx.caches, ctx.identity, input.ref)),
  // network.trace – "Can A reach B?": verdict and hop-by-hop path with the reply, scoped like the graph
  trace: protectedProcedure.input(TraceQuerySchema).query(({ ctx, input }) => traceView(ctx.caches, ctx.identity, input)),
});
