import "server-only";
import type { ConsoleSubject } from "@/lib/authz/rbac";
import { TENANT_LABEL } from "@/lib/tenants/names";
import { backoffDelay } from "@/lib/kube/backoff";
import { toKubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";
import { childCaches, CHILD_MODELS } from "@/server/reconciler/children";
import { LeaderElector } from "@/server/reconciler/leader";
import { WritesStopped, type WriteGate } from "@/server/reconciler/act";
import type { TenantCacheObject } from "@/server/reconciler/observe";
import { reconcileTenant, type ReconcileContext } from "@/server/reconciler/reconcile";
import { EndpointProber } from "@/server/reconciler/endpoint-prober";
import { ReconcilerMetrics } from "@/server/reconciler/metrics";
import { WorkQueue } from "@/server/reconciler/work-queue";

export interface ControllerOptions {
  /** Namespace of the leader-election Lease. */
  namespace: string;
  workers?: number;
  resyncMs?: number;
  identity?: string;
  /** Lease timing (defaults: 15 s lease, renewed every 2 s). */
  lease?: { seconds?: number; renewMs?: number };
  /** Told after every write the reconciler made (fault injection for the recovery test). */
  afterWrite?: (what: string) => void;
  log?: (line: string) => void;
  /** The console's identity on a real under cluster (KMETAL_CONSOLE_SERVICE_ACCOUNT), granted per tenant. */
  consoleSubject?: ConsoleSubject;
  /** How often each ready tenant's endpoint is probed for APIServerAvailable (default 20 s; 0: never). */
  probeIntervalMs?: number;
}

/**
 * The tenant controller: informers → work queue → reconcileTenant. Only the holder of the Lease works;
 * the others keep their caches warm and take over when the leader's lease expires.
 */
export class TenantController {
  private readonly ctx: ReconcileContext;
  private readonly queue = new WorkQueue();
  private readonly leader: LeaderElector;
  private readonly failures = new Map<string, number>();
  private resync?: NodeJS.Timeout;
  private running: Promise<void>[] = [];
  /** Aborted when leadership ends: reconciles of that term send no further write. */
  private term = new AbortController();
  /** Prometheus metrics of this controller (served by `kmetal reconcile` and `kmetal up`, see server/metrics/serve.ts). */
  readonly metrics: ReconcilerMetrics;
  /** The tenants' endpoints, probed while this controller leads. */
  private readonly prober?: EndpointProber;

  constructor(kube: KubeGateway, private readonly opts: ControllerOptions) {
    const log = opts.log ?? (() => {});
    const tenantCache = new WatchCache<TenantCacheObject>(kube, models.Tenant);
    if (opts.probeIntervalMs !== 0) {
      this.prober = new EndpointProber({
        intervalMs: opts.probeIntervalMs,
        targets: () => tenantCache.list().filter((t) => !t.metadata.deletionTimestamp && t.status?.endpoint
          && t.status.conditions?.some((c) => c.type === "ControlPlaneReady" && c.status === "True")).map((t) => ({ name: t.metadata.name, endpoint: t.status!.endpoint! })),
        onChange: (name) => this.queue.add(name),
      });
    }
    this.ctx = {
      kube, log, consoleSubject: opts.consoleSubject,
      tenants: tenantCache,
      policies: new WatchCache(kube, models.PlatformPolicy),
      children: childCaches(kube),
      apiServer: (name) => this.prober?.get(name),
    };
    const { tenants, policies, children } = this.ctx;
    this.metrics = new ReconcilerMetrics({
      tenants: () => tenants.list(),
      queueDepth: () => this.queue.length,
      leading: () => this.leader.isLeader,
      caches: () => [
        { resource: models.Tenant.plural, state: tenants.state }, { resource: models.PlatformPolicy.plural, state: policies.state },
        ...CHILD_MODELS.map((m) => ({ resource: models[m].plural, state: children[m].state })),
      ],
    });
    this.leader = new LeaderElector(kube, {
      namespace: opts.namespace, identity: opts.identity, log, leaseSeconds: opts.lease?.seconds, renewMs: opts.lease?.renewMs,
      onChange: (leading) => {
        log(leading ? "reconciler: leading" : "reconciler: not leading");
        if (leading) {
          this.term = new AbortController();
          this.enqueueAll();
          this.prober?.start();
        } else {
          this.term.abort();
          this.prober?.stop();
        }
      },
    });
  }

  get isLeader() {
    return this.leader.isLeader;
  }

  async start(): Promise<void> {
    const { tenants, policies, children } = this.ctx;
    tenants.subscribe((ev) => ev.type !== "STATE" && this.queue.add(ev.object.metadata.name));
    policies.subscribe((ev) => ev.type !== "STATE" && this.enqueueAll());
    for (const m of CHILD_MODELS) {
      children[m].subscribe((ev) => {
        if (ev.type === "STATE") return;
        const owner = ev.object.metadata?.labels?.[TENANT_LABEL];
        if (owner) this.queue.add(owner);
      });
    }
    const caches = [tenants, policies, ...CHILD_MODELS.map((m) => children[m])];
    for (const c of caches) c.start();
    await Promise.all(caches.map((c) => c.waitForSync(60_000)));
    this.leader.start();
    this.resync = setInterval(() => this.enqueueAll(), this.opts.resyncMs ?? 30_000);
    this.resync.unref?.();
    this.running = Array.from({ length: this.opts.workers ?? 4 }, () => this.work());
  }

  async stop(): Promise<void> {
    this.term.abort();
    this.prober?.stop();
    clearInterval(this.resync);
    this.queue.close();
    await Promise.all(this.running);
    await this.leader.stop();
    const { tenants, policies, children } = this.ctx;
    await Promise.all([tenants, policies, ...CHILD_MODELS.map((m) => children[m])].map((c) => c.stop()));
  }

  private enqueueAll() {
    for (const t of this.ctx.tenants.list()) this.queue.add(t.metadata.name);
  }

  /** Checked before every write of one reconcile: leadership of the term it started in, held right now. */
  private gate(): WriteGate {
    const signal = this.term.signal;
    return {
      before: (what) => {
        if (signal.aborted) throw new WritesStopped(what, "leadership ended or the controller is stopping");
        if (!this.leader.isLeader) throw new WritesStopped(what, "the lease is no longer held");
      },
      after: (what) => this.opts.afterWrite?.(what),
    };
  }

  private async work() {
    for (let key = await this.queue.next(); key !== undefined; key = await this.queue.next()) {
      try {
        if (!this.leader.isLeader) continue;
        const { requeueAfterMs } = await this.metrics.time(() => reconcileTenant(this.ctx, key, this.gate()), (e) => !(e instanceof WritesStopped));
        this.failures.delete(key);
        if (requeueAfterMs) this.queue.addAfter(key, requeueAfterMs);
      } catch (err) {
        if (err instanceof WritesStopped) {
          // Not a failure: the next leader (or this one, when it leads again) reconciles everything.
          this.ctx.log(`reconciler: tenant ${key}: ${err.message}`);
          continue;
        }
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        const e = toKubeError(err);
        this.ctx.log(`reconciler: tenant ${key} failed (attempt ${n}): ${e.message}`);
        this.queue.addAfter(key, backoffDelay(n - 1, { baseMs: 500, capMs: 30_000 }));
      } finally {
        this.queue.done(key);
      }
    }
  }
}
