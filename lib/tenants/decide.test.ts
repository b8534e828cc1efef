import { describe, expect, it } from "vitest";
import type { PlatformPolicySpec, TenantObject, TenantSpec } from "@/lib/schemas/tenant";
import { claimsBefore, decide, describeAction, SPEC_HASH, WORKER_VERSION, type Action, type NeighbourTenant, type ObservedChild, type TenantWorld } from "@/lib/tenants/decide";
import { TENANT_FINALIZER, TENANT_LABEL } from "@/lib/tenants/names";
import { stableJson } from "@/lib/tenants/status";

const policy: PlatformPolicySpec = { allowedVersions: ["v1.36.3", "v1.36.4"], vlanRange: { min: 100, max: 200 } };
const opts = { now: "2026-01-01T00:00:00Z", hash: (o: unknown) => String(stableJson(o).length) + stableJson(o).slice(-40) };

function tenant(over: Partial<TenantSpec> = {}, meta: Partial<TenantObject["metadata"]> = {}, status?: TenantObject["status"]): TenantObject {
  return {
    metadata: { name: "a", uid: "u-a", generation: 1, resourceVersion: "7", finalizers: [TENANT_FINALIZER], creationTimestamp: "2026-01-01T00:00:00Z", ...meta },
    spec: {
      kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: "10.20.0.0/24" },
      workerPools: [{ name: "w", replicas: 2, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }], ...over,
    },
    ...(status ? { status } : {}),
  };
}

const child = (model: ObservedChild["model"], name: string, namespace?: string, extra: Partial<ObservedChild> = {}): ObservedChild =>
  ({ model, metadata: { name, ...(namespace ? { namespace } : {}), labels: { [TENANT_LABEL]: "a" } }, ...extra });
const tcp = (version: string, ready = true, adminSecret = true) =>
  child("TenantControlPlane", "a", "tenant-a", {
    status: {
      controlPlaneEndpoint: "127.0.0.1:6443",
      kubernetesResources: { version: { status: ready ? "Ready" : "Upgrading", version } },
      ...(adminSecret ? { kubeconfig: { admin: { secretName: "a-admin-kubeconfig" } } } : {}),
    },
  });
const joinSecret = child("Secret", "worker-join", "tenant-a");
const vm = (name: string, version: string, extra: { ready?: boolean; deleting?: boolean } = {}) => ({
  ...child("VirtualMachine", name, "tenant-a", { spec: { template: { metadata: { annotations: { [WORKER_VERSION]: version } } } }, status: { ready: extra.ready ?? true } }),
  ...(extra.deleting ? { metadata: { name, namespace: "tenant-a", labels: { [TENANT_LABEL]: "a" }, deletionTimestamp: "2026-01-01T00:00:00Z" } } : {}),
});
const world = (children: ObservedChild[] = [], others: NeighbourTenant[] = []): TenantWorld => ({ policy, children, others });

/** The children after an earlier run wrote everything it decided: each applied object carries its hash. */
function converged(t: TenantObject, base: ObservedChild[], withWorkers = true): ObservedChild[] {
  const out = [...base];
  for (const a of decide(t, world(base), opts).actions) {
    if (a.type !== "apply" || (!withWorkers && a.desired.model === "VirtualMachine")) continue;
    const o = a.desired.object;
    const i = out.findIndex((c) => c.model === a.desired.model && c.metadata.name === o.metadata.name);
    const written = { ...(i >= 0 ? out[i] : { model: a.desired.model, ...o }), metadata: { ...o.metadata, annotations: { [SPEC_HASH]: a.hash } } } as ObservedChild;
    if (i >= 0) out[i] = written;
    else out.push(written);
  }
  return out;
}
const kinds = (actions: Action[]) => actions.map(describeAction);
const applied = (actions: Action[], model: string) => actions.flatMap((a) => (a.type === "apply" && a.desired.model === model ? [a.desired] : []));

