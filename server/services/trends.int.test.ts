import { TRPCError } from "@trpc/server";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USAGE_KEYS } from "@/lib/fleet/usage";
import { createCaller } from "@/server/api/root";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { models } from "@/server/kube/models";
import { capacity, fleetUsage } from "@/server/services/fleet";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { tenantTrend, trendSampler, TrendSampler } from "@/server/services/trends";
import { prometheusStub } from "@/test/prometheus-stub-server";
import { testCaches, testContext, testGateway } from "@/test/kube";

const admin = { name: "root", roles: ["platform-admin" as const] };

describe("trends sampled by the console", () => {
  const kube = testGateway();
  const id = crypto.randomBytes(3).toString("hex");
  const user = `erin-${id}`;
  const names = [`trend-own-${id}`, `trend-other-${id}`];
  const owners = [[user], [`frank-${id}`]];

  beforeAll(async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    for (const [i, name] of names.entries()) {
      await kube.create(models.Tenant, { metadata: { name }, spec: { owners: owners[i], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.81.${i}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }], quota: { workers: 3 + i, loadBalancers: 1 } } } as never);
    }
  });
  afterAll(async () => {
    for (const name of names) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  });

  it("samples nothing before the caches have synced, then records what fleetUsage and capacity return", async () => {
    const caches = new CacheRegistry(kube);
    const sampler = new TrendSampler(caches, { intervalMs: 3_600_000, capacity: 24, maxTenants: 100_000 });
    try {
      // Nothing started, nothing synced: no sample.
      expect(await sampler.sample()).toBe(false);
      expect(sampler.fleet.length).toBe(0);
      sampler.start();
      await expect.poll(() => sampler.fleet.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
      await expect.poll(async () => (await fleetUsage(caches, admin)).tenants.filter((t) => names.includes(t.tenant)).length, { timeout: 30_000 }).toBe(2);

      // Other test files change the shared cluster meanwhile: take a sample between two identical reads.
      let checked = false;
      for (let attempt = 0; attempt < 20 && !checked; attempt++) {
        const [usage, cap] = [await fleetUsage(caches, admin), await capacity(caches, admin)];
        expect(await sampler.sample()).toBe(true);
        const [usage2, cap2] = [await fleetUsage(caches, admin), await capacity(caches, admin)];
        if (JSON.stringify([usage, cap]) !== JSON.stringify([usage2, cap2])) continue;
        const p = sampler.latestFleet()!;
        for (const k of USAGE_KEYS) {
          expect(p.values[`usage.${k}.used`]).toBe(usage.totals[k].used);
          expect(p.values[`usage.${k}.hard`]).toBe(usage.totals[k].hard ?? null);
        }
        expect(p.values["capacity.cpu.requested"]).toBe(cap.total.requested.cpu);
        expect(p.values["capacity.cpu.allocatable"]).toBe(cap.total.allocatable.cpu);
        expect(p.values["capacity.memoryGi.requested"]).toBe(cap.total.requested.memoryGi);
        expect(p.values["capacity.memoryGi.allocatable"]).toBe(cap.total.allocatable.memoryGi);
        const phases = Object.entries(p.values).filter(([k, v]) => k.startsWith("phase.") && v !== null).reduce((s, [, v]) => s + v!, 0);
        expect(phases).toBe(caches.get("tenants").list().length);
        for (const name of names) {
          const line = (k: string) => usage.tenants.find((t) => t.tenant === name)!.lines.find((l) => l.key === k)!;
          const tp = sampler.latestTenant(name)!;
          expect(tp.t).toBe(p.t);
          expect(tp.values["usage.workers.used"]).toBe(line("workers").used);
          expect(tp.values["usage.workers.hard"]).toBe(line("workers").hard);
          expect(tp.values["usage.loadBalancers.hard"]).toBe(line("loadBalancers").hard);
        }
        expect(sampler.latestTenant(names[1]!)!.values["usage.workers.hard"]).toBe(4);
        checked = true;
      }
      expect(checked).toBe(true);
      expect(sampler.fleet.length).toBeGreaterThanOrEqual(2);
    } finally {
      sampler.stop();
      // Not awaited: a watch being torn down may wait for the API server's next bookmark.
      void caches.stop().catch(() => undefined);
    }
  });

  it("gives a tenant role only its own tenant's trend, refuses another's and the fleet's", async () => {
    const as = (roles: ("tenant-viewer" | "platform-viewer")[]) => createCaller(testContext({ identity: { name: user, roles } }));
    // The console's sampler of these caches: make sure both tenants are in a sample.
    const sampler = trendSampler(testCaches());
    await expect.poll(async () => {
      await sampler.sample();
      return names.every((n) => (sampler.latestTenant(n)?.values["usage.workers.hard"] ?? null) !== null);
    }, { timeout: 60_000 }).toBe(true);

    const own = await as(["tenant-viewer"]).trends.tenant({ name: names[0]! });
    expect(own.source).toBe("memory");
    expect(own.sampled).toBe(true);
    expect(own.since).toBe(sampler.fleet.since);
    expect(own.series["usage.workers.hard"]!.at(-1)).toBe(3);
    expect(own.t.length).toBe(own.series["usage.workers.used"]!.length);

    const refused = await as(["tenant-viewer"]).trends.tenant({ name: names[1]! }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("NOT_FOUND");
    expect((refused as TRPCError).message).toContain(`tenant ${names[1]} not found`);
    expect(((await as(["tenant-viewer"]).trends.fleet().catch((e: unknown) => e)) as TRPCError).code).toBe("FORBIDDEN");

    // A platform role sees both and the fleet.
    expect((await as(["platform-viewer"]).trends.tenant({ name: names[1]! })).series["usage.workers.hard"]!.at(-1)).toBe(4);
    const fleet = await as(["platform-viewer"]).trends.fleet();
    expect(fleet.source).toBe("memory");
    expect(fleet.t.length).toBeGreaterThanOrEqual(1);
    expect(fleet.series["usage.workers.hard"]!.at(-1)).toBe(sampler.latestFleet()!.values["usage.workers.hard"]);
  });

  it("pushes the newest point at once and after each sample, and stops when the signal aborts", async () => {
    const ac = new AbortController();
    const caller = createCaller(testContext({ identity: { name: user, roles: ["tenant-viewer"] } }), { signal: ac.signal });
    const sampler = trendSampler(testCaches());
    const it = (await caller.trends.watchTenant({ name: names[0]! }))[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    const next = it.next();
    await sampler.sample();
    const second = await next;
    expect((second.value as { t: number }).t).toBeGreaterThan((first.value as { t: number }).t);
    expect((second.value as { values: Record<string, number | null> }).values["usage.workers.hard"]).toBe(3);
    const after = it.next();
    ac.abort();
    expect((await after).done).toBe(true);
  });

  it("reads a tenant's trend from Prometheus when one is configured", async () => {
    const prom = await prometheusStub((r) => (r.query.includes(`tenant="${names[0]}"`)
      ? [{ metric: { resource: r.query.includes("_used") ? "workers" : "cpu" }, values: [[r.end, r.query.includes("_used") ? "2" : "8"]] }]
      : { error: `unexpected query ${r.query}` }));
    try {
      const trend = await tenantTrend(testCaches(), { name: user, roles: ["tenant-viewer"] }, names[0]!, { maxPoints: 288, prometheusUrl: prom.url });
      expect(trend.source).toBe("prometheus");
      expect(trend.series["usage.workers.used"]!.at(-1)).toBe(2);
      expect(trend.series["usage.vcpu.hard"]!.at(-1)).toBe(8);
      expect(prom.asked.map((r) => r.query)).toEqual([
        `max by (resource) (kmetal_tenant_quota_used{tenant="${names[0]}"})`, `max by (resource) (kmetal_tenant_quota_hard{tenant="${names[0]}"})`,
      ]);
      // Out of scope: refused before Prometheus is asked.
      await expect(tenantTrend(testCaches(), { name: user, roles: ["tenant-viewer"] }, names[1]!, { maxPoints: 288, prometheusUrl: prom.url })).rejects.toThrow(/not found/);
      expect(prom.asked).toHaveLength(2);
    } finally {
      await prom.close();
    }
  });
});
