import "server-only";
import { TenantRefSchema } from "@/lib/schemas/tenant";
import { FleetTrendInputSchema, TenantTrendInputSchema } from "@/lib/schemas/trends";
import { createTRPCRouter, platformReadProcedure, protectedProcedure } from "@/server/api/trpc";
import { fleetTrend, tenantTrend, watchFleetTrend, watchTenantTrend } from "@/server/services/trends";

export const trendsRouter = createTRPCRouter({
  // trends.fleet – 24 h of fleet usage, capacity and tenants by phase (Prometheus when configured, else this console's samples)
  fleet: platformReadProcedure.input(FleetTrendInputSchema).query(({ ctx, input }) => fleetTrend(ctx.caches, ctx.identity, { maxPoints: input.maxPoints })),
  // trends.watchFleet – the newest fleet point after each sample of this console
  watchFleet: platformReadProcedure.subscription(({ ctx, signal }) => watchFleetTrend(ctx.caches, ctx.identity, signal)),
  // trends.tenant – 24 h of one tenant's usage (out of scope: not found)
  tenant: protectedProcedure.input(TenantTrendInputSchema).query(({ ctx, input }) => tenantTrend(ctx.caches, ctx.identity, input.name, { maxPoints: input.maxPoints })),
  // trends.watchTenant – the tenant's newest point after each sample
  watchTenant: protectedProcedure.input(TenantRefSchema).subscription(({ ctx, input, signal }) => watchTenantTrend(ctx.caches, ctx.identity, input.name, signal)),
});
