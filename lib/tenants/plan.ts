import { tenantRbac, type ConsoleSubject } from "@/lib/authz/rbac";
import { gatewayOf, parseCidr } from "@/lib/net/cidr";
import type { Quota, TenantObject } from "@/lib/schemas/tenant";
import { CA_ROTATION_REQUEST } from "@/lib/tenants/ca-rotation";
import { MANAGED_BY, PLATFORM_DROP_PRIORITY, POOL_LABEL, TENANT_LABEL, UNDERLAY_PROVIDER, tenantNames } from "@/lib/tenants/names";

/** One object the reconciler applies, keyed by the model name the server's gateway knows. */
export interface Desired {
  model:
    | "Namespace" | "ClusterRole" | "ClusterRoleBinding" | "Role" | "RoleBinding" | "Vpc" | "Subnet" | "Vlan" | "ProviderNetwork" | "DataStore"
    | "TenantControlPlane" | "VirtualMachine" | "ResourceQuota";
  /** The provisioning step this object belongs to (for status timestamps). */
  step: "namespace" | "network" | "datastore" | "controlPlane" | "workers" | "quota";
  object: {
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: unknown[] };
    spec?: unknown;
    /** Kinds without a spec (RBAC: rules, roleRef, subjects). */
    [field: string]: unknown;
  };
  /** Shared platform objects are created if missing but never owned or deleted by one tenant. */
  shared?: boolean;
}

export interface PlanInput {
  tenant: TenantObject;
  quota: Required<Quota>;
  addons: string[];
  platformCidrs: string[];
  /** Version the workers should run; lags the control plane during an upgrade. */
  workerVersion: string;
  /** On a real under cluster: the console's identity, granted per tenant what it needs of this tenant. */
  consoleSubject?: ConsoleSubject;
  /** The CA rotation step asked of the operator (lib/tenants/ca-rotation.ts), once a rotation was started. */
  caRotation?: string;
}

const KAMAJI_ADDONS: Record<string, string> = { coredns: "coreDNS", "kube-proxy": "kubeProxy", konnectivity: "konnectivity" };

