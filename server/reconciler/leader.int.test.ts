import crypto from "node:crypto";
import type { V1Lease } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantObject } from "@/lib/schemas/tenant";
import { TENANT_FINALIZER } from "@/lib/tenants/names";
import { microTime } from "@/lib/utils";
import { KubeGateway, type JsonPatchOp, type KubeObj } from "@/server/kube/gateway";
import { models, type ObjectRef, type ResourceModel } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import { TenantController } from "@/server/reconciler/controller";
import { LeaderElector } from "@/server/reconciler/leader";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { freshNamespace, testGateway } from "@/test/kube";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniq = () => crypto.randomBytes(3).toString("hex");

describe("leader election on a real Lease", () => {
  let kube: KubeGateway;
  let ns: { name: string; cleanup: () => Promise<void> };
  const electors: LeaderElector[] = [];
  beforeAll(async () => {
    kube = testGateway();
    ns = await freshNamespace(kube, "lease");
  });
  afterAll(async () => {
    for (const e of electors) await e.stop();
    await ns.cleanup();
  });
  const elector = (name: string) => {
    const e = new LeaderElector(kube, { namespace: ns.name, name, identity: `me-${uniq()}`, leaseSeconds: 2, renewMs: 100 });
    electors.push(e);
    return e;
  };
  /** Another host's leader, writing the lease with its own (wrong) clock. */
  const foreign = (name: string, renewTime: () => Date) => {
    const spec = () => ({ holderIdentity: "foreign", leaseDurationSeconds: 2, renewTime: microTime(renewTime()) });
    return {
      create: () => kube.create<V1Lease>(models.Lease, { metadata: { name, namespace: ns.name }, spec: spec() as never }),
      renew: () => kube.mergePatch(models.Lease, { name, namespace: ns.name }, { spec: spec() }),
    };
  };

  it("does not take a lease that is being renewed by a host whose clock is an hour behind", async () => {
    const other = foreign("skew-behind", () => new Date(Date.now() - 3600_000));
    await other.create();
    const e = elector("skew-behind");
    e.start();
    let lastRenew = 0;
    for (const end = performance.now() + 4_000; performance.now() < end;) {
      await other.renew();
      lastRenew = performance.now();
      expect(e.isLeader).toBe(false);
      await sleep(300);
    }
    // It stops renewing: the lease is taken once it has not changed for 2 s on our clock, not before.
    await expect.poll(() => e.isLeader, { timeout: 6_000, interval: 20 }).toBe(true);
    const waited = performance.now() - lastRenew;
    expect(waited).toBeGreaterThanOrEqual(2_000);
    expect(waited).toBeLessThan(4_500);
  });

  it("takes a dead leader's lease even when its last renewTime lies in our future", async () => {
    await foreign("skew-ahead", () => new Date(Date.now() + 3600_000)).create();
    const e = elector("skew-ahead");
    const t0 = performance.now();
    e.start();
    await expect.poll(() => e.isLeader, { timeout: 6_000, interval: 20 }).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2_000);
    const lease = await kube.get<V1Lease>(models.Lease, { name: "skew-ahead", namespace: ns.name });
    expect([lease.spec?.holderIdentity, lease.spec?.leaseTransitions]).toEqual([e.identity, 1]);
  });
});

type Write = { verb: string; kind: string; name?: string };

