/** Spec §3–§4: who owns what, and the endpoints of every node. */
import { hostOf, parseNet } from "@/lib/policy-graph/ip";
import type { Endpoint, Model, StoredObject, SubnetModel, VpcModel } from "@/lib/policy-graph/model";
import { annotationsOf, labelsOf, selects, type Kind } from "@/lib/policy-graph/objects";
import { TENANT_LABEL, byRef, type ByKind, type Warn } from "@/lib/policy-graph/topology";
import { mix } from "@/lib/policy-graph/stamp";

const LS_ANNOTATION = "ovn.kubernetes.io/logical_switch";
const IP_ANNOTATION = "ovn.kubernetes.io/ip_address";
const SG_ANNOTATION = "ovn.kubernetes.io/security_groups";

export interface Workload {
  namespace: string;
  name: string;
  ref: string;
  ownLabel?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Change stamp of the objects behind it (VM, VMI, Pod). */
  stamp: number;
}

/** VM, VMI and virt-launcher Pod of one VM are one workload; the VM's template wins, the others fill gaps. */
export function collectWorkloads(byKind: ByKind): Workload[] {
  const out = new Map<string, Workload>();
  const add = (key: string, kind: Kind, o: StoredObject, labels: Record<string, string>, annotations: Record<string, string>) => {
    const ns = o.obj.metadata?.namespace ?? "default";
    const prev = out.get(key);
    if (prev) {
      prev.stamp = mix(prev.stamp, o.rev);
      prev.labels = { ...labels, ...prev.labels };
      prev.annotations = { ...annotations, ...prev.annotations };
      prev.ownLabel ??= labelsOf(o.obj)[TENANT_LABEL];
      return;
    }
    out.set(key, { namespace: ns, name: o.obj.metadata?.name ?? "", ref: `${kind}/${ns}/${o.obj.metadata?.name ?? ""}`, ownLabel: labelsOf(o.obj)[TENANT_LABEL], labels: { ...labels }, annotations: { ...annotations }, stamp: mix(0, o.rev) });
  };
  const sorted = (k: Kind) => byKind(k).sort((a, b) => byRef(a, b));
  for (const o of sorted("VirtualMachine")) {
    const t = ((o.obj.spec ?? {}) as { template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } }).template?.metadata ?? {};
    add(`vm/${o.obj.metadata?.namespace ?? "default"}/${o.obj.metadata?.name}`, "VirtualMachine", o, t.labels ?? {}, t.annotations ?? {});
  }
  for (const o of sorted("VirtualMachineInstance")) add(`vm/${o.obj.metadata?.namespace ?? "default"}/${o.obj.metadata?.name}`, "VirtualMachineInstance", o, labelsOf(o.obj), annotationsOf(o.obj));
  for (const o of sorted("Pod")) {
    const domain = labelsOf(o.obj)["kubevirt.io/domain"];
    const ns = o.obj.metadata?.namespace ?? "default";
    const key = domain && out.has(`vm/${ns}/${domain}`) ? `vm/${ns}/${domain}` : `pod/${ns}/${o.obj.metadata?.name}`;
    add(key, "Pod", o, labelsOf(o.obj), annotationsOf(o.obj));
  }
  return [...out.values()];
}

/** Spec §4.1 b–d: the subnet a namespace's workloads land in when they name none. */
export function namespaceSubnets(model: Pick<Model, "namespaceLabels">, sortedSubnets: SubnetModel[], vpcs: VpcModel[]): (ns: string) => string {
  const vpcOf = new Map<string, VpcModel>();
  for (const v of vpcs) for (const n of v.namespaces) if (!vpcOf.has(n)) vpcOf.set(n, v);
  const firstListing = new Map<string, number>();
  const selecting: number[] = [];
  sortedSubnets.forEach((s, i) => {
    for (const n of s.namespaces) if (!firstListing.has(n)) firstListing.set(n, i);
    if (s.namespaceSelectors.length) selecting.push(i);
  });
  return (ns) => {
    const vpc = vpcOf.get(ns);
    if (vpc?.defaultSubnet) return vpc.defaultSubnet;
    let best = firstListing.get(ns) ?? Infinity;
    const labels = model.namespaceLabels.get(ns);
    if (labels) for (const i of selecting) if (i < best && sortedSubnets[i]!.namespaceSelectors.some((sel) => selects(sel, labels))) best = i;
    return best < Infinity ? sortedSubnets[best]!.name : "ovn-default";
  };
}


