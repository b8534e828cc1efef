import { describe, expect, it } from "vitest";
import { fleetTotals, tenantUsage } from "@/lib/fleet/usage";
import { fleetSample, phaseCounts, tenantSample, tenantSeriesId } from "@/lib/trends/sample";

const usage = (tenant: string, used: Record<string, string>, hard: Record<string, string>, vmis = 0) => tenantUsage({
  tenant, requested: { vcpu: 0, memoryGi: 0, storageGi: 0, workers: 0 }, quota: { vcpu: -1, memoryGi: -1, storageGi: -1, workers: 4, loadBalancers: -1 },
  resourceQuota: { spec: { hard }, status: { hard, used } }, vmis: Array.from({ length: vmis }, () => ({ status: { phase: "Running" } })), services: [],
});

describe("trend samples", () => {
  it("takes each tenant line's used and hard, leaving out what is unknown or unlimited", () => {
    const u = usage("a", { "requests.cpu": "3", "requests.memory": "2Gi" }, { "requests.cpu": "8", "requests.memory": "16Gi" }, 2);
    expect(tenantSample(u)).toEqual({
      "usage.vcpu.used": 3, "usage.vcpu.hard": 8, "usage.memoryGi.used": 2, "usage.memoryGi.hard": 16,
      "usage.workers.used": 2, "usage.workers.hard": 4, "usage.loadBalancers.used": 0,
    });
  });

  it("takes the fleet totals, capacity and phases", () => {
    const a = usage("a", { "requests.cpu": "3" }, { "requests.cpu": "8" }, 1);
    const b = usage("b", { "requests.cpu": "1500m" }, { "requests.cpu": "4" });
    const totals = fleetTotals([a, b]);
    const cap = { total: { allocatable: { cpu: 64, memoryGi: 256, pods: 220 }, requested: { cpu: 4.5, memoryGi: 9, pods: 3 }, vms: 3 } };
    const v = fleetSample(totals, cap, { Ready: 2, Degraded: 1 });
    expect(v).toMatchObject({
      "usage.vcpu.used": 4.5, "usage.vcpu.hard": 12, "usage.workers.used": 1, "usage.workers.hard": 8,
      "capacity.cpu.requested": 4.5, "capacity.cpu.allocatable": 64, "capacity.memoryGi.requested": 9, "capacity.memoryGi.allocatable": 256,
      "phase.Ready": 2, "phase.Degraded": 1,
    });
    // Memory has no quota entry: no hard for the fleet either.
    expect(v).not.toHaveProperty("usage.memoryGi.hard");
  });

  it("counts phases as the kmetal_tenants gauge does", () => {
    expect(phaseCounts([
      { metadata: {}, status: { phase: "Ready" } }, { metadata: {}, status: { phase: "Ready" } },
      { metadata: { deletionTimestamp: "2026-01-01T00:00:00Z" }, status: { phase: "Ready" } }, { metadata: {} },
    ])).toEqual({ Ready: 2, Deleting: 1, Pending: 1 });
  });

  it("keys tenant series by tenant", () => {
    expect(tenantSeriesId("a", "usage.vcpu.used")).toBe("a/usage.vcpu.used");
  });
});
