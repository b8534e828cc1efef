import "server-only";
import { Gauge, type Registry } from "prom-client";
import { capacityOf, type Capacity } from "@/lib/fleet/capacity";
import type { TenantUsage } from "@/lib/fleet/usage";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import type { MetricsExtension } from "@/server/metrics/console-metrics";
import { usageOfTenants } from "@/server/services/fleet";
import { currentPolicy } from "@/server/services/platform-policy";

const UNIT: Record<string, string> = { vcpu: "cpu", memoryGi: "memory_gibibytes", storageGi: "storage_gibibytes", workers: "workers", loadBalancers: "loadbalancers" };

/** One computation shared by every gauge of a scrape (prom-client collects them all at once): reused for a second. */
function perScrape<T>(compute: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1_000) last = { at: Date.now(), value: compute() };
    return last.value;
  };
}

/**
 * Quota usage per tenant and hypervisor capacity, read from the console's watch caches at scrape time: the
 * same numbers the fleet views show (ResourceQuota status, VMIs, LoadBalancer Services, Nodes, virt-launcher pods).
 */
export function fleetMetrics(caches: () => CacheRegistry): MetricsExtension {
  const usage = perScrape(async (): Promise<TenantUsage[]> => {
    const c = caches();
    const policy = await currentPolicy(c).catch(() => undefined);
    if (!policy) return [];
    const tenants = (await c.synced("tenants")).list().filter((t) => !t.metadata.deletionTimestamp);
    return usageOfTenants(c, tenants, policy);
  });
  const capacity = perScrape(async (): Promise<Capacity> => {
    const c = caches();
    const [nodes, pods] = await Promise.all([c.synced("nodes"), c.synced("launchers")]);
    return capacityOf(nodes.list(), pods.list());
  });

  return (registry: Registry) => {
    const registers = [registry];
    const quotaGauge = (name: string, help: string, pick: "used" | "hard" | "ratio") => new Gauge({
      name, help, labelNames: ["tenant", "resource"], registers,
      async collect() {
        const all = await usage();
        this.reset();
        for (const u of all) {
          for (const l of u.lines) if (l[pick] !== undefined) this.set({ tenant: u.tenant, resource: UNIT[l.key]! }, l[pick]);
        }
      },
    });
    quotaGauge("kmetal_tenant_quota_used", "What a tenant uses of a quota resource, as the under cluster reports it.", "used");
    quotaGauge("kmetal_tenant_quota_hard", "A tenant's quota limit per resource (absent: unlimited).", "hard");
    quotaGauge("kmetal_tenant_quota_ratio", "used / hard per tenant and resource (0.8 and 0.95 are the hot-spot thresholds).", "ratio");

    const nodeGauge = (name: string, help: string, pick: "allocatable" | "requested") => new Gauge({
      name, help, labelNames: ["node", "resource"], registers,
      async collect() {
        const cap = await capacity();
        this.reset();
        for (const n of cap.nodes) {
          this.set({ node: n.name, resource: "cpu" }, n[pick].cpu);
          this.set({ node: n.name, resource: "memory_gibibytes" }, n[pick].memoryGi);
        }
      },
    });
    nodeGauge("kmetal_hypervisor_allocatable", "A hypervisor Node's allocatable (cpu in cores, memory in GiB).", "allocatable");
    nodeGauge("kmetal_hypervisor_requested", "What the VMs placed on a hypervisor request (cpu in cores, memory in GiB).", "requested");
    new Gauge({
      name: "kmetal_capacity_overcommit_ratio", help: "Requested / allocatable over every Ready hypervisor (above 1: more promised than exists).", labelNames: ["resource"], registers,
      async collect() {
        const cap = await capacity();
        this.set({ resource: "cpu" }, cap.overcommit.cpu);
        this.set({ resource: "memory" }, cap.overcommit.memory);
      },
    });
    new Gauge({
      name: "kmetal_vms_unschedulable", help: "VMs whose virt-launcher pod the scheduler could not place.", registers,
      async collect() {
        this.set((await capacity()).unschedulable.length);
      },
    });
  };
}
