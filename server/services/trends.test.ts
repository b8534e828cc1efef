import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { fleetTrend } from "@/server/services/trends";
import { prometheusStub } from "@/test/prometheus-stub-server";

const admin = { name: "root", roles: ["platform-viewer" as const] };
// The fleet trend from Prometheus reads nothing from the watch caches.
const noCaches = {} as CacheRegistry;

describe("the fleet trend from Prometheus", () => {
  let prom: Awaited<ReturnType<typeof prometheusStub>>;
  beforeAll(async () => {
    // Answers as Prometheus does for the console's series: one series per resource (or phase), values as strings.
    prom = await prometheusStub((r) => {
      const grid = (f: (i: number) => string) => Array.from({ length: 3 }, (_, i) => [r.end - (2 - i) * 300, f(i)] as [number, string]);
      if (r.query.includes("kmetal_tenant_quota_used")) return [{ metric: { resource: "cpu" }, values: grid((i) => String(2 + i)) }, { metric: { resource: "workers" }, values: grid(() => "5") }];
      if (r.query.includes("kmetal_tenant_quota_hard")) return [{ metric: { resource: "cpu" }, values: grid(() => "16") }];
      if (r.query.includes("kmetal_hypervisor_requested")) return [{ metric: { resource: "memory_gibibytes" }, values: grid(() => "12.5") }];
      if (r.query.includes("kmetal_hypervisor_allocatable")) return [{ metric: { resource: "memory_gibibytes" }, values: grid(() => "384") }];
      if (r.query.includes("kmetal_tenants")) return [{ metric: { phase: "Ready" }, values: grid((i) => (i === 1 ? "NaN" : "3")) }];
      return { error: `unexpected query ${r.query}` };
    });
  });
  afterAll(() => prom?.close());

  it("asks a range query per series family over the last 24 h and lines the answers up", async () => {
    const now = Date.UTC(2026, 11, 7, 12, 0, 0);
    const trend = await fleetTrend(noCaches, admin, { maxPoints: 288, now, prometheusUrl: prom.url });
    expect(trend.source).toBe("prometheus");
    expect(trend.stepSeconds).toBe(300);
    expect(prom.asked).toHaveLength(5);
    for (const r of prom.asked) {
      expect(r.end).toBe(now / 1000);
      expect(r.end - r.start).toBe(86_400);
      expect(r.step).toBe("300s");
    }
    expect(trend.t).toHaveLength(289);
    expect(trend.t.at(-1)).toBe(now);
    const tail = (id: string) => trend.series[id]!.slice(-3);
    expect(tail("usage.vcpu.used")).toEqual([2, 3, 4]);
    expect(tail("usage.vcpu.hard")).toEqual([16, 16, 16]);
    expect(tail("usage.workers.used")).toEqual([5, 5, 5]);
    expect(tail("capacity.memoryGi.requested")).toEqual([12.5, 12.5, 12.5]);
    expect(tail("capacity.memoryGi.allocatable")).toEqual([384, 384, 384]);
    expect(tail("phase.Ready")).toEqual([3, null, 3]);
    // Before the answers' samples: no values.
    expect(trend.series["usage.vcpu.used"]![0]).toBeNull();
  });

  it("passes Prometheus' error on", async () => {
    const bad = await prometheusStub(() => ({ error: "query timed out" }));
    try {
      await expect(fleetTrend(noCaches, admin, { maxPoints: 288, prometheusUrl: bad.url })).rejects.toThrow(/bad_data: query timed out/);
    } finally {
      await bad.close();
    }
  });

  it("says so when Prometheus does not answer", async () => {
    const gone = await prometheusStub(() => []);
    await gone.close();
    await expect(fleetTrend(noCaches, admin, { maxPoints: 288, prometheusUrl: gone.url })).rejects.toThrow(/Prometheus did not answer/);
  });

  it("is for platform roles only", async () => {
    await expect(fleetTrend(noCaches, { name: "t", roles: ["tenant-admin"] }, { maxPoints: 288, prometheusUrl: prom.url })).rejects.toThrow(/platform roles/);
  });
});