/** The gateway the controller uses, recording every write it sends; `afterWrite` may hold the controller there. */
class RecordingGateway extends KubeGateway {
  readonly writes: Write[] = [];
  afterWrite: (w: Write) => Promise<void> = async () => {};
  private async record<T>(w: Write, p: Promise<T>): Promise<T> {
    this.writes.push(w);
    const r = await p;
    await this.afterWrite(w);
    return r;
  }
  override apply<T extends KubeObj>(m: ResourceModel, obj: T, fieldManager?: string) {
    return this.record({ verb: "apply", kind: m.kind, name: obj.metadata?.name }, super.apply(m, obj, fieldManager));
  }
  override create<T extends KubeObj>(m: ResourceModel, obj: T) {
    return this.record({ verb: "create", kind: m.kind, name: obj.metadata?.name }, super.create(m, obj));
  }
  override mergePatch<T extends KubeObj>(m: ResourceModel, ref: ObjectRef, patch: unknown, sub?: "status") {
    return this.record({ verb: "patch", kind: m.kind, name: ref.name }, super.mergePatch<T>(m, ref, patch, sub));
  }
  override jsonPatch<T extends KubeObj>(m: ResourceModel, ref: ObjectRef, ops: JsonPatchOp[]) {
    return this.record({ verb: "jsonpatch", kind: m.kind, name: ref.name }, super.jsonPatch<T>(m, ref, ops));
  }
  override delete(m: ResourceModel, ref: ObjectRef, opts?: { ignoreNotFound?: boolean }) {
    return this.record({ verb: "delete", kind: m.kind, name: ref.name }, super.delete(m, ref, opts));
  }
}

describe("a reconcile running when leadership is lost", () => {
  let kube: KubeGateway;
  let ns: { name: string; cleanup: () => Promise<void> };
  let controller: TenantController | undefined;
  const name = `lost-${uniq()}`;
  beforeAll(async () => {
    kube = testGateway();
    ns = await freshNamespace(kube, "lease");
    await ensurePlatformPolicy(kube, [(await resolveBinaries()).version]);
  });
  afterAll(async () => {
    await controller?.stop();
    // Nobody leads this controller's lease any more: clean up by hand what it wrote before it lost it.
    const t = await kube.find<TenantObject & { metadata: object }>(models.Tenant, { name });
    const i = t?.metadata.finalizers?.indexOf(TENANT_FINALIZER) ?? -1;
    if (i >= 0) await kube.jsonPatch(models.Tenant, { name }, [{ op: "test", path: `/metadata/finalizers/${i}`, value: TENANT_FINALIZER }, { op: "remove", path: `/metadata/finalizers/${i}` }]);
    await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    await kube.delete(models.Namespace, { name: `tenant-${name}` }, { ignoreNotFound: true });
    await ns.cleanup();
  });

  it("sends no further write once another identity has taken the Lease", async () => {
    const gw = new RecordingGateway(kube.kc);
    let lostAt = -1;
    gw.afterWrite = async (w) => {
      if (lostAt >= 0 || w.kind !== "Namespace" || w.name !== `tenant-${name}`) return;
      // Mid-reconcile, right after its first child: another identity takes the Lease (as after a partition).
      await kube.mergePatch(models.Lease, { name: "kmetal-reconciler", namespace: ns.name }, {
        spec: { holderIdentity: "thief", leaseDurationSeconds: 3600, renewTime: microTime(), acquireTime: microTime() },
      });
      await expect.poll(() => controller!.isLeader, { timeout: 10_000, interval: 20 }).toBe(false);
      lostAt = gw.writes.length;
    };
    controller = new TenantController(gw, { namespace: ns.name, identity: `it-${uniq()}`, lease: { renewMs: 100 } });
    await controller.start();
    await expect.poll(() => controller!.isLeader, { timeout: 10_000 }).toBe(true);
    await kube.create(models.Tenant, {
      metadata: { name },
      spec: { kubernetesVersion: (await resolveBinaries()).version, network: { mode: "overlay", cidr: `172.${16 + crypto.randomInt(16)}.${crypto.randomInt(256)}.0/24` }, workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] },
    } as never);
    await expect.poll(() => lostAt, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(0);
    await sleep(3_000); // time for the rest of the reconcile, its requeues and a resync, had it kept going

    expect(gw.writes.slice(lostAt).filter((w) => w.kind !== "Lease")).toEqual([]);
    expect(await kube.find(models.Vpc, { name: `kmetal-${name}` })).toBeUndefined();
    expect((await kube.get<TenantObject & { metadata: object }>(models.Tenant, { name })).status).toBeUndefined();
    // What it wrote before: the finalizer, then the namespace, in that order.
    const ours = gw.writes.filter((w) => w.name === name || w.name === `tenant-${name}`);
    expect(ours.map((w) => `${w.verb} ${w.kind}`)).toEqual(["jsonpatch Tenant", "apply Namespace"]);
  });
});
