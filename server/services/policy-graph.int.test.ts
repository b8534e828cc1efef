import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import type { TenantSpec } from "@/lib/schemas/tenant";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { models } from "@/server/kube/models";
import { TenantController } from "@/server/reconciler/controller";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { graphView } from "@/server/services/policy-graph";
import { ensureNamespace } from "@/server/services/users";
import { testGateway } from "@/test/kube";

const kube = testGateway();
const registry = new CacheRegistry(kube);
const id = crypto.randomBytes(3).toString("hex");
const [A, B, V] = [`pga-${id}`, `pgb-${id}`, `pgv-${id}`];
const admin = { name: "root", roles: ["platform-admin" as const] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const spec = (network: TenantSpec["network"], owners: string[]): TenantSpec => ({
  owners, kubernetesVersion: "v1.36.3", network, workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});

describe("the live network policy graph over the real under cluster", () => {
  const rogue = `rogue-${id}`;
  const names = [A, B, V];
  const leaseNamespace = `pg-lease-${id}`;
  let controller: TenantController;
  beforeAll(async () => {
    await ensureNamespace(kube, "kmetal-system");
    await ensureNamespace(kube, leaseNamespace);
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    // The reconciler itself, as \`kmetal reconcile\` runs it: what the graph reads below is what it wrote. Its
    // Lease lives in a namespace of this file, so it leads at once, whatever Lease other files' reconcilers left.
    controller = new TenantController(kube, { namespace: leaseNamespace, identity: `pg-${id}`, log: () => {}, probeIntervalMs: 500 });
    await controller.start();
  });
  afterAll(async () => {
    await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
    for (const n of names) await kube.delete(models.Tenant, { name: n }, { ignoreNotFound: true });
    for (let i = 0; i < 240 && (await Promise.all(names.map((n) => kube.find(models.Tenant, { name: n })))).some(Boolean); i++) await sleep(500);
    await controller?.stop();
    await kube.delete(models.Namespace, { name: leaseNamespace }, { ignoreNotFound: true });
    await registry.stop();
  });

  it("finds no violation in what the reconciler wrote for overlay and VLAN tenants, then a hand-made subnet without a VPC within 2 s, with its reasons", async () => {
    const third = 10 + crypto.randomInt(200);
    const vlanId = 100 + crypto.randomInt(900); // the default platform policy's range
    await kube.create(models.Tenant, { metadata: { name: A }, spec: spec({ mode: "overlay", cidr: `10.${third}.1.0/24` }, ["alice"]) } as never);
    await kube.create(models.Tenant, { metadata: { name: B }, spec: spec({ mode: "overlay", cidr: `10.${third}.2.0/24` }, ["bob"]) } as never);
    await kube.create(models.Tenant, { metadata: { name: V }, spec: spec({ mode: "vlan", cidr: `192.168.${third}.0/24`, vlanId }, ["carol"]) } as never);
    // The reconciler's network objects, written by it: each tenant's namespace, VPC (overlay) or VLAN, and subnet.
    const written = async () => {
      const found = await Promise.all([
        ...names.map((n) => kube.find(models.Namespace, { name: tenantNames(n).namespace })),
        ...names.map((n) => kube.find(models.Subnet, { name: tenantNames(n).subnet })),
        kube.find(models.Vpc, { name: tenantNames(A).vpc }), kube.find(models.Vpc, { name: tenantNames(B).vpc }), kube.find(models.Vlan, { name: tenantNames(V).vlan }),
      ]);
      return found.every(Boolean);
    };
    // On failure, say what the reconciler made of the tenants.
    const phases = async () => JSON.stringify(await Promise.all(names.map(async (n) => (await kube.find<{ metadata: object; status?: { phase?: string; conditions?: { message?: string }[] } }>(models.Tenant, { name: n }))?.status)));
    try {
      await expect.poll(written, { timeout: 90_000, interval: 500, message: "the reconciler's network objects" }).toBe(true);
    } catch (err) {
      throw new Error(`${(err as Error).message}; the tenants' status: ${await phases()}`);
    }
    const vlanSubnet = await kube.get<{ metadata: object; spec: { vlan?: string; vpc?: string } }>(models.Subnet, { name: tenantNames(V).subnet });
    expect(vlanSubnet.spec.vlan).toBe(tenantNames(V).vlan);
    const ours = (e: { from: string; to: string }) => [e.from, e.to].some((x) => names.some((n) => x === `tenant:${n}`));
    await expect.poll(async () => (await graphView(registry, admin)).tenants.filter((t) => t.endsWith(id)).sort(), { timeout: 20_000 }).toEqual([A, B, V]);
    const before = await graphView(registry, admin);
    expect(before.violations.filter(ours)).toEqual([]);
    // The VLAN tenant reaches the outside through its physical gateway and nothing else; the overlay tenants nothing.
    expect(before.edges.filter((e) => ours(e) && e.verdict !== "deny").map((e) => `${e.from}>${e.to}`)).toEqual([`tenant:${V}>external`]);

    // A subnet of tenant A without `vpc` lands in the platform VPC ovn-cluster: A now reaches the platform.
    const t0 = Date.now();
    await kube.create(models.Subnet, { metadata: { name: rogue, labels: { [TENANT_LABEL]: A } }, spec: { cidrBlock: `10.${third}.3.0/24`, protocol: "IPv4", namespaces: [tenantNames(A).namespace] } } as never);
    await expect.poll(async () => (await graphView(registry, admin)).violations.some((e) => e.from === `tenant:${A}`), { timeout: 2_000, interval: 100 }).toBe(true);
    const seenInMs = Date.now() - t0;
    expect(seenInMs).toBeLessThanOrEqual(2_000);
    const v = (await graphView(registry, admin)).violations.find((e) => e.from === `tenant:${A}`)!;
    expect(v.reasons.map((r) => r.ref)).toContain(`Subnet/${rogue}`);

    // B's owner sees A only as "another tenant", and none of A's objects in reasons.
    const bob = await graphView(registry, { name: "bob", roles: ["tenant-viewer"] });
    expect(bob.tenants).toEqual([B]);
    const text = JSON.stringify(bob);
    expect(text).not.toContain(A);
    expect(text).not.toContain(rogue);
  });
});
