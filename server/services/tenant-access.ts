import "server-only";
import { canReadFleet, tenantAccess, type Principal } from "@/lib/authz/scope";
import type { PlatformPolicySpec, TenantSpec } from "@/lib/schemas/tenant";
import { validateTenant, type PolicyProblem } from "@/lib/tenants/validate";
import { forbidden, invalid, notFound } from "@/server/domain-errors";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import type { TenantResource } from "@/server/kube/resources";
import { currentPolicy } from "@/server/services/platform-policy";

export type AccessLevel = "viewer" | "admin";

/**
 * The tenant as cached, if the principal may act on it at `level`. A tenant out of scope reads exactly like
 * a missing one (NotFound, same message); a viewer asking for admin access is Forbidden.
 */
export async function requireTenantAccess(caches: CacheRegistry, p: Principal, name: string, level: AccessLevel = "viewer") {
  const t = (await caches.synced("tenants")).get(name);
  const access = t ? tenantAccess(p, t) : "none";
  if (!t || access === "none") throw notFound(`tenant ${name} not found`);
  if (level === "admin" && access !== "admin") throw forbidden(`you may only view tenant ${name}`);
  return { tenant: t, access };
}

const key = (p: PolicyProblem) => `${p.field}|${p.reason}`;

/**
 * Checks a tenant's spec as it will be after a change against the live platform policy and every other
 * tenant. With `before`, only problems the change introduces count: a pool can be scaled even if an
 * unrelated rule broke since the tenant was made (the reconciler reports those on the tenant itself).
 */
export async function assertWithinPolicy(
  caches: CacheRegistry, p: Principal, name: string, after: TenantSpec, before?: TenantSpec,
): Promise<{ policy: PlatformPolicySpec }> {
  const policy = await currentPolicy(caches);
  const others = (await caches.synced("tenants")).list()
    .filter((t: TenantResource) => t.metadata.name !== name && !t.metadata.deletionTimestamp)
    .map((t) => ({ name: t.metadata.name, spec: t.spec }));
  // Only those who may see every tenant read other tenants' names in a refusal.
  const opts = { nameOthers: canReadFleet(p) };
  const verdict = validateTenant(name, after, policy, others, opts);
  if (verdict.ok) return { policy };
  const existing = before ? validateTenant(name, before, policy, others, opts) : undefined;
  const old = new Set(existing && !existing.ok ? existing.problems.map(key) : []);
  const introduced = verdict.problems.filter((x) => !old.has(key(x)));
  if (introduced.length) throw invalid(introduced);
  return { policy };
}
