import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Quota, TenantSpec } from "@/lib/schemas/tenant";
import { planTenant } from "@/lib/tenants/plan";
import { tenantNames } from "@/lib/tenants/names";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import type { HypervisorConfig } from "@/server/local/provider/hypervisors";
import { LocalProvider } from "@/server/local/provider/provider";

const MANAGED = "app.kubernetes.io/managed-by";

/**
 * A tenant's namespace, subnet, worker VMs and ResourceQuota exactly as the reconciler plans them, served
 * by a local provider of its own (its own hypervisors and managed-by value, so the providers of other test
 * files running against the same API server never touch them). No control plane: the tenant's Nodes are
 * not registered, everything on the under cluster is.
 */
export async function simulatedWorkers(kube: KubeGateway, o: { spec: Omit<TenantSpec, "kubernetesVersion">; quota: Required<Quota>; hypervisors: Partial<HypervisorConfig> }) {
  const id = crypto.randomBytes(3).toString("hex");
  const tenant = `fleet-${id}`;
  const instance = `kmetal-test-${id}`;
  const n = tenantNames(tenant);
  const spec: TenantSpec = { kubernetesVersion: "v1.36.3", ...o.spec };
  const planned = planTenant({ tenant: { metadata: { name: tenant }, spec } as never, quota: o.quota, addons: [], platformCidrs: [], workerVersion: spec.kubernetesVersion });
  const relabel = <T extends { metadata: { labels?: Record<string, string> } }>(obj: T): T => ({ ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, [MANAGED]: instance } } });
  for (const d of planned.filter((x) => ["Namespace", "Subnet", "ResourceQuota"].includes(x.model))) {
    await kube.apply(models[d.model as "Namespace" | "Subnet" | "ResourceQuota"], relabel(d.object) as never, "kmetal-test");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-fleet-"));
  const provider = new LocalProvider({ kube, binaries: await resolveBinaries(), dir, instance, hypervisors: { prefix: `hv-${id}`, ...o.hypervisors } });
  await provider.start();
  const vms = planned.filter((x) => x.model === "VirtualMachine").map((d) => relabel(d.object));
  return {
    tenant, namespace: n.namespace, provider, vms,
    /** Creates the planned worker VMs (all of them, or the first `count`). */
    async createVms(count = vms.length) {
      for (const vm of vms.slice(0, count)) await kube.apply(models.VirtualMachine, vm as never, "kmetal-test");
    },
    async cleanup() {
      await provider.stop();
      await kube.delete(models.Namespace, { name: n.namespace }, { ignoreNotFound: true });
      await kube.delete(models.Subnet, { name: n.subnet }, { ignoreNotFound: true });
      for (const node of provider.hypervisors.names) {
        await kube.delete(models.Node, { name: node }, { ignoreNotFound: true });
        await kube.delete(models.Lease, { name: node, namespace: "kube-node-lease" }, { ignoreNotFound: true });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
