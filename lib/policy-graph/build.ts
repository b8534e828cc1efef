/** Builds the whole model from the object store (fast enough to redo on every change) plus change signatures. */
import { complement, parseNet, type Range } from "@/lib/policy-graph/ip";
import { buildEndpoints, byEndpoint, platformCidrEndpoints } from "@/lib/policy-graph/endpoints";
import type { Endpoint, Model, StoredObject, SubnetModel, VpcModel } from "@/lib/policy-graph/model";
import { labelsOf, spec, type Kind, type NetworkPolicySpec, type SecurityGroupSpec } from "@/lib/policy-graph/objects";
import { DEFAULT_VPC, TENANT_LABEL, byRef, buildSubnet, buildVlans, buildVpc, linkGateways, linkPeers, parseNetText } from "@/lib/policy-graph/topology";
import type { PolicyInput, Warning } from "@/lib/policy-graph/types";
import { mix, mixText } from "@/lib/policy-graph/stamp";

const DEFAULT_JOIN = "100.64.0.0/16";

export function networkPolicyModel(o: StoredObject, lax: boolean, warn: (w: Warning) => void) {
  const np = spec<NetworkPolicySpec>(o.obj);
  for (const [dir, rules] of [["ingress", np.ingress], ["egress", np.egress]] as const) {
    (rules ?? []).forEach((r, i) => (r.ports ?? []).forEach((p, j) => {
      if (typeof p.port === "string" && !/^\d+$/.test(p.port)) warn({ code: "UnparsedMatch", ref: o.ref, path: `spec.${dir}[${i}].ports[${j}].port`, detail: `named port "${p.port}" cannot be resolved; treated as any port` });
    }));
  }
  return { namespace: o.obj.metadata?.namespace ?? "default", name: o.obj.metadata?.name ?? "", spec: np, lax };
}

/**
 * Kube-OVN's own 31000 allow for every router-attached subnet of a custom Vpc, after the Vpc's own policies and in
 * the order of its connected subnets (the implicit ones, without an index, are replaced).
 */
export function addImplicitAllows(v: VpcModel): void {
  if (v.isDefault) return;
  v.policies = v.policies.filter((p) => p.index !== undefined);
  for (const s of v.connected) if (s.net) v.policies.push({ priority: 31000, expr: { t: "addr", dim: "d", ranges: [s.net] }, action: "allow" });
}

