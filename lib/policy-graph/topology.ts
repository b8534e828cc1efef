/** Spec §2 and §5: Vpcs, Subnets, VLAN segments, peer links and gateways, normalised the way Kube-OVN does. */
import { hostOf, isIpv6, parseNet, type Range } from "@/lib/policy-graph/ip";
import { parseMatch } from "@/lib/policy-graph/match";
import type { NatGatewaySpec, SubnetSpec, VlanSpec, VpcSpec } from "@/lib/policy-graph/objects";
import { labelsOf, spec } from "@/lib/policy-graph/objects";
import type { Net, PeerLink, StoredObject, SubnetModel, VpcModel } from "@/lib/policy-graph/model";
import type { Warning } from "@/lib/policy-graph/types";

export const TENANT_LABEL = "kmetal.io/tenant";
/** Code-point order: deterministic everywhere and far cheaper than localeCompare. */
export const byRef = (a: { ref: string }, b: { ref: string }) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
export const DEFAULT_VPC = "ovn-cluster";

export type Warn = (w: Warning) => void;
export type ByKind = (kind: StoredObject["kind"]) => StoredObject[];

export function parseNetText(text: string | undefined, ref: string, path: string, warn: Warn): Net | undefined {
  if (!text) return undefined;
  let found: Net | undefined;
  for (const part of text.split(",").map((p) => p.trim())) {
    if (isIpv6(part)) {
      warn({ code: "Ipv6Ignored", ref, path, detail: `${part} skipped` });
      continue;
    }
    const r = found ? undefined : parseNet(part);
    if (r) found = { ...r, text: part };
  }
  return found;
}

/** Subnet.spec.provider empty → ovn; an OVN subnet has provider ovn or <x>.<y>.ovn. */
export const isOvnProvider = (p: string | undefined) => !p || p === "ovn" || /^[^.]+\.[^.]+\.ovn$/.test(p);

/** Matches that fall outside the §8.4 subset are reported once, where they are written. */
export function parsedExpr(text: string | undefined, ref: string, path: string, warn: Warn) {
  const m = parseMatch(text ?? "");
  for (const u of m.unknown) warn({ code: "UnparsedMatch", ref, path, detail: `"${u}" cannot be evaluated; resolved toward reachability` });
  return m.expr;
}

export function buildVlans(byKind: ByKind, warn: Warn): { segmentOf: Map<string, string>; tenantOf: Map<string, string | undefined> } {
  const segmentOf = new Map<string, string>();
  const tenantOf = new Map<string, string | undefined>();
  const seen = new Map<string, string>();
  for (const o of byKind("Vlan").sort((a, b) => byRef(a, b))) {
    const name = o.obj.metadata?.name ?? "";
    const s = spec<VlanSpec>(o.obj);
    const id = s.id ?? s.vlanId ?? 0;
    const key = `${s.provider ?? ""}/${id}`;
    segmentOf.set(name, key);
    tenantOf.set(name, labelsOf(o.obj)[TENANT_LABEL]);
    if (id !== 0) {
      const other = seen.get(key);
      if (other) warn({ code: "VlanConflict", ref: o.ref, path: "spec.id", detail: `same provider and id as Vlan/${other}: Kube-OVN marks it conflict; treated as the same segment` });
      else seen.set(key, name);
    }
  }
  return { segmentOf, tenantOf };
}

interface ParsedSubnet {
  s: SubnetSpec;
  net?: Net;
  acls: SubnetModel["acls"];
  allowSubnets: SubnetModel["allowSubnets"];
  warnings: Warning[];
}

