import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseQuantity, toGi } from "@/lib/fleet/quantity";
import type { TenantSpec } from "@/lib/schemas/tenant";
import { tenantNames } from "@/lib/tenants/names";
import { createCaller } from "@/server/api/root";
import { models } from "@/server/kube/models";
import type { ResourceQuotaResource, TenantResource } from "@/server/kube/resources";
import { capacity, usageOfTenants } from "@/server/services/fleet";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testCaches, testContext, testGateway } from "@/test/kube";
import { simulatedWorkers } from "@/test/simulated-workers";

const admin = { name: "root", roles: ["platform-admin" as const] };

describe("fleet usage and capacity, from what the under cluster reports", () => {
  const kube = testGateway();
  const caches = testCaches();
  let env: Awaited<ReturnType<typeof simulatedWorkers>>;
  const spec: Omit<TenantSpec, "kubernetesVersion"> = {
    network: { mode: "overlay", cidr: "10.78.0.0/24" },
    workerPools: [{ name: "w", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "x" }],
    quota: { vcpu: 8, memoryGi: 16, storageGi: 100, workers: 4, loadBalancers: 2 },
  };

  beforeAll(async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    env = await simulatedWorkers(kube, { spec, quota: { vcpu: 8, memoryGi: 16, storageGi: 100, workers: 4, loadBalancers: 2 }, hypervisors: { count: 2, cpu: 8, memoryGi: 32 } });
  });
  afterAll(() => env?.cleanup());

  it("shows used against hard exactly as the ResourceQuota's status and the VMIs say", async () => {
    await env.createVms();
    const vmi = (name: string) => kube.find<{ metadata?: { name?: string }; status?: { phase?: string } }>(models.VirtualMachineInstance, { name, namespace: env.namespace });
    for (const name of ["w-0", "w-1"]) await expect.poll(async () => (await vmi(name))?.status?.phase, { timeout: 60_000 }).toBe("Running");
    // A LoadBalancer Service in the tenant namespace, as cloud-provider-kubevirt makes one for a tenant's Service.
    await kube.create(models.Service, { metadata: { name: "ingress", namespace: env.namespace }, spec: { type: "LoadBalancer", ports: [{ port: 443, protocol: "TCP" }] } } as never);

    // kube-controller-manager's quota controller fills status.used from the virt-launcher pods and the Service.
    const quota = () => kube.get<ResourceQuotaResource & { metadata?: { name?: string } }>(models.ResourceQuota, { name: tenantNames(env.tenant).quota, namespace: env.namespace });
    await expect.poll(async () => (await quota()).status?.used, { timeout: 60_000 }).toMatchObject({ "requests.cpu": "4", "requests.memory": "8Gi", "requests.storage": "40Gi", "services.loadbalancers": "1" });
    const rq = await quota();

    const tenant = { metadata: { name: env.tenant }, spec: { kubernetesVersion: "v1.36.3", ...spec } } as TenantResource;
    await expect.poll(async () => (await usageOfTenants(caches, [tenant]))[0]!.lines.find((l) => l.key === "loadBalancers")?.used, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await usageOfTenants(caches, [tenant]))[0]!.lines.find((l) => l.key === "vcpu")?.used, { timeout: 30_000 }).toBe(4);
    const [usage] = await usageOfTenants(caches, [tenant]);
    const line = (k: string) => usage!.lines.find((l) => l.key === k)!;
    expect(usage!.quotaReported).toBe(true);
    expect(line("vcpu")).toMatchObject({ used: parseQuantity(rq.status!.used!["requests.cpu"]), hard: parseQuantity(rq.status!.hard!["requests.cpu"]), requested: 4, ratio: 0.5, source: "resourceQuota" });
    expect(line("memoryGi")).toMatchObject({ used: toGi(rq.status!.used!["requests.memory"]), hard: 16, requested: 8 });
    // The PVCs of the VMs' dataVolumeTemplates (CDI's part in embedded mode), counted by the quota controller.
    expect(line("storageGi")).toMatchObject({ used: toGi(rq.status!.used!["requests.storage"]), hard: 100, requested: 40 });
    expect(line("storageGi").used).toBe(40);
    expect(line("loadBalancers")).toMatchObject({ used: Number(rq.status!.used!["services.loadbalancers"]), hard: 2, requested: 1 });
    const vmis = await kube.list<{ status?: { phase?: string } }>(models.VirtualMachineInstance, { namespace: env.namespace });
    expect(line("workers")).toMatchObject({ used: vmis.items.length, hard: 4, requested: 2, source: "vmis" });
    expect(vmis.items.length).toBe(2);
  });

  it("leaves a VM whose pod the ResourceQuota admission refuses without a pod, saying why, and its usage uncounted", async () => {
    // A third worker of 6 vCPUs on top of the 4 in use: 10 > 8, refused by the API server's quota admission.
    const extra = structuredClone(env.vms[0]!) as { metadata: { name: string }; spec: { dataVolumeTemplates: unknown[]; template: { spec: { domain: { cpu: { cores: number }; resources: { requests: { cpu: string } } } } } } };
    extra.metadata.name = "w-extra";
    extra.spec.dataVolumeTemplates = []; // no second claim on w-0's root disk
    extra.spec.template.spec.domain.cpu.cores = 6;
    extra.spec.template.spec.domain.resources.requests.cpu = "6";
    await kube.apply(models.VirtualMachine, extra as never, "kmetal-test");
    type Vmi = { metadata?: { name?: string }; status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] } };
    const synced = async () => (await kube.find<Vmi>(models.VirtualMachineInstance, { name: "w-extra", namespace: env.namespace }))?.status?.conditions?.find((c) => c.type === "Synchronized");
    await expect.poll(async () => (await synced())?.reason, { timeout: 60_000 }).toBe("FailedCreate");
    expect((await synced())!.message).toMatch(/exceeded quota: kmetal-quota, requested: requests\.cpu=6, used: requests\.cpu=4, limited: requests\.cpu=8/);
    expect(await kube.find(models.Pod, { name: "virt-launcher-w-extra", namespace: env.namespace })).toBeUndefined();
    const rq = await kube.get<ResourceQuotaResource & { metadata?: { name?: string } }>(models.ResourceQuota, { name: tenantNames(env.tenant).quota, namespace: env.namespace });
    expect(rq.status?.used?.["requests.cpu"]).toBe("4");
    await kube.delete(models.VirtualMachine, { name: "w-extra", namespace: env.namespace });
    await expect.poll(() => kube.find(models.VirtualMachineInstance, { name: "w-extra", namespace: env.namespace }), { timeout: 30_000 }).toBeUndefined();
  });

  it("shows each hypervisor's allocatable against what the VMs placed on it request", async () => {
    const nodes = env.provider.hypervisors.names;
    await expect.poll(async () => (await capacity(caches, admin)).nodes.filter((n) => nodes.includes(n.name)).reduce((s, n) => s + n.vms, 0), { timeout: 30_000 }).toBe(2);
    const c = await capacity(caches, admin);
    const mine = c.nodes.filter((n) => nodes.includes(n.name));
    expect(mine.map((n) => n.allocatable)).toEqual([{ cpu: 8, memoryGi: 32, pods: 110 }, { cpu: 8, memoryGi: 32, pods: 110 }]);
    expect(mine.reduce((s, n) => s + n.requested.cpu, 0)).toBe(4);
    expect(mine.reduce((s, n) => s + n.requested.memoryGi, 0)).toBe(8);
    expect(mine.every((n) => n.ready && n.simulated)).toBe(true);
    await expect(capacity(caches, { name: "t", roles: ["tenant-admin"] })).rejects.toThrow(/platform roles/);
  });

  it("gives tenant roles only their own tenants' usage", async () => {
    const id = crypto.randomBytes(3).toString("hex");
    const user = `carol-${id}`;
    const names = [`usage-own-${id}`, `usage-other-${id}`];
    const owners = [[user], [`dave-${id}`]];
    try {
      for (const [i, name] of names.entries()) {
        await kube.create(models.Tenant, { metadata: { name }, spec: { owners: owners[i], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.79.${i}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
      }
      const as = (roles: ("tenant-viewer" | "platform-viewer")[]) => createCaller(testContext({ identity: { name: user, roles } }));
      await expect.poll(async () => (await as(["platform-viewer"]).fleet.usage()).tenants.filter((t) => names.includes(t.tenant)).length).toBe(2);
      const seen = (await as(["tenant-viewer"]).fleet.usage()).tenants.map((t) => t.tenant);
      expect(seen).toEqual([names[0]]);
      await expect(as(["tenant-viewer"]).fleet.tenantUsage({ name: names[1]! })).rejects.toThrow(`tenant ${names[1]} not found`);

      // The live feed pushes a change: a LoadBalancer Service appears in the tenant's namespace.
      const stream = (await as(["tenant-viewer"]).fleet.watchUsage())[Symbol.asyncIterator]();
      const lbs = (v: { tenants: { tenant: string; lines: { key: string; used?: number }[] }[] }) => v.tenants.find((t) => t.tenant === names[0])?.lines.find((l) => l.key === "loadBalancers")?.used;
      const first = await stream.next();
      expect(lbs(first.value)).toBe(0);
      const ns = tenantNames(names[0]!).namespace;
      await kube.create(models.Namespace, { metadata: { name: ns } });
      await kube.create(models.Service, { metadata: { name: "edge", namespace: ns }, spec: { type: "LoadBalancer", ports: [{ port: 80, protocol: "TCP" }] } } as never);
      let pushed = first;
      while (lbs(pushed.value) !== 1) pushed = await stream.next();
      expect(pushed.value.tenants.map((t: { tenant: string }) => t.tenant)).toEqual([names[0]]);
      await stream.return?.(undefined);
    } finally {
      for (const name of names) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
      await kube.delete(models.Namespace, { name: tenantNames(names[0]!).namespace }, { ignoreNotFound: true });
    }
  });
});
