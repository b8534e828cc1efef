import { describe, expect, it } from "vitest";
import { alignMatrices, fleetQueries, parseMatrix, PrometheusError, promString, queryRangeUrl, tenantQueries } from "@/lib/trends/prometheus";
import { FLEET_SERIES, TENANT_SERIES } from "@/lib/trends/series";

// The shape Prometheus answers /api/v1/query_range with (values as strings, times in seconds).
const answer = (result: { metric: Record<string, string>; values: [number, string][] }[]) => ({ status: "success", data: { resultType: "matrix", result } });

describe("PromQL building", () => {
  it("quotes label values as PromQL strings", () => {
    expect(promString("a")).toBe('"a"');
    expect(promString('x"y\\z\n')).toBe('"x\\"y\\\\z\\n"');
  });

  it("reads the console's own series, one value per tenant or node even with several replicas scraped", () => {
    const exprs = fleetQueries().map((q) => q.expr);
    expect(exprs).toEqual([
      "sum by (resource) (max by (tenant, resource) (kmetal_tenant_quota_used))",
      "sum by (resource) (max by (tenant, resource) (kmetal_tenant_quota_hard))",
      "sum by (resource) (max by (node, resource) (kmetal_hypervisor_requested))",
      "sum by (resource) (max by (node, resource) (kmetal_hypervisor_allocatable))",
      "max by (phase) (kmetal_tenants)",
    ]);
    expect(tenantQueries("team-a").map((q) => q.expr)).toEqual([
      'max by (resource) (kmetal_tenant_quota_used{tenant="team-a"})',
      'max by (resource) (kmetal_tenant_quota_hard{tenant="team-a"})',
    ]);
  });

  it("maps each result series to a trend series by its labels", () => {
    const [used, , requested, , phases] = fleetQueries();
    expect(used!.seriesOf({ resource: "cpu" })).toBe("usage.vcpu.used");
    expect(used!.seriesOf({ resource: "memory_gibibytes" })).toBe("usage.memoryGi.used");
    expect(used!.seriesOf({ resource: "loadbalancers" })).toBe("usage.loadBalancers.used");
    expect(used!.seriesOf({ resource: "other" })).toBeUndefined();
    expect(requested!.seriesOf({ resource: "memory_gibibytes" })).toBe("capacity.memoryGi.requested");
    expect(requested!.seriesOf({ resource: "workers" })).toBeUndefined();
    expect(phases!.seriesOf({ phase: "Ready" })).toBe("phase.Ready");
    // Every id a query can produce is one the views know.
    for (const r of ["cpu", "memory_gibibytes", "storage_gibibytes", "workers", "loadbalancers"]) {
      for (const q of fleetQueries().slice(0, 2)) expect(FLEET_SERIES).toContain(q.seriesOf({ resource: r }));
      for (const q of tenantQueries("t")) expect(TENANT_SERIES).toContain(q.seriesOf({ resource: r }));
    }
  });

  it("builds the query_range URL under the configured base, with or without a trailing slash or a path", () => {
    const u = new URL(queryRangeUrl("http://127.0.0.1:9090", "up", 100, 200, 60));
    expect(u.pathname).toBe("/api/v1/query_range");
    expect(Object.fromEntries(u.searchParams)).toEqual({ query: "up", start: "100", end: "200", step: "60s" });
    expect(new URL(queryRangeUrl("http://h:1/prom/", "up", 1, 2, 3)).pathname).toBe("/prom/api/v1/query_range");
    expect(new URL(queryRangeUrl("http://h:1/prom", "up", 1, 2, 3)).pathname).toBe("/prom/api/v1/query_range");
  });
});

describe("parseMatrix", () => {
  it("reads values written as strings, including NaN and infinities", () => {
    const m = parseMatrix(answer([{ metric: { resource: "cpu" }, values: [[1700000000, "4"], [1700000060, "NaN"], [1700000120, "+Inf"], [1700000150, "-Inf"], [1700000180, "2.5"]] }]));
    expect(m).toHaveLength(1);
    expect(m[0]!.metric).toEqual({ resource: "cpu" });
    expect(m[0]!.values[0]).toEqual([1700000000, 4]);
    expect(Number.isNaN(m[0]!.values[1]![1])).toBe(true);
    expect(m[0]!.values[2]![1]).toBe(Infinity);
    expect(m[0]!.values[3]![1]).toBe(-Infinity);
    expect(m[0]!.values[4]).toEqual([1700000180, 2.5]);
  });

  it("throws Prometheus' own error, and on anything that is not a matrix", () => {
    expect(() => parseMatrix({ status: "error", errorType: "bad_data", error: 'parse error at char 5' })).toThrow(/bad_data: parse error/);
    expect(() => parseMatrix({ status: "success", data: { resultType: "vector", result: [] } })).toThrow(PrometheusError);
    expect(() => parseMatrix(null)).toThrow(PrometheusError);
    expect(() => parseMatrix(answer([{ metric: {}, values: [[1] as never] }]))).toThrow(/not \[time, value\]/);
  });
});

describe("alignMatrices", () => {
  it("puts every series on one grid, null where Prometheus had no sample or a non-finite one", () => {
    const [used, hard] = tenantQueries("t");
    const out = alignMatrices([
      { query: used!, matrix: parseMatrix(answer([{ metric: { resource: "cpu" }, values: [[100, "1"], [160, "2"], [280, "NaN"]] }])) },
      { query: hard!, matrix: parseMatrix(answer([{ metric: { resource: "cpu" }, values: [[220, "8"], [280, "8"]] }, { metric: { resource: "nope" }, values: [[100, "1"]] }])) },
    ], 100, 280, 60);
    expect(out.t).toEqual([100_000, 160_000, 220_000, 280_000]);
    expect(out.series).toEqual({ "usage.vcpu.used": [1, 2, null, null], "usage.vcpu.hard": [null, null, 8, 8] });
  });

  it("adds two result series that map to the same trend series, and ignores samples off the grid", () => {
    const [used] = fleetQueries();
    const out = alignMatrices([{ query: used!, matrix: [{ metric: { resource: "workers" }, values: [[0, 1], [60, 1], [999, 5]] }, { metric: { resource: "workers" }, values: [[60, 2]] }] }], 0, 60, 60);
    expect(out.series["usage.workers.used"]).toEqual([1, 3]);
  });
});
