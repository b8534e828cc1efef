import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { models } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";
import { serveMetrics } from "@/server/metrics/serve";
import { ReconcilerMetrics } from "@/server/reconciler/metrics";
import type { TenantCacheObject } from "@/server/reconciler/observe";
import { WorkQueue } from "@/server/reconciler/work-queue";
import { testGateway } from "@/test/kube";
import { parsePrometheusText, sampleOf } from "@/test/prometheus-text";

describe("the reconciler's /metrics", () => {
  const kube = testGateway();
  const name = `rmetrics-${crypto.randomBytes(3).toString("hex")}`;
  const tenants = new WatchCache<TenantCacheObject>(kube, models.Tenant);
  afterAll(async () => {
    await tenants.stop();
    await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  });

  it("serves tenants by phase, reconcile duration and errors, queue depth and watch health, only with the bearer token", async () => {
    tenants.start();
    await tenants.waitForSync(30_000);
    const queue = new WorkQueue();
    const metrics = new ReconcilerMetrics({
      tenants: () => tenants.list(), queueDepth: () => queue.length, leading: () => true,
      caches: () => [{ resource: "tenants", state: tenants.state }],
    });
    await kube.create(models.Tenant, { metadata: { name }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.82.${crypto.randomInt(250)}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
    await kube.mergePatch(models.Tenant, { name }, { status: { phase: "Provisioning" } }, "status");
    await expect.poll(() => tenants.get(name)?.status?.phase).toBe("Provisioning");
    queue.add("a");
    queue.add("b");
    await metrics.time(async () => "done");
    await expect(metrics.time(async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await expect(metrics.time(async () => { throw new Error("stopped"); }, () => false)).rejects.toThrow("stopped");

    const token = crypto.randomBytes(24).toString("hex");
    const server = serveMetrics(() => metrics.registry, { port: 0, token });
    await new Promise((r) => server.once("listening", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-of-some-length" } })).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const { samples, types } = parsePrometheusText(await res.text());
      const one = (n: string, labels: Record<string, string> = {}) => sampleOf(samples, n, labels);
      expect(one("kmetal_reconciler_tenants", { phase: "Provisioning" })!.value).toBeGreaterThanOrEqual(1);
      expect(types.get("kmetal_reconcile_duration_seconds")).toBe("histogram");
      expect(one("kmetal_reconcile_duration_seconds_count", { result: "success" })!.value).toBe(1);
      expect(one("kmetal_reconcile_duration_seconds_count", { result: "error" })!.value).toBe(1);
      expect(one("kmetal_reconcile_duration_seconds_count", { result: "stopped" })!.value).toBe(1);
      expect(one("kmetal_reconcile_errors_total")!.value).toBe(1);
      expect(one("kmetal_reconciler_work_queue_depth")!.value).toBe(2);
      expect(one("kmetal_reconciler_leader")!.value).toBe(1);
      expect(one("kmetal_reconciler_watch_restarts", { resource: "tenants" })!.value).toBe(0);
      expect(one("kmetal_reconciler_watch_cache_age_seconds", { resource: "tenants" })!.value).toBeLessThan(60);
      expect(one("kmetal_reconciler_watch_cache_synced", { resource: "tenants" })!.value).toBe(1);
      expect(one("kmetal_reconciler_process_resident_memory_bytes")!.value).toBeGreaterThan(0);
      expect((await fetch(url.replace("/metrics", "/other"), { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
