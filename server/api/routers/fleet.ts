import "server-only";
import { TenantRefSchema } from "@/lib/schemas/tenant";
import { createTRPCRouter, platformReadProcedure, protectedProcedure } from "@/server/api/trpc";
import { capacity, fleetUsage, tenantUsageOf, watchCapacity, watchFleetUsage, watchTenantUsage } from "@/server/services/fleet";

export const fleetRouter = createTRPCRouter({
  // fleet.usage – quota usage (used against hard) of every tenant the caller may see, with totals
  usage: protectedProcedure.query(({ ctx }) => fleetUsage(ctx.caches, ctx.identity)),
  // fleet.watchUsage – the same, pushed when a quota, VMI, LoadBalancer Service or tenant changes
  watchUsage: protectedProcedure.subscription(({ ctx, signal }) => watchFleetUsage(ctx.caches, ctx.identity, signal)),
  // fleet.tenantUsage – one tenant's usage (out of scope: not found)
  tenantUsage: protectedProcedure.input(TenantRefSchema).query(({ ctx, input }) => tenantUsageOf(ctx.caches, ctx.identity, input.name)),
  // fleet.watchTenantUsage – the same, pushed when one of the tenant's objects changes
  watchTenantUsage: protectedProcedure.input(TenantRefSchema).subscription(({ ctx, input, signal }) => watchTenantUsage(ctx.caches, ctx.identity, input.name, signal)),
  // fleet.capacity – hypervisor Nodes: allocatable against what VMs request, per node and in total, with overcommit
  capacity: platformReadProcedure.query(({ ctx }) => capacity(ctx.caches, ctx.identity)),
  // fleet.watchCapacity – the same, pushed when a Node or a virt-launcher pod changes
  watchCapacity: platformReadProcedure.subscription(({ ctx, signal }) => watchCapacity(ctx.caches, ctx.identity, signal)),
});
