import { describe, expect, it } from "vitest";
import { computeAll } from "@/lib/policy-graph/graph";
import { natGateway, kubeovn, namespace, overlayTenant, platformBase, subnet, vm, vpc } from "@/lib/policy-graph/builders";
import type { Edge, KubeObject, PolicyInput } from "@/lib/policy-graph/types";

const refs = (e: Edge) => e.reasons.map((r) => `${r.ref}${r.path ? ` ${r.path}` : ""}`);
const reason = (e: Edge, ref: string, path?: string) => e.reasons.find((r) => r.ref === ref && r.path === path);
const graph = (objs: KubeObject[], input: PolicyInput = { platformCIDRs: ["10.96.0.0/12"] }) => computeAll([...platformBase(), ...objs], input);

/** Two-sided peering between tenants a and b with link 169.254.0.0/30. */
const peering = (routesA: string[], routesB: string[], aSpec: object = {}, bSpec: object = {}) => [
  ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }], staticRoutes: routesA.map((cidr) => ({ cidr, nextHopIP: "169.254.0.2" })), ...aSpec }),
  ...overlayTenant("b", "10.2.0.0/24", { vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: routesB.map((cidr) => ({ cidr, nextHopIP: "169.254.0.1" })), ...bSpec }),
];

describe("custom VPC isolation (memo a)", () => {
  it("denies everything between isolated tenants, the platform and the internet, with the router that has no route", () => {
    const g = graph([...overlayTenant("a", "10.1.0.0/24"), ...overlayTenant("b", "10.2.0.0/24")]);
    const out = g.output();
    expect(out.edges.map((e) => `${e.from}>${e.to}`)).toEqual([
      "tenant:a>external", "tenant:a>platform", "tenant:a>tenant:b", "tenant:b>external", "tenant:b>platform", "tenant:b>tenant:a",
    ]);
    expect(out.edges.every((e) => e.verdict === "deny")).toBe(true);
    expect(out.violations).toEqual([]);
    const ab = g.edge("tenant:a", "tenant:b");
    expect(reason(ab, "Vpc/a", "spec.staticRoutes")).toMatchObject({ effect: "blocks", detail: "no route to 10.2.0.0/24" });
    expect(g.edges()).toEqual([]); // deny is never materialised
  });
  it("keeps an overlapping CIDR inside the source VPC (connected route wins)", () => {
    const g = graph([...overlayTenant("a", "10.1.0.0/24"), ...overlayTenant("c", "10.1.0.0/24")]);
    const e = g.edge("tenant:a", "tenant:c");
    expect(e.verdict).toBe("deny");
    expect(reason(e, "Vpc/a")?.detail).toContain("is delivered into Subnet/a-net, not the destination");
  });
  it("labels a tenant with no subnets NoEndpoints", () => {
    const g = graph([...overlayTenant("a", "10.1.0.0/24"), namespace("tenant-empty", "empty")]);
    expect(g.edge("tenant:a", "tenant:empty")).toMatchObject({ verdict: "deny", reasons: [{ ref: "NoEndpoints" }] });
    expect(g.edge("tenant:empty", "external")).toMatchObject({ verdict: "deny", reasons: [{ ref: "NoEndpoints" }] });
  });
});

