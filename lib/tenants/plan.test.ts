import { describe, expect, it } from "vitest";
import type { TenantObject } from "@/lib/schemas/tenant";
import { planTenant } from "@/lib/tenants/plan";

const tenant = (network: TenantObject["spec"]["network"] = { mode: "overlay", cidr: "10.20.0.0/24" }): TenantObject => ({
  metadata: { name: "acme", uid: "u-1" },
  spec: {
    kubernetesVersion: "v1.36.3",
    controlPlane: { replicas: 2 },
    network,
    workerPools: [
      { name: "small", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu:24.04" },
      { name: "big", replicas: 1, vcpu: 8, memoryGi: 32, diskGi: 100, image: "ubuntu:24.04" },
    ],
  },
});
const input = (t: TenantObject) => ({
  tenant: t, quota: { vcpu: 20, memoryGi: 64, storageGi: 500, workers: 5, loadBalancers: -1 }, addons: ["coredns", "metrics"],
  platformCidrs: ["10.96.0.0/12", "192.168.0.0/16"], workerVersion: "v1.36.3",
});

describe("planTenant", () => {
  it("derives every child with deterministic names, labels and an owner", () => {
    const plan = planTenant(input(tenant()));
    expect(plan.map((d) => `${d.model}/${d.object.metadata.namespace ?? ""}/${d.object.metadata.name}`)).toEqual([
      "Namespace//tenant-acme",
      "ClusterRole//kmetal:tenant:acme:admin", "ClusterRole//kmetal:tenant:acme:view",
      "ClusterRoleBinding//kmetal:tenant:acme:admin", "ClusterRoleBinding//kmetal:tenant:acme:view",
      "RoleBinding/tenant-acme/kmetal:tenant-admin", "RoleBinding/tenant-acme/kmetal:tenant-viewer",
      "Vpc//kmetal-acme", "Subnet//kmetal-acme", "DataStore//kmetal-acme-etcd",
      "TenantControlPlane/tenant-acme/acme", "VirtualMachine/tenant-acme/small-0", "VirtualMachine/tenant-acme/small-1",
      "VirtualMachine/tenant-acme/big-0", "ResourceQuota/tenant-acme/kmetal-quota",
    ]);
    for (const d of plan) {
      expect(d.object.metadata.labels?.["kmetal.io/tenant"]).toBe("acme");
      expect(d.object.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "Tenant", name: "acme", uid: "u-1", controller: true })]);
    }
    expect(planTenant(input(tenant()))).toEqual(plan); // pure
  });
  it("isolates the network: own VPC, subnet bound to it, platform CIDRs dropped, VMs pinned to the subnet", () => {
    const plan = planTenant(input(tenant()));
    const vpc = plan.find((d) => d.model === "Vpc")!.object.spec as { namespaces: string[]; policyRoutes: { action: string; match: string; priority: number }[] };
    expect(vpc.namespaces).toEqual(["tenant-acme"]);
    expect(vpc.policyRoutes).toEqual([
      { priority: 30000, match: "ip4.dst == 10.96.0.0/12", action: "drop" },
      { priority: 30000, match: "ip4.dst == 192.168.0.0/16", action: "drop" },
    ]);
    const subnet = plan.find((d) => d.model === "Subnet")!.object.spec as Record<string, unknown>;
    expect(subnet).toMatchObject({ vpc: "kmetal-acme", cidrBlock: "10.20.0.0/24", gateway: "10.20.0.1", namespaces: ["tenant-acme"] });
    for (const vm of plan.filter((d) => d.model === "VirtualMachine")) {
      const t = (vm.object.spec as { template: { metadata: { annotations: Record<string, string> } } }).template;
      expect(t.metadata.annotations["ovn.kubernetes.io/logical_switch"]).toBe("kmetal-acme");
    }
  });
  it("attaches a VLAN tenant to its own VLAN on the shared underlay, without u2o into the platform", () => {
    const plan = planTenant(input(tenant({ mode: "vlan", cidr: "10.30.0.0/24", vlanId: 120 })));
    expect(plan.find((d) => d.model === "ProviderNetwork")).toMatchObject({ shared: true });
    expect(plan.find((d) => d.model === "Vlan")!.object.spec).toEqual({ id: 120, provider: "kmetal-underlay" });
    expect(plan.find((d) => d.model === "Subnet")!.object.spec).toMatchObject({ vlan: "kmetal-acme", vpc: "kmetal-acme", u2oInterconnection: false, logicalGateway: false });
  });
  it("sizes VMs and the quota from the spec", () => {
    const plan = planTenant(input(tenant()));
    const big = plan.find((d) => d.object.metadata.name === "big-0")!.object.spec as { template: { spec: { domain: { cpu: { cores: number }; memory: { guest: string } } } } };
    expect(big.template.spec.domain.cpu.cores).toBe(8);
    expect(big.template.spec.domain.memory.guest).toBe("32Gi");
    const rq = plan.find((d) => d.model === "ResourceQuota")!.object.spec as { hard: Record<string, string> };
    expect(rq.hard).toEqual({ "requests.cpu": "20", "requests.memory": "64Gi", "requests.storage": "500Gi" });
    const tcp = plan.find((d) => d.model === "TenantControlPlane")!.object.spec as { controlPlane: { deployment: { replicas: number } }; addons: object };
    expect(tcp.controlPlane.deployment.replicas).toBe(2);
    expect(tcp.addons).toEqual({ coreDNS: {} });
  });
});
