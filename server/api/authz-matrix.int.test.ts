import { TRPCError } from "@trpc/server";
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/schemas/auth";
import { appRouter, createCaller } from "@/server/api/root";
import { tenantRbac } from "@/lib/authz/rbac";
import { tenantNames } from "@/lib/tenants/names";
import { models } from "@/server/kube/models";
import { installRbac } from "@/server/kube/rbac";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testContext, testGateway } from "@/test/kube";

// Every tRPC procedure, called as each role on the caller's own tenant and on a foreign one. A procedure
// that is missing from this matrix fails the test, so no procedure ships without its access rule.
type Verdict = "allow" | "deny";
type Persona = "platform-admin" | "platform-viewer" | "tenant-admin" | "tenant-viewer" | "no-role";
const PERSONAS: Persona[] = ["platform-admin", "platform-viewer", "tenant-admin", "tenant-viewer", "no-role"];
const A = "allow", D = "deny";
/** [own, foreign] per persona, in PERSONAS order. */
const MATRIX: Record<string, [Verdict, Verdict][]> = {
  "underCluster.status": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "underCluster.watch": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "tenants.list": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "audit.list": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "audit.watch": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "network.graph": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "network.watchGraph": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "network.watchViolations": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "network.createException": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "network.deleteException": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "network.object": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "network.edge": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "network.trace": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "users.list": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "users.create": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "users.setRoles": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "users.resetPassword": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "users.setDisabled": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "tenants.watchList": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "tenants.policy": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "tenants.byName": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "tenants.watch": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "tenants.kubeconfig": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "tenants.setWorkerReplicas": [[A, A], [D, D], [A, D], [D, D], [D, D]],
  "tenants.vmPower": [[A, A], [D, D], [A, D], [D, D], [D, D]],
  "tenants.takenNetworks": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "tenants.create": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "tenants.upgrade": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "tenants.setQuota": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "tenants.delete": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "fleet.usage": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "fleet.watchUsage": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "fleet.tenantUsage": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "fleet.watchTenantUsage": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "fleet.capacity": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "fleet.watchCapacity": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "trends.fleet": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "trends.watchFleet": [[A, A], [A, A], [D, D], [D, D], [D, D]],
  "trends.tenant": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "trends.watchTenant": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  // Scoped on the server: tenant roles get numbers and tiles of their own tenants only, no role gets none.
  "overview.get": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "overview.watch": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "noc.wall": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "noc.watchWall": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "displays.list": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "displays.create": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "displays.revoke": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "certificates.list": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "certificates.watch": [[A, A], [A, A], [A, A], [A, A], [A, A]],
  "certificates.tenant": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "certificates.watchTenant": [[A, A], [A, A], [A, D], [A, D], [D, D]],
  "certificates.rotateLeaves": [[A, A], [D, D], [D, D], [D, D], [D, D]],
  "certificates.rotateCa": [[A, A], [D, D], [D, D], [D, D], [D, D]],
};

const id = crypto.randomBytes(3).toString("hex");
const own = `own-${id}`;
const foreign = `foreign-${id}`;
const USER = `alice-${id}`; // unique: other test files use their own users on the same server
const roles = (p: Persona): Role[] => (p === "no-role" ? [] : [p]);

