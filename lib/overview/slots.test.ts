import { describe, expect, it } from "vitest";
import type { Capacity } from "@/lib/fleet/capacity";
import type { TenantUsage } from "@/lib/fleet/usage";
import { capacitySlot, certificateSlots, quotaSlots } from "@/lib/overview/slots";

describe("certificateSlots", () => {
  it("counts certificates past the warning threshold and expired ones, and finds each tenant's soonest end", () => {
    const { figures, soonest } = certificateSlots([
      { tenant: "a", kind: "ca", notAfter: "2036-01-01T00:00:00Z", state: "ok" },
      { tenant: "a", kind: "api-server", notAfter: "2026-12-20T00:00:00Z", state: "warning" },
      { tenant: "a", kind: "user", notAfter: "2026-12-08T00:00:00Z", state: "critical" },
      { tenant: "b", kind: "front-proxy-client", notAfter: "2026-12-01T00:00:00Z", state: "expired" },
      { tenant: "b", kind: "sa", state: "ok" },
      { kind: "under-cluster-serving", notAfter: "2026-12-10T00:00:00Z", state: "critical" },
    ], 30 * 86_400);
    expect(figures).toEqual({ expiringSoon: 2, expired: 1, withinDays: 30 });
    // A user certificate is not the tenant's PKI: a's soonest end is its serving certificate's.
    expect(Object.fromEntries(soonest)).toEqual({ a: "2026-12-20T00:00:00Z", b: "2026-12-01T00:00:00Z" });
  });
});

describe("quotaSlots", () => {
  const usage = (tenant: string, ratios: (number | undefined)[]): TenantUsage => ({
    tenant, hotSpot: "ok", quotaReported: true,
    lines: ratios.map((ratio, i) => ({ key: (["vcpu", "memoryGi", "workers"] as const)[i]!, requested: 0, source: "resourceQuota" as const, ratio })),
  });
  it("counts tenants at 80 % and at 95 % by their worst line, and names that line", () => {
    const { figures, hot } = quotaSlots([usage("a", [0.5, 0.81]), usage("b", [0.96, 0.2]), usage("c", [0.79, undefined]), usage("d", [undefined, undefined, 1.2])]);
    expect(figures).toEqual({ atLeast80: 3, atLeast95: 2 });
    expect(Object.fromEntries(hot)).toEqual({ a: { resource: "memoryGi", percent: 81 }, b: { resource: "vcpu", percent: 96 }, d: { resource: "workers", percent: 120 } });
  });
});

describe("capacitySlot", () => {
  it("gives requested over allocatable in per cent, and the VMs that could not be placed", () => {
    const c = { nodes: [], total: { allocatable: { cpu: 0, memoryGi: 0, pods: 0 }, requested: { cpu: 0, memoryGi: 0, pods: 0 }, vms: 0 },
      overcommit: { cpu: 1.254, memory: 0.5 }, unschedulable: [{ namespace: "n", vm: "v", reason: "Unschedulable", message: "0/3 nodes are available" }] } satisfies Capacity;
    expect(capacitySlot(c)).toEqual({ cpuPercent: 125, memoryPercent: 50, unschedulable: 1 });
  });
});
