/** Spec §3–§4: who owns what, and the endpoints of every node. */
import { hostOf, parseNet } from "@/lib/policy-graph/ip";
import type { Endpoint, Model, StoredObject, SubnetModel, VpcModel } from "@/lib/policy-graph/model";
import { annotationsOf, labelsOf, selects, type Kind } from "@/lib/policy-graph/objects";
import { TENANT_LABEL, type ByKind, type Warn } from "@/lib/policy-graph/topology";

const LS_ANNOTATION = "ovn.kubernetes.io/logical_switch";
const IP_ANNOTATION = "ovn.kubernetes.io/ip_address";
const SG_ANNOTATION = "ovn.kubernetes.io/security_groups";

interface Workload {
  namespace: string;
  name: string;
  ref: string;
  ownLabel?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** VM, VMI and virt-launcher Pod of one VM are one workload; the VM's template wins, the others fill gaps. */
export function collectWorkloads(byKind: ByKind): Workload[] {
  const out = new Map<string, Workload>();
  const add = (key: string, kind: Kind, o: StoredObject, labels: Record<string, string>, annotations: Record<string, string>) => {
    const ns = o.obj.metadata?.namespace ?? "default";
    const prev = out.get(key);
    if (prev) {
      prev.labels = { ...labels, ...prev.labels };
      prev.annotations = { ...annotations, ...prev.annotations };
      prev.ownLabel ??= labelsOf(o.obj)[TENANT_LABEL];
      return;
    }
    out.set(key, { namespace: ns, name: o.obj.metadata?.name ?? "", ref: `${kind}/${ns}/${o.obj.metadata?.name ?? ""}`, ownLabel: labelsOf(o.obj)[TENANT_LABEL], labels: { ...labels }, annotations: { ...annotations } });
  };
  const sorted = (k: Kind) => byKind(k).sort((a, b) => a.ref.localeCompare(b.ref));
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
export function namespaceSubnet(ns: string, model: Pick<Model, "subnets" | "vpcs" | "namespaceLabels">, sortedSubnets: SubnetModel[], vpcsByName: VpcModel[]): string {
  const labels = model.namespaceLabels.get(ns);
  const vpc = vpcsByName.find((v) => v.namespaces.includes(ns));
  if (vpc?.defaultSubnet) return vpc.defaultSubnet;
  for (const s of sortedSubnets) {
    if (s.namespaces.includes(ns)) return s.name;
    if (labels && s.namespaceSelectors.some((sel) => selects(sel, labels))) return s.name;
  }
  return "ovn-default";
}

export function buildEndpoints(byKind: ByKind, model: Model, vpcsByName: VpcModel[], warn: Warn): void {
  const sortedSubnets = [...model.subnets.values()].sort((a, b) => a.name.localeCompare(b.name));
  const explicitOwners = new Map<string, Set<string | undefined>>();
  const push = (e: Endpoint) => {
    if (e.subnet) e.subnet.endpoints.push(e);
    if (!e.node) return;
    let list = model.nodeEndpoints.get(e.node);
    if (!list) model.nodeEndpoints.set(e.node, (list = []));
    list.push(e);
  };
  const nsCache = new Map<string, string>();
  for (const w of collectWorkloads(byKind)) {
    const annotated = w.annotations[LS_ANNOTATION];
    let subnetName = annotated;
    if (!subnetName) {
      subnetName = nsCache.get(w.namespace);
      if (!subnetName) nsCache.set(w.namespace, (subnetName = namespaceSubnet(w.namespace, model, sortedSubnets, vpcsByName)));
    }
    const subnet = model.subnets.get(subnetName);
    if (!subnet || !subnet.ovn) {
      warn({ code: "MissingRef", ref: w.ref, path: annotated ? `metadata.annotations["${LS_ANNOTATION}"]` : undefined, detail: `Subnet ${subnetName} does not exist: the workload has no network` });
      continue;
    }
    const nsTenant = model.namespaceLabels.get(w.namespace)?.[TENANT_LABEL];
    const tenant = w.ownLabel ?? nsTenant;
    const node = tenant ? `tenant:${tenant}` : subnet.owner;
    const ip = w.annotations[IP_ANNOTATION] ? hostOf(w.annotations[IP_ANNOTATION]!.split(",")[0]!) : undefined;
    const range = ip !== undefined ? { lo: ip, hi: ip } : subnet.net;
    const sgs: string[] = [];
    for (const g of (w.annotations[SG_ANNOTATION] ?? "").split(",").map((x) => x.trim()).filter(Boolean)) {
      if (model.securityGroups.has(g)) sgs.push(g);
      else warn({ code: "MissingRef", ref: w.ref, path: `metadata.annotations["${SG_ANNOTATION}"]`, detail: `SecurityGroup ${g} does not exist` });
    }
    if (!explicitOwners.has(subnet.name)) explicitOwners.set(subnet.name, new Set());
    explicitOwners.get(subnet.name)!.add(node);
    if (!range) continue;
    push({ id: w.ref, node, subnet, ranges: [{ lo: range.lo, hi: range.hi }], lo: range.lo, hi: range.hi, namespace: w.namespace, labels: w.labels, securityGroups: sgs, implicit: false, ref: w.ref });
  }
  for (const s of sortedSubnets) {
    if (!s.ovn || !s.owner || !s.net || explicitOwners.get(s.name)?.has(s.owner)) continue;
    const bound = new Set(s.namespaces);
    const v = model.vpcs.get(s.vpc);
    if (v?.defaultSubnet === s.name) for (const n of v.namespaces) bound.add(n);
    if (s.namespaceSelectors.length) for (const [n, l] of model.namespaceLabels) if (s.namespaceSelectors.some((sel) => selects(sel, l))) bound.add(n);
    const namespaces = bound.size ? [...bound].sort() : [undefined];
    for (const ns of namespaces) {
      push({ id: `Subnet/${s.name}${ns ? `@${ns}` : ""}`, node: s.owner, subnet: s, ranges: [{ lo: s.net.lo, hi: s.net.hi }], lo: s.net.lo, hi: s.net.hi, namespace: ns, labels: {}, securityGroups: [], implicit: true });
    }
  }
}

export function platformCidrEndpoints(cidrs: string[], warn: Warn): Endpoint[] {
  const out: Endpoint[] = [];
  cidrs.forEach((c, i) => {
    if (c.includes(":")) return warn({ code: "Ipv6Ignored", ref: "Input", path: `platformCIDRs[${i}]`, detail: `${c} skipped` });
    const r = parseNet(c);
    if (!r) return warn({ code: "MissingRef", ref: "Input", path: `platformCIDRs[${i}]`, detail: `${c} is not an IPv4 CIDR` });
    out.push({ id: `Input/platformCIDRs[${i}]`, node: "platform", location: "host", ranges: [{ lo: r.lo, hi: r.hi }], lo: r.lo, hi: r.hi, labels: {}, securityGroups: [], implicit: true, ref: "Input", refPath: `platformCIDRs[${i}]` });
  });
  return out;
}
