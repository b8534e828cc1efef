import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TENANT_LABEL } from "@/lib/tenants/names";
import { createCaller } from "@/server/api/root";
import { models } from "@/server/kube/models";
import { fleetOverview, wallView } from "@/server/services/fleet-health";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testCaches, testContext, testGateway } from "@/test/kube";

// The overview and the wall against the real API server: Tenants with the status a reconciler would write,
// Warning events labelled with their tenant. Other files share the server, so fleet-wide numbers are only
// compared for this file's own tenants; a tenant role's numbers are exact, since it sees only its own.

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const alice = { name: `alice-${id}`, roles: ["tenant-admin" as const] };
const admin = { name: "root", roles: ["platform-admin" as const] };
const mine = `ov-mine-${id}`;
const theirs = `ov-theirs-${id}`;

const spec = (owner: string, third: number) => ({
  owners: [owner], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.88.${third}.0/24` },
  controlPlane: { replicas: 2 }, workerPools: [{ name: "w", replicas: 2, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});
const cond = (type: string, ok: boolean) => ({ type, status: ok ? "True" : "False", reason: ok ? "Ok" : "Down", message: "", lastTransitionTime: new Date().toISOString() });
const setStatus = (name: string, phase: string, cpReady: boolean, readyWorkers: number) =>
  kube.mergePatch(models.Tenant, { name }, { status: { phase, readyWorkers, endpoint: "127.0.0.1:1", conditions: [cond("ControlPlaneReady", cpReady), cond("DatastoreReady", true)] } }, "status");
const warn = (tenant: string, reason: string) => kube.create(models.Event, {
  metadata: { name: `${tenant}.${crypto.randomBytes(3).toString("hex")}`, namespace: "default", labels: { [TENANT_LABEL]: tenant } },
  involvedObject: { apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", name: tenant }, reason, message: `${reason} of ${tenant}`, type: "Warning",
  firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1,
} as never);

describe("fleet health", () => {
  afterAll(async () => {
    for (const name of [mine, theirs]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  });

  it("tenant roles get exact numbers of their own tenants and never another tenant's name; platform roles see both", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    await kube.create(models.Tenant, { metadata: { name: mine }, spec: spec(alice.name, crypto.randomInt(120)) } as never);
    await kube.create(models.Tenant, { metadata: { name: theirs }, spec: spec(`bob-${id}`, 120 + crypto.randomInt(120)) } as never);
    await setStatus(mine, "Degraded", false, 1);
    await setStatus(theirs, "Ready", true, 2);
    await warn(mine, "MineBroke");
    await warn(theirs, "TheirsBroke");
    const caches = testCaches();

    await expect.poll(async () => (await fleetOverview(caches, alice)).failures.map((f) => f.reason), { timeout: 15_000 }).toEqual(["MineBroke"]);
    const own = await fleetOverview(caches, alice);
    expect(own).toMatchObject({
      scope: "own", violationEdges: 0,
      counts: { tenants: 1, byPhase: { Degraded: 1 }, controlPlanesNotReady: 1, workersNotReady: 1, violations: 0, tenantsWithViolations: 0 },
    });
    const ownWall = await wallView(caches, alice);
    expect(ownWall.tiles).toEqual([{
      name: mine, phase: "Degraded", controlPlane: { ready: false, replicas: 2 }, etcdReady: true, endpoint: { address: "127.0.0.1:1" }, workers: { ready: 1, desired: 2 }, violations: 0,
    }]);
    expect(JSON.stringify([own, ownWall])).not.toContain(theirs);
    // The figures other parts feed: certificates and quota for every scope, hypervisor capacity for platform roles only.
    expect(own.figures.certificates).toMatchObject({ expired: 0, withinDays: 30 });
    expect(own.figures.quota).toEqual({ atLeast80: 0, atLeast95: 0 });
    expect(own.figures.capacity).toBeUndefined();

    const fleet = await fleetOverview(caches, admin);
    expect(fleet.scope).toBe("fleet");
    expect(fleet.figures.capacity).toMatchObject({ cpuPercent: expect.any(Number), memoryPercent: expect.any(Number), unschedulable: expect.any(Number) });
    expect(fleet.failures.map((f) => f.reason)).toEqual(expect.arrayContaining(["MineBroke", "TheirsBroke"]));
    const names = (await wallView(caches, admin)).tiles.map((t) => t.name);
    // Worst first: the degraded tenant comes before the ready one.
    expect(names.indexOf(mine)).toBeGreaterThanOrEqual(0);
    expect(names.indexOf(mine)).toBeLessThan(names.indexOf(theirs));
  });

  it("the live overview and wall follow a change of status (pushed, no new request)", async () => {
    const caller = createCaller(testContext({ identity: alice }));
    const overview = (await caller.overview.watch())[Symbol.asyncIterator]();
    const wall = (await caller.noc.watchWall())[Symbol.asyncIterator]();
    try {
      expect((await overview.next()).value).toMatchObject({ counts: { byPhase: { Degraded: 1 } } });
      expect((await wall.next()).value).toMatchObject({ type: "data", connected: true, data: { kind: "full", wall: { tiles: [{ name: mine, phase: "Degraded" }] } } });
      await setStatus(mine, "Ready", true, 2);
      for (;;) {
        const v = (await overview.next()).value as { counts: { byPhase: Record<string, number>; controlPlanesNotReady: number } };
        if (v.counts.byPhase.Ready === 1) {
          expect(v.counts).toMatchObject({ byPhase: { Ready: 1 }, controlPlanesNotReady: 0, workersNotReady: 0 });
          expect(v.counts.byPhase.Degraded).toBeUndefined();
          break;
        }
      }
      for (;;) {
        // After the whole wall, only what changed: the one tile, with the new totals.
        const m = (await wall.next()).value as { type: string; data?: { kind: string; diff?: { upsert: { name: string; phase: string }[]; remove: string[]; counts: { tenants: number } } } };
        if (m.type !== "data" || (m.data?.kind === "diff" && m.data.diff!.upsert.length === 0)) continue; // other changes: nothing of hers
        expect(m.data).toMatchObject({ kind: "diff", diff: { upsert: [{ name: mine }], remove: [], counts: { tenants: 1 } } });
        if (m.data!.diff!.upsert[0]!.phase === "Ready") break;
      }
    } finally {
      await overview.return?.();
      await wall.return?.();
    }
  });
});