function inputFor(path: string, tenant: string): unknown {
  switch (path) {
    case "tenants.byName": case "tenants.watch": case "tenants.delete": case "fleet.tenantUsage": case "fleet.watchTenantUsage":
    case "trends.tenant": case "trends.watchTenant": return { name: tenant };
    case "certificates.tenant": case "certificates.watchTenant": case "certificates.rotateLeaves": return { name: tenant };
    // No rotation was started: an admin gets past authorization to a refusal, and nothing is written.
    case "certificates.rotateCa": return { name: tenant, step: "complete" };
    case "audit.list": case "audit.watch": return { tenant };
    // An exception between tenants that do not exist: an admin gets past authorization to a refused input.
    case "network.createException": return { from: "tenant:nobody-here", to: "platform", reason: "authorization matrix" };
    case "network.deleteException": return { name: "nobody-here" };
    case "network.object": return { ref: "Subnet/nobody-here" };
    case "network.edge": return { from: `tenant:${tenant}`, to: "platform" };
    case "network.trace": return { from: { kind: "tenant", value: tenant }, to: { kind: "platform" }, protocol: "tcp", port: 443 };
    case "users.create": return { username: `u-${crypto.randomBytes(4).toString("hex")}`, password: "a-long-password-123", roles: ["tenant-viewer"] };
    // The other user procedures act on a user that does not exist: an admin gets past authorization to a 404.
    case "users.setRoles": return { username: "nobody-here", roles: ["tenant-viewer"] };
    case "users.resetPassword": return { username: "nobody-here", password: "a-long-password-123" };
    case "users.setDisabled": return { username: "nobody-here", disabled: true };
    case "tenants.kubeconfig": return { name: tenant, ttlHours: 1 };
    case "displays.create": return { name: `wall ${tenant}`, days: 1 };
    // No such display: an admin gets past authorization to a 404.
    case "displays.revoke": return { id: "000000000000" };
    case "tenants.setWorkerReplicas": return { name: tenant, pool: "w", replicas: 1 };
    case "tenants.vmPower": return { name: tenant, vm: "w-0", action: "stop" };
    case "tenants.upgrade": return { name: tenant, version: "v1.99.0" };
    case "tenants.setQuota": return { name: tenant, quota: { vcpu: 4 } };
    case "tenants.create": return { name: `new-${crypto.randomBytes(3).toString("hex")}`, kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `192.168.${crypto.randomInt(256)}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] };
    default: return undefined;
  }
}

/** Denied = refused for who the caller is (401/403, or 404 for a tenant outside their scope); anything else got past authorization. */
function verdictOf(err: unknown, path: string, tenant: string): Verdict {
  if (!(err instanceof TRPCError)) return "allow";
  if (err.code === "FORBIDDEN" || err.code === "UNAUTHORIZED") return "deny";
  if (err.code === "NOT_FOUND" && err.message.includes(`tenant ${tenant} not found`)) return "deny";
  void path;
  return "allow";
}

describe("authorization matrix: every procedure × every role × own and foreign tenant", () => {
  const kube = testGateway();
  const spec = (owner: string, third: number) => ({
    owners: [owner], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `172.31.${third}.0/24` },
    workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
  });
  // Objects only (no reconciler): a deleted tenant disappears at once and is recreated for the next call.
  const ensureTenants = async () => {
    for (const [name, owner, third] of [[own, USER, crypto.randomInt(100)], [foreign, `bob-${id}`, 100 + crypto.randomInt(100)]] as const) {
      if (!(await kube.find(models.Tenant, { name }))) await kube.create(models.Tenant, { metadata: { name }, spec: spec(owner, third) } as never);
      // The per-tenant RBAC the reconciler would apply: writes go to the API server as the impersonated user.
      if (!(await kube.find(models.Namespace, { name: tenantNames(name).namespace }))) {
        await kube.create(models.Namespace, { metadata: { name: tenantNames(name).namespace } });
        await installRbac(kube, tenantRbac(name, [owner]));
      }
    }
  };
  beforeAll(async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    await ensureTenants();
  });

  it("has an entry for every procedure of the router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(procedures);
  });

  for (const path of Object.keys(MATRIX)) {
    it(`${path}`, async () => {
      const got: [Verdict, Verdict][] = [];
      for (const persona of PERSONAS) {
        const pair: Verdict[] = [];
        for (const tenant of [own, foreign]) {
          await ensureTenants();
          const caller = createCaller(testContext({ identity: { name: USER, roles: roles(persona) } }));
          const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
          let err: unknown;
          try {
            const res = await fn(inputFor(path, tenant));
            // Subscriptions return an async iterable; pulling the first value runs the procedure for real.
            if (res && typeof (res as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
              const it = (res as AsyncIterable<unknown>)[Symbol.asyncIterator]();
              await it.next();
              await it.return?.();
            }
          } catch (e) {
            err = e;
          }
          pair.push(verdictOf(err, path, tenant));
        }
        got.push(pair as [Verdict, Verdict]);
      }
      expect(Object.fromEntries(PERSONAS.map((p, i) => [p, got[i]]))).toEqual(Object.fromEntries(PERSONAS.map((p, i) => [p, MATRIX[path]![i]])));
    });
  }

  it("audits refused requests, and shows tenant roles only their own tenants' records", async () => {
    await ensureTenants();
    const alice = createCaller(testContext({ identity: { name: USER, roles: ["tenant-admin"] }, sourceIp: "192.0.2.7" }));
    const refused = await alice.tenants.kubeconfig({ name: foreign, ttlHours: 1 }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("NOT_FOUND");
    const admin = createCaller(testContext({ identity: { name: "root", roles: ["platform-admin"] } }));
    // An attempt on a tenant outside the caller's scope is a platform-only record: no tenant, so it never
    // shows in the foreign tenant's own log.
    await expect.poll(async () => (await admin.audit.list({ user: USER, action: "tenants.kubeconfig", result: "denied" })).items
      .some((e) => e.sourceIp === "192.0.2.7" && e.tenant === undefined && e.input?.includes(foreign)), { timeout: 10_000 }).toBe(true);
    const bob = createCaller(testContext({ identity: { name: `bob-${id}`, roles: ["tenant-viewer"] } }));
    expect((await bob.audit.list({ limit: 500 })).items.filter((e) => e.sourceIp === "192.0.2.7")).toEqual([]);
    const mine = (await alice.audit.list({ limit: 500 })).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.tenant === own)).toBe(true);
  });

  it("refuses every procedure without a session, and writes nothing, not even an audit record", async () => {
    const ip = `198.51.100.${crypto.randomInt(1, 250)}`; // marks this test's calls among other files' records
    const anonymous = createCaller(testContext({ sourceIp: ip }));
    for (const path of Object.keys(MATRIX)) {
      const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], anonymous) as (i: unknown) => Promise<unknown>;
      const err = await Promise.resolve().then(() => fn(inputFor(path, own))).catch((e: unknown) => e);
      expect((err as TRPCError).code, path).toBe("UNAUTHORIZED");
    }
    // Records are written after the call returns; give any stray one time to land before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    const records = (await kube.list<{ spec: { user?: string; sourceIp?: string } }>(models.AuditRecord)).items;
    expect(records.some((r) => r.spec.user === USER)).toBe(true); // this file's signed-in calls above were recorded
    expect(records.filter((r) => r.spec.sourceIp === ip || r.spec.user === "anonymous")).toEqual([]);
  });
});
