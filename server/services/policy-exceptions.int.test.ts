import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { planTenant } from "@/lib/tenants/plan";
import type { TenantObject } from "@/lib/schemas/tenant";
import { createCaller } from "@/server/api/root";
import { impersonationFor } from "@/lib/authz/rbac";
import { models } from "@/server/kube/models";
import type { PolicyExceptionResource } from "@/server/kube/resources";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { outcome, testCaches, testContext, testGateway } from "@/test/kube";

const kube = testGateway();
const caches = testCaches();
const id = crypto.randomBytes(3).toString("hex");
const A = `pxa-${id}`;
const rogue = `pxrogue-${id}`;
const ADMIN = `px-admin-${id}`;
const quota = { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: -1 };
const as = (name: string, roles: ("platform-admin" | "platform-viewer" | "tenant-admin")[]) => createCaller(testContext({ identity: { name, roles } }));

describe("policy exceptions on the real under cluster", () => {
  afterAll(async () => {
    const list = await kube.list<PolicyExceptionResource>(models.PolicyException);
    for (const x of list.items.filter((o) => o.spec.from === `tenant:${A}`)) await kube.delete(models.PolicyException, { name: x.metadata!.name! }, { ignoreNotFound: true });
    await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
    await kube.delete(models.Subnet, { name: tenantNames(A).subnet }, { ignoreNotFound: true });
    await kube.delete(models.Vpc, { name: tenantNames(A).vpc }, { ignoreNotFound: true });
    await kube.delete(models.Namespace, { name: tenantNames(A).namespace }, { ignoreNotFound: true });
    await kube.delete(models.Tenant, { name: A }, { ignoreNotFound: true });
  });

  it("clears a violation while it holds, records who made it from the session, is audited, and stops applying at its expiry by itself", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    const third = 10 + crypto.randomInt(200);
    const t: TenantObject = { metadata: { name: A }, spec: { owners: ["alice"], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.${third}.1.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } };
    await kube.create(models.Tenant, t as never);
    for (const d of planTenant({ tenant: t, quota, addons: [], platformCidrs: ["10.96.0.0/12"], workerVersion: "v1.36.3" }).filter((x) => ["Namespace", "Vpc", "Subnet"].includes(x.model))) {
      await kube.create(models[d.model], d.object as never);
    }
    // A's subnet without `vpc` lands in the platform VPC: A reaches the platform.
    await kube.create(models.Subnet, { metadata: { name: rogue, labels: { [TENANT_LABEL]: A } }, spec: { cidrBlock: `10.${third}.2.0/24`, protocol: "IPv4" } } as never);
    const admin = as(ADMIN, ["platform-admin"]);
    const mine = (e: { from: string; to: string }) => e.from === `tenant:${A}` && e.to === "platform";
    await expect.poll(async () => (await admin.network.graph()).violations.some(mine), { timeout: 20_000 }).toBe(true);

    // Tenant roles and platform viewers cannot create one; the input never names who makes it.
    await expect(as("alice", ["tenant-admin"]).network.createException({ from: `tenant:${A}`, to: "platform", reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(`viewer-${id}`, ["platform-viewer"]).network.createException({ from: `tenant:${A}`, to: "platform", reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.network.createException({ from: `tenant:${A}`, to: "platform", reason: "x", who: "mallory" } as never)).resolves.toBeDefined()
      .then(async () => {
        const made = (await kube.list<PolicyExceptionResource>(models.PolicyException)).items.filter((o) => o.spec.from === `tenant:${A}`);
        expect(made.map((o) => o.spec.who)).toEqual([ADMIN]);
        for (const o of made) await admin.network.deleteException({ name: o.metadata!.name! });
      });
    // The under cluster itself refuses an exception that names someone else than the user who writes it.
    // (The admission policy answers with its reason, Forbidden.)
    expect(await outcome(kube.as(impersonationFor({ name: ADMIN, roles: ["platform-admin"] })).create(models.PolicyException, { metadata: { name: `forged-${id}` }, spec: { from: `tenant:${A}`, to: "platform", reason: "x", who: "mallory" } } as never)))
      .toBe(403);

    // An exception that runs out in 3 s: the violation is gone while it holds and back when it expires,
    // pushed on the live stream with no change to any object.
    const expires = new Date(Date.now() + 3_000).toISOString();
    const { name } = await admin.network.createException({ from: `tenant:${A}`, to: "platform", reason: "migration window", expires });
    const stream = (await admin.network.watchGraph())[Symbol.asyncIterator]();
    const views: { at: number; violating: boolean; state?: string }[] = [];
    try {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const { value } = await stream.next();
        const v = value as Awaited<ReturnType<typeof admin.network.graph>>;
        views.push({ at: Date.now(), violating: v.violations.some(mine), state: v.exceptions.find((x) => x.name === name)?.state });
        if (views.some((x) => !x.violating) && views.at(-1)!.violating) break;
      }
    } finally {
      await stream.return?.();
    }
    const held = views.find((x) => !x.violating);
    expect(held?.state).toBe("active");
    const back = views.at(-1)!;
    expect(back.violating).toBe(true);
    expect(back.state).toBe("expired");
    expect(back.at).toBeGreaterThanOrEqual(Date.parse(expires));
    expect(back.at - Date.parse(expires)).toBeLessThan(2_000);
    const edge = (await admin.network.graph()).edges.find(mine)!;
    expect(edge.excepted).toBeUndefined();

    // Creation and removal are in the audit log, under the admin's name.
    await admin.network.deleteException({ name });
    await expect.poll(async () => (await caches.synced("audit")).list().filter((r) => r.spec.user === ADMIN).map((r) => `${r.spec.action}:${r.spec.result}`), { timeout: 5_000 })
      .toEqual(expect.arrayContaining(["network.createException:success", "network.deleteException:success"]));
  });

  it("marks an exception that excuses no existing path as unused, and hides exceptions from tenant roles", async () => {
    const admin = as(ADMIN, ["platform-admin"]);
    await expect.poll(async () => (await admin.network.graph()).tenants.includes(A), { timeout: 20_000 }).toBe(true);
    // Without the subnet in the platform VPC, A no longer reaches the platform: an exception for it excuses nothing.
    await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
    const { name } = await admin.network.createException({ from: `tenant:${A}`, to: "platform", reason: "not needed any more" });
    await expect.poll(async () => (await admin.network.graph()).exceptions.find((x) => x.name === name)?.state, { timeout: 5_000 }).toBe("unused");
    const alice = await as("alice", ["tenant-admin"]).network.graph();
    expect(alice.exceptions).toEqual([]);
    expect(JSON.stringify(alice)).not.toContain(name);
    await admin.network.deleteException({ name });
  });
});
