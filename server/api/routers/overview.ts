import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import { TENANT_LABEL } from "@/lib/tenants/names";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { liveFeed, source } from "@/server/kube/live-feed";
import { fleetHealthSources, fleetOverview } from "@/server/services/fleet-health";

const sources = (caches: Parameters<typeof fleetHealthSources>[0]) => [...fleetHealthSources(caches), source("events", (e) => e.type === "Warning" && !!e.metadata?.labels?.[TENANT_LABEL])];

export const overviewRouter = createTRPCRouter({
  // overview.get – the home page's numbers for the caller's scope (platform roles: the fleet; tenant roles: their own)
  get: protectedProcedure.query(({ ctx }) => fleetOverview(ctx.caches, ctx.identity)),
  // overview.watch – the same, pushed after each change (one computation per change and scope)
  watch: protectedProcedure.subscription(({ ctx, signal }) =>
    liveFeed(ctx.caches, { key: `overview:${scopeKey(ctx.identity)}`, sources: sources(ctx.caches), read: () => fleetOverview(ctx.caches, ctx.identity) }, signal)),
});
