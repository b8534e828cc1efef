import "server-only";
import { canReadFleet, type Principal } from "@/lib/authz/scope";
import { env } from "@/lib/env.js";
import { bucketize, stepFor } from "@/lib/trends/downsample";
import { alignMatrices, fleetQueries, parseMatrix, PrometheusError, queryRangeUrl, tenantQueries, type TrendQuery } from "@/lib/trends/prometheus";
import { SampledSeries } from "@/lib/trends/ring";
import { fleetSample, phaseCounts, tenantSample, tenantSeriesId } from "@/lib/trends/sample";
import { FLEET_SERIES, TENANT_SERIES, type Trend } from "@/lib/trends/series";
import { forbidden } from "@/server/domain-errors";
import type { CacheName, CacheRegistry } from "@/server/kube/cache-registry";
import { capacity, fleetUsage } from "@/server/services/fleet";
import { requireTenantAccess } from "@/server/services/tenant-access";

export const DAY_MS = 24 * 3600_000;
/** What the sampler reads: every tenant (the fleet totals are not scoped), the capacity of every hypervisor. */
const SAMPLER: Principal = { name: "system:kmetal-trends", roles: ["platform-viewer"] };
const NEEDED: CacheName[] = ["tenants", "policies", "quotas", "vmis", "services", "nodes", "launchers"];

export interface SamplerOptions {
  intervalMs: number;
  /** Samples kept per series (24 h at the interval). */
  capacity: number;
  /** Tenants whose own trend is kept (the first this many by name). */
  maxTenants: number;
}

export interface LatestPoint {
  t: number;
  values: Record<string, number | null>;
}

/**
 * Samples fleet usage, capacity and tenants by phase (and each tenant's usage) from the console's watch caches
 * into fixed-size rings: 24 h of history in bounded memory, since this console process started.
 */
export class TrendSampler {
  readonly fleet: SampledSeries;
  readonly tenants: SampledSeries;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly listeners = new Set<(t: number) => void>();
  /** Tenant names whose series were kept at the last sample. */
  private kept = new Set<string>();

  constructor(private readonly caches: CacheRegistry, readonly opts: SamplerOptions) {
    this.fleet = new SampledSeries(opts.capacity);
    this.tenants = new SampledSeries(opts.capacity);
  }

  /** Waits until every cache the sample reads has synced, then samples at once and every interval. The timer never keeps the process alive. */
  start(): this {
    if (this.running) return this;
    this.running = (async () => {
      await Promise.all(NEEDED.map((n) => this.caches.synced(n)));
      if (this.stopped) return;
      await this.sample().catch(() => undefined);
      this.timer = setInterval(() => void this.sample().catch(() => undefined), this.opts.intervalMs);
      this.timer.unref();
    })().catch(() => undefined);
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
  }

  /** Whether the caches are synced now (a cache relisting after 410 Gone is not: no sample then). */
  private ready(): boolean {
    return NEEDED.every((n) => this.caches.has(n) && this.caches.get(n).state.synced);
  }

  /** Takes one sample now; false when the caches are not synced. */
  async sample(now = Date.now()): Promise<boolean> {
    if (!this.ready()) return false;
    const [usage, cap, tenants] = await Promise.all([fleetUsage(this.caches, SAMPLER), capacity(this.caches, SAMPLER), this.caches.synced("tenants")]);
    const last = this.fleet.latest()?.t;
    const t = last !== undefined && now <= last ? last + 1 : now;
    this.fleet.add(t, fleetSample(usage.totals, cap, phaseCounts(tenants.list())));
    const values: Record<string, number> = {};
    const kept = new Set<string>();
    for (const u of usage.tenants.slice(0, this.opts.maxTenants)) {
      kept.add(u.tenant);
      for (const [id, v] of Object.entries(tenantSample(u))) values[tenantSeriesId(u.tenant, id)] = v;
    }
    this.kept = kept;
    this.tenants.add(t, values);
    for (const l of this.listeners) l(t);
    return true;
  }

  /** Whether the tenant's own trend is kept in memory (false beyond maxTenants). */
  keepsTenant(name: string): boolean {
    return this.kept.has(name) || this.tenants.seriesIds().some((id) => id.startsWith(`${name}/`));
  }

