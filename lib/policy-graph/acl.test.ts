import { describe, expect, it } from "vitest";
import { computeAll } from "@/lib/policy-graph/graph";
import { networkPolicy, overlayTenant, platformBase, securityGroup, subnet, vm, namespace } from "@/lib/policy-graph/builders";
import type { Edge, KubeObject } from "@/lib/policy-graph/types";

const refs = (e: Edge) => e.reasons.map((r) => `${r.ref}${r.path ? ` ${r.path}` : ""}`);
const reason = (e: Edge, ref: string, path?: string) => e.reasons.find((r) => r.ref === ref && r.path === path);

/** a and b peered with routes both ways; extra objects and subnet specs decide the rest. */
function peered(extra: KubeObject[] = [], bSubnet: object = {}, aSubnet: object = {}) {
  return computeAll([
    ...platformBase(),
    ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }], staticRoutes: [{ cidr: "10.2.0.0/16", nextHopIP: "169.254.0.2" }] }, aSubnet),
    ...overlayTenant("b", "10.2.0.0/24", { vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: [{ cidr: "10.1.0.0/16", nextHopIP: "169.254.0.1" }] }, bSubnet),
    ...extra,
  ], { platformCIDRs: [] });
}

describe("subnet ACLs (§8.2, memo d)", () => {
  it("narrow by port in the destination's to-lport stage", () => {
    const g = peered([], { acls: [
      { direction: "to-lport", priority: 1100, match: "ip4.src == 10.1.0.0/24 && (tcp.dst == 443 || 8000 <= tcp.dst <= 8080)", action: "allow-related" },
      { direction: "to-lport", priority: 1000, match: "ip4.src == 10.1.0.0/24", action: "drop" },
    ] });
    const e = g.edge("tenant:a", "tenant:b");
    expect(e).toMatchObject({ verdict: "partial", ports: ["tcp/443", "tcp/8000-8080"] });
    expect(reason(e, "Subnet/b-net", "spec.acls[0]")?.effect).toBe("permits");
    expect(reason(e, "Subnet/b-net", "spec.acls[1]")?.effect).toBe("blocks");
  });
  it("apply on the source switch too: from-lport and to-lport toward the router", () => {
    const g = peered([], {}, { acls: [{ direction: "from-lport", priority: 1000, match: "ip4.dst == 10.2.0.0/24 && udp", action: "drop" }] });
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/1-65535", "sctp/1-65535", "icmp", "other"] });
    const g2 = peered([], {}, { acls: [{ direction: "to-lport", priority: 1000, match: "ip4.dst == 10.2.0.0/24", action: "reject" }] });
    expect(reason(g2.edge("tenant:a", "tenant:b"), "Subnet/a-net", "spec.acls[0]")?.effect).toBe("blocks");
  });
  it("take the permissive action on a same-priority tie and warn PriorityTie", () => {
    const g = peered([], { acls: [
      { direction: "to-lport", priority: 1000, match: "ip", action: "drop" },
      { direction: "to-lport", priority: 1000, match: "tcp", action: "allow" },
    ] });
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/1-65535"] });
    expect(g.warnings().some((w) => w.code === "PriorityTie" && w.ref === "Subnet/b-net")).toBe(true);
  });
  it("treat a drop with an unknown clause as not matching, and warn UnparsedMatch", () => {
    const g = peered([], { acls: [{ direction: "to-lport", priority: 1000, match: 'inport == "lsp1" && ip', action: "drop" }] });
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(g.warnings().find((w) => w.code === "UnparsedMatch")).toMatchObject({ ref: "Subnet/b-net", path: "spec.acls[0].match" });
  });
  it("follow tiers: pass moves on to the next tier", () => {
    // Both at tier 2 (subnet ACLs): a pass rule above a drop does not open anything by itself.
    const g = peered([], { acls: [{ direction: "to-lport", priority: 1200, match: "tcp", action: "pass" }, { direction: "to-lport", priority: 1000, match: "ip", action: "drop" }] });
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/1-65535"] });
  });
});

