import { describe, expect, it } from "vitest";
import { fleetTotals, headroom, hotSpotOf, tenantUsage, type UsageInput } from "@/lib/fleet/usage";

const base = (over: Partial<UsageInput> = {}): UsageInput => ({
  tenant: "acme",
  requested: { vcpu: 6, memoryGi: 12, storageGi: 60, workers: 3 },
  quota: { vcpu: 8, memoryGi: 16, storageGi: 100, workers: 4, loadBalancers: 2 },
  resourceQuota: {
    spec: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", "requests.storage": "100Gi", "services.loadbalancers": "2" } },
    status: {
      hard: { "requests.cpu": "8", "requests.memory": "16Gi", "requests.storage": "100Gi", "services.loadbalancers": "2" },
      used: { "requests.cpu": "7600m", "requests.memory": "8Gi", "requests.storage": "0", "services.loadbalancers": "1" },
    },
  },
  vmis: [{ status: { phase: "Running" } }, { status: { phase: "Scheduling" } }, { status: { phase: "Failed" } }],
  services: [{ spec: { type: "LoadBalancer" } }, { spec: { type: "ClusterIP" } }],
  ...over,
});
const line = (u: ReturnType<typeof tenantUsage>, key: string) => u.lines.find((l) => l.key === key)!;

describe("tenantUsage", () => {
  it("takes cpu, memory, storage and load balancers from the ResourceQuota's status, in CPUs and GiB", () => {
    const u = tenantUsage(base());
    expect(line(u, "vcpu")).toEqual({ key: "vcpu", requested: 6, used: 7.6, hard: 8, source: "resourceQuota", ratio: 0.95 });
    expect(line(u, "memoryGi")).toMatchObject({ used: 8, hard: 16, ratio: 0.5, requested: 12 });
    expect(line(u, "storageGi")).toMatchObject({ used: 0, hard: 100, ratio: 0 });
    expect(line(u, "loadBalancers")).toMatchObject({ used: 1, hard: 2, requested: 1, source: "resourceQuota" });
    expect(u.quotaReported).toBe(true);
  });

  it("counts workers from the VMIs that are not finished, against the tenant's quota", () => {
    expect(line(tenantUsage(base()), "workers")).toEqual({ key: "workers", requested: 3, used: 2, hard: 4, source: "vmis", ratio: 0.5 });
  });

  it("marks the worst line: 95 % and more is an alarm, 80 % a warning", () => {
    expect(tenantUsage(base()).hotSpot).toBe("alarm");
    const calmer = base();
    calmer.resourceQuota!.status!.used!["requests.cpu"] = "6500m";
    expect(tenantUsage(calmer).hotSpot).toBe("warn");
    calmer.resourceQuota!.status!.used!["requests.cpu"] = "1";
    expect(tenantUsage(calmer).hotSpot).toBe("ok");
    expect([hotSpotOf(undefined), hotSpotOf(0.79), hotSpotOf(0.8), hotSpotOf(0.95)]).toEqual(["ok", "ok", "warn", "alarm"]);
  });

  it("reports no usage while the quota controller has not filled the status, rather than guessing", () => {
    const u = tenantUsage(base({ resourceQuota: { spec: { hard: { "requests.cpu": "8" } } } }));
    expect(u.quotaReported).toBe(false);
    expect(line(u, "vcpu")).toMatchObject({ used: undefined, hard: 8 });
    expect(line(u, "vcpu").ratio).toBeUndefined();
    // No quota entry for memory: unlimited, and nothing reports its use.
    expect(line(u, "memoryGi")).toMatchObject({ used: undefined, hard: undefined });
    // Load balancers without a quota entry: the Services themselves, against the tenant's quota.
    expect(line(u, "loadBalancers")).toMatchObject({ used: 1, hard: 2, source: "services" });
  });

  it("treats a negative tenant quota as unlimited and a zero one as full once anything is used", () => {
    const u = tenantUsage(base({ resourceQuota: undefined, quota: { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: 0 } }));
    expect(line(u, "workers")).toMatchObject({ used: 2, hard: undefined });
    expect(line(u, "workers").ratio).toBeUndefined();
    expect(line(u, "loadBalancers")).toMatchObject({ used: 1, hard: 0, ratio: 1 });
    expect(u.hotSpot).toBe("alarm");
  });
});

describe("fleetTotals and headroom", () => {
  it("sums used, requested and hard; an unlimited tenant makes the total hard unknown", () => {
    const a = tenantUsage(base());
    const b = tenantUsage(base({ tenant: "b", quota: { vcpu: 8, memoryGi: 16, storageGi: 100, workers: -1, loadBalancers: 2 } }));
    const t = fleetTotals([a, b]);
    expect(t.vcpu).toEqual({ used: 15.2, hard: 16, requested: 12 });
    expect(t.workers).toEqual({ used: 4, hard: undefined, requested: 6 });
  });
  it("gives what a quota leaves after the pools' requests, only for limited resources", () => {
    expect(headroom({ vcpu: 6, memoryGi: 20 }, { vcpu: 8, memoryGi: 16, workers: -1 })).toEqual({ vcpu: 2, memoryGi: -4 });
  });
});
