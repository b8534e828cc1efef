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
    controller = new TenantController(kube, { namespace: "kmetal-system", identity: `it-${uniq()}`, log, probeIntervalMs: 500 });
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

    // Scaling is an edit of the Tenant. A Ready tenant keeps serving while it scales: Ready stays True and the
    // phase says Updating, with the detail in WorkersReady and status.operation.
    const readyFalseEvents = async () => (await kube.list<{ message?: string }>(models.Event, { namespace: "default", labelSelector: `kmetal.io/tenant=${name}` })).items
      .filter((e) => e.message?.startsWith("Ready is False")).length;
    const readyFalseBefore = await readyFalseEvents();
    const pools = [{ ...t.spec.workerPools[0]!, replicas: 3 }];
    await kube.mergePatch(models.Tenant, { name }, { spec: { workerPools: pools } });
    const seen: { phase?: string; ready?: string; workers?: string; operation?: unknown }[] = [];
    await expect.poll(async () => {
      const s = (await tenant(name))?.status;
      const c = (type: string) => s?.conditions?.find((x) => x.type === type);
      seen.push({ phase: s?.phase, ready: c("Ready")?.status, workers: c("WorkersReady")?.message, operation: s?.operation });
      return (await gw.list<V1Node>(models.Node)).items.length === 3 && s?.phase === "Ready" && s.readyWorkers === 3;
    }, { timeout: 60_000, interval: 50 }).toBe(true);
    expect(seen.filter((x) => x.ready !== "True" || !["Ready", "Updating"].includes(x.phase ?? ""))).toEqual([]);
    expect(seen).toContainEqual({ phase: "Updating", ready: "True", workers: "2/3 workers ready", operation: { type: "Scaling", readyWorkers: 2, desiredWorkers: 3 } });
    expect(await readyFalseEvents()).toBe(readyFalseBefore); // no alarm was raised while scaling
  });

  it("says when the tenant's API server stops answering at its endpoint, and when it answers again", async () => {
    const name = `h-${uniq()}`;
    await createTenant(name, spec());
    await waitPhase(name, "Ready");
    const condition = async () => (await tenant(name))?.status?.conditions?.find((c) => c.type === "APIServerAvailable");
    await expect.poll(async () => (await condition())?.status, { timeout: 20_000, interval: 250 }).toBe("True");
    expect((await condition())?.reason).toBe("HealthzOK");
    // The tenant's API server processes hang (SIGSTOP): the load balancer still accepts, nothing answers.
    const certDir = path.join(dir, `tenant-${name}`, name, "pki");
    const pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return cmd.includes("kube-apiserver") && cmd.includes(`--cert-dir=${certDir}`);
      } catch {
        return false;
      }
    });
    expect(pids.length).toBeGreaterThan(0);
    try {
      for (const pid of pids) process.kill(pid, "SIGSTOP");
      await expect.poll(async () => (await condition())?.status, { timeout: 20_000, interval: 250 }).toBe("False");
      expect(await condition()).toMatchObject({ reason: "Unreachable" });
      await waitPhase(name, "Degraded", 10_000);
    } finally {
      for (const pid of pids) process.kill(pid, "SIGCONT");
    }
    await expect.poll(async () => (await condition())?.status, { timeout: 20_000, interval: 250 }).toBe("True");
    await waitPhase(name, "Ready", 30_000);
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
    // The owner holds the network before the others arrive (created in the same second, names would decide).
    await expect.poll(() => kube.find(models.Subnet, { name: `kmetal-${owner}` }), { timeout: 30_000 }).toBeTruthy();
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

  it("keeps an existing Ready tenant's network when a later tenant overlaps it, and tells the newcomer nothing about it", async () => {
    const none = [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }];
    const cidr = nextCidr();
    const a = `old-${uniq()}`;
    const b = `new-${uniq()}`;
    await createTenant(a, spec({ network: { mode: "overlay", cidr }, workerPools: none }));
    await waitPhase(a, "Ready");
    // Created behind the console's back (kubectl, or a second create racing the first): only the API server checks it.
    await createTenant(b, spec({ network: { mode: "overlay", cidr }, workerPools: none }));
    await waitPhase(b, "Refused", 30_000);
    const accepted = (await tenant(b))!.status!.conditions!.find((c) => c.type === "PolicyAccepted")!;
    expect(accepted).toMatchObject({ status: "False", reason: "CidrOverlap" });
    expect(accepted.message).toContain("overlaps another tenant's network");
    expect(accepted.message).not.toContain(a);
    const events = (await kube.list<{ message?: string }>(models.Event, { namespace: "default", labelSelector: `kmetal.io/tenant=${b}` })).items;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.message).not.toContain(a);
    expect(await kube.find(models.Subnet, { name: `kmetal-${b}` })).toBeUndefined();

    // A reconcile of the older tenant, now that the newcomer exists, leaves it Ready.
    await kube.mergePatch(models.Tenant, { name: a }, { metadata: { annotations: { "kmetal.io/test-poke": "1" } } });
    await new Promise((r) => setTimeout(r, 3_000));
    const old = (await tenant(a))!.status!;
    expect(old.phase).toBe("Ready");
    expect(old.conditions!.filter((c) => c.status !== "True")).toEqual([]);
  });

  it("of two overlapping tenants created at once, refuses exactly one and provisions the other", async () => {
    const none = [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }];
    const cidr = nextCidr();
    const pair = [`twin-a-${uniq()}`, `twin-b-${uniq()}`];
    await Promise.all(pair.map((n) => createTenant(n, spec({ network: { mode: "overlay", cidr }, workerPools: none }))));
    await expect.poll(async () => (await Promise.all(pair.map(tenant))).map((t) => t?.status?.phase).sort(), { timeout: 120_000, interval: 500 }).toEqual(["Ready", "Refused"]);
    for (const n of pair) expect(!!(await kube.find(models.Subnet, { name: `kmetal-${n}` }))).toBe((await tenant(n))!.status!.phase === "Ready");
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