/** Parsing depends on the object alone, so it is kept per stored object (a change stores a new one). */
const subnetCache = new WeakMap<StoredObject, ParsedSubnet>();
function parseSubnet(o: StoredObject): ParsedSubnet {
  const hit = subnetCache.get(o);
  if (hit) return hit;
  const warnings: Warning[] = [];
  const warn = (w: Warning) => warnings.push(w);
  const s = spec<SubnetSpec>(o.obj);
  const net = parseNetText(s.cidrBlock, o.ref, "spec.cidrBlock", warn);
  const acls = (s.acls ?? []).map((a, index) => ({
    index,
    direction: a.direction === "to-lport" ? ("to-lport" as const) : ("from-lport" as const),
    priority: a.priority ?? 0,
    action: a.action === "drop" || a.action === "reject" ? ("drop" as const) : a.action === "pass" ? ("pass" as const) : ("allow" as const),
    expr: parsedExpr(a.match, o.ref, `spec.acls[${index}].match`, warn),
  }));
  const allowSubnets: SubnetModel["allowSubnets"] = [];
  (s.allowSubnets ?? []).forEach((t, index) => {
    const n = parseNetText(t, o.ref, `spec.allowSubnets[${index}]`, warn);
    if (n) allowSubnets.push({ index, net: n });
  });
  const parsed = { s, net, acls, allowSubnets, warnings };
  subnetCache.set(o, parsed);
  return parsed;
}

export function buildSubnet(o: StoredObject, vpcs: Map<string, VpcModel>, segmentOf: Map<string, string>, warn: Warn): SubnetModel {
  const { s, net, acls, allowSubnets, warnings } = parseSubnet(o);
  for (const w of warnings) warn(w);
  const name = o.obj.metadata?.name ?? "";
  const ovn = isOvnProvider(s.provider);
  const vpc = s.vpc || DEFAULT_VPC;
  let detached = false;
  let segment: string | undefined;
  if (s.vlan) {
    segment = segmentOf.get(s.vlan);
    if (!segment) {
      detached = true;
      warn({ code: "MissingRef", ref: o.ref, path: "spec.vlan", detail: `Vlan ${s.vlan} does not exist: the subnet is detached` });
    }
  }
  const v = vpcs.get(vpc);
  if (ovn && (!v || !v.exists)) {
    detached = true;
    warn({ code: "MissingRef", ref: o.ref, path: "spec.vpc", detail: `Vpc ${vpc} does not exist: the subnet is detached` });
  }
  const overlay = !s.vlan;
  const u2o = !!s.vlan && !!s.u2oInterconnection;
  const labels = labelsOf(o.obj);
  const owner = labels[TENANT_LABEL] ?? v?.owner ?? (vpc === DEFAULT_VPC ? "platform" : undefined);
  if (ovn && !owner) warn({ code: "Unowned", ref: o.ref, detail: `no ${TENANT_LABEL} label on the subnet or its Vpc ${vpc}: its endpoints belong to no node` });
  return {
    name, vpc, net, ovn, vlan: s.vlan || undefined, segment, detached, overlay, logicalGateway: !!s.logicalGateway, u2o,
    routerAttached: ovn && !detached && (overlay || !!s.logicalGateway || u2o),
    owner: owner === "platform" ? "platform" : owner ? `tenant:${owner}` : undefined,
    acls, private: !!s.private, allowSubnets, allowEW: !!s.allowEWTraffic && acls.length > 0, natOutgoing: !!s.natOutgoing,
    routeTable: s.routeTable ?? "", namespaces: s.namespaces ?? [], namespaceSelectors: s.namespaceSelectors ?? [], endpoints: [],
  };
}

const vpcCache = new WeakMap<StoredObject, { base: VpcModel; warnings: Warning[] }>();

export function buildVpc(o: StoredObject | undefined, name: string, warn: Warn): VpcModel {
  const hit = o ? vpcCache.get(o) : undefined;
  const parsed = hit ?? parseVpc(o, name);
  if (o && !hit) vpcCache.set(o, parsed);
  for (const w of parsed.warnings) warn(w);
  const b = parsed.base;
  return { ...b, policies: [...b.policies], peers: [], connected: [], natGateways: [], ovnSnat: [] };
}

