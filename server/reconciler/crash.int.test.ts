import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TenantObject } from "@/lib/schemas/tenant";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { repoRoot, resolveBinaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { CHILD_MODELS } from "@/server/reconciler/children";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureNamespace } from "@/server/services/users";
import { testGateway } from "@/test/kube";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const id = crypto.randomBytes(3).toString("hex");

/** The reconciler as its own process, exactly as production runs it (`kmetal reconcile`). */
function startReconciler(): ChildProcess {
  return spawn(process.execPath, [path.join(repoRoot(), "bin", "kmetal.mjs"), "reconcile"], {
    env: { ...process.env, KMETAL_KUBECONFIG: inject("kubeconfigPath"), KMETAL_NAMESPACE: "kmetal-system", KMETAL_RECONCILER_ID: `crash-test-${id}` },
    stdio: "ignore",
  });
}
const kill9 = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once("exit", () => r()), p.kill("SIGKILL"))));

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
    workerPools: [{ name: "w", replicas: 3, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
  });
  const phase = async (name: string) => (await kube.find<TenantObject & { metadata: object }>(models.Tenant, { name }))?.status?.phase;

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

  it("converges to exactly what an uninterrupted run makes: no duplicate, no orphan", async () => {
    await kube.create(models.Tenant, { metadata: { name: names.crashed }, spec: spec(`10.${200 + crypto.randomInt(50)}.1.0/24`) } as never);
    // Kill it at several points of provisioning, each the moment the next kind of object has appeared.
    const ns = `tenant-${names.crashed}`;
    const points: [string, () => Promise<unknown>][] = [
      ["finalizer added", async () => (await kube.find<TenantObject & { metadata: object }>(models.Tenant, { name: names.crashed }))?.metadata.finalizers?.length],
      ["namespace written", () => kube.find(models.Namespace, { name: ns })],
      ["subnet written", () => kube.find(models.Subnet, { name: `kmetal-${names.crashed}` })],
      ["control plane written", () => kube.find(models.TenantControlPlane, { name: names.crashed, namespace: ns })],
      ["join secret written", () => kube.find(models.Secret, { name: "worker-join", namespace: ns })],
      ["first VM written", () => kube.find(models.VirtualMachine, { name: "w-0", namespace: ns })],
    ];
    const phases: string[] = [];
    for (const [, reached] of points) {
      reconciler = startReconciler();
      for (let i = 0; i < 3000 && !(await reached()); i++) await sleep(20);
      await kill9(reconciler);
      phases.push((await phase(names.crashed)) ?? "none");
    }
    expect(phases.slice(0, 4)).not.toContain("Ready"); // the kills really interrupted provisioning
    reconciler = startReconciler();
    await expect.poll(() => phase(names.crashed), { timeout: 120_000, interval: 500 }).toBe("Ready");

    // The same tenant shape, provisioned by the reconciler without interruption.
    await kube.create(models.Tenant, { metadata: { name: names.clean }, spec: spec(`10.${200 + crypto.randomInt(50)}.2.0/24`) } as never);
    await expect.poll(() => phase(names.clean), { timeout: 120_000, interval: 500 }).toBe("Ready");

    const crashed = await footprint(names.crashed);
    expect(crashed).toEqual(await footprint(names.clean));
    expect(crashed).toContain("join-tokens=1");
    expect(crashed.filter((x) => x.startsWith("Node/"))).toEqual(["Node/w-0", "Node/w-1", "Node/w-2"]);
  });
});