export function buildModel(byKindMap: Map<Kind, Map<string, StoredObject>>, input: PolicyInput): Model {
  const byKind = (k: Kind) => [...(byKindMap.get(k)?.values() ?? [])];
  const warnings: Warning[] = [];
  const warn = (w: Warning) => warnings.push(w);

  const rawVpcs = new Map(byKind("Vpc").map((o) => [o.obj.metadata?.name ?? "", o]));
  const vpcs = new Map<string, VpcModel>();
  for (const name of [...new Set([DEFAULT_VPC, ...rawVpcs.keys()])].sort()) vpcs.set(name, buildVpc(rawVpcs.get(name), name, warn));

  const { segmentOf, tenantOf } = buildVlans(byKind, warn);
  const subnets = new Map<string, SubnetModel>();
  for (const o of byKind("Subnet").sort((a, b) => byRef(a, b))) {
    const s = buildSubnet(o, vpcs, segmentOf, warn);
    subnets.set(s.name, s);
    if (s.routerAttached) vpcs.get(s.vpc)?.connected.push(s);
    if (s.vlan && segmentOf.get(s.vlan)?.endsWith("/0") && (tenantOf.get(s.vlan) || s.owner?.startsWith("tenant:"))) {
      warn({ code: "Untagged", ref: `Vlan/${s.vlan}`, path: "spec.id", detail: `Subnet ${s.name} of a tenant is on id 0, the provider NIC's native VLAN` });
    }
  }
  for (const v of vpcs.values()) addImplicitAllows(v);
  const linkNets = linkPeers(vpcs, rawVpcs, warn);
  linkGateways(byKind, vpcs, subnets, warn);

  const segments = new Map<string, { subnets: SubnetModel[]; vlans: string[] }>();
  for (const s of subnets.values()) {
    if (!s.segment) continue;
    let seg = segments.get(s.segment);
    if (!seg) segments.set(s.segment, (seg = { subnets: [], vlans: [] }));
    seg.subnets.push(s);
    if (!seg.vlans.includes(s.vlan!)) seg.vlans.push(s.vlan!);
  }

  const securityGroups = new Map(byKind("SecurityGroup").map((o) => [o.obj.metadata?.name ?? "", { name: o.obj.metadata?.name ?? "", spec: spec<SecurityGroupSpec>(o.obj) }]));
  const policies = new Map<string, Model["policies"] extends Map<string, infer V> ? V : never>();
  for (const o of byKind("NetworkPolicy").sort((a, b) => byRef(a, b))) {
    const ns = o.obj.metadata?.namespace ?? "default";
    if (!policies.has(ns)) policies.set(ns, []);
    const lax = o.obj.metadata?.annotations?.["ovn.kubernetes.io/network_policy_enforcement"] === "lax";
    policies.get(ns)!.push(networkPolicyModel(o, lax, warn));
  }
  const namespaceLabels = new Map(byKind("Namespace").map((o) => [o.obj.metadata?.name ?? "", labelsOf(o.obj)]));

  const joinText = input.joinCIDR ?? (subnets.get("join")?.net?.text) ?? DEFAULT_JOIN;
  const joinNet = parseNetText(joinText, "Input", "joinCIDR", warn) ?? { ...parseNet(DEFAULT_JOIN)!, text: DEFAULT_JOIN };

  const model: Model = {
    vpcs, subnets, segments, vlanIds: segmentOf, securityGroups, policies, namespaceLabels, nodeEndpoints: new Map(), workloads: new Map(), tenants: [],
    platformEndpoints: [], external: undefined as unknown as Endpoint, platformUnderlay: [], joinNet, warnings, sig: new Map(),
    linkNets, fixedKnown: [], platformText: input.platformCIDRs.join(","),
  };
  const nsRev = (ns: string) => byKindMap.get("Namespace")?.get(`Namespace/${ns}`)?.rev ?? 0;
  buildEndpoints(byKind, model, [...vpcs.values()], warn, nsRev);
  const cidrEps = platformCidrEndpoints(input.platformCIDRs, warn);
  for (const e of cidrEps) {
    if (!model.nodeEndpoints.has("platform")) model.nodeEndpoints.set("platform", []);
    model.nodeEndpoints.get("platform")!.push(e);
  }
  if (!model.nodeEndpoints.has("platform")) model.nodeEndpoints.set("platform", []);
  model.platformEndpoints = model.nodeEndpoints.get("platform")!;
  for (const s of subnets.values()) if (s.endpoints.length > 1) s.endpoints.sort(byEndpoint);
  for (const list of model.nodeEndpoints.values()) if (list.length > 1) list.sort(byEndpoint);
  model.platformUnderlay = [...subnets.values()].filter((s) => s.owner === "platform" && s.ovn && s.vlan && !s.logicalGateway && !s.u2o && !s.detached);

  model.fixedKnown = [joinNet, ...cidrEps.map((e) => e.ranges[0]!)];
  setExternal(model);

  const tenants = new Set<string>();
  for (const kind of ["Vpc", "Subnet", "Namespace", "Pod", "VirtualMachine", "VirtualMachineInstance", "Vlan"] as const) {
    for (const o of byKind(kind)) {
      const t = labelsOf(o.obj)[TENANT_LABEL];
      if (t) tenants.add(t);
    }
  }
  for (const n of model.nodeEndpoints.keys()) if (n.startsWith("tenant:")) tenants.add(n.slice(7));
  model.tenants = [...tenants].sort();
  signatures(model, byKindMap);
  return model;
}