  /** Calls back after each sample with its time; returns the unsubscribe. */
  onSample(cb: (t: number) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  readFleet(from: number): { t: number[]; series: Record<string, (number | null)[]> } {
    return this.fleet.read(from, FLEET_SERIES);
  }

  readTenant(name: string, from: number): { t: number[]; series: Record<string, (number | null)[]> } {
    const r = this.tenants.read(from, TENANT_SERIES.map((id) => tenantSeriesId(name, id)));
    return { t: r.t, series: Object.fromEntries(TENANT_SERIES.map((id) => [id, r.series[tenantSeriesId(name, id)]!])) };
  }

  latestFleet(): LatestPoint | undefined {
    return this.fleet.latest(FLEET_SERIES);
  }

  latestTenant(name: string): LatestPoint | undefined {
    const l = this.tenants.latest(TENANT_SERIES.map((id) => tenantSeriesId(name, id)));
    return l && { t: l.t, values: Object.fromEntries(TENANT_SERIES.map((id) => [id, l.values[tenantSeriesId(name, id)] ?? null])) };
  }
}

// On globalThis, as the console's connection is: instrumentation.ts and the request handlers are separate bundles
// (and dev reloads re-run modules), yet one registry must have one sampler.
const g = globalThis as unknown as { __kmetalTrendSamplers?: WeakMap<CacheRegistry, TrendSampler> };
const samplers = (g.__kmetalTrendSamplers ??= new WeakMap<CacheRegistry, TrendSampler>());

export const samplerOptions = (): SamplerOptions => {
  const intervalMs = env.KMETAL_TRENDS_SAMPLE_SECONDS * 1000;
  return { intervalMs, capacity: Math.ceil(DAY_MS / intervalMs), maxTenants: env.KMETAL_TRENDS_MAX_TENANTS };
};

/** The sampler of these caches: one per registry (so one per console process), started on first use. */
export function trendSampler(caches: CacheRegistry, opts: SamplerOptions = samplerOptions()): TrendSampler {
  let s = samplers.get(caches);
  if (!s) {
    s = new TrendSampler(caches, opts).start();
    samplers.set(caches, s);
  }
  return s;
}

export interface TrendOptions {
  /** At most this many points per series (the history is bucketed down to it). */
  maxPoints: number;
  now?: number;
  /** Prometheus base URL; default KMETAL_PROMETHEUS_URL. null: use the console's memory even when one is configured. */
  prometheusUrl?: string | null;
}

/** Runs range queries against Prometheus and lines their answers up on one grid. */
async function fromPrometheus(base: string, queries: TrendQuery[], now: number, maxPoints: number, minStepS: number): Promise<Trend> {
  const stepS = stepFor(DAY_MS, maxPoints, minStepS * 1000) / 1000;
  const endS = Math.floor(now / 1000 / stepS) * stepS;
  const startS = endS - DAY_MS / 1000;
  const results = await Promise.all(queries.map(async (query) => {
    const url = queryRangeUrl(base, query.expr, startS, endS, stepS);
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(15_000), headers: { accept: "application/json" } });
    } catch (err) {
      throw new PrometheusError(`Prometheus did not answer: ${(err as Error).message}`);
    }
    const body = await res.json().catch(() => undefined);
    if (!res.ok && !body) throw new PrometheusError(`Prometheus answered HTTP ${res.status}`);
    return { query, matrix: parseMatrix(body) };
  }));
  return { source: "prometheus", stepSeconds: stepS, ...alignMatrices(results, startS, endS, stepS) };
}

function fromMemory(read: { t: number[]; series: Record<string, (number | null)[]> }, since: number | undefined, intervalMs: number, maxPoints: number): Trend {
  const stepMs = stepFor(DAY_MS, maxPoints, intervalMs);
  const b = stepMs > intervalMs ? bucketize(read.t, read.series, stepMs) : read;
  return { source: "memory", since, stepSeconds: stepMs / 1000, ...b };
}

const prometheusUrl = (o: TrendOptions) => (o.prometheusUrl === undefined ? env.KMETAL_PROMETHEUS_URL : o.prometheusUrl ?? undefined);

/** The fleet's last 24 h: totals used/hard, capacity requested/allocatable, tenants by phase (platform roles only). */
export async function fleetTrend(caches: CacheRegistry, p: Principal, o: TrendOptions): Promise<Trend> {
  if (!canReadFleet(p)) throw forbidden("the fleet trend is for platform roles");
  const now = o.now ?? Date.now();
  const prom = prometheusUrl(o);
  if (prom) return fromPrometheus(prom, fleetQueries(), now, o.maxPoints, env.KMETAL_TRENDS_SAMPLE_SECONDS);
  const s = trendSampler(caches);
  return fromMemory(s.readFleet(now - DAY_MS), s.fleet.since, s.opts.intervalMs, o.maxPoints);
}

/** One tenant's last 24 h of usage (used and hard per line); a tenant out of scope reads as not found. */
export async function tenantTrend(caches: CacheRegistry, p: Principal, name: string, o: TrendOptions): Promise<Trend & { sampled: boolean }> {
  await requireTenantAccess(caches, p, name);
  const now = o.now ?? Date.now();
  const prom = prometheusUrl(o);
  if (prom) return { ...(await fromPrometheus(prom, tenantQueries(name), now, o.maxPoints, env.KMETAL_TRENDS_SAMPLE_SECONDS)), sampled: true };
  const s = trendSampler(caches);
  return { ...fromMemory(s.readTenant(name, now - DAY_MS), s.fleet.since, s.opts.intervalMs, o.maxPoints), sampled: s.keepsTenant(name) };
}

/** Yields the newest point at once (if there is one yet), then after each sample, until the signal aborts. */
async function* samples(s: TrendSampler, latest: () => LatestPoint | undefined, signal?: AbortSignal): AsyncGenerator<LatestPoint> {
  let wake: (() => void) | undefined;
  let pending = latest() !== undefined;
  const off = s.onSample(() => {
    pending = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      if (!pending) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (signal?.aborted) break;
      pending = false;
      const p = latest();
      if (p) yield p;
    }
  } finally {
    off();
    signal?.removeEventListener("abort", onAbort);
  }
}

/** The fleet trend's newest point, pushed after each sample of this console (platform roles only). */
export function watchFleetTrend(caches: CacheRegistry, p: Principal, signal?: AbortSignal): AsyncGenerator<LatestPoint> {
  if (!canReadFleet(p)) throw forbidden("the fleet trend is for platform roles");
  const s = trendSampler(caches);
  return samples(s, () => s.latestFleet(), signal);
}

/** One tenant's newest point, pushed after each sample; a tenant out of scope reads as not found. */
export async function watchTenantTrend(caches: CacheRegistry, p: Principal, name: string, signal?: AbortSignal): Promise<AsyncGenerator<LatestPoint>> {
  await requireTenantAccess(caches, p, name);
  const s = trendSampler(caches);
  return samples(s, () => s.latestTenant(name), signal);
}