describe("decide: finalizer first", () => {
  it.each([
    ["a new tenant", tenant({}, { finalizers: undefined })],
    ["a tenant with another finalizer", tenant({}, { finalizers: ["other"] })],
    ["a tenant that breaks policy", tenant({ kubernetesVersion: "v1.20.0" }, { finalizers: undefined })],
  ])("%s gets only the finalizer, conditional on its resourceVersion", (_, t) => {
    const d = decide(t, world(), opts);
    expect(d.actions).toEqual([{ type: "addFinalizer", resourceVersion: "7", hasFinalizers: !!t.metadata.finalizers }]);
  });
});

describe("decide: a refused tenant writes nothing but its status", () => {
  const older: NeighbourTenant = { name: "older", creationTimestamp: "2025-12-01T00:00:00Z", network: { mode: "overlay", cidr: "10.20.0.0/16" }, holdsNetwork: true };
  const vlanOwner: NeighbourTenant = { name: "vlan-owner", creationTimestamp: "2025-12-01T00:00:00Z", network: { mode: "vlan", cidr: "10.99.0.0/24", vlanId: 150 }, holdsNetwork: true };
  it.each([
    ["a version the policy does not allow", tenant({ kubernetesVersion: "v1.20.0" }), world(), "VersionNotAllowed"],
    ["no platform policy", tenant(), { ...world(), policy: undefined }, "VersionNotAllowed"],
    ["a CIDR inside an older tenant's network", tenant(), world([], [older]), "CidrOverlap"],
    ["a VLAN an older tenant uses", tenant({ network: { mode: "vlan", cidr: "10.30.0.0/24", vlanId: 150 } }), world([], [vlanOwner]), "VlanInUse"],
  ])("%s", (_, t, w, reason) => {
    const d = decide(t, w, opts);
    expect(d.actions.map((a) => a.type)).toEqual(["writeStatus"]);
    const status = (d.actions[0] as Extract<Action, { type: "writeStatus" }>).status;
    expect(status.phase).toBe("Refused");
    const accepted = status.conditions!.find((c) => c.type === "PolicyAccepted")!;
    expect(accepted.reason).toBe(reason);
    // Conditions and events reach tenant users: they never name another tenant.
    expect(accepted.message).not.toMatch(/older|vlan-owner/);
    // Already refused with the same status: nothing at all is written.
    expect(decide({ ...t, status }, w, opts).actions).toEqual([]);
  });
});

describe("decide: network claims", () => {
  const rival = (over: Partial<NeighbourTenant>): NeighbourTenant => ({ name: "b", creationTimestamp: "2026-01-01T00:00:00Z", network: { mode: "overlay", cidr: "10.20.0.0/24" }, holdsNetwork: false, ...over });
  it.each([
    ["an older tenant", rival({ creationTimestamp: "2025-12-31T23:59:59Z" }), [], true],
    ["a newer tenant", rival({ creationTimestamp: "2026-01-01T00:00:01Z" }), [], false],
    ["a newer tenant that already holds its network", rival({ creationTimestamp: "2026-01-01T00:00:01Z", holdsNetwork: true }), [], true],
    ["an older tenant, when this one holds its network", rival({ creationTimestamp: "2025-12-31T00:00:00Z" }), [child("Subnet", "kmetal-a")], false],
    ["a tenant created in the same second with a smaller name", rival({ name: "0a" }), [], true],
    ["a tenant created in the same second with a larger name", rival({ name: "b" }), [], false],
  ])("overlapping %s: refuses this one = %s", (_, other, children, refused) => {
    const d = decide(tenant(), world(children, [other]), opts);
    const status = d.actions.find((a) => a.type === "writeStatus") as Extract<Action, { type: "writeStatus" }>;
    expect(status.status.phase === "Refused").toBe(refused);
    expect(d.actions.some((a) => a.type === "apply")).toBe(!refused);
  });
  it("is a total order: of two clashing tenants exactly one goes first", () => {
    const a = { name: "a", creationTimestamp: "2026-01-01T00:00:00Z", holdsNetwork: false };
    const b = { name: "b", creationTimestamp: "2026-01-01T00:00:00Z", holdsNetwork: false };
    expect([claimsBefore(a, b), claimsBefore(b, a)]).toEqual([true, false]);
  });
});