function parseVpc(o: StoredObject | undefined, name: string): { base: VpcModel; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const warn = (w: Warning) => warnings.push(w);
  const s = o ? spec<VpcSpec>(o.obj) : {};
  const ref = `Vpc/${name}`;
  const routes: VpcModel["routes"] = [];
  (s.staticRoutes ?? []).forEach((r, index) => {
    const net = parseNetText(r.cidr, ref, `spec.staticRoutes[${index}].cidr`, warn);
    if (!net) return;
    routes.push({ index, net, nextHop: r.nextHopIP ? hostOf(r.nextHopIP.split(",")[0]!) : undefined, src: r.policy === "policySrc", table: r.routeTable ?? "" });
  });
  const policies: VpcModel["policies"] = (s.policyRoutes ?? []).map((p, index) => ({
    index,
    priority: p.priority ?? 0,
    expr: parsedExpr(p.match, ref, `spec.policyRoutes[${index}].match`, warn),
    action: p.action === "drop" ? "drop" : p.action === "reroute" ? "reroute" : "allow",
    nextHop: p.nextHopIP ? hostOf(p.nextHopIP.split(",")[0]!) : undefined,
  }));
  const owner = o ? labelsOf(o.obj)[TENANT_LABEL] : undefined;
  const base: VpcModel = {
    name, exists: !!o || name === DEFAULT_VPC, isDefault: name === DEFAULT_VPC, owner, namespaces: s.namespaces ?? [],
    defaultSubnet: s.defaultSubnet || undefined, routes, policies, peers: [],
    ovnGateway: !!s.enableExternal || (s.extraExternalSubnets ?? []).length > 0, connected: [], natGateways: [], ovnSnat: [],
  };
  return { base, warnings };
}

/**
 * The peer links of one Vpc and the link networks it names. A peer link needs both sides to name each other
 * (northd links LRPs only when each names the other).
 */
export function peersOf(name: string, vpcs: Map<string, VpcModel>, raw: (vpc: string) => StoredObject | undefined, warn: Warn): { peers: PeerLink[]; nets: Range[] } {
  const peers: PeerLink[] = [];
  const nets: Range[] = [];
  const o = raw(name);
  const peerings = o ? (spec<VpcSpec>(o.obj).vpcPeerings ?? []) : [];
  peerings.forEach((p, index) => {
    const remote = p.remoteVpc ?? "";
    const path = `spec.vpcPeerings[${index}]`;
    const local = parseNetText(p.localConnectIP, name ? `Vpc/${name}` : "", `${path}.localConnectIP`, warn);
    if (local) nets.push(local);
    const r = vpcs.get(remote);
    const ro = raw(remote);
    const back = r && ro ? (spec<VpcSpec>(ro.obj).vpcPeerings ?? []) : [];
    const remoteIndex = back.findIndex((q) => q.remoteVpc === name);
    if (!r || !r.exists || remote === name) {
      warn({ code: "DanglingPeering", ref: `Vpc/${name}`, path, detail: `remote Vpc ${remote} does not exist` });
      return;
    }
    if (remoteIndex < 0) {
      warn({ code: "DanglingPeering", ref: `Vpc/${name}`, path, detail: `Vpc ${remote} does not list ${name} in spec.vpcPeerings` });
      return;
    }
    const remoteHost = hostOf(back[remoteIndex]!.localConnectIP ?? "");
    if (!local || remoteHost === undefined) return;
    peers.push({ index, remote, remoteIndex, net: local, remoteHost });
  });
  return { peers, nets };
}

/** Every Vpc's peer links; returns the link networks by Vpc (they are not external addresses). */
export function linkPeers(vpcs: Map<string, VpcModel>, raw: Map<string, StoredObject>, warn: Warn): Map<string, Range[]> {
  const linkNets = new Map<string, Range[]>();
  for (const [name, v] of vpcs) {
    const { peers, nets } = peersOf(name, vpcs, (n) => raw.get(n), warn);
    v.peers = peers;
    if (nets.length) linkNets.set(name, nets);
  }
  return linkNets;
}

