import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantObject } from "@/lib/schemas/tenant";
import { TENANT_FINALIZER } from "@/lib/tenants/names";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { CHILD_MODELS } from "@/server/reconciler/children";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureNamespace } from "@/server/services/users";
import { testGateway } from "@/test/kube";
import { crashAt as crashAtShared, kill9, startReconciler as startShared } from "@/test/reconciler-process";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const id = crypto.randomBytes(3).toString("hex");
const POOL = `crash${id}`;

const startReconciler = (crashAfter?: string) => startShared(`crash-test-${id}`, crashAfter);
const crashAt = (point: string) => crashAtShared(`crash-test-${id}`, point);

describe("a reconciler killed with SIGKILL mid-provisioning", () => {
  let kube: KubeGateway;
  let provider: LocalProvider;
  let reconciler: ChildProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-crash-"));
  const names = { crashed: `crash-${id}`, clean: `clean-${id}` };

  beforeAll(async () => {
    kube = testGateway();
    const binaries = await resolveBinaries();
    await ensureNamespace(kube, "kmetal-system");
    await ensurePlatformPolicy(kube, [binaries.version]);
    provider = new LocalProvider({ kube, binaries, dir });
    await provider.start();
  });
  afterAll(async () => {
    if (!reconciler || reconciler.exitCode !== null || reconciler.signalCode !== null) reconciler = startReconciler();
    for (const name of Object.values(names)) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    for (let i = 0; i < 240 && (await Promise.all(Object.values(names).map((n) => kube.find(models.Tenant, { name: n })))).some(Boolean); i++) await sleep(500);
    await kill9(reconciler);
    await provider.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const spec = (cidr: string) => ({
    kubernetesVersion: "v1.36.3",
    network: { mode: "overlay", cidr },
    // A pool name of this file alone: the reconciler it kills serves every tenant of the shared cluster, and a
    // crash point named "apply VirtualMachine/w-0" could be reached by another file's tenant first.
    workerPools: [{ name: POOL, replicas: 3, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
  });
  /** The tenant's phase; the tenant itself must exist. */
  const phase = async (name: string) => (await kube.get<TenantObject & { metadata: object }>(models.Tenant, { name })).status?.phase;

  /** Everything that carries the tenant's label, as kind/name with the tenant's name abstracted away. */
  async function footprint(name: string): Promise<string[]> {
    const out: string[] = [];
    for (const m of CHILD_MODELS) {
      const items = (await kube.list<{ metadata: { name: string } }>(models[m], { labelSelector: `kmetal.io/tenant=${name}` })).items;
      out.push(...items.map((o) => `${m}/${o.metadata.name.replaceAll(name, "T")}`));
    }
    const ns = `tenant-${name}`;
    const secrets = (await kube.list<V1Secret>(models.Secret, { namespace: ns })).items.filter((s) => s.type !== "kubernetes.io/service-account-token");
    out.push(...secrets.map((s) => `Secret/${s.metadata!.name!.replaceAll(name, "T")}`));
    const admin = await kube.get<V1Secret>(models.Secret, { name: `${name}-admin-kubeconfig`, namespace: ns });
    const tenant = gatewayFromKubeconfig(Buffer.from(admin.data!["admin.conf"]!, "base64").toString());
    const tokens = (await tenant.list(models.Secret, { namespace: "kube-system", labelSelector: "kmetal.io/join-token=true" })).items;
    out.push(`join-tokens=${tokens.length}`);
    out.push(...(await tenant.list<{ metadata: { name: string } }>(models.Node)).items.map((n) => `Node/${n.metadata.name}`));
    return out.sort();
  }

  it("converges to exactly what an uninterrupted run makes: no duplicate, no orphan", { timeout: 900_000 }, async () => {
    await kube.create(models.Tenant, { metadata: { name: names.crashed }, spec: spec(`10.${200 + crypto.randomInt(50)}.1.0/24`) } as never);
    // Kill it at several points of provisioning, each right after one write; each point must be reached, and
    // what comes after it must not exist yet (the kill really interrupted the reconcile there).
    const T = names.crashed;
    const ns = `tenant-${T}`;
    const tenantTokens = async () => {
      const admin = await kube.find<V1Secret>(models.Secret, { name: `${T}-admin-kubeconfig`, namespace: ns });
      if (!admin) return 0;
      const tenant = gatewayFromKubeconfig(Buffer.from(admin.data!["admin.conf"]!, "base64").toString());
      return (await tenant.list(models.Secret, { namespace: "kube-system", labelSelector: "kmetal.io/join-token=true" })).items.length;
    };
    const points: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ["addFinalizer", async () => (await kube.get<TenantObject & { metadata: object }>(models.Tenant, { name: T })).metadata.finalizers?.includes(TENANT_FINALIZER), () => kube.find(models.Namespace, { name: ns })],
      [`apply Namespace/${ns}`, () => kube.find(models.Namespace, { name: ns }), () => kube.find(models.Subnet, { name: `kmetal-${T}` })],
      [`apply Subnet/kmetal-${T}`, () => kube.find(models.Subnet, { name: `kmetal-${T}` }), () => kube.find(models.DataStore, { name: `kmetal-${T}-etcd` })],
      [`apply TenantControlPlane/${T}`, () => kube.find(models.TenantControlPlane, { name: T, namespace: ns }), () => kube.find(models.ResourceQuota, { name: "kmetal-quota", namespace: ns })],
      // A token in the tenant's API server, and no join secret yet: the next run must reuse it, not add one.
      [`join-token ${ns}`, async () => (await tenantTokens()) === 1, () => kube.find(models.Secret, { name: "worker-join", namespace: ns })],
      [`join-secret ${ns}`, () => kube.find(models.Secret, { name: "worker-join", namespace: ns }), () => kube.find(models.VirtualMachine, { name: `${POOL}-0`, namespace: ns })],
      [`apply VirtualMachine/${POOL}-0`, () => kube.find(models.VirtualMachine, { name: `${POOL}-0`, namespace: ns }), () => kube.find(models.VirtualMachine, { name: `${POOL}-1`, namespace: ns })],
    ];
    const phases: string[] = [];
    for (const [point, reached, next] of points) {
      await crashAt(point);
      expect(await reached(), `after the crash at "${point}"`).toBeTruthy();
      expect(await next(), `nothing after "${point}" may exist yet`).toBeFalsy();
      phases.push((await phase(names.crashed)) ?? "none");
    }
    // The status is written last in a reconcile: none before the control plane is there, never Ready.
    expect(phases.slice(0, 4)).toEqual(["none", "none", "none", "none"]);
    for (const p of phases) expect(["none", "Provisioning"]).toContain(p);
    reconciler = startReconciler();
    await expect.poll(() => phase(names.crashed), { timeout: 120_000, interval: 500 }).toBe("Ready");

    // The same tenant shape, provisioned by the reconciler without interruption.
    await kube.create(models.Tenant, { metadata: { name: names.clean }, spec: spec(`10.${200 + crypto.randomInt(50)}.2.0/24`) } as never);
    await expect.poll(() => phase(names.clean), { timeout: 120_000, interval: 500 }).toBe("Ready");

    const crashed = await footprint(names.crashed);
    expect(crashed).toEqual(await footprint(names.clean));
    expect(crashed).toContain("join-tokens=1");
    expect(crashed.filter((x) => x.startsWith("Node/"))).toEqual([`Node/${POOL}-0`, `Node/${POOL}-1`, `Node/${POOL}-2`]);
  });
});