describe("decide: provisioning order", () => {
  it("writes the namespace, network, datastore, control plane and quota, but no worker before the control plane runs", () => {
    const d = decide(tenant(), world(), opts);
    expect(kinds(d.actions).filter((k) => !k.includes("Role"))).toEqual([
      "apply Namespace/tenant-a", "apply Vpc/kmetal-a", "apply Subnet/kmetal-a", "apply DataStore/kmetal-a-etcd",
      "apply TenantControlPlane/a", "apply ResourceQuota/kmetal-quota", "writeStatus",
    ]);
    expect(d.requeueAfterMs).toBeGreaterThan(0);
  });

  it.each([
    ["control plane not created", [], []],
    ["control plane not ready", [tcp("v1.36.3", false)], []],
    ["control plane ready, admin kubeconfig not yet published", [tcp("v1.36.3", true, false)], []],
    ["control plane ready, no join secret yet", [tcp("v1.36.3")], ["ensureJoinSecret", "apply VirtualMachine/w-0", "apply VirtualMachine/w-1"]],
    ["control plane ready and join secret present", [tcp("v1.36.3"), joinSecret], ["apply VirtualMachine/w-0", "apply VirtualMachine/w-1"]],
  ])("join gating: %s", (_, base, expected) => {
    const t = tenant();
    const d = decide(t, world(converged(t, base as ObservedChild[], false)), opts);
    expect(kinds(d.actions).filter((k) => k.includes("VirtualMachine") || k === "ensureJoinSecret")).toEqual(expected);
  });

  it("writes nothing for a converged tenant whose status is current", () => {
    const t = tenant();
    const ready: Record<string, Record<string, unknown>> = { VirtualMachine: { ready: true }, DataStore: { ready: true }, Subnet: { conditions: [{ type: "Ready", status: "True" }] } };
    const children = converged(t, [tcp("v1.36.3"), joinSecret]).map((c) => (ready[c.model] ? { ...c, status: ready[c.model] } : c));
    const first = decide(t, world(children), opts);
    expect(kinds(first.actions)).toEqual(["writeStatus"]);
    const status = (first.actions[0] as Extract<Action, { type: "writeStatus" }>).status;
    expect(status.phase).toBe("Ready");
    expect(decide({ ...t, status }, world(children), opts)).toEqual({ actions: [], requeueAfterMs: undefined });
  });
});

