import "server-only";
import crypto from "node:crypto";
import { tenantRbac } from "@/lib/authz/rbac";
import { PlatformPolicySpecSchema, type PlatformPolicySpec, type TenantObject } from "@/lib/schemas/tenant";
import { TENANT_FINALIZER, TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { planTenant, type Desired } from "@/lib/tenants/plan";
import { computeStatus, refusedStatus, sameStatus, stableJson } from "@/lib/tenants/status";
import { validateTenant } from "@/lib/tenants/validate";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { WatchCache } from "@/server/kube/watch-cache";
import type { ChildModel, ObjectWithStatus } from "@/server/reconciler/children";
import { recordTenantEvents, transitions } from "@/server/reconciler/events";
import { ensureJoinSecret } from "@/server/reconciler/join";

export const FIELD_MANAGER = "kmetal-reconciler";
const HASH = "kmetal.io/spec-hash";

export interface ReconcileContext {
  kube: KubeGateway;
  tenants: WatchCache<TenantObject & { metadata: { name: string } }>;
  policies: WatchCache<{ metadata?: { name?: string }; spec?: unknown }>;
  children: Record<ChildModel, WatchCache<ObjectWithStatus>>;
  log: (line: string) => void;
}

export type Outcome = { requeueAfterMs?: number };

const hashOf = (d: Desired) => crypto.createHash("sha256").update(stableJson(d.object)).digest("hex").slice(0, 16);

function policyOf(ctx: ReconcileContext): PlatformPolicySpec | undefined {
  const raw = ctx.policies.get("platform")?.spec;
  const parsed = PlatformPolicySpecSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function cached(ctx: ReconcileContext, d: Desired): ObjectWithStatus | undefined {
  return ctx.children[d.model].get(d.object.metadata.name, d.object.metadata.namespace);
}

/** Server-side apply, skipped when the live object already carries the same desired-state hash. */
async function applyDesired(ctx: ReconcileContext, d: Desired): Promise<void> {
  const hash = hashOf(d);
  const live = cached(ctx, d);
  if (live?.metadata?.annotations?.[HASH] === hash) return;
  if (d.shared) {
    // Created if missing, never updated by one tenant: the cache answers, a GET covers a lagging cache.
    if (live || (await ctx.kube.find(models[d.model], { name: d.object.metadata.name }))) return;
  }
  const obj = { ...d.object, metadata: { ...d.object.metadata, annotations: { ...d.object.metadata.annotations, [HASH]: hash } } };
  await ctx.kube.apply(models[d.model], obj as never, FIELD_MANAGER);
}

/**
 * Makes the under cluster hold exactly what one tenant needs. Level-triggered and idempotent: every
 * name is deterministic and every write is a server-side apply, so a crash at any point converges on
 * the next run without duplicates.
 */
export async function reconcileTenant(ctx: ReconcileContext, name: string): Promise<Outcome> {
  const tenant = ctx.tenants.get(name);
  if (!tenant) return {};
  if (tenant.metadata.deletionTimestamp) return teardown(ctx, tenant);

  if (!tenant.metadata.finalizers?.includes(TENANT_FINALIZER)) {
    await ctx.kube.jsonPatch(models.Tenant, { name }, [
      { op: "test", path: "/metadata/resourceVersion", value: tenant.metadata.resourceVersion },
      tenant.metadata.finalizers ? { op: "add", path: "/metadata/finalizers/-", value: TENANT_FINALIZER } : { op: "add", path: "/metadata/finalizers", value: [TENANT_FINALIZER] },
    ]);
    return {}; // the update event brings us back with the fresh object
  }

  const policy = policyOf(ctx);
  if (!policy) {
    await writeStatus(ctx, tenant, refusedStatus(tenant, [{ field: "platformpolicy/platform", reason: "VersionNotAllowed", message: "there is no valid PlatformPolicy named 'platform'" }]));
    return { requeueAfterMs: 10_000 };
  }
  const others = ctx.tenants.list().filter((t) => t.metadata.name !== name && !t.metadata.deletionTimestamp).map((t) => ({ name: t.metadata.name, spec: t.spec }));
  const verdict = validateTenant(name, tenant.spec, policy, others);
  if (!verdict.ok) {
    // Refused before anything is written: a tenant that breaks policy changes nothing on the cluster.
    await writeStatus(ctx, tenant, refusedStatus(tenant, verdict.problems));
    return {};
  }

  const n = tenantNames(name);
  const tcp = ctx.children.TenantControlPlane.get(n.controlPlane, n.namespace);
  const cpStatus = tcp?.status as { controlPlaneEndpoint?: string; kubernetesResources?: { version?: { status?: string; version?: string } }; kubeconfig?: { admin?: { secretName?: string } } } | undefined;
  const cpReady = cpStatus?.kubernetesResources?.version?.status === "Ready" && !!cpStatus.controlPlaneEndpoint;
  const cpVersion = cpStatus?.kubernetesResources?.version?.version;
  // Upgrades go control plane first, then workers: workers keep their version until the control plane runs the new one.
  const liveVms = ctx.children.VirtualMachine.list().filter((v) => v.metadata?.labels?.[TENANT_LABEL] === name);
  const currentWorkerVersion = (liveVms[0]?.spec?.template as { metadata?: { annotations?: Record<string, string> } } | undefined)?.metadata?.annotations?.["kmetal.io/kubernetes-version"];
  const workerVersion = cpReady && cpVersion === tenant.spec.kubernetesVersion ? tenant.spec.kubernetesVersion : currentWorkerVersion ?? tenant.spec.kubernetesVersion;

  const plan = planTenant({ tenant, quota: verdict.quota, addons: verdict.addons, platformCidrs: policy.platformCidrs ?? [], workerVersion });
  const applied = new Set<string>();
  for (const d of plan) {
    if (d.step === "workers") continue;
    await applyDesired(ctx, d);
    applied.add(d.step);
  }

  // Workers join a running control plane, so they are created once it is ready and the join secret exists.
  const wantedVms = plan.filter((d) => d.step === "workers");
  if (cpReady && cpStatus?.kubeconfig?.admin?.secretName) {
    if (!ctx.children.Secret.get(n.joinSecret, n.namespace)) {
      await ensureJoinSecret(ctx.kube, n.namespace, cpStatus.controlPlaneEndpoint!, cpStatus.kubeconfig.admin.secretName);
    }
    for (const d of wantedVms) await applyDesired(ctx, d);
    applied.add("workers");
    const wanted = new Set(wantedVms.map((d) => d.object.metadata.name));
    for (const vm of liveVms) {
      if (!wanted.has(vm.metadata!.name!)) await ctx.kube.delete(models.VirtualMachine, { name: vm.metadata!.name!, namespace: n.namespace }, { ignoreNotFound: true });
    }
  }

  const subnet = ctx.children.Subnet.get(n.subnet);
  const subnetReady = ((subnet?.status?.conditions as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === "Ready" && c.status === "True");
  const ds = ctx.children.DataStore.get(n.dataStore);
  const readyWorkers = liveVms.filter((v) => wantedVms.some((d) => d.object.metadata.name === v.metadata?.name) && v.status?.ready === true).length;
  const status = computeStatus(tenant, {
    subnetReady, dataStoreReady: ds?.status?.ready === true,
    controlPlane: tcp ? { ready: cpReady, endpoint: cpStatus?.controlPlaneEndpoint ? `https://${cpStatus.controlPlaneEndpoint}` : undefined, version: cpVersion } : undefined,
    desiredWorkers: wantedVms.length, readyWorkers, applied: new Set([...applied, ...(tenant.status?.steps ?? []).filter((s) => s.startedAt).map((s) => s.name)]),
  }, n.namespace);
  await writeStatus(ctx, tenant, status);
  return status.phase === "Ready" ? {} : { requeueAfterMs: 5_000 };
}

async function writeStatus(ctx: ReconcileContext, t: TenantObject, status: TenantObject["status"]) {
  if (sameStatus(t.status, status)) return;
  await ctx.kube.mergePatch(models.Tenant, { name: t.metadata.name }, { status }, "status");
  await recordTenantEvents(ctx.kube, t, transitions(t.status?.conditions, status?.conditions));
}

/** Deletes every child of the tenant (and, through the provider, its processes), then lets the Tenant go. */
async function teardown(ctx: ReconcileContext, tenant: TenantObject): Promise<Outcome> {
  const name = tenant.metadata.name;
  const n = tenantNames(name);
  if (tenant.status?.phase !== "Deleting") {
    await ctx.kube.mergePatch(models.Tenant, { name }, { status: { phase: "Deleting" } }, "status").catch(() => {});
  }
  const order: [ChildModel, string, string?][] = [
    ...ctx.children.VirtualMachine.list().filter((v) => v.metadata?.labels?.[TENANT_LABEL] === name).map((v) => ["VirtualMachine", v.metadata!.name!, n.namespace] as [ChildModel, string, string]),
    ["TenantControlPlane", n.controlPlane, n.namespace],
    ["DataStore", n.dataStore],
    ["Subnet", n.subnet],
    ["Vlan", n.vlan],
    ["Vpc", n.vpc],
    ["ResourceQuota", n.quota, n.namespace],
    ["Namespace", n.namespace],
    ...tenantRbac(name, []).filter((r) => r.model !== "RoleBinding").map((r) => [r.model, r.object.metadata.name] as [ChildModel, string]),
  ];
  let remaining = 0;
  for (const [model, objName, namespace] of order) {
    const live = await ctx.kube.find(models[model], { name: objName, namespace });
    if (!live) continue;
    remaining++;
    if (!live.metadata?.deletionTimestamp) await ctx.kube.delete(models[model], { name: objName, namespace }, { ignoreNotFound: true });
    // The control plane's processes must be gone before its datastore and network go.
    if (model === "TenantControlPlane") return { requeueAfterMs: 1_000 };
  }
  if (remaining > 0) return { requeueAfterMs: 1_000 };
  const idx = tenant.metadata.finalizers?.indexOf(TENANT_FINALIZER) ?? -1;
  if (idx >= 0) {
    try {
      await ctx.kube.jsonPatch(models.Tenant, { name }, [
        { op: "test", path: `/metadata/finalizers/${idx}`, value: TENANT_FINALIZER },
        { op: "remove", path: `/metadata/finalizers/${idx}` },
      ]);
    } catch (err) {
      if (!(err instanceof KubeError && (err.status === 404 || err.status === 422))) throw err;
      return { requeueAfterMs: 500 };
    }
  }
  ctx.log(`tenant ${name}: deleted with all its children`);
  return {};
}
