import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { OpenCounter } from "@/lib/authz/token-bucket";
import { models } from "@/server/kube/models";
import { consoleMetrics } from "@/server/metrics/console-metrics";
import { testCaches, testGateway } from "@/test/kube";

/** Prometheus text format 0.0.4, strictly: every line a comment or `name{labels} value`; returns the samples. */
function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split("\n")) {
    if (!line || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]?[Ii]nf)$/.exec(line); // Go's ParseFloat, as Prometheus reads it
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return out;
}

describe("the console's /metrics", () => {
  const kube = testGateway();
  const name = `metrics-${crypto.randomBytes(3).toString("hex")}`;
  afterAll(() => kube.delete(models.Tenant, { name }, { ignoreNotFound: true }));

  it("parses as Prometheus text and carries tenants by phase, watch-cache health and open streams", async () => {
    const caches = testCaches();
    const streams = new OpenCounter(10);
    const release = streams.acquire("u")!;
    const registry = consoleMetrics({ caches, streams });
    await kube.create(models.Tenant, { metadata: { name }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.88.${crypto.randomInt(250)}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
    await kube.mergePatch(models.Tenant, { name }, { status: { phase: "Degraded" } }, "status");
    const tenants = await caches.synced("tenants");
    await expect.poll(() => tenants.get(name)?.status?.phase).toBe("Degraded");

    const samples = parseExposition(await registry.metrics());
    const one = (n: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === n && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(one("kmetal_tenants", { phase: "Degraded" })!.value).toBeGreaterThanOrEqual(1);
    expect(one("kmetal_watch_cache_synced", { resource: "tenants" })!.value).toBe(1);
    expect(one("kmetal_watch_restarts", { resource: "tenants" })).toBeDefined();
    expect(one("kmetal_watch_cache_age_seconds", { resource: "tenants" })!.value).toBeLessThan(120);
    expect(one("kmetal_live_streams_open")!.value).toBe(1);
    expect(one("kmetal_console_process_resident_memory_bytes")!.value).toBeGreaterThan(0);
    release();
    expect(parseExposition(await registry.metrics()).find((s) => s.name === "kmetal_live_streams_open")!.value).toBe(0);
  });
});
