import { describe, expect, it } from "vitest";
import type { TenantObject, TenantStatus } from "@/lib/schemas/tenant";
import { computeStatus, type Observed } from "@/lib/tenants/status";

const T0 = "2026-01-01T00:00:00Z";
const T1 = "2026-01-01T00:05:00Z";
const tenant = (status?: TenantStatus, version = "v1.36.3"): TenantObject => ({
  metadata: { name: "a", generation: 2 },
  spec: { kubernetesVersion: version, network: { mode: "overlay", cidr: "10.20.0.0/24" }, workerPools: [{ name: "w", replicas: 3, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] },
  ...(status ? { status } : {}),
});
const observed = (over: Partial<Observed> = {}): Observed => ({
  subnetReady: true, dataStoreReady: true, controlPlane: { ready: true, endpoint: "https://127.0.0.1:6443", version: "v1.36.3" },
  desiredWorkers: 2, readyWorkers: 2, applied: new Set(["namespace", "network", "datastore", "controlPlane", "workers", "quota"]), workerVersion: "v1.36.3", ...over,
});
const cond = (s: TenantStatus, type: string) => s.conditions!.find((c) => c.type === type)!;
const readyAt = (o: Observed = observed()) => computeStatus(tenant(), o, "tenant-a", T0);

describe("computeStatus", () => {
  it("a fully served tenant is Ready, with no operation", () => {
    const s = readyAt();
    expect(s.phase).toBe("Ready");
    expect(s.operation).toBeUndefined();
    expect(s.conditions!.every((c) => c.status === "True")).toBe(true);
  });

  it("scaling a Ready tenant up keeps Ready True (same transition time) and shows Updating with the detail", () => {
    const before = readyAt();
    const s = computeStatus(tenant(before), observed({ desiredWorkers: 3, readyWorkers: 2 }), "tenant-a", T1);
    expect(s.phase).toBe("Updating");
    expect(s.operation).toEqual({ type: "Scaling", readyWorkers: 2, desiredWorkers: 3 });
    expect(cond(s, "Ready")).toMatchObject({ status: "True", reason: "Updating", lastTransitionTime: T0 });
    expect(cond(s, "WorkersReady")).toMatchObject({ status: "False", message: "2/3 workers ready" });
    // One more worker joins: still Updating; then all are ready: Ready again, the operation is gone.
    const s2 = computeStatus(tenant(s), observed({ desiredWorkers: 4, readyWorkers: 3 }), "tenant-a", T1);
    expect([s2.phase, cond(s2, "Ready").status]).toEqual(["Updating", "True"]);
    const s3 = computeStatus(tenant(s2), observed({ desiredWorkers: 4, readyWorkers: 4 }), "tenant-a", T1);
    expect([s3.phase, s3.operation, cond(s3, "Ready").lastTransitionTime]).toEqual(["Ready", undefined, T0]);
  });

  it.each([
    ["a worker that served stops serving", observed({ desiredWorkers: 3, readyWorkers: 1 })],
    ["the control plane stops serving during a scale", observed({ desiredWorkers: 3, readyWorkers: 2, controlPlane: { ready: false } })],
    ["the network stops serving during a scale", observed({ desiredWorkers: 3, readyWorkers: 2, subnetReady: false })],
  ])("Degraded, not Updating, when %s", (_, o) => {
    const s = computeStatus(tenant(readyAt()), o, "tenant-a", T1);
    expect([s.phase, cond(s, "Ready").status, s.operation]).toEqual(["Degraded", "False", undefined]);
  });

  it("APIServerAvailable follows the probe of the endpoint; a Ready tenant whose API server stops answering is Degraded", () => {
    const endpoint = "https://127.0.0.1:6443";
    const ok = { endpoint, available: true, reason: "HealthzOK", message: "/livez answered 200 in 12 ms" };
    const up = computeStatus(tenant(readyAt()), observed({ apiServer: ok }), "tenant-a", T1);
    expect([up.phase, cond(up, "APIServerAvailable").status, cond(up, "APIServerAvailable").reason]).toEqual(["Ready", "True", "HealthzOK"]);
    const down = computeStatus(tenant(up), observed({ apiServer: { endpoint, available: false, reason: "Unreachable", message: "connect ECONNREFUSED" } }), "tenant-a", T1);
    expect([down.phase, cond(down, "Ready").status]).toEqual(["Degraded", "False"]);
    expect(cond(down, "APIServerAvailable")).toMatchObject({ status: "False", reason: "Unreachable", message: "connect ECONNREFUSED", lastTransitionTime: T1 });
    // No probe yet, a probe of another endpoint, or a control plane not ready: no such condition.
    expect(readyAt().conditions!.some((c) => c.type === "APIServerAvailable")).toBe(false);
    expect(readyAt(observed({ apiServer: { ...ok, endpoint: "https://127.0.0.1:7443" } })).conditions!.some((c) => c.type === "APIServerAvailable")).toBe(false);
    expect(readyAt(observed({ apiServer: ok, controlPlane: { ready: false } })).conditions!.some((c) => c.type === "APIServerAvailable")).toBe(false);
  });

  it("a tenant still provisioning is Provisioning, never Updating", () => {
    const s = computeStatus(tenant({ phase: "Provisioning" }), observed({ desiredWorkers: 3, readyWorkers: 2 }), "tenant-a", T1);
    expect([s.phase, cond(s, "Ready").status]).toEqual(["Provisioning", "False"]);
  });

  it("an upgrade of a serving tenant is Updating until the workers run the new version", () => {
    const before = readyAt();
    const cpFirst = computeStatus(tenant(before, "v1.36.4"), observed(), "tenant-a", T1);
    expect(cpFirst.phase).toBe("Updating");
    expect(cpFirst.operation).toEqual({ type: "Upgrading", version: "v1.36.4" });
    const workersLag = computeStatus(tenant(cpFirst, "v1.36.4"), observed({ controlPlane: { ready: true, version: "v1.36.4" } }), "tenant-a", T1);
    expect([workersLag.phase, cond(workersLag, "Ready").status]).toEqual(["Updating", "True"]);
    const done = computeStatus(tenant(workersLag, "v1.36.4"), observed({ controlPlane: { ready: true, version: "v1.36.4" }, workerVersion: "v1.36.4" }), "tenant-a", T1);
    expect(done.phase).toBe("Ready");
  });
});
