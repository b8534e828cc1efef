import "server-only";
import os from "node:os";
import type { V1Lease } from "@kubernetes/client-node";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { microTime } from "@/lib/utils";

export interface LeaderOptions {
  namespace: string;
  name?: string;
  identity?: string;
  leaseSeconds?: number;
  renewMs?: number;
  onChange?: (leading: boolean) => void;
  log?: (line: string) => void;
}

/**
 * Leader election on a coordination.k8s.io Lease, with optimistic concurrency: only one reconciler
 * writes at a time; a crashed leader's lease expires after `leaseSeconds` and another takes over.
 */
export class LeaderElector {
  private timer?: NodeJS.Timeout;
  private leading = false;
  private lastError?: string;
  readonly identity: string;

  constructor(private readonly kube: KubeGateway, private readonly opts: LeaderOptions) {
    this.identity = opts.identity ?? `${os.hostname()}-${process.pid}`;
  }

  get isLeader() {
    return this.leading;
  }

  start() {
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
      if (now !== this.leading) {
        this.leading = now;
        this.opts.onChange?.(now);
      }
      this.timer = setTimeout(() => void tick(), this.opts.renewMs ?? 2_000);
    };
    void tick();
  }

  async stop() {
    clearTimeout(this.timer);
    if (this.leading) {
      this.leading = false;
      this.opts.onChange?.(false);
      // Hand over at once instead of making the next leader wait for expiry.
      await this.kube.mergePatch(models.Lease, this.ref(), { spec: { holderIdentity: null } }).catch(() => {});
    }
  }

  private ref() {
    return { name: this.opts.name ?? "kmetal-reconciler", namespace: this.opts.namespace };
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const duration = this.opts.leaseSeconds ?? 15;
    const lease = await this.kube.find<V1Lease>(models.Lease, this.ref());
    const spec = { holderIdentity: this.identity, leaseDurationSeconds: duration, renewTime: microTime(now) };
    if (!lease) {
      try {
        await this.kube.create<V1Lease>(models.Lease, { metadata: this.ref(), spec: { ...spec, acquireTime: microTime(now) } as never });
        return true;
      } catch (err) {
        if (err instanceof KubeError && err.status === 409) return false;
        throw err;
      }
    }
    const holder = lease.spec?.holderIdentity;
    const renewed = lease.spec?.renewTime ? new Date(lease.spec.renewTime as unknown as string).getTime() : 0;
    const expired = !holder || renewed + (lease.spec?.leaseDurationSeconds ?? duration) * 1000 < now.getTime();
    if (holder !== this.identity && !expired) return false;
    try {
      // resourceVersion in a merge patch makes it conditional: a concurrent taker gets 409.
      await this.kube.mergePatch(models.Lease, this.ref(), {
        metadata: { resourceVersion: lease.metadata?.resourceVersion },
        spec: holder === this.identity ? spec : { ...spec, acquireTime: microTime(now) },
      });
      return true;
    } catch (err) {
      if (err instanceof KubeError && err.status === 409) return false;
      throw err;
    }
  }
}
