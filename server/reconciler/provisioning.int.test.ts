import { execFile } from "node:child_process";
import crypto from "node:crypto";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1Node, V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantObject, TenantSpec } from "@/lib/schemas/tenant";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { resolveBinaries, type Binaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { TenantController } from "@/server/reconciler/controller";
import { ensureNamespace } from "@/server/services/users";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testGateway } from "@/test/kube";

const execFileAsync = promisify(execFile);
const uniq = () => crypto.randomBytes(3).toString("hex");
// Distinct /24s from 172.16.0.0/12 (clear of the default platform CIDRs), so tests never overlap each other.
let octet = crypto.randomInt(256);
const nextCidr = () => `172.${16 + (octet % 16)}.${octet++ % 256}.0/24`;

const spec = (over: Partial<TenantSpec> = {}): TenantSpec => ({
  kubernetesVersion: "v1.36.3",
  network: { mode: "overlay", cidr: nextCidr() },
  workerPools: [{ name: "default", replicas: 2, vcpu: 1, memoryGi: 2, diskGi: 10, image: "quay.io/containerdisks/ubuntu:24.04" }],
  ...over,
});

describe("tenant provisioning on the real local under cluster", () => {
  let kube: KubeGateway;
  let provider: LocalProvider;
  let controller: TenantController;
  let binaries: Binaries;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-prov-"));
  const created: string[] = [];

  const createTenant = async (name: string, s: TenantSpec) => {
    created.push(name);
    return kube.create(models.Tenant, { metadata: { name }, spec: s } as never);
  };
  const tenant = (name: string) => kube.find<TenantObject & { metadata: object }>(models.Tenant, { name });
  const waitPhase = (name: string, phase: string, timeout = 120_000) =>
    expect.poll(async () => (await tenant(name))?.status?.phase, { timeout, interval: 500 }).toBe(phase);
  const tenantApi = async (name: string) => {
    const s = await kube.get<V1Secret>(models.Secret, { name: `${name}-admin-kubeconfig`, namespace: `tenant-${name}` });
    return { gw: gatewayFromKubeconfig(Buffer.from(s.data!["admin.conf"]!, "base64").toString()), conf: Buffer.from(s.data!["admin.conf"]!, "base64").toString() };
  };

  beforeAll(async () => {
    kube = testGateway();
    binaries = await resolveBinaries();
    await ensureNamespace(kube, "kmetal-system");
    await ensurePlatformPolicy(kube, [binaries.version]);
    const log = (l: string) => console.log(l);
    provider = new LocalProvider({ kube, binaries, dir, log });
    await provider.start();
    controller = new TenantController(kube, { namespace: "kmetal-system", identity: `it-${uniq()}`, log });
    await controller.start();
  });
  afterAll(async () => {
    for (const name of created) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true }).catch(() => {});
    for (let i = 0; i < 240 && (await Promise.all(created.map(tenant))).some(Boolean); i++) await new Promise((r) => setTimeout(r, 500));
    await controller?.stop();
    await provider?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates a tenant that reaches Ready, with worker Nodes in its own API server", async () => {
    const name = `a-${uniq()}`;
    await createTenant(name, spec());
    await waitPhase(name, "Ready");
    const t = (await tenant(name))!;
    expect(t.status!.conditions!.filter((c) => c.status !== "True")).toEqual([]);
    expect(t.status!.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(t.status!.readyWorkers).toBe(2);
    expect(t.status!.steps!.every((s) => s.startedAt && s.finishedAt)).toBe(true);

    const { gw } = await tenantApi(name);
    const nodes = await gw.list<V1Node>(models.Node);
    expect(nodes.items.map((n) => n.metadata!.name).sort()).toEqual(["default-0", "default-1"]);
    for (const n of nodes.items) expect(n.status!.conditions!.find((c) => c.type === "Ready")!.status).toBe("True");

    // kubectl with the tenant's admin kubeconfig (the file the local provider keeps) sees the same Nodes.
    const kubeconfigFile = path.join(dir, `tenant-${name}`, name, "admin.kubeconfig");
    const { stdout } = await execFileAsync(binaries.kubectl!, ["--kubeconfig", kubeconfigFile, "get", "nodes", "-o", "name"]);
    expect(stdout.trim().split("\n").sort()).toEqual(["node/default-0", "node/default-1"]);

    // The children exist in the upstream APIs, bound to this tenant.
    const subnet = await kube.get<{ metadata: object; spec: { vpc: string; namespaces: string[] } }>(models.Subnet, { name: `kmetal-${name}` });
    expect(subnet.spec.vpc).toBe(`kmetal-${name}`);
    expect(subnet.spec.namespaces).toEqual([`tenant-${name}`]);
    expect(await kube.find(models.DataStore, { name: `kmetal-${name}-etcd` })).toBeTruthy();
    expect((await kube.list(models.VirtualMachine, { namespace: `tenant-${name}` })).items).toHaveLength(2);

    // Scaling is an edit of the Tenant.
    const pools = [{ ...t.spec.workerPools[0]!, replicas: 3 }];
    await kube.mergePatch(models.Tenant, { name }, { spec: { workerPools: pools } });
    await expect.poll(async () => (await gw.list<V1Node>(models.Node)).items.length, { timeout: 60_000 }).toBe(3);
    await waitPhase(name, "Ready");
  });

  it("isolates tenants: A's certificate is refused by B's API server and by the under cluster", async () => {
    const a = `iso-a-${uniq()}`;
    const b = `iso-b-${uniq()}`;
    await createTenant(a, spec({ workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] }));
    await createTenant(b, spec({ workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] }));
    await waitPhase(a, "Ready");
    await waitPhase(b, "Ready");
    const A = await tenantApi(a);
    const B = await tenantApi(b);
    await B.gw.create(models.ConfigMap, { metadata: { name: `only-in-${b}`, namespace: "default" } });
    expect(await A.gw.find(models.ConfigMap, { name: `only-in-${b}`, namespace: "default" })).toBeUndefined();

    // A's client certificate, presented to B's endpoint (trusting B's CA) and to the under cluster.
    const swapServer = (conf: string, server: string, caData?: string) =>
      conf.replace(/server: .*/, `server: ${server}`).replace(/certificate-authority-data: .*/, caData ? `certificate-authority-data: ${caData}` : "insecure-skip-tls-verify: true");
    const bCa = /certificate-authority-data: (.*)/.exec(B.conf)![1]!;
    const aAtB = gatewayFromKubeconfig(swapServer(A.conf, B.gw.server, bCa));
    expect(((await aAtB.list(models.Namespace).catch((e: unknown) => e)) as KubeError).status).toBe(401);
    const aAtUnder = gatewayFromKubeconfig(swapServer(A.conf, kube.server));
    expect(((await aAtUnder.list(models.Namespace).catch((e: unknown) => e)) as KubeError).status).toBe(401);
  });

  it("refuses a disallowed version, an over-maximum quota and an overlapping CIDR, writing nothing", async () => {
    const taken = nextCidr();
    const owner = `own-${uniq()}`;
    await createTenant(owner, spec({ network: { mode: "overlay", cidr: taken }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] }));
    const cases: [string, TenantSpec, string][] = [
      [`ver-${uniq()}`, spec({ kubernetesVersion: "v1.20.0" }), "VersionNotAllowed"],
      [`quota-${uniq()}`, spec({ quota: { vcpu: 100_000 } }), "QuotaAboveMaximum"],
      [`cidr-${uniq()}`, spec({ network: { mode: "overlay", cidr: taken } }), "CidrOverlap"],
    ];
    for (const [name, s] of cases) await createTenant(name, s);
    for (const [name, , reason] of cases) {
      await waitPhase(name, "Refused", 30_000);
      const accepted = (await tenant(name))!.status!.conditions!.find((c) => c.type === "PolicyAccepted")!;
      expect(accepted).toMatchObject({ status: "False", reason });
      expect(accepted.message).toMatch(/spec\.(kubernetesVersion|quota|network)/);
      expect(await kube.find(models.Namespace, { name: `tenant-${name}` })).toBeUndefined();
      expect(await kube.find(models.Vpc, { name: `kmetal-${name}` })).toBeUndefined();
    }
  });

  it("deletes every child object and process of a tenant, and nothing of another", async () => {
    const keep = `keep-${uniq()}`;
    const gone = `gone-${uniq()}`;
    const one = [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }];
    await createTenant(keep, spec({ workerPools: one }));
    await createTenant(gone, spec({ workerPools: one }));
    await waitPhase(gone, "Ready");
    await waitPhase(keep, "Ready");
    const goneDir = path.join(dir, `tenant-${gone}`, gone);
    expect(fs.existsSync(goneDir)).toBe(true);
    await kube.delete(models.Tenant, { name: gone });
    await expect.poll(() => tenant(gone), { timeout: 120_000 }).toBeUndefined();
    for (const [m, n] of [[models.Namespace, `tenant-${gone}`], [models.Vpc, `kmetal-${gone}`], [models.Subnet, `kmetal-${gone}`], [models.DataStore, `kmetal-${gone}-etcd`]] as const) {
      expect(await kube.find(m, { name: n })).toBeUndefined();
    }
    expect(fs.existsSync(goneDir)).toBe(false);
    const stillThere = await tenant(keep);
    expect(stillThere?.status?.phase).toBe("Ready");
    expect((await (await tenantApi(keep)).gw.list(models.Node)).items).toHaveLength(1);
  });
});
