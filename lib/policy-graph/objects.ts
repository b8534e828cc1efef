/** Typed views of the input objects (only the fields spec §1.1 uses), and how objects are keyed. */
import type { KubeObject } from "@/lib/policy-graph/types";

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface VpcSpec {
  namespaces?: string[];
  defaultSubnet?: string;
  staticRoutes?: { cidr?: string; nextHopIP?: string; policy?: string; routeTable?: string }[];
  policyRoutes?: { priority?: number; match?: string; action?: string; nextHopIP?: string }[];
  vpcPeerings?: { remoteVpc?: string; localConnectIP?: string }[];
  enableExternal?: boolean;
  extraExternalSubnets?: string[];
}

export interface SubnetAcl {
  direction?: string;
  priority?: number;
  match?: string;
  action?: string;
}

export interface SubnetSpec {
  vpc?: string;
  cidrBlock?: string;
  gateway?: string;
  provider?: string;
  namespaces?: string[];
  namespaceSelectors?: LabelSelector[];
  vlan?: string;
  logicalGateway?: boolean;
  u2oInterconnection?: boolean;
  private?: boolean;
  allowSubnets?: string[];
  acls?: SubnetAcl[];
  allowEWTraffic?: boolean;
  natOutgoing?: boolean;
  routeTable?: string;
}

export interface VlanSpec {
  id?: number;
  vlanId?: number;
  provider?: string;
}

export interface SgRule {
  ipVersion?: string;
  protocol?: string;
  priority?: number;
  remoteType?: string;
  remoteAddress?: string;
  remoteSecurityGroup?: string;
  portRangeMin?: number;
  portRangeMax?: number;
  policy?: string;
  localAddress?: string;
  sourcePortRangeMin?: number;
  sourcePortRangeMax?: number;
}

export interface SecurityGroupSpec {
  ingressRules?: SgRule[];
  egressRules?: SgRule[];
  allowSameGroupTraffic?: boolean;
  tier?: number;
}

export interface NatGatewaySpec {
  vpc?: string;
  subnet?: string;
  lanIp?: string;
  externalSubnets?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
export interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
}

/** The kinds the engine reads; everything else is ignored. */
export const KINDS = [
  "Vpc", "Subnet", "Vlan", "ProviderNetwork", "SecurityGroup", "VpcNatGateway", "IptablesEIP", "IptablesSnatRule",
  "IptablesFIPRule", "OvnEip", "OvnSnatRule", "NetworkPolicy", "Namespace", "Pod", "VirtualMachine", "VirtualMachineInstance",
] as const;
export type Kind = (typeof KINDS)[number];

const GROUP_OF: Record<Kind, string> = {
  Vpc: "kubeovn.io", Subnet: "kubeovn.io", Vlan: "kubeovn.io", ProviderNetwork: "kubeovn.io", SecurityGroup: "kubeovn.io",
  VpcNatGateway: "kubeovn.io", IptablesEIP: "kubeovn.io", IptablesSnatRule: "kubeovn.io", IptablesFIPRule: "kubeovn.io",
  OvnEip: "kubeovn.io", OvnSnatRule: "kubeovn.io", NetworkPolicy: "networking.k8s.io", Namespace: "", Pod: "",
  VirtualMachine: "kubevirt.io", VirtualMachineInstance: "kubevirt.io",
};

/** The engine's kind for an object, or undefined when the object is not one it reads. */
export function kindOf(o: KubeObject): Kind | undefined {
  const kind = o.kind as Kind | undefined;
  if (!kind || !(kind in GROUP_OF)) return undefined;
  const group = (o.apiVersion ?? "").includes("/") ? o.apiVersion!.split("/")[0]! : "";
  return group === GROUP_OF[kind] ? kind : undefined;
}

export const NAMESPACED = new Set<Kind>(["NetworkPolicy", "Pod", "VirtualMachine", "VirtualMachineInstance"]);

/** "Kind/name" or "Kind/namespace/name": the ref used in reasons and the key of the object store. */
export function refOf(kind: Kind, o: KubeObject): string {
  const m = o.metadata ?? {};
  return NAMESPACED.has(kind) ? `${kind}/${m.namespace ?? "default"}/${m.name ?? ""}` : `${kind}/${m.name ?? ""}`;
}

export const spec = <T>(o: KubeObject): T => (o.spec ?? {}) as T;
export const labelsOf = (o: KubeObject): Record<string, string> => o.metadata?.labels ?? {};
export const annotationsOf = (o: KubeObject): Record<string, string> => o.metadata?.annotations ?? {};

/** Kubernetes label selector semantics (matchLabels AND matchExpressions). Empty selects everything. */
export function selects(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    switch (e.operator) {
      case "In": if (!has || !(e.values ?? []).includes(val!)) return false; break;
      case "NotIn": if (has && (e.values ?? []).includes(val!)) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export const isEmptySelector = (sel: LabelSelector | undefined) =>
  !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
