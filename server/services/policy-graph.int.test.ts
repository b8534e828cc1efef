import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { planTenant } from "@/lib/tenants/plan";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import type { TenantObject } from "@/lib/schemas/tenant";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { graphView } from "@/server/services/policy-graph";
import { testGateway } from "@/test/kube";

const kube = testGateway();
const registry = new CacheRegistry(kube);
const id = crypto.randomBytes(3).toString("hex");
const [A, B] = [`pga-${id}`, `pgb-${id}`];
const admin = { name: "root", roles: ["platform-admin" as const] };
const quota = { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: -1 };

function tenant(name: string, cidr: string, owners: string[]): TenantObject {
  return { metadata: { name }, spec: { owners, kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } };
}

describe("the live network policy graph over the real under cluster", () => {
  const rogue = `rogue-${id}`;
  afterAll(async () => {
    for (const n of [A, B]) {
      await kube.delete(models.Tenant, { name: n }, { ignoreNotFound: true });
      await kube.delete(models.Subnet, { name: tenantNames(n).subnet }, { ignoreNotFound: true });
      await kube.delete(models.Vpc, { name: tenantNames(n).vpc }, { ignoreNotFound: true });
      await kube.delete(models.Namespace, { name: tenantNames(n).namespace }, { ignoreNotFound: true });
    }
    await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
    await registry.stop();
  });

  it("finds no violation in what the reconciler writes, then a hand-made subnet without a VPC within 2 s, with its reasons", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    const third = 10 + crypto.randomInt(200);
    const tenants = [tenant(A, `10.${third}.1.0/24`, ["alice"]), tenant(B, `10.${third}.2.0/24`, ["bob"])];
    for (const t of tenants) {
      await kube.create(models.Tenant, t as never);
      const objects = planTenant({ tenant: t, quota, addons: [], platformCidrs: ["10.96.0.0/12", "100.64.0.0/16", "169.254.0.0/16"], workerVersion: "v1.36.3" });
      for (const d of objects.filter((x) => ["Namespace", "Vpc", "Subnet"].includes(x.model))) await kube.create(models[d.model], d.object as never);
    }
    const ours = (e: { from: string; to: string }) => [e.from, e.to].some((x) => x === `tenant:${A}` || x === `tenant:${B}`);
    await expect.poll(async () => (await graphView(registry, admin)).tenants.filter((t) => t.endsWith(id)).sort(), { timeout: 20_000 }).toEqual([A, B]);
    expect((await graphView(registry, admin)).violations.filter(ours)).toEqual([]);

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
