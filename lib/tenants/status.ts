import type { Condition, TenantObject, TenantStatus } from "@/lib/schemas/tenant";
import type { PolicyProblem } from "@/lib/tenants/validate";

/** What the reconciler observed of a tenant's children (from watch caches). */
export interface Observed {
  subnetReady: boolean;
  dataStoreReady: boolean;
  controlPlane?: { ready: boolean; endpoint?: string; version?: string };
  desiredWorkers: number;
  readyWorkers: number;
  /** Steps whose objects have been written at least once. */
  applied: Set<string>;
  /** The version the workers run (lags the control plane during an upgrade). */
  workerVersion?: string;
  /** The last probe of the tenant's endpoint, once its control plane is ready (see EndpointProber). */
  apiServer?: ApiServerProbe;
}

/** Whether the tenant's API server answered at its load-balanced endpoint, as last probed. */
export interface ApiServerProbe {
  endpoint: string;
  available: boolean;
  /** HealthzOK, HealthzFailed or Unreachable. */
  reason: string;
  message: string;
}

const STEP_ORDER = ["namespace", "network", "datastore", "controlPlane", "workers", "quota"] as const;

function condition(prev: Condition[] | undefined, type: string, ok: boolean, reason: string, message: string, generation?: number, now = new Date().toISOString()): Condition {
  const status = ok ? "True" : "False";
  const old = prev?.find((c) => c.type === type);
  const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : now;
  return { type, status, reason, message, lastTransitionTime, observedGeneration: generation };
}

/** A refused tenant: its PolicyAccepted condition carries every problem, readable as is. */
export function refusedStatus(t: TenantObject, problems: PolicyProblem[], now = new Date().toISOString()): TenantStatus {
  const prev = t.status?.conditions;
  const message = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  const conditions = [
    condition(prev, "PolicyAccepted", false, problems[0]!.reason, message, t.metadata.generation, now),
    condition(prev, "Ready", false, "PolicyViolation", "the tenant breaks the platform policy; nothing was changed", t.metadata.generation, now),
    ...(prev ?? []).filter((c) => !["PolicyAccepted", "Ready"].includes(c.type)),
  ];
  return { ...t.status, phase: "Refused", observedGeneration: t.metadata.generation, conditions };
}

/** Conditions, phase and step timestamps from what the children report. */
export function computeStatus(t: TenantObject, o: Observed, namespace: string, now = new Date().toISOString()): TenantStatus {
  const prev = t.status?.conditions;
  const gen = t.metadata.generation;
  const cp = o.controlPlane;
  const workersOk = o.readyWorkers >= o.desiredWorkers;
  const done: Record<(typeof STEP_ORDER)[number], boolean> = {
    namespace: o.applied.has("namespace"),
    network: o.subnetReady,
    datastore: o.dataStoreReady,
    controlPlane: !!cp?.ready,
    workers: o.applied.has("workers") && workersOk,
    quota: o.applied.has("quota"),
  };
  const conditions: Condition[] = [
    condition(prev, "PolicyAccepted", true, "Accepted", "within the platform policy", gen, now),
    condition(prev, "NetworkReady", done.network, done.network ? "SubnetReady" : "SubnetPending", done.network ? "VPC and subnet are ready" : "waiting for the subnet", gen, now),
    condition(prev, "DatastoreReady", done.datastore, done.datastore ? "DataStoreReady" : "DataStorePending", done.datastore ? "the dedicated etcd is ready" : "waiting for the dedicated etcd", gen, now),
    condition(prev, "ControlPlaneReady", done.controlPlane, done.controlPlane ? "TenantControlPlaneReady" : "TenantControlPlanePending",
      done.controlPlane ? `control plane ${cp?.version ?? ""} ready at ${cp?.endpoint ?? "?"}` : "waiting for the tenant control plane", gen, now),
    condition(prev, "WorkersReady", done.workers, done.workers ? "WorkersReady" : "WorkersPending", `${o.readyWorkers}/${o.desiredWorkers} workers ready`, gen, now),
  ];
  // Gardener's name for it: the API server answers at the endpoint tenants use (probed, not reported by the
  // control plane). Only once the control plane is ready and the endpoint has been probed where it is now.
  const probe = o.apiServer;
  if (done.controlPlane && probe && probe.endpoint === cp?.endpoint) {
    conditions.push(condition(prev, "APIServerAvailable", probe.available, probe.reason, probe.message, gen, now));
  }
  const ready = conditions.every((c) => c.status === "True");
  // A tenant that served keeps serving while its workers change: the control plane is up and every worker
  // that was ready before still is. Ready stays True and the phase says Updating, so a scale or an
  // upgrade does not page anyone; WorkersReady carries the detail.
  const wasServing = t.status?.phase === "Ready" || t.status?.phase === "Updating";
  const stillServing = conditions.every((c) => c.type === "WorkersReady" || c.status === "True") && o.readyWorkers >= Math.min(t.status?.readyWorkers ?? 0, o.desiredWorkers);
  const version = t.spec.kubernetesVersion;
  const upgrading = (!!cp?.version && cp.version !== version) || (!!o.workerVersion && o.workerVersion !== version);
  const operation: TenantStatus["operation"] =
    !workersOk ? { type: "Scaling", readyWorkers: o.readyWorkers, desiredWorkers: o.desiredWorkers } : upgrading ? { type: "Upgrading", version } : undefined;
  const updating = wasServing && stillServing && !!operation;
  conditions.push(
    updating
      ? condition(prev, "Ready", true, "Updating", operation.type === "Scaling" ? `serving while scaling: ${o.readyWorkers}/${o.desiredWorkers} workers ready` : `serving while upgrading to ${version}`, gen, now)
      : condition(prev, "Ready", ready, ready ? "Ready" : "Provisioning", ready ? "the tenant cluster is ready" : "provisioning", gen, now),
  );

  const wasReady = t.status?.phase === "Ready" || t.status?.phase === "Updating" || t.status?.phase === "Degraded";
  const steps = STEP_ORDER.map((name) => {
    const old = t.status?.steps?.find((s) => s.name === name);
    const started = old?.startedAt ?? (o.applied.has(name) ? now : undefined);
    const finished = old?.finishedAt ?? (done[name] && started ? now : undefined);
    return { name, ...(started ? { startedAt: started } : {}), ...(finished ? { finishedAt: finished } : {}) };
  });
  return {
    phase: updating ? "Updating" : ready ? "Ready" : wasReady ? "Degraded" : "Provisioning",
    ...(updating ? { operation } : {}),
    observedGeneration: gen,
    endpoint: cp?.endpoint,
    version: cp?.version,
    desiredWorkers: o.desiredWorkers,
    readyWorkers: o.readyWorkers,
    namespace,
    conditions,
    steps,
  };
}

/** Conditions that became True or False since the last status: each is told as an Event on the Tenant. */
export function transitions(prev: Condition[] = [], next: Condition[] = []): Condition[] {
  return next.filter((c) => prev.find((p) => p.type === c.type)?.status !== c.status);
}

/** JSON with sorted keys and without undefined values: equal data, equal text. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Status equality that ignores key order, so an unchanged status is never rewritten. */
export const sameStatus = (a?: TenantStatus, b?: TenantStatus) => stableJson(a ?? {}) === stableJson(b ?? {});
