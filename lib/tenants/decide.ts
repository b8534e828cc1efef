import { tenantRbac, type ConsoleSubject } from "@/lib/authz/rbac";
import type { Condition, PlatformPolicySpec, TenantObject, TenantSpec, TenantStatus } from "@/lib/schemas/tenant";
import { TENANT_FINALIZER, TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { planTenant, type Desired } from "@/lib/tenants/plan";
import { CA_GENERATION, CA_ROTATION_DONE, caGeneration, caRotationRequest, nextCaRotation, OPERATION_ANNOTATION, type CaRotationStatus } from "@/lib/tenants/ca-rotation";
import { computeStatus, refusedStatus, sameStatus, transitions, type ApiServerProbe } from "@/lib/tenants/status";
import { validateTenant, type OtherTenant, type PolicyProblem } from "@/lib/tenants/validate";

// The reconciler's decisions, as a pure function of the Tenant and what the caches hold: the controller
// observes, calls decide, and executes the actions in order. Every rule about ordering (finalizer first,
// control plane before workers, teardown order, refusals that write nothing) lives here and is unit-tested.

/** The annotation that carries the hash of the desired state last applied to an object. */
export const SPEC_HASH = "kmetal.io/spec-hash";
/** The Kubernetes version a worker VM was created for. */
export const WORKER_VERSION = "kmetal.io/kubernetes-version";

export type ChildKind = Desired["model"] | "Secret";

/** A child object as the caches hold it. */
export interface ObservedChild {
  model: ChildKind;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** Another tenant, as far as network ownership goes. */
export interface NeighbourTenant {
  name: string;
  creationTimestamp?: string;
  network: TenantSpec["network"];
  /** Its VPC or subnet exists: it holds its network and keeps it. */
  holdsNetwork: boolean;
}

/** What the controller observed for one tenant. */
export interface TenantWorld {
  /** The platform policy; undefined when it is missing or invalid. */
  policy?: PlatformPolicySpec;
  /** The tenant's children and the shared objects it uses (for a deleting tenant: read live, not cached). */
  children: ObservedChild[];
  /** Every other tenant that is not being deleted. */
  others: NeighbourTenant[];
  /** The last probe of the tenant's endpoint, when there is one. */
  apiServer?: ApiServerProbe;
}

export type Action =
  | { type: "addFinalizer"; resourceVersion?: string; hasFinalizers: boolean }
  | { type: "apply"; desired: Desired; hash: string }
  /** Created if missing, never updated by one tenant (the executor covers a lagging cache with a GET). */
  | { type: "ensureShared"; desired: Desired }
  | { type: "ensureJoinSecret"; namespace: string; endpoint: string; adminSecretName: string; caGeneration?: string }
  | { type: "delete"; model: ChildKind; name: string; namespace?: string }
  | { type: "writeStatus"; status: TenantStatus; events: Condition[] }
  /** The CA rotation's phase moved: only that part of the status is written (the crash test names each phase). */
  | { type: "writeCaRotation"; rotation: CaRotationStatus; events: Condition[] }
  /** The operation annotation was taken (or refused): it is removed, if it is still the same. */
  | { type: "clearOperation"; value: string }
  | { type: "markDeleting" }
  | { type: "removeFinalizer"; index: number };

export interface Decision {
  actions: Action[];
  requeueAfterMs?: number;
  log?: string;
}

export interface DecideOptions {
  /** The time written into conditions and step timestamps (lib reads no clock). */
  now: string;
  /** Hash of a desired object, compared with the SPEC_HASH annotation of the live one. */
  hash: (object: unknown) => string;
  /** The console's identity on a real under cluster (per-tenant grants); absent in the embedded mode. */
  consoleSubject?: ConsoleSubject;
}

/** A short, stable name of an action, for logs and for the crash points of the recovery test. */
export function describeAction(a: Action): string {
  switch (a.type) {
    case "apply": case "ensureShared":
      return `${a.type} ${a.desired.model}/${a.desired.object.metadata.name}`;
    case "delete":
      return `delete ${a.model}/${a.name}`;
    case "writeCaRotation":
      return `ca-rotation ${a.rotation.phase}`;
    case "clearOperation":
      return `clear-operation ${a.value}`;
    default:
      return a.type;
  }
}

const find = (w: Pick<TenantWorld, "children">, model: ChildKind, name: string, namespace?: string) =>
  w.children.find((c) => c.model === model && c.metadata.name === name && (c.metadata.namespace ?? undefined) === namespace);

/** The order a tenant's children go in: workers, then the control plane (whose processes must stop before its datastore and network go), then the rest. */
export function teardownTargets(tenant: string, vmNames: string[]): { model: ChildKind; name: string; namespace?: string }[] {
  const n = tenantNames(tenant);
  return [
    ...vmNames.map((name) => ({ model: "VirtualMachine" as const, name, namespace: n.namespace })),
    { model: "TenantControlPlane", name: n.controlPlane, namespace: n.namespace },
    { model: "DataStore", name: n.dataStore },
    { model: "Subnet", name: n.subnet },
    { model: "Vlan", name: n.vlan },
    { model: "Vpc", name: n.vpc },
    { model: "ResourceQuota", name: n.quota, namespace: n.namespace },
    { model: "Namespace", name: n.namespace },
    // Cluster-scoped access objects; the namespaced ones (the console's grant included) go with the namespace.
    ...tenantRbac(tenant, []).filter((r) => r.model === "ClusterRole" || r.model === "ClusterRoleBinding")
      .map((r) => ({ model: r.model as ChildKind, name: r.object.metadata.name })),
  ];
}

const createdAt = (t: { creationTimestamp?: string }) => (t.creationTimestamp ? Date.parse(t.creationTimestamp) : Number.POSITIVE_INFINITY);

/**
 * Whether `a` has the better claim to a network than `b`: a tenant that already holds its network keeps
 * it; otherwise the older tenant wins, and the name breaks a tie. A total order, so two reconciles of
 * two clashing tenants always agree on which one is refused.
 */
export function claimsBefore(a: Pick<NeighbourTenant, "name" | "creationTimestamp" | "holdsNetwork">, b: Pick<NeighbourTenant, "name" | "creationTimestamp" | "holdsNetwork">): boolean {
  if (a.holdsNetwork !== b.holdsNetwork) return a.holdsNetwork;
  if (createdAt(a) !== createdAt(b)) return createdAt(a) < createdAt(b);
  return a.name < b.name;
}

export const holdsNetwork = (w: Pick<TenantWorld, "children">, tenant: string) =>
  !!(find(w, "Vpc", tenantNames(tenant).vpc) || find(w, "Subnet", tenantNames(tenant).subnet));

function refuse(t: TenantObject, problems: PolicyProblem[], now: string, requeueAfterMs?: number): Decision {
  const status = refusedStatus(t, problems, now);
  // Refused before anything is written: a tenant that breaks policy changes nothing but its own status.
  const actions: Action[] = sameStatus(t.status, status) ? [] : [{ type: "writeStatus", status, events: transitions(t.status?.conditions, status.conditions) }];
  return { actions, requeueAfterMs };
}

type CpStatus = { controlPlaneEndpoint?: string; kubernetesResources?: { version?: { status?: string; version?: string } }; kubeconfig?: { admin?: { secretName?: string } } };
const versionOf = (vm: ObservedChild) => (vm.spec?.template as { metadata?: { annotations?: Record<string, string> } } | undefined)?.metadata?.annotations?.[WORKER_VERSION];

/** What to do next for one tenant, given what was observed. */
export function decide(tenant: TenantObject, world: TenantWorld, opts: DecideOptions): Decision {
  const name = tenant.metadata.name;
  if (tenant.metadata.deletionTimestamp) return teardown(tenant, world);
  if (!tenant.metadata.finalizers?.includes(TENANT_FINALIZER)) {
    // The update event brings the controller back with the fresh object; nothing else is written first.
    return { actions: [{ type: "addFinalizer", resourceVersion: tenant.metadata.resourceVersion, hasFinalizers: !!tenant.metadata.finalizers }] };
  }
  if (!world.policy) {
    return refuse(tenant, [{ field: "platformpolicy/platform", reason: "VersionNotAllowed", message: "there is no valid PlatformPolicy named 'platform'" }], opts.now, 10_000);
  }
  // Only tenants with a better claim can take this tenant's network away; a newcomer never refuses an older one.
  const me = { name, creationTimestamp: tenant.metadata.creationTimestamp, holdsNetwork: holdsNetwork(world, name) };
  const rivals: OtherTenant[] = world.others.filter((o) => o.name !== name && claimsBefore(o, me)).map((o) => ({ name: o.name, spec: { network: o.network } }));
  const verdict = validateTenant(name, tenant.spec, world.policy, rivals, { nameOthers: false });
  if (!verdict.ok) return refuse(tenant, verdict.problems, opts.now);

  const n = tenantNames(name);
  const version = tenant.spec.kubernetesVersion;
  const tcp = find(world, "TenantControlPlane", n.controlPlane, n.namespace);

  // A CA rotation moves on its own: an operation taken (or refused) and cleared, or the operator's answer
  // moving the phase; each is written alone, and the next reconcile carries on from it.
  const rotationNow = tenant.status?.credentials?.rotation?.certificateAuthorities;
  const ca = nextCaRotation(rotationNow, tenant.metadata.annotations?.[OPERATION_ANNOTATION], tcp?.metadata.annotations?.[CA_ROTATION_DONE], opts.now);
  if (ca.status || ca.clear !== undefined) {
    const actions: Action[] = [];
    if (ca.status) {
      actions.push({ type: "writeCaRotation", rotation: ca.status, events: [{ type: "CARotation", status: "True", reason: `CARotation${ca.status.phase}`, message: `the tenant CA rotation is ${ca.status.phase}` }] });
    }
    if (ca.clear !== undefined) actions.push({ type: "clearOperation", value: ca.clear });
    return { actions, requeueAfterMs: 100, ...(ca.refused ? { log: `tenant ${name}: ${ca.clear} not taken: ${ca.refused}` } : {}) };
  }
  const cp = tcp?.status as CpStatus | undefined;
  const cpReady = cp?.kubernetesResources?.version?.status === "Ready" && !!cp.controlPlaneEndpoint;
  const cpVersion = cp?.kubernetesResources?.version?.version;
  const liveVms = world.children.filter((c) => c.model === "VirtualMachine" && c.metadata.labels?.[TENANT_LABEL] === name);
  // Upgrades go control plane first, then workers: workers keep their version until the control plane runs the new one.
  const workerVersion = cpReady && cpVersion === version ? version : (liveVms.map(versionOf).find(Boolean) ?? version);

  const plan = planTenant({
    tenant, quota: verdict.quota, addons: verdict.addons, platformCidrs: world.policy.platformCidrs ?? [], workerVersion, consoleSubject: opts.consoleSubject,
    caRotation: caRotationRequest(rotationNow),
  });
  const actions: Action[] = [];
  const applyIfChanged = (d: Desired) => {
    const live = find(world, d.model, d.object.metadata.name, d.object.metadata.namespace);
    if (d.shared) {
      if (!live) actions.push({ type: "ensureShared", desired: d });
      return;
    }
    const hash = opts.hash(d.object);
    if (live?.metadata.annotations?.[SPEC_HASH] !== hash) actions.push({ type: "apply", desired: d, hash });
  };
  const applied = new Set<string>();
  for (const d of plan) {
    if (d.step === "workers") continue;
    applyIfChanged(d);
    applied.add(d.step);
  }

  // Workers join a running control plane: they are written once it is ready and the join secret exists.
  const wanted = plan.filter((d) => d.step === "workers");
  const wantedNames = new Set(wanted.map((d) => d.object.metadata.name));
  const adminSecret = cp?.kubeconfig?.admin?.secretName;
  if (cpReady && adminSecret) {
    const join = find(world, "Secret", n.joinSecret, n.namespace);
    const generation = caGeneration(rotationNow);
    if (!join) {
      actions.push({ type: "ensureJoinSecret", namespace: n.namespace, endpoint: cp.controlPlaneEndpoint!, adminSecretName: adminSecret, ...(generation ? { caGeneration: generation } : {}) });
    } else if (join.metadata.annotations?.[CA_GENERATION] !== generation && !join.metadata.deletionTimestamp) {
      // It pins a CA that a completed rotation removed: made again (next run) with the CA in effect.
      actions.push({ type: "delete", model: "Secret", name: n.joinSecret, namespace: n.namespace });
    }
    for (const d of wanted) applyIfChanged(d);
    applied.add("workers");
    for (const vm of liveVms) {
      if (!wantedNames.has(vm.metadata.name) && !vm.metadata.deletionTimestamp) actions.push({ type: "delete", model: "VirtualMachine", name: vm.metadata.name, namespace: n.namespace });
    }
  }

  const subnet = find(world, "Subnet", n.subnet);
  const subnetReady = ((subnet?.status?.conditions as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === "Ready" && c.status === "True");
  const kept = liveVms.filter((v) => wantedNames.has(v.metadata.name));
  const status = computeStatus(tenant, {
    subnetReady,
    dataStoreReady: find(world, "DataStore", n.dataStore)?.status?.ready === true,
    controlPlane: tcp ? { ready: cpReady, endpoint: cp?.controlPlaneEndpoint ? `https://${cp.controlPlaneEndpoint}` : undefined, version: cpVersion } : undefined,
    desiredWorkers: wanted.length,
    readyWorkers: kept.filter((v) => v.status?.ready === true).length,
    workerVersion: kept.map(versionOf).find((v) => v && v !== version) ?? (kept.length ? version : undefined),
    apiServer: world.apiServer,
    applied: new Set([...applied, ...(tenant.status?.steps ?? []).filter((s) => s.startedAt).map((s) => s.name)]),
  }, n.namespace, opts.now);
  if (rotationNow) status.credentials = { rotation: { certificateAuthorities: rotationNow } };
  if (!sameStatus(tenant.status, status)) actions.push({ type: "writeStatus", status, events: transitions(tenant.status?.conditions, status.conditions) });
  return { actions, requeueAfterMs: status.phase === "Ready" ? undefined : 5_000 };
}

/** Deletes every child of the tenant in order, then lets the Tenant go. */
function teardown(tenant: TenantObject, world: TenantWorld): Decision {
  const name = tenant.metadata.name;
  const actions: Action[] = tenant.status?.phase === "Deleting" ? [] : [{ type: "markDeleting" }];
  const vms = world.children.filter((c) => c.model === "VirtualMachine" && c.metadata.labels?.[TENANT_LABEL] === name).map((c) => c.metadata.name);
  let remaining = 0;
  for (const target of teardownTargets(name, vms)) {
    const live = find(world, target.model, target.name, target.namespace);
    if (!live) continue;
    remaining++;
    if (!live.metadata.deletionTimestamp) actions.push({ type: "delete", ...target });
    // The control plane's processes must be gone before its datastore and network go.
    if (target.model === "TenantControlPlane") return { actions, requeueAfterMs: 1_000 };
  }
  if (remaining > 0) return { actions, requeueAfterMs: 1_000 };
  const index = tenant.metadata.finalizers?.indexOf(TENANT_FINALIZER) ?? -1;
  if (index >= 0) actions.push({ type: "removeFinalizer", index });
  return { actions, log: `tenant ${name}: deleted with all its children` };
}