/** Everything a tenant needs on the under cluster, in the upstream APIs of Kube-OVN, Kamaji and KubeVirt. */
export function planTenant({ tenant, quota, addons, platformCidrs, workerVersion, consoleSubject, caRotation }: PlanInput): Desired[] {
  const name = tenant.metadata.name;
  const n = tenantNames(name);
  const spec = tenant.spec;
  const labels = { [TENANT_LABEL]: name, ...MANAGED_BY };
  const owner = tenant.metadata.uid
    ? [{ apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", name, uid: tenant.metadata.uid, controller: true, blockOwnerDeletion: true }]
    : undefined;
  const meta = (objName: string, namespace?: string, extra: Record<string, string> = {}) => ({
    name: objName, ...(namespace ? { namespace } : {}), labels: { ...labels, ...extra }, ...(owner ? { ownerReferences: owner } : {}),
  });
  const cidr = parseCidr(spec.network.cidr)!;
  const out: Desired[] = [];

  out.push({ model: "Namespace", step: "namespace", object: { metadata: meta(n.namespace) } });
  // Who may do what to this tenant, enforced by the under cluster itself (see lib/authz/rbac.ts).
  for (const r of tenantRbac(name, spec.owners ?? [], owner, consoleSubject)) out.push({ model: r.model as Desired["model"], step: "namespace", object: r.object });

  // Network: a VPC of its own (no route to any other VPC), platform networks dropped on its router, and
  // a subnet bound to the VPC and the namespace (never left empty, or it would land in ovn-cluster).
  const policyRoutes = platformCidrs.map((c) => ({ priority: PLATFORM_DROP_PRIORITY, match: `ip4.dst == ${c}`, action: "drop" }));
  out.push({ model: "Vpc", step: "network", object: { metadata: meta(n.vpc), spec: { namespaces: [n.namespace], policyRoutes } } });
  const subnetSpec: Record<string, unknown> = {
    vpc: n.vpc, cidrBlock: cidr.text, gateway: gatewayOf(cidr), excludeIps: [gatewayOf(cidr)], protocol: "IPv4",
    namespaces: [n.namespace], natOutgoing: false, private: false,
  };
  if (spec.network.mode === "vlan") {
    out.push({ model: "ProviderNetwork", step: "network", shared: true, object: { metadata: { name: UNDERLAY_PROVIDER, labels: { ...MANAGED_BY } }, spec: { defaultInterface: "eth1" } } });
    out.push({ model: "Vlan", step: "network", object: { metadata: meta(n.vlan), spec: { id: spec.network.vlanId, provider: UNDERLAY_PROVIDER } } });
    Object.assign(subnetSpec, { vlan: n.vlan, logicalGateway: false, u2oInterconnection: false });
  }
  out.push({ model: "Subnet", step: "network", object: { metadata: meta(n.subnet), spec: subnetSpec } });

  // A dedicated etcd for this tenant alone.
  const secretRef = (keyPath: string) => ({ secretReference: { name: n.dataStoreSecret, namespace: n.namespace, keyPath } });
  out.push({
    model: "DataStore", step: "datastore",
    object: {
      metadata: meta(n.dataStore),
      spec: {
        driver: "etcd",
        endpoints: [`etcd.${n.namespace}.svc:2379`],
        tlsConfig: {
          certificateAuthority: { certificate: secretRef("ca.crt"), privateKey: secretRef("ca.key") },
          clientCertificate: { certificate: secretRef("tls.crt"), privateKey: secretRef("tls.key") },
        },
      },
    },
  });

  const kamajiAddons = Object.fromEntries(addons.filter((a) => KAMAJI_ADDONS[a]).map((a) => [KAMAJI_ADDONS[a]!, {}]));
  out.push({
    model: "TenantControlPlane", step: "controlPlane",
    object: {
      metadata: { ...meta(n.controlPlane, n.namespace), annotations: { "kmetal.io/addons": addons.join(","), ...(caRotation ? { [CA_ROTATION_REQUEST]: caRotation } : {}) } },
      spec: {
        dataStore: n.dataStore,
        controlPlane: { deployment: { replicas: spec.controlPlane?.replicas ?? 1 }, service: { serviceType: "LoadBalancer" } },
        kubernetes: { version: spec.kubernetesVersion, kubelet: { preferredAddressTypes: ["InternalIP"] } },
        networkProfile: { port: 6443, serviceCidr: "10.96.0.0/16", podCidr: "10.244.0.0/16" },
        addons: kamajiAddons,
      },
    },
  });

  for (const pool of spec.workerPools) {
    for (let i = 0; i < pool.replicas; i++) {
      const vmName = n.vm(pool.name, i);
      out.push({
        model: "VirtualMachine", step: "workers",
        object: {
          metadata: meta(vmName, n.namespace, { [POOL_LABEL]: pool.name }),
          spec: {
            runStrategy: "Always",
            dataVolumeTemplates: [{
              metadata: { name: `${vmName}-root` },
              spec: { source: { registry: { url: `docker://${pool.image}` } }, storage: { resources: { requests: { storage: `${pool.diskGi}Gi` } } } },
            }],
            template: {
              metadata: {
                labels: { [TENANT_LABEL]: name, [POOL_LABEL]: pool.name, "kubevirt.io/vm": vmName },
                // Pin the subnet explicitly: a VM that fell back to the namespace default could land in the platform VPC.
                annotations: { "ovn.kubernetes.io/logical_switch": n.subnet, "kmetal.io/kubernetes-version": workerVersion },
              },
              spec: {
                domain: {
                  cpu: { cores: pool.vcpu },
                  memory: { guest: `${pool.memoryGi}Gi` },
                  resources: { requests: { cpu: String(pool.vcpu), memory: `${pool.memoryGi}Gi` } },
                  devices: {
                    disks: [{ name: "root", disk: { bus: "virtio" } }, { name: "cloudinit", disk: { bus: "virtio" } }],
                    interfaces: [{ name: "default", bridge: {} }],
                  },
                },
                networks: [{ name: "default", pod: {} }],
                volumes: [
                  { name: "root", dataVolume: { name: `${vmName}-root` } },
                  { name: "cloudinit", cloudInitNoCloud: { secretRef: { name: n.joinSecret } } },
                ],
              },
            },
          },
        },
      });
    }
  }

  const hard: Record<string, string> = {};
  if (quota.vcpu >= 0) hard["requests.cpu"] = String(quota.vcpu);
  if (quota.memoryGi >= 0) hard["requests.memory"] = `${quota.memoryGi}Gi`;
  if (quota.storageGi >= 0) hard["requests.storage"] = `${quota.storageGi}Gi`;
  // The worker count is enforced by the policy check (PoolsExceedQuota), not by a count/ quota: an object
  // count quota on a custom resource blocks every create until the quota controller has synced it.
  if (quota.loadBalancers >= 0) hard["services.loadbalancers"] = String(quota.loadBalancers);
  out.push({ model: "ResourceQuota", step: "quota", object: { metadata: meta(n.quota, n.namespace), spec: { hard } } });
  return out;
}
