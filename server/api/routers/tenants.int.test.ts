import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "@/server/api/trpc";
import { createCaller } from "@/server/api/root";
import { models } from "@/server/kube/models";
import { resolveBinaries, type Binaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { TenantController } from "@/server/reconciler/controller";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureNamespace } from "@/server/services/users";
import { testContext, testGateway } from "@/test/kube";

const run = promisify(execFile);
const id = crypto.randomBytes(3).toString("hex");
// Unique user names: other test files run in parallel against the same server with their own users.
const ALICE = `alice-${id}`;
const BOB = `bob-${id}`;
const as = (name: string, ...roles: Identity["roles"]) => createCaller(testContext({ identity: { name, roles } }));
const admin = as("root", "platform-admin");
let third = crypto.randomInt(200);
const input = (name: string, owners: string[] = []) => ({
  name, owners, kubernetesVersion: "v1.36.3",
  network: { mode: "overlay" as const, cidr: `192.168.${third++}.0/24` },
  workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});
const code = (e: unknown) => (e as TRPCError).code;

describe("the tenants router, as each role, against the real under cluster", () => {
  const kube = testGateway();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-router-"));
  let provider: LocalProvider;
  let controller: TenantController;
  let binaries: Binaries;
  const mine = `mine-${id}`;
  const theirs = `theirs-${id}`;

  beforeAll(async () => {
    binaries = await resolveBinaries();
    await ensureNamespace(kube, "kmetal-system");
    await ensurePlatformPolicy(kube, [binaries.version]);
    provider = new LocalProvider({ kube, binaries, dir });
    await provider.start();
    controller = new TenantController(kube, { namespace: "kmetal-system", identity: `router-${id}` });
    await controller.start();
  });
  afterAll(async () => {
    for (const name of [mine, theirs]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    for (let i = 0; i < 240 && (await kube.find(models.Tenant, { name: mine })) ; i++) await new Promise((r) => setTimeout(r, 500));
    await controller.stop();
    await provider.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows tenant roles the versions, modes and add-ons they can use, never the platform's networks or limits", async () => {
    const full = await admin.tenants.policy();
    expect(full.platformCidrs?.length).toBeGreaterThan(0);
    expect(full.maxQuota).toBeDefined();
    for (const role of ["tenant-admin", "tenant-viewer"] as const) {
      const view = await as(ALICE, role).tenants.policy();
      expect(view.allowedVersions).toEqual(full.allowedVersions);
      expect(Object.keys(view).sort()).toEqual(["allowedNetworkModes", "allowedVersions", "mandatoryAddons"]);
    }
    const viewer = await as(BOB, "platform-viewer").tenants.policy();
    expect(viewer.platformCidrs).toEqual(full.platformCidrs);
  });

  it("validates input with the shared schema and the live policy before writing anything", async () => {
    const bad = await admin.tenants.create({ ...input(`Bad_${id}`) }).catch((e: unknown) => e);
    expect(code(bad)).toBe("BAD_REQUEST");
    const refused = await admin.tenants.create({ ...input(`old-${id}`), kubernetesVersion: "v1.20.0" }).catch((e: unknown) => e);
    expect(code(refused)).toBe("BAD_REQUEST");
    expect((refused as TRPCError).message).toContain("v1.20.0 is not allowed");
    expect(await kube.find(models.Tenant, { name: `old-${id}` })).toBeUndefined();
  });

  it("lets only platform admins create and delete", async () => {
    for (const caller of [as(ALICE, "tenant-admin"), as("noc", "platform-viewer")]) {
      expect(code(await caller.tenants.create(input(`nope-${id}`)).catch((e: unknown) => e))).toBe("FORBIDDEN");
      expect(code(await caller.tenants.delete({ name: mine }).catch((e: unknown) => e))).toBe("FORBIDDEN");
    }
  });

  it("scopes tenant roles to their own tenants and issues a working short-lived kubeconfig", async () => {
    await admin.tenants.create(input(mine, [ALICE]));
    await admin.tenants.create(input(theirs, [BOB]));
    const alice = as(ALICE, "tenant-admin");
    await expect.poll(async () => (await alice.tenants.byName({ name: mine })).phase, { timeout: 120_000, interval: 500 }).toBe("Ready");

    expect((await alice.tenants.list()).map((t) => t.name)).toEqual([mine]);
    expect((await as("noc", "platform-viewer").tenants.list()).map((t) => t.name)).toEqual(expect.arrayContaining([mine, theirs]));
    expect(code(await alice.tenants.byName({ name: theirs }).catch((e: unknown) => e))).toBe("NOT_FOUND");
    expect(code(await alice.tenants.kubeconfig({ name: theirs, ttlHours: 8 }).catch((e: unknown) => e))).toBe("NOT_FOUND");
    expect(code(await as("noc", "platform-viewer").tenants.setWorkerReplicas({ name: mine, pool: "w", replicas: 2 }).catch((e: unknown) => e))).toBe("FORBIDDEN");

    const issued = await alice.tenants.kubeconfig({ name: mine, ttlHours: 1 });
    const hours = (new Date(issued.expiresAt).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(0.9);
    expect(hours).toBeLessThanOrEqual(1.01);
    const file = path.join(dir, `${ALICE}.kubeconfig`);
    fs.writeFileSync(file, issued.kubeconfig, { mode: 0o600 });
    const who = await run(binaries.kubectl!, ["--kubeconfig", file, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]);
    expect(who.stdout).toBe(ALICE);

    await alice.tenants.setWorkerReplicas({ name: mine, pool: "w", replicas: 2 });
    await expect.poll(async () => (await run(binaries.kubectl!, ["--kubeconfig", file, "get", "nodes", "-o", "name"])).stdout.trim().split("\n").length, { timeout: 60_000 }).toBe(2);
    const overQuota = await alice.tenants.setWorkerReplicas({ name: mine, pool: "w", replicas: 100 }).catch((e: unknown) => e);
    expect(code(overQuota)).toBe("BAD_REQUEST");

    // VM power: stopping a worker removes its Node; starting it brings the Node back.
    const nodeCount = async () => (await run(binaries.kubectl!, ["--kubeconfig", file, "get", "nodes", "-o", "name"])).stdout.trim().split("\n").filter(Boolean).length;
    await alice.tenants.vmPower({ name: mine, vm: "w-1", action: "stop" });
    await expect.poll(nodeCount, { timeout: 60_000 }).toBe(1);
    await alice.tenants.vmPower({ name: mine, vm: "w-1", action: "start" });
    await expect.poll(nodeCount, { timeout: 60_000 }).toBe(2);

    // Upgrades only go to newer allowed versions; quotas stay under the platform maximum; both are admin-only.
    expect((await admin.tenants.upgrade({ name: mine, version: "v1.99.0" }).catch((e: unknown) => e) as TRPCError).message).toContain("not allowed");
    expect((await admin.tenants.upgrade({ name: mine, version: "v1.20.0" }).catch((e: unknown) => e) as TRPCError).message).toContain("not newer");
    expect(code(await admin.tenants.setQuota({ name: mine, quota: { vcpu: 1_000_000 } }).catch((e: unknown) => e))).toBe("BAD_REQUEST");
    expect(code(await alice.tenants.setQuota({ name: mine, quota: { vcpu: 8 } }).catch((e: unknown) => e))).toBe("FORBIDDEN");
    await admin.tenants.setQuota({ name: mine, quota: { vcpu: 8 } });
    await expect.poll(async () => (await alice.tenants.byName({ name: mine })).spec.quota?.vcpu).toBe(8);
  });
});