/** NAT gateways and their SNAT/FIP rules; OVN SNAT rules per Vpc. */
export function linkGateways(byKind: ByKind, vpcs: Map<string, VpcModel>, subnets: Map<string, SubnetModel>, warn: Warn): void {
  const eips = new Map(byKind("IptablesEIP").map((o) => [o.obj.metadata?.name ?? "", (o.obj.spec as { natGwDp?: string } | undefined)?.natGwDp ?? ""]));
  for (const o of byKind("VpcNatGateway").sort((a, b) => byRef(a, b))) {
    const s = spec<NatGatewaySpec>(o.obj);
    const name = o.obj.metadata?.name ?? "";
    const v = vpcs.get(s.vpc ?? "");
    if (!v || !v.exists) {
      warn({ code: "MissingRef", ref: o.ref, path: "spec.vpc", detail: `Vpc ${s.vpc ?? ""} does not exist` });
      continue;
    }
    if (s.subnet && !subnets.has(s.subnet)) warn({ code: "MissingRef", ref: o.ref, path: "spec.subnet", detail: `Subnet ${s.subnet} does not exist` });
    const gw = { name, vpc: v.name, subnet: s.subnet && subnets.has(s.subnet) ? s.subnet : undefined, lanIp: s.lanIp ? hostOf(s.lanIp) : undefined, snat: [] as { name: string; ranges: Range[] }[], fip: [] as { name: string; ip: number }[] };
    v.natGateways.push(gw);
    for (const r of byKind("IptablesSnatRule").sort((a, b) => byRef(a, b))) {
      const rs = r.obj.spec as { eip?: string; internalCIDR?: string } | undefined;
      if (eips.get(rs?.eip ?? "") !== name) continue;
      const ranges = (rs?.internalCIDR ?? "").split(",").map((c) => parseNet(c)).filter((x): x is NonNullable<typeof x> => !!x);
      gw.snat.push({ name: r.obj.metadata?.name ?? "", ranges });
    }
    for (const r of byKind("IptablesFIPRule").sort((a, b) => byRef(a, b))) {
      const rs = r.obj.spec as { eip?: string; internalIp?: string } | undefined;
      const ip = hostOf(rs?.internalIp ?? "");
      if (eips.get(rs?.eip ?? "") === name && ip !== undefined) gw.fip.push({ name: r.obj.metadata?.name ?? "", ip });
    }
  }
  for (const kind of ["IptablesSnatRule", "IptablesFIPRule"] as const) {
    for (const r of byKind(kind)) {
      const eip = (r.obj.spec as { eip?: string } | undefined)?.eip ?? "";
      if (!eips.has(eip)) warn({ code: "MissingRef", ref: r.ref, path: "spec.eip", detail: `IptablesEIP ${eip} does not exist` });
    }
  }
  const ovnEips = new Set(byKind("OvnEip").map((o) => o.obj.metadata?.name ?? ""));
  for (const r of byKind("OvnSnatRule").sort((a, b) => byRef(a, b))) {
    const rs = (r.obj.spec ?? {}) as { ovnEip?: string; vpcSubnet?: string; vpc?: string; v4IpCidr?: string };
    if (!ovnEips.has(rs.ovnEip ?? "")) {
      warn({ code: "MissingRef", ref: r.ref, path: "spec.ovnEip", detail: `OvnEip ${rs.ovnEip ?? ""} does not exist` });
      continue;
    }
    const sub = rs.vpcSubnet ? subnets.get(rs.vpcSubnet) : undefined;
    const vpc = vpcs.get(sub?.vpc ?? rs.vpc ?? "");
    const net = sub?.net ?? (rs.v4IpCidr ? parseNet(rs.v4IpCidr) : undefined);
    if (vpc && net) vpc.ovnSnat.push({ name: r.obj.metadata?.name ?? "", ranges: [net] });
  }
}
