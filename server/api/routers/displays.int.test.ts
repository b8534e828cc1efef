import crypto from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/audit/entry";
import { DISPLAY_COOKIE, hashDisplayToken } from "@/lib/display/token";
import { appRouter, createCaller } from "@/server/api/root";
import { createTRPCContext, type Context } from "@/server/api/trpc";
import { models } from "@/server/kube/models";
import { userLabel } from "@/server/services/audit";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { generousLimits, testContext, testGateway } from "@/test/kube";

// Display links against the real local under cluster: created by a platform admin as a Secret that holds only
// the token's hash, used without any user session through the same context the HTTP route builds, refused
// for everything but the wall, and revoked with immediate effect, open streams included; each step audited.

const kube = testGateway();
const NS = "kmetal-system";
const id = crypto.randomBytes(3).toString("hex");
const admin = { name: `root-${id}`, roles: ["platform-admin" as const] };
const tokenOf = (path: string) => decodeURIComponent(path.split("/").pop()!);

/** The context the tRPC route makes for a request that carries only this display cookie (no session). */
async function displayContext(token: string): Promise<Context> {
  const ctx = await createTRPCContext({ headers: new Headers({ cookie: `other=1; ${DISPLAY_COOKIE}=${token}` }), session: null });
  return { ...ctx, limits: generousLimits() };
}

const auditOf = async (user: string) =>
  (await kube.list<{ spec: AuditEntry }>(models.AuditRecord, { labelSelector: `kmetal.io/user=${userLabel(user)}` })).items.map((r) => r.spec);

describe("display links", () => {
  it("are stored as a hash only, open the wall without a session, reach nothing else, and stop at once when revoked", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    const tenant = `wall-${id}`;
    await kube.create(models.Tenant, { metadata: { name: tenant }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.77.${crypto.randomInt(250)}.0/24` }, workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
    try {
      const adminCaller = createCaller(testContext({ identity: admin }));
      const created = await adminCaller.displays.create({ name: `Wall ${id}`, days: 30 });
      const token = tokenOf(created.path);
      expect(created.path).toMatch(/^\/noc\/link\/kmd\.[0-9a-f]{12}\./);

      // Stored: the hash of the token, never the token; listed without either.
      const secret = await kube.get<V1Secret>(models.Secret, { name: `kmetal-display-${created.id}`, namespace: NS });
      const stored = Object.values(secret.data ?? {}).map((v) => Buffer.from(v, "base64").toString("utf8"));
      expect(stored).toContain(await hashDisplayToken(token));
      expect(stored.some((v) => v.includes(token.split(".")[2]!))).toBe(false);
      const listed = (await adminCaller.displays.list()).find((d) => d.id === created.id);
      expect(listed).toMatchObject({ name: `Wall ${id}`, createdBy: admin.name, state: "active" });
      expect(JSON.stringify(listed)).not.toMatch(/tokenHash|kmd\./);

      // Used: the wall's data without a user session.
      const ctx = await displayContext(token);
      expect(ctx.identity).toBeUndefined();
      expect(ctx.display).toEqual({ id: created.id, name: `Wall ${id}` });
      const display = createCaller(ctx);
      await expect.poll(async () => (await display.noc.wall()).tiles.some((t) => t.name === tenant), { timeout: 15_000 }).toBe(true);

      // Everything else refuses the display identity.
      const others = Object.keys(appRouter._def.procedures).filter((p) => !p.startsWith("noc."));
      expect(others.length).toBeGreaterThan(20);
      for (const path of others) {
        const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], display) as (i: unknown) => Promise<unknown>;
        const err = await Promise.resolve().then(() => fn({ name: tenant })).catch((e: unknown) => e);
        expect(err instanceof TRPCError ? err.code : err, path).toBe("UNAUTHORIZED");
      }

      // An open wall stream: first the data, then (no change) heartbeats; revoking ends it at once.
      const stream = (await display.noc.watchWall())[Symbol.asyncIterator]();
      const first = await stream.next();
      expect(first.value).toMatchObject({ type: "data", connected: true });
      // Until revoked the stream goes on (heartbeats, changes); whatever it sends, it must end with a refusal.
      const pending = stream.next().then(async function untilEnd(r): Promise<unknown> {
        return r.done ? r : stream.next().then(untilEnd);
      }).catch((e: unknown) => e);
      const t0 = Date.now();
      await adminCaller.displays.revoke({ id: created.id });
      const ended = await pending;
      expect(ended instanceof TRPCError && ended.code).toBe("UNAUTHORIZED");
      expect(Date.now() - t0).toBeLessThan(3_000);

      // Revoked: the same link opens nothing, and the list says who revoked it.
      const after = await displayContext(token);
      expect(after.display).toBeUndefined();
      expect((await createCaller(after).noc.wall().catch((e: TRPCError) => e) as TRPCError).code).toBe("UNAUTHORIZED");
      expect((await adminCaller.displays.list()).find((d) => d.id === created.id)).toMatchObject({ state: "revoked", revokedBy: admin.name });

      // Audited: creation and revocation by the admin (never the token), and the wall's opening by the display.
      await expect.poll(async () => (await auditOf(admin.name)).filter((e) => e.action.startsWith("displays.")).map((e) => `${e.action}:${e.result}`).sort(), { timeout: 10_000 })
        .toEqual(["displays.create:success", "displays.revoke:success"]);
      expect(JSON.stringify(await auditOf(admin.name))).not.toContain(token.split(".")[2]!);
      await expect.poll(async () => (await auditOf(`display:${created.id}`)).map((e) => e.action), { timeout: 10_000 }).toContain("display.open");
    } finally {
      await kube.delete(models.Tenant, { name: tenant }, { ignoreNotFound: true });
    }
  });

  it("a forged or altered token, or a display of another id, opens nothing", async () => {
    const adminCaller = createCaller(testContext({ identity: admin }));
    const { path } = await adminCaller.displays.create({ name: `Forged ${id}`, days: 1 });
    const token = tokenOf(path);
    const altered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    for (const bad of [altered, `kmd.000000000000.${token.split(".")[2]}`, "kmd.nonsense", ""]) {
      expect((await displayContext(bad)).display, bad).toBeUndefined();
    }
    expect((await displayContext(token)).display?.name).toBe(`Forged ${id}`);
  });

  it("platform viewers and tenant roles cannot create, list or revoke displays (refused on the server)", async () => {
    for (const roles of [["platform-viewer"], ["tenant-admin"]] as const) {
      const c = createCaller(testContext({ identity: { name: `someone-${id}`, roles: [...roles] } }));
      expect((await c.displays.create({ name: "x", days: 1 }).catch((e: TRPCError) => e) as TRPCError).code).toBe("FORBIDDEN");
      expect((await c.displays.list().catch((e: TRPCError) => e) as TRPCError).code).toBe("FORBIDDEN");
    }
  });
});
