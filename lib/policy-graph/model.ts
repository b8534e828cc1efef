/** The normalised model the evaluator reads (spec §2–§5), built from the object store. */
import type { Expr } from "@/lib/policy-graph/match";
import type { Range } from "@/lib/policy-graph/ip";
import type { Kind, LabelSelector, NetworkPolicySpec, SecurityGroupSpec } from "@/lib/policy-graph/objects";
import type { KubeObject, Warning } from "@/lib/policy-graph/types";

export type Net = Range & { prefix: number; text: string };

export interface StaticRoute {
  index: number;
  net: Net;
  nextHop?: number;
  src: boolean;
  table: string;
}

export interface PolicyRoute {
  /** undefined for the implicit 31000 allows. */
  index?: number;
  priority: number;
  expr: Expr;
  action: "allow" | "drop" | "reroute";
  nextHop?: number;
}

export interface PeerLink {
  /** Index in this Vpc's spec.vpcPeerings, and in the remote's. */
  index: number;
  remote: string;
  remoteIndex: number;
  net: Net;
  remoteHost: number;
}

export interface NatGateway {
  name: string;
  vpc: string;
  subnet?: string;
  lanIp?: number;
  snat: { name: string; ranges: Range[] }[];
  fip: { name: string; ip: number }[];
}

export interface VpcModel {
  name: string;
  exists: boolean;
  isDefault: boolean;
  owner?: string;
  namespaces: string[];
  defaultSubnet?: string;
  routes: StaticRoute[];
  policies: PolicyRoute[];
  peers: PeerLink[];
  /** OVN gateway (enableExternal / extraExternalSubnets). */
  ovnGateway: boolean;
  /** Router-attached subnets (connected routes). */
  connected: SubnetModel[];
  natGateways: NatGateway[];
  ovnSnat: { name: string; ranges: Range[] }[];
}

export interface AclRuleSpec {
  index: number;
  direction: "from-lport" | "to-lport";
  priority: number;
  action: "allow" | "drop" | "pass";
  expr: Expr;
}

export interface SubnetModel {
  name: string;
  vpc: string;
  net?: Net;
  /** OVN provider (else a physical network: never an endpoint). */
  ovn: boolean;
  vlan?: string;
  segment?: string;
  /** A VLAN subnet whose Vlan is missing, or whose Vpc is missing: no traffic in or out. */
  detached: boolean;
  overlay: boolean;
  logicalGateway: boolean;
  u2o: boolean;
  routerAttached: boolean;
  owner?: string;
  acls: AclRuleSpec[];
  private: boolean;
  allowSubnets: { index: number; net: Net }[];
  allowEW: boolean;
  natOutgoing: boolean;
  routeTable: string;
  /** Namespaces bound for implicit endpoints. */
  namespaces: string[];
  namespaceSelectors: LabelSelector[];
  endpoints: Endpoint[];
}

export interface Endpoint {
  id: string;
  /** Node id, or undefined when unowned. */
  node?: string;
  subnet?: SubnetModel;
  location?: "host" | "internet";
  ranges: Range[];
  lo: number;
  hi: number;
  namespace?: string;
  labels: Record<string, string>;
  securityGroups: string[];
  implicit: boolean;
  /** The workload (explicit) or the input entry that stands behind the endpoint. */
  ref?: string;
  refPath?: string;
  /** Changes when anything behind the endpoint changes (for incremental recomputation). */
  stamp: number;
}

export interface SecurityGroupModel {
  name: string;
  spec: SecurityGroupSpec;
}

export interface NetworkPolicyModel {
  namespace: string;
  name: string;
  spec: NetworkPolicySpec;
  lax: boolean;
}

export interface Model {
  vpcs: Map<string, VpcModel>;
  subnets: Map<string, SubnetModel>;
  segments: Map<string, { subnets: SubnetModel[]; vlans: string[] }>;
  vlanIds: Map<string, string>;
  securityGroups: Map<string, SecurityGroupModel>;
  policies: Map<string, NetworkPolicyModel[]>;
  namespaceLabels: Map<string, Record<string, string>>;
  nodeEndpoints: Map<string, Endpoint[]>;
  /** Explicit workload endpoints by id. */
  workloads: Map<string, Endpoint>;
  tenants: string[];
  platformEndpoints: Endpoint[];
  external: Endpoint;
  /** Platform-owned plain-underlay subnets (reachable from the host and physical networks). */
  platformUnderlay: SubnetModel[];
  joinNet: Net;
  /** Peer link networks by Vpc, and the join and platform networks: with the subnets, what is not external. */
  linkNets: Map<string, Range[]>;
  fixedKnown: Range[];
  /** The input's platform CIDRs as one text (part of the "net" signature). */
  platformText: string;
  warnings: Warning[];
  /** Change signatures per dependency key, for incremental recomputation. */
  sig: Map<string, number>;
}

export interface StoredObject {
  kind: Kind;
  ref: string;
  obj: KubeObject;
  /** Changes whenever the object is replaced. */
  rev: number;
}