describe("VPC peering (memo b)", () => {
  it("connects two tenants when both sides peer and route, with both peering entries as reasons", () => {
    const g = graph(peering(["10.2.0.0/24"], ["10.1.0.0/24"]));
    const ab = g.edge("tenant:a", "tenant:b");
    expect(ab.verdict).toBe("allow");
    expect(refs(ab)).toEqual(expect.arrayContaining(["Vpc/a", "Vpc/b", "Vpc/a spec.staticRoutes[0]", "Vpc/a spec.vpcPeerings[0]", "Vpc/b spec.vpcPeerings[0]", "Subnet/a-net", "Subnet/b-net"]));
    expect(g.violations().map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:a>tenant:b", "tenant:b>tenant:a"]);
  });
  it("creates nothing for a one-sided peering (DanglingPeering), even with a route", () => {
    const objs = [
      ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }, { remoteVpc: "ghost", localConnectIP: "169.254.1.1/30" }], staticRoutes: [{ cidr: "10.2.0.0/24", nextHopIP: "169.254.0.2" }] }),
      ...overlayTenant("b", "10.2.0.0/24", { staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }] }),
    ];
    const g = graph(objs);
    const ab = g.edge("tenant:a", "tenant:b");
    expect(ab.verdict).toBe("deny");
    expect(reason(ab, "Vpc/a", "spec.staticRoutes[0]")?.detail).toContain("next hop 169.254.0.2 does not forward");
    expect(g.warnings().filter((w) => w.code === "DanglingPeering").map((w) => [w.path, w.detail])).toEqual([
      ["spec.vpcPeerings[0]", "Vpc b does not list a in spec.vpcPeerings"], ["spec.vpcPeerings[1]", "remote Vpc ghost does not exist"],
    ]);
  });
  it("needs routes: peered without routes is deny both ways", () => {
    const g = graph(peering([], []));
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("deny");
    expect(g.edge("tenant:b", "tenant:a").verdict).toBe("deny");
  });
  it("with a route on one side only, delivers one way: replies die for lack of a route back", () => {
    const g = graph(peering(["10.2.0.0/24"], []));
    const ab = g.edge("tenant:a", "tenant:b");
    expect(ab).toMatchObject({ verdict: "partial", oneway: true });
    expect(ab.ports).toBeUndefined();
    expect(reason(ab, "Vpc/b", "spec.staticRoutes")).toMatchObject({ effect: "narrows", detail: "reply: no route to 10.1.0.0/24" });
    expect(g.edge("tenant:b", "tenant:a").verdict).toBe("deny");
  });
  it("is not transitive without transit routes, and is with them", () => {
    const chain = (transit: boolean) => [
      ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }], staticRoutes: [{ cidr: "10.0.0.0/8", nextHopIP: "169.254.0.2" }] }),
      ...overlayTenant("b", "10.2.0.0/24", {
        vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }, { remoteVpc: "c", localConnectIP: "169.254.0.5/30" }],
        staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }, ...(transit ? [{ cidr: "10.3.0.0/24", nextHopIP: "169.254.0.6" }] : [])],
      }),
      ...overlayTenant("c", "10.3.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.6/30" }], staticRoutes: [{ cidr: "10.0.0.0/8", nextHopIP: "169.254.0.5" }] }),
    ];
    const without = graph(chain(false)).edge("tenant:a", "tenant:c");
    expect(without.verdict).toBe("deny");
    expect(reason(without, "Vpc/b", "spec.staticRoutes")?.detail).toBe("no route to 10.3.0.0/24");
    const withTransit = graph(chain(true)).edge("tenant:a", "tenant:c");
    expect(withTransit.verdict).toBe("allow");
    expect(refs(withTransit)).toEqual(expect.arrayContaining(["Vpc/b spec.staticRoutes[1]", "Vpc/b spec.vpcPeerings[1]", "Vpc/c spec.vpcPeerings[0]"]));
  });
});