describe("decide: upgrades go control plane first, then workers", () => {
  it.each([
    // spec version, control plane reports, live workers run → version written into the workers
    ["v1.36.4", tcp("v1.36.3"), "v1.36.3", "v1.36.3"],
    ["v1.36.4", tcp("v1.36.4"), "v1.36.3", "v1.36.4"],
    ["v1.36.3", tcp("v1.36.3"), "v1.36.3", "v1.36.3"],
    ["v1.36.4", tcp("v1.36.4"), undefined, "v1.36.4"],
  ])("spec %s, control plane %#, workers %s → %s", (version, cp, live, expected) => {
    const t = tenant({ kubernetesVersion: version });
    const vms = live ? [vm("w-0", live), vm("w-1", live)] : [];
    const d = decide(t, world([cp, joinSecret, ...vms]), opts);
    const desired = applied(d.actions, "VirtualMachine");
    expect(desired).toHaveLength(2);
    for (const v of desired) expect((v.object.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations[WORKER_VERSION]).toBe(expected);
    expect((applied(d.actions, "TenantControlPlane")[0]!.object.spec as { kubernetes: { version: string } }).kubernetes.version).toBe(version);
  });
});

describe("decide: scaling down prunes the workers no pool wants", () => {
  it.each([
    ["3 → 1", 1, [vm("w-0", "v1.36.3"), vm("w-1", "v1.36.3"), vm("w-2", "v1.36.3")], ["delete VirtualMachine/w-1", "delete VirtualMachine/w-2"]],
    ["3 → 1, one already going", 1, [vm("w-0", "v1.36.3"), vm("w-1", "v1.36.3", { deleting: true }), vm("w-2", "v1.36.3")], ["delete VirtualMachine/w-2"]],
    ["2 → 2", 2, [vm("w-0", "v1.36.3"), vm("w-1", "v1.36.3")], []],
    ["to 0", 0, [vm("w-0", "v1.36.3")], ["delete VirtualMachine/w-0"]],
  ])("%s", (_, replicas, vms, expected) => {
    const t = tenant({ workerPools: [{ name: "w", replicas, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] });
    const d = decide(t, world([tcp("v1.36.3"), joinSecret, ...vms]), opts);
    expect(kinds(d.actions).filter((k) => k.startsWith("delete"))).toEqual(expected);
  });
  it("never prunes before the control plane runs (its workers are unknown to it)", () => {
    const t = tenant({ workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] });
    expect(kinds(decide(t, world([tcp("v1.36.3", false), vm("w-0", "v1.36.3")]), opts).actions).filter((k) => k.startsWith("delete"))).toEqual([]);
  });
});

describe("decide: teardown order", () => {
  const deleting = (phase?: "Deleting") => tenant({}, { deletionTimestamp: "2026-01-01T00:00:00Z" }, phase ? { phase } : undefined);
  const all = [vm("w-0", "v1.36.3"), tcp("v1.36.3"), child("DataStore", "kmetal-a-etcd"), child("Subnet", "kmetal-a"), child("Vpc", "kmetal-a"), child("Namespace", "tenant-a")];
  it("deletes the workers and the control plane, then waits for the control plane to go", () => {
    const d = decide(deleting(), world(all), opts);
    expect(kinds(d.actions)).toEqual(["markDeleting", "delete VirtualMachine/w-0", "delete TenantControlPlane/a"]);
    expect(d.requeueAfterMs).toBeGreaterThan(0);
  });
  it("then the datastore, the network and the namespace, never twice", () => {
    const rest = all.slice(2).map((c, i) => (i === 0 ? { ...c, metadata: { ...c.metadata, deletionTimestamp: "x" } } : c));
    const d = decide(deleting("Deleting"), world(rest), opts);
    expect(kinds(d.actions)).toEqual(["delete Subnet/kmetal-a", "delete Vpc/kmetal-a", "delete Namespace/tenant-a"]);
    expect(d.requeueAfterMs).toBeGreaterThan(0);
  });
  it("lets the Tenant go once nothing is left", () => {
    const d = decide(tenant({}, { deletionTimestamp: "x", finalizers: ["other", TENANT_FINALIZER] }, { phase: "Deleting" }), world([]), opts);
    expect(d.actions).toEqual([{ type: "removeFinalizer", index: 1 }]);
    expect(d.requeueAfterMs).toBeUndefined();
  });
});

describe("decide: a CA rotation", () => {
  const T0 = "2026-01-01T00:00:00Z";
  const withDone = (done?: string): ObservedChild => {
    const c = tcp("v1.36.3");
    const annotations: Record<string, string> = done ? { "kmetal.io/ca-rotation-done": done } : {};
    return { ...c, metadata: { ...c.metadata, annotations } };
  };

  it("an operation is taken alone: the phase written, then the annotation cleared; nothing else in that reconcile", () => {
    const t = tenant({}, { annotations: { "kmetal.io/operation": "rotate-ca-start" } }, { phase: "Ready" });
    const d = decide(t, world([withDone(), joinSecret]), opts);
    expect(kinds(d.actions)).toEqual(["ca-rotation Preparing", "clear-operation rotate-ca-start"]);
    expect(d.actions[0]).toMatchObject({ rotation: { phase: "Preparing", lastInitiationTime: opts.now } });
  });

  it("a refused operation is cleared and logged, and the phase stays", () => {
    const t = tenant({}, { annotations: { "kmetal.io/operation": "rotate-ca-complete" } }, { phase: "Ready" });
    const d = decide(t, world([withDone(), joinSecret]), opts);
    expect(kinds(d.actions)).toEqual(["clear-operation rotate-ca-complete"]);
    expect(d.log).toMatch(/rotate-ca-complete not taken: no CA rotation has been started/);
  });

  it("the phase in progress goes to the operator on the TenantControlPlane, and is kept in the written status", () => {
    const rotation = { phase: "Preparing" as const, lastInitiationTime: T0 };
    const t = tenant({}, {}, { phase: "Ready", credentials: { rotation: { certificateAuthorities: rotation } } });
    const d = decide(t, world([withDone(), joinSecret]), opts);
    expect(applied(d.actions, "TenantControlPlane")[0]!.object.metadata.annotations).toMatchObject({ "kmetal.io/ca-rotation": `${T0}/Prepare` });
    const status = d.actions.find((a) => a.type === "writeStatus");
    expect(status && status.type === "writeStatus" ? status.status.credentials : undefined).toEqual({ rotation: { certificateAuthorities: rotation } });
  });

  it("a completed rotation makes the workers' join Secret again, pinned to the new CA; until then it stays", () => {
    const done = { phase: "Completed" as const, lastInitiationTime: T0, lastCompletionTime: "2026-01-01T01:00:00Z" };
    const t = tenant({}, {}, { phase: "Ready", credentials: { rotation: { certificateAuthorities: done } } });
    const pinned = (generation?: string): ObservedChild => ({ ...joinSecret, metadata: { ...joinSecret.metadata, annotations: generation ? { "kmetal.io/ca-generation": generation } : {} } });
    expect(kinds(decide(t, world([withDone(`${T0}/Completed`), pinned()]), opts).actions)).toContain("delete Secret/worker-join");
    expect(kinds(decide(t, world([withDone(`${T0}/Completed`), pinned(done.lastCompletionTime)]), opts).actions)).not.toContain("delete Secret/worker-join");
    const ensure = decide(t, world([withDone(`${T0}/Completed`)]), opts).actions.find((a) => a.type === "ensureJoinSecret");
    expect(ensure).toMatchObject({ caGeneration: done.lastCompletionTime });
    // A rotation under way still serves the CA of the last completed one.
    const preparing = tenant({}, {}, { phase: "Ready", credentials: { rotation: { certificateAuthorities: { phase: "Preparing", lastInitiationTime: T0 } } } });
    expect(kinds(decide(preparing, world([withDone(), pinned()]), opts).actions)).not.toContain("delete Secret/worker-join");
  });

  it("the operator's answer moves Preparing to Prepared and Completing to Completed", () => {
    const preparing = tenant({}, {}, { phase: "Ready", credentials: { rotation: { certificateAuthorities: { phase: "Preparing", lastInitiationTime: T0 } } } });
    expect(kinds(decide(preparing, world([withDone(`${T0}/Prepared`), joinSecret]), opts).actions)).toEqual(["ca-rotation Prepared"]);
    const completing = tenant({}, {}, { phase: "Ready", credentials: { rotation: { certificateAuthorities: { phase: "Completing", lastInitiationTime: T0 } } } });
    expect(kinds(decide(completing, world([withDone(`${T0}/Prepared`), joinSecret]), opts).actions)).not.toContain("ca-rotation Completed");
    expect(kinds(decide(completing, world([withDone(`${T0}/Completed`), joinSecret]), opts).actions)).toEqual(["ca-rotation Completed"]);
  });
});
