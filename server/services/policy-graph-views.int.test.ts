import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNames } from "@/lib/tenants/names";
import { planTenant } from "@/lib/tenants/plan";
import type { TenantObject } from "@/lib/schemas/tenant";
import { createCaller } from "@/server/api/root";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testContext, testGateway } from "@/test/kube";

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const [A, B] = [`tva-${id}`, `tvb-${id}`];
const ALICE = `alice-${id}`;
const quota = { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: -1 };
// Outside the platform CIDR 10.96.0.0/12 the tenants' VPCs drop.
const third = 120 + crypto.randomInt(100);
const cidr = (n: 1 | 2) => `10.${third}.${n}.0/24`;
const admin = createCaller(testContext({ identity: { name: `root-${id}`, roles: ["platform-admin"] } }));
const alice = createCaller(testContext({ identity: { name: ALICE, roles: ["tenant-admin"] } }));

describe("edge, object and trace views of the live graph, scoped", () => {
  beforeAll(async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    for (const [name, owner, n] of [[A, ALICE, 1], [B, `bob-${id}`, 2]] as const) {
      const t: TenantObject = { metadata: { name }, spec: { owners: [owner], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: cidr(n) }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } };
      await kube.create(models.Tenant, t as never);
      for (const d of planTenant({ tenant: t, quota, addons: [], platformCidrs: ["10.96.0.0/12"], workerVersion: "v1.36.3" }).filter((x) => ["Namespace", "Vpc", "Subnet"].includes(x.model))) {
        await kube.create(models[d.model], d.object as never);
      }
    }
    // A mutual peering with routes both ways: A and B reach each other.
    const [va, vb] = [tenantNames(A).vpc, tenantNames(B).vpc];
    await kube.mergePatch(models.Vpc, { name: va }, { spec: { vpcPeerings: [{ remoteVpc: vb, localConnectIP: "169.254.77.1/30" }], staticRoutes: [{ cidr: cidr(2), nextHopIP: "169.254.77.2", policy: "policyDst" }] } });
    await kube.mergePatch(models.Vpc, { name: vb }, { spec: { vpcPeerings: [{ remoteVpc: va, localConnectIP: "169.254.77.2/30" }], staticRoutes: [{ cidr: cidr(1), nextHopIP: "169.254.77.1", policy: "policyDst" }] } });
    const deadline = Date.now() + 20_000;
    while (!(await admin.network.graph()).violations.some((v) => v.from === `tenant:${A}` && v.to === `tenant:${B}`)) {
      if (Date.now() > deadline) throw new Error(`the peering never showed in the graph: ${JSON.stringify(await admin.network.edge({ from: `tenant:${A}`, to: `tenant:${B}` }))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    for (const n of [A, B]) {
      await kube.delete(models.Subnet, { name: tenantNames(n).subnet }, { ignoreNotFound: true });
      await kube.delete(models.Vpc, { name: tenantNames(n).vpc }, { ignoreNotFound: true });
      await kube.delete(models.Namespace, { name: tenantNames(n).namespace }, { ignoreNotFound: true });
      await kube.delete(models.Tenant, { name: n }, { ignoreNotFound: true });
    }
  });

  it("traces A to B hop by hop with the peering on both sides and the reply path, as the CLI's trace does", async () => {
    const r = await admin.network.trace({ from: { kind: "tenant", value: A }, to: { kind: "tenant", value: B }, protocol: "tcp", port: 443 });
    expect(r.verdict).toBe("connection");
    expect(r.query).toEqual({ from: `tenant:${A}`, to: `tenant:${B}`, port: "tcp/443" });
    const hops = r.paths[0]!.hops;
    expect(hops).toEqual(expect.arrayContaining([
      expect.objectContaining({ ref: `Vpc/${tenantNames(A).vpc}`, path: "spec.vpcPeerings[0]" }),
      expect.objectContaining({ ref: `Vpc/${tenantNames(B).vpc}`, path: "spec.vpcPeerings[0]" }),
      expect.objectContaining({ ref: `Vpc/${tenantNames(A).vpc}`, path: "spec.staticRoutes[0]" }),
    ]));
    expect(hops.some((h) => h.step.startsWith("reply"))).toBe(true);
    // To an address: the same answer narrowed to it; a blocked one says which object stops it.
    const ip = await admin.network.trace({ from: { kind: "tenant", value: A }, to: { kind: "ip", value: `10.${third}.2.9` }, protocol: "udp", port: 53 });
    expect(ip.paths.every((x) => x.dst === `10.${third}.2.9`)).toBe(true);
    const platform = await admin.network.trace({ from: { kind: "tenant", value: A }, to: { kind: "platform" }, protocol: "icmp" });
    expect(platform.verdict).toBe("blocked");
  });

  it("gives an edge every reason, deny edges too, and the YAML of the objects it names", async () => {
    const ab = await admin.network.edge({ from: `tenant:${A}`, to: `tenant:${B}` });
    expect(ab.verdict).toBe("allow");
    expect(ab.reasons.map((r) => `${r.ref} ${r.path ?? ""}`.trim())).toEqual(expect.arrayContaining([`Vpc/${tenantNames(A).vpc} spec.vpcPeerings[0]`, `Vpc/${tenantNames(B).vpc} spec.vpcPeerings[0]`]));
    const deny = await admin.network.edge({ from: `tenant:${A}`, to: "platform" });
    expect(deny.verdict).toBe("deny");
    expect(deny.reasons.length).toBeGreaterThan(0);
    const y = await admin.network.object({ ref: `Vpc/${tenantNames(A).vpc}` });
    expect(y.yaml).toContain("vpcPeerings");
    expect(y.yaml).not.toContain("managedFields");
    await expect(admin.network.object({ ref: `Secret/${tenantNames(A).namespace}/${A}-ca` })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows a tenant admin only their own objects and never another tenant's name", async () => {
    const r = await alice.network.trace({ from: { kind: "tenant", value: A }, to: { kind: "ip", value: `10.${third}.2.9` }, protocol: "tcp", port: 443 });
    expect(r.verdict).toBe("connection");
    expect(r.paths.map((x) => x.to)).toEqual(r.paths.map(() => "another tenant"));
    const text = JSON.stringify(r);
    for (const foreign of [B, tenantNames(B).vpc, tenantNames(B).subnet, tenantNames(B).namespace]) expect(text).not.toContain(foreign);
    expect(text).toContain(`Vpc/${tenantNames(A).vpc}`);

    await expect(alice.network.trace({ from: { kind: "tenant", value: B }, to: { kind: "platform" }, protocol: "icmp" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.network.trace({ from: { kind: "ip", value: `10.${third}.2.9` }, to: { kind: "platform" }, protocol: "icmp" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(alice.network.edge({ from: `tenant:${B}`, to: "platform" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.network.object({ ref: `Vpc/${tenantNames(B).vpc}` })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await alice.network.object({ ref: `Subnet/${tenantNames(A).subnet}` })).yaml).toContain(cidr(1));
    const own = await alice.network.edge({ from: `tenant:${A}`, to: "platform" });
    expect(JSON.stringify(own)).not.toContain(B);
    const view = JSON.stringify(await alice.network.graph());
    for (const foreign of [B, tenantNames(B).vpc, tenantNames(B).subnet]) expect(view).not.toContain(foreign);
  });
});