describe("policy routes (memo c)", () => {
  it("drops, and a higher-priority allow re-opens part of it", () => {
    const drop = { priority: 30000, match: "ip4.dst == 10.2.0.0/24", action: "drop" };
    const g1 = graph(peering(["10.2.0.0/24"], ["10.1.0.0/24"], { policyRoutes: [drop] }));
    const e1 = g1.edge("tenant:a", "tenant:b");
    expect(e1.verdict).toBe("deny");
    expect(reason(e1, "Vpc/a", "spec.policyRoutes[0]")?.effect).toBe("blocks");
    const g2 = graph(peering(["10.2.0.0/24"], ["10.1.0.0/24"], { policyRoutes: [drop, { priority: 30500, match: "ip4.dst == 10.2.0.0/24 && tcp.dst == 443", action: "allow" }] }));
    expect(g2.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "partial", ports: ["tcp/443"] });
  });
  it("takes the permissive action on a same-priority tie and warns", () => {
    const tie = [{ priority: 30000, match: "ip4.dst == 10.2.0.0/24", action: "drop" }, { priority: 30000, match: "ip4.dst == 10.2.0.0/16", action: "allow" }];
    const g = graph(peering(["10.2.0.0/24"], ["10.1.0.0/24"], { policyRoutes: tie }));
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(g.warnings().some((w) => w.code === "PriorityTie" && w.ref === "Vpc/a")).toBe(true);
  });
  it("cannot rescue a packet without a route, but a reroute overrides the route's next hop", () => {
    const reroute = { priority: 1000, match: "ip4.dst == 10.2.0.0/24", action: "reroute", nextHopIP: "169.254.0.2" };
    expect(graph(peering([], ["10.1.0.0/24"], { policyRoutes: [reroute] })).edge("tenant:a", "tenant:b").verdict).toBe("deny");
    const g = graph(peering([], ["10.1.0.0/24"], { policyRoutes: [reroute], staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.1.0.254" }] }));
    const e = g.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("allow");
    expect(refs(e)).toEqual(expect.arrayContaining(["Vpc/a spec.policyRoutes[0]", "Vpc/a spec.vpcPeerings[0]"]));
    // Without the reroute that default route goes to an address that forwards nothing.
    const e2 = graph(peering([], ["10.1.0.0/24"], { staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.1.0.254" }] })).edge("tenant:a", "tenant:b");
    expect(reason(e2, "Vpc/a", "spec.staticRoutes[0]")?.detail).toContain("next hop 10.1.0.254 does not forward");
  });
  it("prefers the longest prefix, and connected over static at equal length", () => {
    const g = graph(peering(["10.2.0.0/16", "10.2.0.128/25"], ["10.1.0.0/24"], {}, {}));
    // The /25 goes to the same peer; both routes are used for their halves.
    const e = g.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("allow");
    expect(refs(e)).toEqual(expect.arrayContaining(["Vpc/a spec.staticRoutes[0]", "Vpc/a spec.staticRoutes[1]"]));
    // A static route to a's own CIDR loses to the connected route.
    const g2 = graph(peering(["10.2.0.0/24"], ["10.1.0.0/24", "10.2.0.0/24"]));
    expect(g2.edge("tenant:a", "tenant:b").verdict).toBe("allow");
  });
  it("uses source routes only when no destination route matches", () => {
    const g = graph(peering([], ["10.1.0.0/24"], { staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.2", policy: "policySrc" }] }));
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(refs(g.edge("tenant:a", "tenant:b"))).toContain("Vpc/a spec.staticRoutes[0]");
  });
  it("applies a route only to subnets of its route table", () => {
    const objs = peering([], ["10.1.0.0/24"], { staticRoutes: [{ cidr: "10.2.0.0/24", nextHopIP: "169.254.0.2", routeTable: "rt1" }] });
    expect(graph(objs).edge("tenant:a", "tenant:b").verdict).toBe("deny");
    const withTable = objs.map((o) => (o.metadata?.name === "a-net" ? subnet("a-net", "a", { vpc: "a", cidrBlock: "10.1.0.0/24", namespaces: ["tenant-a"], routeTable: "rt1" }) : o));
    expect(graph(withTable).edge("tenant:a", "tenant:b").verdict).toBe("allow");
  });
});

describe("the platform and the default VPC (memo a, c)", () => {
  const gwTenant = (policyRoutes: object[] = []) => [
    ...overlayTenant("a", "10.1.0.0/24", { staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.1.0.254" }], policyRoutes }),
    natGateway("gw-a", { vpc: "a", subnet: "a-net", lanIp: "10.1.0.254" }),
    kubeovn("IptablesEIP", "eip-a", { natGwDp: "gw-a" }),
    kubeovn("IptablesSnatRule", "snat-a", { eip: "eip-a", internalCIDR: "10.1.0.0/24" }),
  ];
  it("reaches platform CIDRs through a NAT gateway unless the VPC drops them (the reconciler's policy)", () => {
    const open = graph(gwTenant());
    expect(open.edge("tenant:a", "platform").verdict).toBe("partial");
    expect(refs(open.edge("tenant:a", "platform"))).toEqual(expect.arrayContaining(["VpcNatGateway/gw-a", "Assumption/physical-network", "Input platformCIDRs[0]"].slice(0, 2)));
    expect(open.violations().map((v) => v.to)).toEqual(["platform"]);
    const closed = graph(gwTenant([{ priority: 30000, match: "ip4.dst == 10.96.0.0/12", action: "drop" }]));
    expect(closed.edge("tenant:a", "platform").verdict).toBe("deny");
    expect(closed.violations()).toEqual([]);
    expect(closed.edge("tenant:a", "external").verdict).toBe("allow");
  });
  it("routes a platform CIDR that overlaps the tenant's own subnet into the tenant's subnet", () => {
    const g = graph(gwTenant(), { platformCIDRs: ["10.1.0.0/16"] });
    const e = g.edge("tenant:a", "platform");
    // 10.1.1.0-10.1.255.255 goes out through the gateway; the tenant's own /24 stays inside.
    expect(e.verdict).toBe("partial");
    expect(reason(e, "Vpc/a")?.detail).toContain("10.1.0.0/24 is delivered into Subnet/a-net");
  });
  it("puts a tenant subnet without spec.vpc into ovn-cluster: a violation with the platform", () => {
    const g = graph([...overlayTenant("a", "10.1.0.0/24"), subnet("a-legacy", "a", { cidrBlock: "10.5.0.0/24" })]);
    const e = g.edge("tenant:a", "platform");
    expect(e.verdict).toBe("partial");
    expect(refs(e)).toEqual(expect.arrayContaining(["Vpc/ovn-cluster", "Subnet/a-legacy", "Subnet/ovn-default", "Assumption/physical-network"]));
    expect(g.violations().map((v) => v.to)).toEqual(["platform"]);
    // natOutgoing is off on the tenant subnet: the internet gets packets but replies cannot return.
    expect(reason(g.edge("tenant:a", "external"), "Subnet/a-legacy", "spec.natOutgoing")?.effect).toBe("narrows");
  });
  it("lets a VM in a namespace no tenant subnet binds fall into ovn-default", () => {
    const g = graph([...overlayTenant("a", "10.1.0.0/24"), namespace("a-extra", "a"), vm("a-extra", "stray")]);
    const e = g.edge("tenant:a", "platform");
    expect(e.verdict).not.toBe("deny");
    expect(refs(e)).toContain("VirtualMachine/a-extra/stray");
    // The VM pinned to the tenant subnet by annotation stays isolated.
    const pinned = graph([...overlayTenant("a", "10.1.0.0/24"), namespace("a-extra", "a"), vm("a-extra", "vm", { "ovn.kubernetes.io/logical_switch": "a-net" })]);
    expect(pinned.violations()).toEqual([]);
  });
  it("resolves a namespace's subnet: Vpc defaultSubnet first, then subnets by name, then ovn-default", () => {
    const objs = [
      namespace("ns1", "a"), vpc("a", "a", { namespaces: ["ns1"], defaultSubnet: "z-net" }),
      subnet("b-net", "a", { vpc: "a", cidrBlock: "10.1.1.0/24", namespaces: ["ns1"] }),
      subnet("z-net", "a", { vpc: "a", cidrBlock: "10.1.2.0/24" }),
      vm("ns1", "w", { "ovn.kubernetes.io/ip_address": "10.1.2.9" }),
    ];
    const m = graph(objs).modelView();
    expect(m.subnets.get("z-net")!.endpoints.map((e) => e.id)).toEqual(["VirtualMachine/ns1/w"]);
  });
});
