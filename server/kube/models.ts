import "server-only";

/** A Kubernetes resource described as data: enough to build its REST path and its apiVersion/kind. */
export interface ResourceModel {
  readonly group: string; // "" for the core group
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export const models = {
  Namespace: { group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false },
  Secret: { group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true },
  ConfigMap: { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true },
  Node: { group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false },
  Event: { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true },
  ResourceQuota: { group: "", version: "v1", kind: "ResourceQuota", plural: "resourcequotas", namespaced: true },
  CustomResourceDefinition: {
    group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
    plural: "customresourcedefinitions", namespaced: false,
  },
  ClusterRole: { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false },
  ClusterRoleBinding: {
    group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false,
  },
  Role: { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true },
  RoleBinding: { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true },
  ValidatingAdmissionPolicy: {
    group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicy", plural: "validatingadmissionpolicies", namespaced: false,
  },
  ValidatingAdmissionPolicyBinding: {
    group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicyBinding", plural: "validatingadmissionpolicybindings", namespaced: false,
  },
  Lease: { group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true },
  Tenant: { group: "kmetal.io", version: "v1alpha1", kind: "Tenant", plural: "tenants", namespaced: false },
  AuditRecord: { group: "kmetal.io", version: "v1alpha1", kind: "AuditRecord", plural: "auditrecords", namespaced: false },
  PlatformPolicy: { group: "kmetal.io", version: "v1alpha1", kind: "PlatformPolicy", plural: "platformpolicies", namespaced: false },
  PolicyException: { group: "kmetal.io", version: "v1alpha1", kind: "PolicyException", plural: "policyexceptions", namespaced: false },
  TenantControlPlane: {
    group: "kamaji.clastix.io", version: "v1alpha1", kind: "TenantControlPlane",
    plural: "tenantcontrolplanes", namespaced: true,
  },
  DataStore: { group: "kamaji.clastix.io", version: "v1alpha1", kind: "DataStore", plural: "datastores", namespaced: false },
  VirtualMachine: { group: "kubevirt.io", version: "v1", kind: "VirtualMachine", plural: "virtualmachines", namespaced: true },
  VirtualMachineInstance: {
    group: "kubevirt.io", version: "v1", kind: "VirtualMachineInstance",
    plural: "virtualmachineinstances", namespaced: true,
  },
  Vpc: { group: "kubeovn.io", version: "v1", kind: "Vpc", plural: "vpcs", namespaced: false },
  Subnet: { group: "kubeovn.io", version: "v1", kind: "Subnet", plural: "subnets", namespaced: false },
  Vlan: { group: "kubeovn.io", version: "v1", kind: "Vlan", plural: "vlans", namespaced: false },
  ProviderNetwork: { group: "kubeovn.io", version: "v1", kind: "ProviderNetwork", plural: "provider-networks", namespaced: false },
  SecurityGroup: { group: "kubeovn.io", version: "v1", kind: "SecurityGroup", plural: "security-groups", namespaced: false },
  VpcNatGateway: { group: "kubeovn.io", version: "v1", kind: "VpcNatGateway", plural: "vpc-nat-gateways", namespaced: false },
  IptablesEIP: { group: "kubeovn.io", version: "v1", kind: "IptablesEIP", plural: "iptables-eips", namespaced: false },
  IptablesSnatRule: { group: "kubeovn.io", version: "v1", kind: "IptablesSnatRule", plural: "iptables-snat-rules", namespaced: false },
  IptablesFIPRule: { group: "kubeovn.io", version: "v1", kind: "IptablesFIPRule", plural: "iptables-fip-rules", namespaced: false },
  OvnEip: { group: "kubeovn.io", version: "v1", kind: "OvnEip", plural: "ovn-eips", namespaced: false },
  OvnSnatRule: { group: "kubeovn.io", version: "v1", kind: "OvnSnatRule", plural: "ovn-snat-rules", namespaced: false },
  NetworkPolicy: { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", namespaced: true },
  Pod: { group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true },
  Service: { group: "", version: "v1", kind: "Service", plural: "services", namespaced: true },
  PersistentVolumeClaim: { group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", namespaced: true },
} as const satisfies Record<string, ResourceModel>;

export type ModelName = keyof typeof models;

export const apiVersionOf = (m: ResourceModel) => (m.group ? `${m.group}/${m.version}` : m.version);

/** REST collection path, e.g. /apis/kubevirt.io/v1/namespaces/t1/virtualmachines. */
export function collectionPath(m: ResourceModel, namespace?: string): string {
  const base = m.group ? `/apis/${m.group}/${m.version}` : `/api/${m.version}`;
  if (m.namespaced && namespace) return `${base}/namespaces/${encodeURIComponent(namespace)}/${m.plural}`;
  return `${base}/${m.plural}`;
}

export function objectPath(m: ResourceModel, ref: ObjectRef): string {
  if (m.namespaced && !ref.namespace) throw new Error(`${m.kind} is namespaced: a namespace is required`);
  return `${collectionPath(m, ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

export interface ObjectRef {
  name: string;
  namespace?: string;
}