export type RevOf = (k: Kind, ref: string) => number;
export const revOf = (byKindMap: Map<Kind, Map<string, StoredObject>>): RevOf => (k, ref) => byKindMap.get(k)?.get(ref)?.rev ?? 0;

export function vpcSig(v: VpcModel, rev: RevOf): number {
  let h = mix(1, rev("Vpc", `Vpc/${v.name}`));
  for (const s of v.connected) h = mix(h, rev("Subnet", `Subnet/${s.name}`));
  for (const p of v.peers) h = mix(h, rev("Vpc", `Vpc/${p.remote}`));
  for (const g of v.natGateways) {
    h = mixText(mix(h, g.lanIp ?? 0), `${g.name}/${g.subnet}`);
    for (const x of g.snat) for (const r of x.ranges) h = mixText(mix(mix(h, r.lo), r.hi), x.name);
    for (const x of g.fip) h = mixText(mix(h, x.ip), x.name);
  }
  for (const x of v.ovnSnat) for (const r of x.ranges) h = mixText(mix(mix(h, r.lo), r.hi), x.name);
  return h;
}

export function subnetSig(s: SubnetModel, rev: RevOf): number {
  let h = mix(mix(mix(rev("Subnet", `Subnet/${s.name}`), rev("Vpc", `Vpc/${s.vpc}`)), s.vlan ? rev("Vlan", `Vlan/${s.vlan}`) : 0), s.endpoints.length);
  for (const e of s.endpoints) h = mix(h, e.stamp);
  return h;
}

export const npSig = (ns: string, list: Model["policies"] extends Map<string, infer V> ? V : never, rev: RevOf) =>
  list.reduce((h, p) => mix(h, rev("NetworkPolicy", `NetworkPolicy/${ns}/${p.name}`)), list.length);

/** The external endpoint: every address that is no subnet's, no peer link's, not join and not the platform's. */
export function setExternal(model: Model): void {
  const known: Range[] = [...model.fixedKnown];
  for (const nets of model.linkNets.values()) known.push(...nets);
  for (const s of model.subnets.values()) if (s.net) known.push(s.net);
  const ext = complement(known);
  model.external = { id: "external", node: "external", location: "internet", ranges: ext, lo: ext[0]?.lo ?? 0, hi: ext[ext.length - 1]?.hi ?? -1, labels: {}, securityGroups: [], implicit: true, stamp: ext.reduce((h, r) => mix(mix(h, r.lo), r.hi), 0) };
  model.nodeEndpoints.set("external", ext.length ? [model.external] : []);
}

export function netSig(model: Model): number {
  let net = mixText(model.external.stamp, model.platformText);
  for (const s of model.platformUnderlay) net = mixText(net, s.name);
  return net;
}

/** A number per dependency key that changes whenever what the key stands for changes. */
function signatures(model: Model, byKindMap: Map<Kind, Map<string, StoredObject>>): void {
  const rev = revOf(byKindMap);
  const sig = model.sig;
  for (const v of model.vpcs.values()) sig.set(`vpc:${v.name}`, vpcSig(v, rev));
  for (const s of model.subnets.values()) sig.set(`subnet:${s.name}`, subnetSig(s, rev));
  for (const [k, seg] of model.segments) sig.set(`seg:${k}`, seg.subnets.reduce((h, s) => mixText(h, s.name), seg.vlans.reduce(mixText, 0)));
  for (const g of model.securityGroups.keys()) sig.set(`sg:${g}`, rev("SecurityGroup", `SecurityGroup/${g}`));
  for (const [ns, list] of model.policies) sig.set(`np:${ns}`, npSig(ns, list, rev));
  for (const ns of model.namespaceLabels.keys()) sig.set(`ns:${ns}`, rev("Namespace", `Namespace/${ns}`));
  for (const [n, eps] of model.nodeEndpoints) if (n !== "external") sig.set(`node:${n}`, eps.reduce((h, e) => mix(h, e.stamp), eps.length));
  sig.set("net", netSig(model));
  sig.set("input", mixText(0, model.joinNet.text));
}
