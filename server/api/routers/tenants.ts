import "server-only";
import { TRPCError } from "@trpc/server";
import {
  compareVersions, CreateTenantSchema, KubeconfigRequestSchema, SetQuotaSchema, SetWorkerReplicasSchema, TenantRefSchema, UpgradeTenantSchema, VmPowerSchema,
} from "@/lib/schemas/tenant";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { underKube } from "@/server/kube/client";
import { issueKubeconfig } from "@/server/services/kubeconfig";
import {
  createTenant, currentPolicy, deleteTenant, listTenants, setQuota, setWorkerReplicas, takenNetworks, tenantCaches, tenantDetail, tenantFor, upgradeTenant, vmPower,
} from "@/server/services/tenants";

/** Yields the value of `read` now and after each change of the tenant caches (coalesced), until aborted. */
async function* onCacheChange<T>(read: () => Promise<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const c = tenantCaches();
  let dirty = true;
  let wake: (() => void) | undefined;
  const mark = () => {
    dirty = true;
    wake?.();
  };
  const offs = [c.tenants.subscribe(mark), c.vms.subscribe(mark), c.vmis.subscribe(mark), c.subnets.subscribe(mark), c.events.subscribe(mark)];
  signal?.addEventListener("abort", mark);
  try {
    while (!signal?.aborted) {
      if (!dirty) await new Promise<void>((r) => (wake = r));
      if (signal?.aborted) break;
      dirty = false;
      await new Promise((r) => setTimeout(r, 100)); // coalesce bursts of watch events
      yield await read();
    }
  } finally {
    offs.forEach((off) => off());
  }
}

export const tenantsRouter = createTRPCRouter({
  // tenants.list – the tenants the caller may see, from the watch cache
  list: protectedProcedure.query(({ ctx }) => listTenants(ctx.identity)),
  // tenants.watchList – the same list, pushed on every change
  watchList: protectedProcedure.subscription(({ ctx, signal }) => onCacheChange(() => listTenants(ctx.identity), signal)),
  // tenants.byName – one tenant with conditions, steps and workers
  byName: protectedProcedure.input(TenantRefSchema).query(({ ctx, input }) => tenantDetail(ctx.identity, input.name)),
  // tenants.watch – the same detail, pushed on every change
  watch: protectedProcedure.input(TenantRefSchema).subscription(async ({ ctx, input, signal }) => {
    // Check the scope before the stream starts, so a foreign tenant is refused like any other call.
    await tenantFor(ctx.identity, input.name);
    return onCacheChange(() => tenantDetail(ctx.identity, input.name), signal);
  }),
  // tenants.policy – what the wizard may offer: allowed versions, quotas, modes, VLAN range, add-ons
  policy: protectedProcedure.query(() => currentPolicy()),
  // tenants.takenNetworks – CIDRs and VLANs in use, so the wizard can refuse an overlap before submitting
  takenNetworks: adminProcedure.query(() => takenNetworks()),
  // tenants.create – write a Tenant after checking the live policy; the reconciler does the rest
  create: adminProcedure.input(CreateTenantSchema).mutation(({ ctx, input }) => createTenant(ctx.kube, input)),
  // tenants.setWorkerReplicas – scale one worker pool (tenant admins within their quota)
  setWorkerReplicas: protectedProcedure.input(SetWorkerReplicasSchema).mutation(async ({ ctx, input }) => {
    const { tenant, access } = await tenantFor(ctx.identity, input.name);
    if (access !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: `you may only view tenant ${input.name}` });
    await setWorkerReplicas(ctx.kube, tenant, input.pool, input.replicas);
  }),
  // tenants.vmPower – start, stop or restart one worker VM (tenant admins)
  vmPower: protectedProcedure.input(VmPowerSchema).mutation(async ({ ctx, input }) => {
    const { access } = await tenantFor(ctx.identity, input.name);
    if (access !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: `you may only view tenant ${input.name}` });
    await vmPower(ctx.kube, input.name, input.vm, input.action);
  }),
  // tenants.upgrade – move to a newer allowed version (control plane first, then workers)
  upgrade: adminProcedure.input(UpgradeTenantSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await tenantFor(ctx.identity, input.name);
    await upgradeTenant(ctx.kube, tenant, input.version, compareVersions);
  }),
  // tenants.setQuota – change a tenant's quota within the platform maximum
  setQuota: adminProcedure.input(SetQuotaSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await tenantFor(ctx.identity, input.name);
    await setQuota(ctx.kube, tenant, input.quota);
  }),
  // tenants.delete – remove a tenant; the reconciler tears down its children
  delete: adminProcedure.input(TenantRefSchema).mutation(({ ctx, input }) => deleteTenant(ctx.kube, input.name)),
  // tenants.kubeconfig – a kubeconfig with a short-lived certificate for the caller, signed by the tenant CA
  kubeconfig: protectedProcedure.input(KubeconfigRequestSchema).mutation(async ({ ctx, input }) => {
    const { tenant, access } = await tenantFor(ctx.identity, input.name);
    // Issuing reads the tenant CA with the console's own identity: users never get read access to CA keys.
    return issueKubeconfig(underKube().gateway, ctx.identity, { name: input.name, endpoint: tenant.status?.endpoint }, access, input.ttlHours);
  }),
});
