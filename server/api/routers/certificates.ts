import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import { RotateCaSchema, TenantPkiSchema } from "@/lib/schemas/certificates";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { liveFeed, source } from "@/server/kube/live-feed";
import { assertInventoryAllowed, certificateInventory, requestCaRotation, rotateLeaves } from "@/server/services/certificates";
import { requireTenantAccess } from "@/server/services/tenant-access";

const SOURCES = [source("pkiSecrets"), source("userCertificates"), source("tenants"), source("policies")];

// Filters (tenant, kind, state) apply in the view and the CLI: the inventory of a scope is one shared computation.
export const certificatesRouter = createTRPCRouter({
  // certificates.list – every certificate of the tenant PKIs the caller may see (platform roles: and the under cluster's), soonest end first
  list: protectedProcedure.query(({ ctx }) => certificateInventory(ctx.caches, ctx.identity)),
  // certificates.watch – the same inventory, pushed on every change of a PKI Secret, a user certificate record, a tenant or the policy
  watch: protectedProcedure.subscription(async ({ ctx, signal }) => {
    await assertInventoryAllowed(ctx.caches); // refused up front, not a stream that never sends
    return liveFeed(ctx.caches, { key: `certificates:${scopeKey(ctx.identity)}`, sources: SOURCES, read: () => certificateInventory(ctx.caches, ctx.identity) }, signal);
  }),
  // certificates.tenant – one tenant's PKI with its still-valid user certificates
  tenant: protectedProcedure.input(TenantPkiSchema).query(async ({ ctx, input }) => {
    await requireTenantAccess(ctx.caches, ctx.identity, input.name);
    return certificateInventory(ctx.caches, ctx.identity, { tenant: input.name });
  }),
  // certificates.watchTenant – the same, pushed
  watchTenant: protectedProcedure.input(TenantPkiSchema).subscription(async ({ ctx, input, signal }) => {
    await assertInventoryAllowed(ctx.caches);
    await requireTenantAccess(ctx.caches, ctx.identity, input.name);
    return liveFeed(ctx.caches, {
      key: `certificates:${input.name}:${scopeKey(ctx.identity)}`, sources: SOURCES,
      read: () => certificateInventory(ctx.caches, ctx.identity, { tenant: input.name }),
    }, signal);
  }),
  // certificates.rotateLeaves – new leaf certificates for a tenant from the same CA (platform admins); progress comes through watchTenant
  rotateLeaves: adminProcedure.input(TenantPkiSchema).mutation(async ({ ctx, input }) => {
    await requireTenantAccess(ctx.caches, ctx.identity, input.name, "admin");
    // The console's own identity annotates the leaf Secrets (its per-tenant Role names them); the call is audited.
    return rotateLeaves(ctx.console, input.name);
  }),
  // certificates.rotateCa – start or complete a tenant's CA rotation (platform admins); the phase comes through watchTenant
  rotateCa: adminProcedure.input(RotateCaSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await requireTenantAccess(ctx.caches, ctx.identity, input.name, "admin");
    return requestCaRotation(ctx.kube, tenant, input.step);
  }),
});