describe("private subnets and allowSubnets (§8.6)", () => {
  it("admit only the subnet itself, allowSubnets (both ways) and the join network", () => {
    const closed = peered([], { private: true });
    const e = closed.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("deny");
    expect(reason(e, "Subnet/b-net", "spec.private")?.effect).toBe("blocks");
    const open = peered([], { private: true, allowSubnets: ["10.1.0.0/24"] });
    expect(open.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(refs(open.edge("tenant:a", "tenant:b"))).toContain("Subnet/b-net spec.allowSubnets[0]");
  });
  it("also block the private subnet's own egress (to-lport toward the router)", () => {
    const g = peered([], {}, { private: true });
    expect(reason(g.edge("tenant:a", "tenant:b"), "Subnet/a-net", "spec.private")?.effect).toBe("blocks");
    // allowSubnets also opens the egress direction.
    expect(peered([], {}, { private: true, allowSubnets: ["10.2.0.0/24"] }).edge("tenant:a", "tenant:b").verdict).toBe("allow");
  });
  it("combine with subnet ACLs by priority alone", () => {
    const g = peered([], { private: true, acls: [{ direction: "to-lport", priority: 1500, match: "tcp.dst == 22", action: "allow" }] });
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/22"] });
  });
});

describe("allowEWTraffic (memo d)", () => {
  it("opens same-subnet traffic only when the subnet has ACLs", () => {
    const objs = (acls: object[] | undefined) => [
      subnet("ovn-default", undefined, { cidrBlock: "10.16.0.0/16", natOutgoing: true, allowEWTraffic: true, ...(acls ? { acls } : {}) }),
      ...overlayTenant("a", "10.1.0.0/24"), namespace("stray", "a"), vm("stray", "vm-1"),
    ];
    const withAcls = computeAll(objs([{ direction: "from-lport", priority: 1000, match: "ip", action: "drop" }]), { platformCIDRs: [] });
    const e = withAcls.edge("tenant:a", "platform");
    // The stray VM shares ovn-default with the platform; the tenant's own subnet stays isolated.
    expect(e.verdict).toBe("partial");
    expect(reason(e, "Subnet/ovn-default", "spec.allowEWTraffic")?.effect).toBe("permits");
    const noAcls = computeAll(objs(undefined), { platformCIDRs: [] }).edge("tenant:a", "platform");
    expect(reason(noAcls, "Subnet/ovn-default", "spec.allowEWTraffic")).toBeUndefined();
  });
});

describe("security groups (§8.3, memo e)", () => {
  const bound = (sgs: string, extra: KubeObject[] = [], ip?: string) => [
    vm("tenant-b", "web", { "ovn.kubernetes.io/logical_switch": "b-net", "ovn.kubernetes.io/security_groups": sgs, ...(ip ? { "ovn.kubernetes.io/ip_address": ip } : {}) }),
    ...extra,
  ];
  it("deny everything but their rules on a bound port, ingress and egress", () => {
    const g = peered(bound("web", [securityGroup("web", { ingressRules: [{ ipVersion: "ipv4", protocol: "tcp", portRangeMin: 443, portRangeMax: 443, remoteType: "address", remoteAddress: "10.1.0.0/24", priority: 10, policy: "allow" }] })]));
    const e = g.edge("tenant:a", "tenant:b");
    expect(e).toMatchObject({ verdict: "partial", ports: ["tcp/443"] });
    expect(refs(e)).toEqual(expect.arrayContaining(["SecurityGroup/web spec.ingressRules[0]", "SecurityGroup/web"]));
    // No egress rule: the bound VM reaches nothing in a.
    expect(reason(g.edge("tenant:b", "tenant:a"), "SecurityGroup/web")?.effect).toBe("blocks");
  });
  it("rank rules by 18484 − priority: a smaller priority wins", () => {
    const g = peered(bound("web", [securityGroup("web", { ingressRules: [
      { protocol: "tcp", portRangeMin: 443, portRangeMax: 443, remoteType: "address", remoteAddress: "0.0.0.0/0", priority: 1, policy: "deny" },
      { protocol: "all", remoteType: "address", remoteAddress: "0.0.0.0/0", priority: 2, policy: "allow" },
    ] })]));
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/1-442", "tcp/444-65535", "udp/1-65535", "sctp/1-65535", "icmp", "other"] });
  });
  it("match remote security groups and allowSameGroupTraffic by membership of the other endpoint", () => {
    const clientVm = vm("tenant-a", "client", { "ovn.kubernetes.io/logical_switch": "a-net", "ovn.kubernetes.io/security_groups": "clients" });
    const sgs = [
      securityGroup("web", { ingressRules: [{ protocol: "all", remoteType: "securityGroup", remoteSecurityGroup: "clients", priority: 5, policy: "allow" }] }),
      securityGroup("clients", { allowSameGroupTraffic: true, egressRules: [{ protocol: "all", remoteType: "address", remoteAddress: "0.0.0.0/0", priority: 5, policy: "allow" }] }),
    ];
    const g = peered(bound("web", [clientVm, ...sgs]));
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(refs(g.edge("tenant:a", "tenant:b"))).toContain("SecurityGroup/web spec.ingressRules[0]");
    // Without the client bound to "clients", the remote-group rule matches nobody.
    const g2 = peered(bound("web", [vm("tenant-a", "client", { "ovn.kubernetes.io/logical_switch": "a-net" }), ...sgs]));
    expect(g2.edge("tenant:a", "tenant:b").verdict).toBe("deny");
  });
  it("warn about a missing group and ignore it", () => {
    const g = peered(bound("ghost"));
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(g.warnings().some((w) => w.code === "MissingRef" && w.ref === "VirtualMachine/tenant-b/web")).toBe(true);
  });
});

describe("NetworkPolicies (§8.5, memo f)", () => {
  it("deny-all blocks a peered tenant, in a custom VPC", () => {
    const g = peered([networkPolicy("tenant-b", "deny-all", { podSelector: {}, policyTypes: ["Ingress"] })]);
    const e = g.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("deny");
    expect(refs(e)).toContain("NetworkPolicy/tenant-b/deny-all");
  });
  it("allows by namespaceSelector and ports", () => {
    const g = peered([
      namespace("tenant-a", "a", { team: "alpha" }),
      networkPolicy("tenant-b", "from-alpha", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "alpha" } } }], ports: [{ protocol: "TCP", port: 8080 }, { protocol: "UDP", port: 53, endPort: 54 }] }] }),
    ]);
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/8080", "udp/53-54"] });
    expect(refs(g.edge("tenant:a", "tenant:b"))).toContain("NetworkPolicy/tenant-b/from-alpha spec.ingress[0]");
  });
  it("allows by ipBlock with except", () => {
    const g = peered([networkPolicy("tenant-b", "cidr", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.1.0.0/24", except: ["10.1.0.128/25"] } }] }] })]);
    const e = g.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("partial");
    expect(e.ports).toBeUndefined(); // every port for some sources: only some addresses are open
  });
  it("lax enforcement drops only tcp, udp and sctp", () => {
    const g = peered([networkPolicy("tenant-b", "lax", { podSelector: {}, policyTypes: ["Ingress"] }, { "ovn.kubernetes.io/network_policy_enforcement": "lax" })]);
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["icmp", "other"] });
  });
  it("selects implicit endpoints only through an empty podSelector; explicit workloads by labels", () => {
    const policy = networkPolicy("tenant-b", "web-only", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"] });
    expect(peered([policy]).edge("tenant:a", "tenant:b").verdict).toBe("allow");
    const g = peered([policy, vm("tenant-b", "web", { "ovn.kubernetes.io/logical_switch": "b-net", "ovn.kubernetes.io/ip_address": "10.2.0.10" }, { app: "web" })]);
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("deny");
  });
  it("applies a direction only when policyTypes names it or its rules are set, as §8.5 says (files need not be defaulted)", () => {
    // Neither policyTypes nor rules: no direction applies (an API server would have defaulted Ingress).
    expect(peered([networkPolicy("tenant-b", "bare", { podSelector: {} })]).edge("tenant:a", "tenant:b").verdict).toBe("allow");
    // An empty ingress list is set: the default drop applies with no rule to allow anything.
    const g = peered([networkPolicy("tenant-b", "empty-ingress", { podSelector: {}, ingress: [] })]);
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("deny");
    // Egress rules alone apply egress, not ingress.
    const e = peered([networkPolicy("tenant-b", "egress-only", { podSelector: {}, egress: [] })]);
    expect(e.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(e.edge("tenant:b", "tenant:a").verdict).toBe("deny");
  });
  it("applies egress policies after load balancing on the source side", () => {
    const g = peered([networkPolicy("tenant-a", "no-egress", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.2.0.0/25" } }] }] })]);
    const e = g.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("partial");
    expect(refs(e)).toEqual(expect.arrayContaining(["NetworkPolicy/tenant-a/no-egress", "NetworkPolicy/tenant-a/no-egress spec.egress[0]"]));
  });
});
