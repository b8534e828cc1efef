import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import {
  CreateTenantSchema, KubeconfigRequestSchema, SetQuotaSchema, SetWorkerReplicasSchema, TenantRefSchema, UpgradeTenantSchema, VmPowerSchema,
} from "@/lib/schemas/tenant";
import { asListMessages, linkedLists, type ListMessage } from "@/lib/live/list-diff";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { summaryKey, type TenantSummary } from "@/lib/tenants/summary";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { liveFeed, source } from "@/server/kube/live-feed";
import { issueKubeconfig } from "@/server/services/kubeconfig";
import { policyFor } from "@/server/services/platform-policy";
import { requireTenantAccess } from "@/server/services/tenant-access";
import { listTenants, takenNetworks, tenantDetail } from "@/server/services/tenant-views";
import { createTenant, deleteTenant, setQuota, setWorkerReplicas, upgradeTenant, vmPower } from "@/server/services/tenants";

/** The change from one list to the next, computed once for every stream that had the first. */
const listChanges = new WeakMap<readonly TenantSummary[], { next: readonly TenantSummary[]; msg: ListMessage<TenantSummary> }>();

export const tenantsRouter = createTRPCRouter({
  // tenants.list – the tenants the caller may see, from the watch cache
  list: protectedProcedure.query(({ ctx }) => listTenants(ctx.caches, ctx.identity)),
  // tenants.watchList – the same list, pushed when a tenant changes (shared by callers with the same scope)
  // as changes: the whole list first, then only the rows added, changed or removed (one diff per change and scope)
  watchList: protectedProcedure.subscription(({ ctx, signal }) =>
    asListMessages(
      liveFeed(ctx.caches, { key: `tenants:${scopeKey(ctx.identity)}`, sources: [source("tenants")], read: linkedLists(() => listTenants(ctx.caches, ctx.identity), summaryKey) }, signal),
      summaryKey, listChanges,
    )),
  // tenants.byName – one tenant with conditions, steps, workers, network and quota
  byName: protectedProcedure.input(TenantRefSchema).query(({ ctx, input }) => tenantDetail(ctx.caches, ctx.identity, input.name)),
  // tenants.watch – the same detail, pushed when the tenant or one of its objects changes
  watch: protectedProcedure.input(TenantRefSchema).subscription(async ({ ctx, input, signal }) => {
    // Check the scope before the stream starts, so a foreign tenant is refused like any other call.
    await requireTenantAccess(ctx.caches, ctx.identity, input.name);
    const ns = tenantNames(input.name).namespace;
    const inNs = (o: { metadata?: { namespace?: string } }) => o.metadata?.namespace === ns;
    return liveFeed(ctx.caches, {
      key: `tenant:${input.name}:${scopeKey(ctx.identity)}`,
      sources: [
        source("tenants", (t) => t.metadata.name === input.name), source("vms", inNs), source("vmis", inNs),
        source("subnets", (s) => s.metadata?.name === tenantNames(input.name).subnet), source("events", (e) => e.metadata?.labels?.[TENANT_LABEL] === input.name),
        source("policies"),
      ],
      read: () => tenantDetail(ctx.caches, ctx.identity, input.name),
    }, signal);
  }),
  // tenants.policy – what the caller may be offered: versions and modes (platform roles: the whole policy)
  policy: protectedProcedure.query(({ ctx }) => policyFor(ctx.caches, ctx.identity)),
  // tenants.takenNetworks – CIDRs and VLANs in use, so the wizard can refuse an overlap before submitting
  takenNetworks: adminProcedure.query(({ ctx }) => takenNetworks(ctx.caches)),
  // tenants.create – write a Tenant after checking the live policy; the reconciler does the rest
  create: adminProcedure.input(CreateTenantSchema).mutation(({ ctx, input }) => createTenant(ctx.kube, ctx.caches, ctx.identity, input)),
  // tenants.setWorkerReplicas – scale one worker pool (tenant admins within their quota)
  setWorkerReplicas: protectedProcedure.input(SetWorkerReplicasSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await requireTenantAccess(ctx.caches, ctx.identity, input.name, "admin");
    await setWorkerReplicas(ctx.kube, ctx.caches, ctx.identity, tenant, input.pool, input.replicas);
  }),
  // tenants.vmPower – start, stop or restart one worker VM (tenant admins)
  vmPower: protectedProcedure.input(VmPowerSchema).mutation(async ({ ctx, input }) => {
    await requireTenantAccess(ctx.caches, ctx.identity, input.name, "admin");
    await vmPower(ctx.kube, ctx.caches, input.name, input.vm, input.action);
  }),
  // tenants.upgrade – move to a newer allowed version (control plane first, then workers)
  upgrade: adminProcedure.input(UpgradeTenantSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await requireTenantAccess(ctx.caches, ctx.identity, input.name, "admin");
    await upgradeTenant(ctx.kube, ctx.caches, ctx.identity, tenant, input.version);
  }),
  // tenants.setQuota – change a tenant's quota within the platform maximum; a null value returns to the default
  setQuota: adminProcedure.input(SetQuotaSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await requireTenantAccess(ctx.caches, ctx.identity, input.name, "admin");
    await setQuota(ctx.kube, ctx.caches, ctx.identity, tenant, input.quota);
  }),
  // tenants.delete – remove a tenant; the reconciler tears down its children
  delete: adminProcedure.input(TenantRefSchema).mutation(({ ctx, input }) => deleteTenant(ctx.kube, input.name)),
  // tenants.kubeconfig – a kubeconfig with a short-lived certificate for the caller, signed by the tenant CA
  kubeconfig: protectedProcedure.input(KubeconfigRequestSchema).mutation(async ({ ctx, input }) => {
    const { tenant, access } = await requireTenantAccess(ctx.caches, ctx.identity, input.name);
    // Issuing reads the tenant CA with the console's own identity: users never get read access to CA keys.
    return issueKubeconfig(ctx.console, ctx.identity, { name: input.name, endpoint: tenant.status?.endpoint }, access, input.ttlHours);
  }),
});
