import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenCounter } from "@/lib/authz/token-bucket";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { models } from "@/server/kube/models";
import { consoleMetrics } from "@/server/metrics/console-metrics";
import { fleetMetrics } from "@/server/metrics/fleet-metrics";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testCaches, testGateway } from "@/test/kube";
import { parsePrometheusText, sampleOf } from "@/test/prometheus-text";
import { simulatedWorkers } from "@/test/simulated-workers";

describe("the console's /metrics: quota usage and capacity", () => {
  const kube = testGateway();
  const caches = testCaches();
  const tenant = `metrics-q-${crypto.randomBytes(3).toString("hex")}`;
  const ns = tenantNames(tenant).namespace;
  let env: Awaited<ReturnType<typeof simulatedWorkers>>;

  beforeAll(async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    env = await simulatedWorkers(kube, {
      spec: { network: { mode: "overlay", cidr: "10.80.0.0/24" }, workerPools: [{ name: "w", replicas: 1, vcpu: 3, memoryGi: 2, diskGi: 10, image: "x" }] },
      quota: { vcpu: 16, memoryGi: 32, storageGi: 100, workers: 4, loadBalancers: 2 }, hypervisors: { count: 2, cpu: 4, memoryGi: 8 },
    });
    // A tenant whose namespace has the quota the reconciler would write, and a LoadBalancer Service in it.
    await kube.create(models.Tenant, { metadata: { name: tenant }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.81.${crypto.randomInt(250)}.0/24` }, quota: { vcpu: 4, loadBalancers: 2 }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
    await kube.apply(models.Namespace, { metadata: { name: ns, labels: { [TENANT_LABEL]: tenant } } } as never, "kmetal-test");
    await kube.apply(models.ResourceQuota, { metadata: { name: tenantNames(tenant).quota, namespace: ns, labels: { [TENANT_LABEL]: tenant } }, spec: { hard: { "requests.cpu": "4", "services.loadbalancers": "2" } } } as never, "kmetal-test");
    await kube.create(models.Service, { metadata: { name: "lb", namespace: ns }, spec: { type: "LoadBalancer", ports: [{ port: 443, protocol: "TCP" }] } } as never);
  });
  afterAll(async () => {
    await kube.delete(models.Tenant, { name: tenant }, { ignoreNotFound: true });
    await kube.delete(models.Namespace, { name: ns }, { ignoreNotFound: true });
    await env?.cleanup();
  });

  it("parses as Prometheus text and carries quota usage per tenant, hypervisor capacity and overcommit next to the console's series", async () => {
    await env.createVms();
    const registry = consoleMetrics({ caches, streams: new OpenCounter(10) }, [fleetMetrics(() => caches)]);
    const scrape = async () => parsePrometheusText(await registry.metrics());
    // kube-controller-manager reports the Service against the quota; the scheduler places the VM.
    await expect.poll(async () => sampleOf((await scrape()).samples, "kmetal_tenant_quota_used", { tenant, resource: "loadbalancers" })?.value, { timeout: 60_000 }).toBe(1);
    const [a, b] = env.provider.hypervisors.names as [string, string];
    await expect.poll(async () => {
      const s = (await scrape()).samples;
      return (sampleOf(s, "kmetal_hypervisor_requested", { node: a, resource: "cpu" })?.value ?? 0) + (sampleOf(s, "kmetal_hypervisor_requested", { node: b, resource: "cpu" })?.value ?? 0);
    }, { timeout: 60_000 }).toBe(3);

    const { samples, types } = await scrape();
    const one = (name: string, labels: Record<string, string> = {}) => sampleOf(samples, name, labels);
    expect(one("kmetal_tenant_quota_hard", { tenant, resource: "cpu" })!.value).toBe(4);
    expect(one("kmetal_tenant_quota_used", { tenant, resource: "cpu" })!.value).toBe(0);
    expect(one("kmetal_tenant_quota_hard", { tenant, resource: "loadbalancers" })!.value).toBe(2);
    expect(one("kmetal_tenant_quota_ratio", { tenant, resource: "loadbalancers" })!.value).toBe(0.5);
    expect(one("kmetal_tenant_quota_used", { tenant, resource: "workers" })!.value).toBe(0);
    expect(one("kmetal_hypervisor_allocatable", { node: a, resource: "cpu" })!.value).toBe(4);
    expect(one("kmetal_hypervisor_allocatable", { node: b, resource: "memory_gibibytes" })!.value).toBe(8);
    expect(one("kmetal_capacity_overcommit_ratio", { resource: "cpu" })!.value).toBeGreaterThan(0);
    expect(one("kmetal_vms_unschedulable")).toBeDefined();
    expect(one("kmetal_tenants")).toBeDefined();
    expect(one("kmetal_live_streams_open")!.value).toBe(0);
    for (const name of ["kmetal_tenant_quota_used", "kmetal_tenant_quota_hard", "kmetal_hypervisor_allocatable", "kmetal_hypervisor_requested", "kmetal_capacity_overcommit_ratio"]) {
      expect(types.get(name)).toBe("gauge");
    }
  });
});
