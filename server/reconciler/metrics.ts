import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { WatchCacheState } from "@/server/kube/watch-cache";

/** What the reconciler's gauges read when Prometheus scrapes: nothing is counted on the hot path but the reconciles themselves. */
export interface ReconcilerMetricsSource {
  tenants: () => { metadata: { deletionTimestamp?: string }; status?: { phase?: string } }[];
  queueDepth: () => number;
  leading: () => boolean;
  caches: () => { resource: string; state: WatchCacheState }[];
}

/**
 * The reconciler's Prometheus registry: tenants by phase, reconcile duration and errors, work-queue depth,
 * leadership, and the health of its watch caches (restarts, age), plus the process metrics.
 */
export class ReconcilerMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<"result">;
  private readonly errors: Counter;

  constructor(src: ReconcilerMetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "kmetal_reconciler_" });
    this.duration = new Histogram({
      name: "kmetal_reconcile_duration_seconds", help: "Time one reconcile of one tenant took, by result (success, error, stopped: leadership ended mid-way).", labelNames: ["result"], registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.errors = new Counter({ name: "kmetal_reconcile_errors_total", help: "Reconciles that failed (retried with backoff).", registers });
    new Gauge({
      name: "kmetal_reconciler_tenants", help: "Tenants by phase, from the reconciler's watch cache.", labelNames: ["phase"], registers,
      collect() {
        this.reset();
        for (const t of src.tenants()) this.inc({ phase: t.metadata.deletionTimestamp ? "Deleting" : t.status?.phase ?? "Pending" });
      },
    });
    new Gauge({ name: "kmetal_reconciler_work_queue_depth", help: "Tenants waiting in the work queue.", registers, collect() { this.set(src.queueDepth()); } });
    new Gauge({ name: "kmetal_reconciler_leader", help: "1 while this process holds the reconciler's Lease.", registers, collect() { this.set(src.leading() ? 1 : 0); } });
    const cacheGauge = (name: string, help: string, value: (s: WatchCacheState) => number | undefined) => new Gauge({
      name, help, labelNames: ["resource"], registers,
      collect() {
        this.reset();
        for (const c of src.caches()) {
          const v = value(c.state);
          if (v !== undefined) this.set({ resource: c.resource }, v);
        }
      },
    });
    cacheGauge("kmetal_reconciler_watch_restarts", "Watches restarted after an error or a stall since the reconciler started.", (s) => s.restarts);
    cacheGauge("kmetal_reconciler_watch_cache_age_seconds", "Seconds since the cache last heard from the API server.", (s) => (s.lastHeardAt ? (Date.now() - s.lastHeardAt) / 1000 : undefined));
    cacheGauge("kmetal_reconciler_watch_cache_synced", "1 when the watch cache has loaded a full list.", (s) => (s.synced ? 1 : 0));
  }

  /** Times one reconcile; `fn`'s error is counted (unless `isFailure` says it is none) and passed on. */
  async time<T>(fn: () => Promise<T>, isFailure: (err: unknown) => boolean = () => true): Promise<T> {
    const end = this.duration.startTimer();
    try {
      const v = await fn();
      end({ result: "success" });
      return v;
    } catch (err) {
      const failed = isFailure(err);
      end({ result: failed ? "error" : "stopped" });
      if (failed) this.errors.inc();
      throw err;
    }
  }
}
