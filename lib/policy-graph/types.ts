/** Public shapes of the policy graph (spec §1.2, §10–§13). */

export interface PolicyInput {
  platformCIDRs: string[];
  exceptions?: { from: string; to: string; reason?: string }[];
  joinCIDR?: string;
}

export type NodeKind = "tenant" | "platform" | "external" | "vpc" | "subnet";
export interface GraphNode {
  id: string;
  kind: NodeKind;
  tenant?: string;
}

export type Effect = "permits" | "blocks" | "narrows" | "assumption";
export interface Reason {
  ref: string;
  path?: string;
  effect: Effect;
  detail?: string;
}

export type Verdict = "allow" | "partial" | "deny";
export interface Edge {
  from: string;
  to: string;
  verdict: Verdict;
  ports?: string[];
  oneway?: true;
  excepted?: true;
  reasons: Reason[];
}

export type WarningCode =
  | "DanglingPeering" | "VlanConflict" | "MissingRef" | "Unowned" | "UnparsedMatch" | "PriorityTie"
  | "UnusedException" | "Ipv6Ignored" | "Untagged";
export interface Warning {
  code: WarningCode;
  ref: string;
  path?: string;
  detail?: string;
}

export interface GraphOutput {
  nodes: GraphNode[];
  edges: Edge[];
  violations: Edge[];
  warnings: Warning[];
}

/** A raw Kubernetes object as read from YAML or a watch cache. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

/** Result of one flow combination (§6). */
export type FlowResult = "connection" | "oneway" | "blocked";