/** The endpoint of one workload (§4.1), or undefined when it has no network; `subnet` suppresses implicit ones. */
export function workloadEndpoint(w: Workload, model: Model, subnetOf: (ns: string) => string, warn: Warn, nsRev: (ns: string) => number): { subnet: SubnetModel; endpoint?: Endpoint } | undefined {
  const annotated = w.annotations[LS_ANNOTATION];
  const subnetName = annotated || subnetOf(w.namespace);
  const subnet = model.subnets.get(subnetName);
  if (!subnet || !subnet.ovn) {
    warn({ code: "MissingRef", ref: w.ref, path: annotated ? `metadata.annotations["${LS_ANNOTATION}"]` : undefined, detail: `Subnet ${subnetName} does not exist: the workload has no network` });
    return undefined;
  }
  const tenant = w.ownLabel ?? model.namespaceLabels.get(w.namespace)?.[TENANT_LABEL];
  const node = tenant ? `tenant:${tenant}` : subnet.owner;
  const ip = w.annotations[IP_ANNOTATION] ? hostOf(w.annotations[IP_ANNOTATION]!.split(",")[0]!) : undefined;
  const range = ip !== undefined ? { lo: ip, hi: ip } : subnet.net;
  const sgs: string[] = [];
  for (const g of (w.annotations[SG_ANNOTATION] ?? "").split(",").map((x) => x.trim()).filter(Boolean)) {
    if (model.securityGroups.has(g)) sgs.push(g);
    else warn({ code: "MissingRef", ref: w.ref, path: `metadata.annotations["${SG_ANNOTATION}"]`, detail: `SecurityGroup ${g} does not exist` });
  }
  if (!range) return { subnet, endpoint: { id: w.ref, node, subnet, ranges: [], lo: 1, hi: 0, labels: w.labels, securityGroups: sgs, implicit: false, ref: w.ref, stamp: 0, namespace: w.namespace } };
  const stamp = mix(mix(mix(w.stamp, nsRev(w.namespace)), range.lo), sgs.length);
  return { subnet, endpoint: { id: w.ref, node, subnet, ranges: [{ lo: range.lo, hi: range.hi }], lo: range.lo, hi: range.hi, namespace: w.namespace, labels: w.labels, securityGroups: sgs, implicit: false, ref: w.ref, stamp } };
}

/** §4.2: "any workload that could be put in this subnet", unless the owner has an explicit one there. */
export function implicitEndpoints(s: SubnetModel, model: Model, nsRev: (ns: string) => number): Endpoint[] {
  if (!s.ovn || !s.owner || !s.net || s.endpoints.some((e) => !e.implicit && e.node === s.owner)) return [];
  const bound = new Set(s.namespaces);
  const v = model.vpcs.get(s.vpc);
  if (v?.defaultSubnet === s.name) for (const n of v.namespaces) bound.add(n);
  if (s.namespaceSelectors.length) for (const [n, l] of model.namespaceLabels) if (s.namespaceSelectors.some((sel) => selects(sel, l))) bound.add(n);
  const namespaces = bound.size ? [...bound].sort() : [undefined];
  const net = s.net;
  return namespaces.map((ns) => ({ id: `Subnet/${s.name}${ns ? `@${ns}` : ""}`, node: s.owner, subnet: s, ranges: [{ lo: net.lo, hi: net.hi }], lo: net.lo, hi: net.hi, namespace: ns, labels: {}, securityGroups: [], implicit: true, stamp: mix(ns ? nsRev(ns) : 1, net.lo) }));
}

/** Canonical order of endpoint lists (explicit first, then by id), so a patched model equals a rebuilt one. */
export const byEndpoint = (a: Endpoint, b: Endpoint) => (a.implicit !== b.implicit ? (a.implicit ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function addEndpoint(model: Model, e: Endpoint): void {
  // Endpoints without an address (a subnet without an IPv4 CIDR) only suppress implicit ones.
  if (e.subnet) e.subnet.endpoints.push(e);
  if (!e.implicit) model.workloads.set(e.id, e);
  if (!e.node || e.lo > e.hi) return;
  let list = model.nodeEndpoints.get(e.node);
  if (!list) model.nodeEndpoints.set(e.node, (list = []));
  list.push(e);
}

export function buildEndpoints(byKind: ByKind, model: Model, vpcsByName: VpcModel[], warn: Warn, nsRev: (ns: string) => number): void {
  const sortedSubnets = [...model.subnets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subnetOfNamespace = namespaceSubnets(model, sortedSubnets, vpcsByName);
  const nsCache = new Map<string, string>();
  const subnetOf = (ns: string) => nsCache.get(ns) ?? (nsCache.set(ns, subnetOfNamespace(ns)), nsCache.get(ns)!);
  for (const w of collectWorkloads(byKind)) {
    const r = workloadEndpoint(w, model, subnetOf, warn, nsRev);
    if (r?.endpoint) addEndpoint(model, r.endpoint);
  }
  for (const s of sortedSubnets) for (const e of implicitEndpoints(s, model, nsRev)) addEndpoint(model, e);
}

export function platformCidrEndpoints(cidrs: string[], warn: Warn): Endpoint[] {
  const out: Endpoint[] = [];
  cidrs.forEach((c, i) => {
    if (c.includes(":")) return warn({ code: "Ipv6Ignored", ref: "Input", path: `platformCIDRs[${i}]`, detail: `${c} skipped` });
    const r = parseNet(c);
    if (!r) return warn({ code: "MissingRef", ref: "Input", path: `platformCIDRs[${i}]`, detail: `${c} is not an IPv4 CIDR` });
    out.push({ id: `Input/platformCIDRs[${i}]`, node: "platform", location: "host", ranges: [{ lo: r.lo, hi: r.hi }], lo: r.lo, hi: r.hi, labels: {}, securityGroups: [], implicit: true, ref: "Input", refPath: `platformCIDRs[${i}]`, stamp: mix(r.lo, r.hi) });
  });
  return out;
}
