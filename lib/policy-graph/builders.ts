/** Builders for the objects the engine reads, for scenarios (tests, the benchmark, fixtures). */
import type { KubeObject } from "@/lib/policy-graph/types";
import type { NetworkPolicySpec, SecurityGroupSpec, SubnetSpec, VpcSpec } from "@/lib/policy-graph/objects";

const TENANT = "kmetal.io/tenant";
const labelsFor = (tenant?: string, extra: Record<string, string> = {}) => (tenant ? { [TENANT]: tenant, ...extra } : extra);

export const vpc = (name: string, tenant: string | undefined, spec: VpcSpec = {}): KubeObject => ({
  apiVersion: "kubeovn.io/v1", kind: "Vpc", metadata: { name, labels: labelsFor(tenant) }, spec,
});

export const subnet = (name: string, tenant: string | undefined, spec: SubnetSpec): KubeObject => ({
  apiVersion: "kubeovn.io/v1", kind: "Subnet", metadata: { name, labels: labelsFor(tenant) }, spec,
});

export const vlan = (name: string, id: number, provider = "underlay", tenant?: string): KubeObject => ({
  apiVersion: "kubeovn.io/v1", kind: "Vlan", metadata: { name, labels: labelsFor(tenant) }, spec: { id, provider },
});

export const namespace = (name: string, tenant?: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1", kind: "Namespace", metadata: { name, labels: labelsFor(tenant, labels) },
});

export const vm = (ns: string, name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}, ownLabels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "kubevirt.io/v1", kind: "VirtualMachine", metadata: { name, namespace: ns, labels: ownLabels },
  spec: { template: { metadata: { labels, annotations } } },
});

export const pod = (ns: string, name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, labels, annotations },
});

export const securityGroup = (name: string, spec: SecurityGroupSpec): KubeObject => ({
  apiVersion: "kubeovn.io/v1", kind: "SecurityGroup", metadata: { name }, spec,
});

export const networkPolicy = (ns: string, name: string, spec: NetworkPolicySpec, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns, annotations }, spec,
});

export const natGateway = (name: string, spec: { vpc: string; subnet: string; lanIp: string; externalSubnets?: string[] }): KubeObject => ({
  apiVersion: "kubeovn.io/v1", kind: "VpcNatGateway", metadata: { name }, spec,
});

export const kubeovn = (kind: string, name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: "kubeovn.io/v1", kind, metadata: { name }, spec,
});

/** The platform's default VPC content: ovn-default and join. */
export const platformBase = (): KubeObject[] => [
  subnet("ovn-default", undefined, { cidrBlock: "10.16.0.0/16", natOutgoing: true }),
  subnet("join", undefined, { cidrBlock: "100.64.0.0/16" }),
];

/** A tenant the way the reconciler shapes it: own VPC, namespace, one overlay subnet bound to both. */
export function overlayTenant(name: string, cidr: string, vpcSpec: VpcSpec = {}, subnetSpec: Partial<SubnetSpec> = {}): KubeObject[] {
  return [
    namespace(`tenant-${name}`, name),
    vpc(name, name, { namespaces: [`tenant-${name}`], ...vpcSpec }),
    subnet(`${name}-net`, name, { vpc: name, cidrBlock: cidr, namespaces: [`tenant-${name}`], ...subnetSpec }),
  ];
}
