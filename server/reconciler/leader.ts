import "server-only";
import os from "node:os";
import type { V1Lease } from "@kubernetes/client-node";
import { leaseDecision, observeLease, stillLeading, type LeaseObservation } from "@/lib/kube/lease";
import { microTime } from "@/lib/utils";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

export interface LeaderOptions {
  namespace: string;
  name?: string;
  identity?: string;
  leaseSeconds?: number;
  renewMs?: number;
  /** How long after its last successful renewal a leader stops acting; default two thirds of the lease. */
  renewDeadlineMs?: number;
  /** Local monotonic time in ms (tests pass a fake one). */
  clock?: () => number;
  onChange?: (leading: boolean) => void;
  log?: (line: string) => void;
}

/**
 * Leader election on a coordination.k8s.io Lease, with optimistic concurrency: only one reconciler writes
 * at a time. Expiry is judged by lib/kube/lease.ts on the local clock since the lease record last changed.
 */
export class LeaderElector {
  private timer?: NodeJS.Timeout;
  private leading = false;
  private stopped = false;
  private renewedAt?: number;
  private observed?: LeaseObservation;
  private lastError?: string;
  readonly identity: string;
  private readonly clock: () => number;

  constructor(private readonly kube: KubeGateway, private readonly opts: LeaderOptions) {
    this.identity = opts.identity ?? `${os.hostname()}-${process.pid}`;
    this.clock = opts.clock ?? (() => performance.now());
  }

  private get leaseMs() {
    // 10 s: a standby observes a dead leader's record unchanged that long (plus one 2 s retry) and takes over
    // within 15 s of the death, while a live leader renews five times per lease.
    return (this.opts.leaseSeconds ?? 10) * 1000;
  }

  /** True only while the lease is held and was renewed recently enough that nobody else can take it yet. */
  get isLeader() {
    return this.leading && stillLeading(this.renewedAt, this.clock(), this.opts.renewDeadlineMs ?? (this.leaseMs * 2) / 3);
  }

  start() {
    this.stopped = false;
    const tick = async () => {
      let now = false;
      try {
        now = await this.tryAcquireOrRenew();
      } catch (err) {
        now = false; // unreachable API server: stop writing until we hold the lease again
        const msg = (err as Error).message;
        if (msg !== this.lastError) this.opts.log?.(`leader election: ${msg}`);
        this.lastError = msg;
      }
      if (this.stopped) return;
      this.setLeading(now);
      this.timer = setTimeout(() => void tick(), this.opts.renewMs ?? 2_000);
    };
    void tick();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.leading) {
      this.setLeading(false);
      // Hand over at once instead of making the next leader wait for expiry.
      await this.kube.mergePatch(models.Lease, this.ref(), { spec: { holderIdentity: null } }).catch(() => {});
    }
  }

  private setLeading(leading: boolean) {
    if (leading === this.leading) return;
    this.leading = leading;
    this.opts.onChange?.(leading);
  }

  private ref() {
    return { name: this.opts.name ?? "kmetal-reconciler", namespace: this.opts.namespace };
  }

  private remember(lease: V1Lease | undefined, at: number) {
    const record = lease && {
      holder: lease.spec?.holderIdentity ?? undefined,
      renewTime: lease.spec?.renewTime ? String(lease.spec.renewTime as unknown) : undefined,
      durationSeconds: lease.spec?.leaseDurationSeconds ?? undefined,
      resourceVersion: lease.metadata?.resourceVersion,
    };
    this.observed = observeLease(this.observed, record, at, this.leaseMs);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const lease = await this.kube.find<V1Lease>(models.Lease, this.ref());
    const started = this.clock();
    this.remember(lease, started);
    const step = leaseDecision(this.observed, this.identity, started);
    if (step.do === "wait") return false;
    const wallNow = new Date(); // written for humans (kubectl); no elector ever compares it with its own clock
    const spec = { holderIdentity: this.identity, leaseDurationSeconds: this.leaseMs / 1000, renewTime: microTime(wallNow) };
    try {
      const written = step.do === "create"
        ? await this.kube.create<V1Lease>(models.Lease, { metadata: this.ref(), spec: { ...spec, acquireTime: microTime(wallNow), leaseTransitions: 0 } as never })
        : await this.kube.mergePatch<V1Lease>(models.Lease, this.ref(), {
          // resourceVersion in a merge patch makes it conditional: a concurrent taker gets 409.
          metadata: { resourceVersion: lease!.metadata?.resourceVersion },
          spec: step.do === "renew" ? spec : { ...spec, acquireTime: microTime(wallNow), leaseTransitions: (lease!.spec?.leaseTransitions ?? 0) + 1 },
        });
      // The deadline counts from before the request: the lease may have been written as early as that.
      this.renewedAt = started;
      this.remember(written, started);
      return true;
    } catch (err) {
      if (err instanceof KubeError && err.status === 409) return false;
      throw err;
    }
  }
}
