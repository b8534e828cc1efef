import crypto from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { TokenBuckets } from "@/lib/authz/token-bucket";
import type { AuditEntry } from "@/lib/audit/entry";
import { createCaller } from "@/server/api/root";
import { models } from "@/server/kube/models";
import { pruneAudit, recordAudit, userLabel } from "@/server/services/audit";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { generousLimits, testCaches, testContext, testGateway } from "@/test/kube";

const id = crypto.randomBytes(3).toString("hex");
const kube = testGateway();
const recordsOf = async (user: string) =>
  (await kube.list<{ metadata: { labels: Record<string, string> }; spec: AuditEntry }>(models.AuditRecord, { labelSelector: `kmetal.io/user=${userLabel(user)}` })).items;

describe("the audit log cannot be flooded, forged into another tenant's log, or switched off", () => {
  it("limits each user's mutations: a flood writes at most the burst, the rest get a readable 429", async () => {
    const user = `flooder-${id}`;
    const limits = { ...generousLimits(), mutations: new TokenBuckets(20, 60) };
    const caller = createCaller(testContext({ identity: { name: user, roles: ["tenant-viewer"] }, limits }));
    const results = await Promise.all(Array.from({ length: 100 }, () =>
      caller.tenants.setWorkerReplicas({ name: `victim-${id}`, pool: "w", replicas: 1 }).then(() => "ok", (e: TRPCError) => e)));
    const limited = results.filter((r): r is TRPCError => r instanceof TRPCError && r.code === "TOO_MANY_REQUESTS");
    expect(limited.length).toBeGreaterThanOrEqual(79);
    expect(limited[0]!.message).toMatch(/Too many changes in a short time; try again in \d+ s/);
    await expect.poll(async () => (await recordsOf(user)).length, { timeout: 10_000 }).toBe(100 - limited.length);
    // The refused calls named a tenant the caller cannot see: platform-only records, never in that tenant's log.
    for (const r of await recordsOf(user)) {
      expect(r.spec.tenant).toBeUndefined();
      expect(r.metadata.labels["kmetal.io/tenant"]).toBeUndefined();
    }
  });

  it("records the mutations of a user whose single sign-on name is long and ends badly for a label", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    const name = `oidc:${"a".repeat(56)}-.x${id}`; // 70 characters; cut at 63 it would end in "-."
    expect(name.length).toBe(70);
    const caller = createCaller(testContext({ identity: { name, roles: ["platform-admin"] } }));
    await caller.tenants.delete({ name: `gone-${id}` }).catch(() => undefined);
    await expect.poll(async () => (await recordsOf(name)).map((r) => r.spec.user), { timeout: 10_000 }).toEqual([name]);
  });

  it("refuses a mutation whose audit record the API server would refuse, and changes nothing", async () => {
    const tenant = `kept-${id}`;
    await kube.create(models.Tenant, { metadata: { name: tenant }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.${100 + crypto.randomInt(100)}.${crypto.randomInt(250)}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
    const tooLong = `u${"x".repeat(300)}`; // the record's user field allows 253 characters
    const caller = createCaller(testContext({ identity: { name: tooLong, roles: ["platform-admin"] } }));
    const err = await caller.tenants.delete({ name: tenant }).catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect((err as TRPCError).message).toMatch(/^This change was not made: the audit log cannot record it \(.*spec.user/);
    expect(await kube.find(models.Tenant, { name: tenant })).toBeDefined();
    await kube.delete(models.Tenant, { name: tenant });
  });

  it("pages the log newest first, and prunes what the retention rule says", async () => {
    const user = `pager-${id}`;
    const at = (s: number) => new Date(Date.UTC(2001, 0, 1, 0, 0, s)).toISOString(); // older than anything real
    for (let s = 0; s < 5; s++) await recordAudit(kube, { user, roles: [], action: "tenants.create", result: "success", at: at(s) });
    const admin = createCaller(testContext({ identity: { name: "root", roles: ["platform-admin"] } }));
    await expect.poll(async () => (await admin.audit.list({ user, limit: 100 })).items.length, { timeout: 10_000 }).toBe(5);
    const first = await admin.audit.list({ user, limit: 2 });
    const second = await admin.audit.list({ user, limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((e) => e.at)).toEqual([at(4), at(3), at(2), at(1)]);
    const ranged = await admin.audit.list({ user, from: at(1), to: at(3), limit: 100 });
    expect(ranged.items.map((e) => e.at)).toEqual([at(3), at(2), at(1)]);

    // Ten years: only records from 2001 are that old, so other files' records are never touched.
    const pruned = await pruneAudit(kube, await testCaches().synced("audit"), { maxRecords: 1_000_000, maxAgeMs: 10 * 365 * 86_400_000 });
    expect(pruned).toBeGreaterThanOrEqual(5);
    await expect.poll(async () => (await recordsOf(user)).length, { timeout: 10_000 }).toBe(0);
  });
});
