import { USAGE_KEYS, type UsageKey } from "@/lib/fleet/usage";
import { capacitySeries, phaseSeries, usageSeries } from "@/lib/trends/series";

/** The `resource` label the console's quota gauges give each usage key (server/metrics/fleet-metrics.ts). */
export const RESOURCE_LABEL: Record<UsageKey, string> = { vcpu: "cpu", memoryGi: "memory_gibibytes", storageGi: "storage_gibibytes", workers: "workers", loadBalancers: "loadbalancers" };
const KEY_OF_LABEL = new Map(USAGE_KEYS.map((k) => [RESOURCE_LABEL[k], k]));
const CAPACITY_OF_LABEL = new Map<string, "cpu" | "memoryGi">([["cpu", "cpu"], ["memory_gibibytes", "memoryGi"]]);

/** A PromQL string literal (double-quoted, escaped as Go strings are). */
export const promString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

/** One query of a trend and how each of its result series maps to a series id (undefined: ignore it). */
export interface TrendQuery {
  expr: string;
  seriesOf: (metric: Record<string, string>) => string | undefined;
}

const usageId = (which: "used" | "hard") => (m: Record<string, string>) => {
  const k = KEY_OF_LABEL.get(m.resource ?? "");
  return k ? usageSeries(k, which) : undefined;
};
const capacityId = (which: "requested" | "allocatable") => (m: Record<string, string>) => {
  const r = CAPACITY_OF_LABEL.get(m.resource ?? "");
  return r ? capacitySeries(r, which) : undefined;
};

// Several console replicas scraped at once report the same tenants and nodes: `max by` the identifying labels
// first keeps one value per tenant (node), then `sum by (resource)` adds them up.
export function fleetQueries(): TrendQuery[] {
  return [
    { expr: "sum by (resource) (max by (tenant, resource) (kmetal_tenant_quota_used))", seriesOf: usageId("used") },
    { expr: "sum by (resource) (max by (tenant, resource) (kmetal_tenant_quota_hard))", seriesOf: usageId("hard") },
    { expr: "sum by (resource) (max by (node, resource) (kmetal_hypervisor_requested))", seriesOf: capacityId("requested") },
    { expr: "sum by (resource) (max by (node, resource) (kmetal_hypervisor_allocatable))", seriesOf: capacityId("allocatable") },
    { expr: "max by (phase) (kmetal_tenants)", seriesOf: (m) => (m.phase ? phaseSeries(m.phase) : undefined) },
  ];
}

export function tenantQueries(tenant: string): TrendQuery[] {
  const sel = `{tenant=${promString(tenant)}}`;
  return [
    { expr: `max by (resource) (kmetal_tenant_quota_used${sel})`, seriesOf: usageId("used") },
    { expr: `max by (resource) (kmetal_tenant_quota_hard${sel})`, seriesOf: usageId("hard") },
  ];
}

/** The URL of a range query (GET /api/v1/query_range), times in seconds. */
export function queryRangeUrl(base: string, expr: string, startS: number, endS: number, stepS: number): string {
  const u = new URL("api/v1/query_range", base.endsWith("/") ? base : `${base}/`);
  u.searchParams.set("query", expr);
  u.searchParams.set("start", String(startS));
  u.searchParams.set("end", String(endS));
  u.searchParams.set("step", `${stepS}s`);
  return u.toString();
}

export interface MatrixSeries {
  metric: Record<string, string>;
  /** [seconds, value] pairs. */
  values: [number, number][];
}

/** A sample value as Prometheus writes it: a decimal string, "NaN", "+Inf" or "-Inf". */
function promNumber(v: unknown): number {
  if (typeof v === "number") return v;
  const s = String(v);
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  return Number(s);
}

export class PrometheusError extends Error {}

/** Reads a query_range answer (`{status, data: {resultType: "matrix", result}}`); an error answer or another shape throws. */
export function parseMatrix(body: unknown): MatrixSeries[] {
  const b = body as { status?: unknown; error?: unknown; errorType?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (!b || typeof b !== "object") throw new PrometheusError("not a Prometheus answer");
  if (b.status !== "success") throw new PrometheusError(`Prometheus answered ${String(b.errorType ?? b.status)}: ${String(b.error ?? "no error text")}`);
  if (b.data?.resultType !== "matrix" || !Array.isArray(b.data.result)) throw new PrometheusError(`expected a matrix, got ${String(b.data?.resultType)}`);
  return b.data.result.map((r: { metric?: Record<string, string>; values?: unknown }) => {
    if (!Array.isArray(r.values)) throw new PrometheusError("a series without values");
    return {
      metric: r.metric ?? {},
      values: r.values.map((p: unknown) => {
        if (!Array.isArray(p) || p.length !== 2) throw new PrometheusError("a sample is not [time, value]");
        // Prometheus writes values as strings ("1.5", "NaN", "+Inf").
        return [Number(p[0]), promNumber(p[1])] as [number, number];
      }),
    };
  });
}

/**
 * Lines the series of several range queries up on one grid from startS to endS every stepS (seconds): the
 * times of the result (ms) and each series' value per time (null where Prometheus had none). Two result
 * series mapping to the same id are added.
 */
export function alignMatrices(results: { query: TrendQuery; matrix: MatrixSeries[] }[], startS: number, endS: number, stepS: number): { t: number[]; series: Record<string, (number | null)[]> } {
  const n = Math.max(0, Math.floor((endS - startS) / stepS) + 1);
  const t = Array.from({ length: n }, (_, i) => (startS + i * stepS) * 1000);
  const series: Record<string, (number | null)[]> = {};
  for (const { query, matrix } of results) {
    for (const s of matrix) {
      const id = query.seriesOf(s.metric);
      if (!id) continue;
      const col = (series[id] ??= new Array<number | null>(n).fill(null));
      for (const [ts, v] of s.values) {
        if (!Number.isFinite(v)) continue;
        const i = Math.round((ts - startS) / stepS);
        if (i < 0 || i >= n) continue;
        col[i] = (col[i] ?? 0) + v;
      }
    }
  }
  return { t, series };
}
