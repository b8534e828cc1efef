import { describe, expect, it } from "vitest";
import { computeAll } from "@/lib/policy-graph/graph";
import { kubeovn, namespace, natGateway, overlayTenant, platformBase, subnet, vlan, vpc } from "@/lib/policy-graph/builders";
import type { Edge, KubeObject } from "@/lib/policy-graph/types";

const refs = (e: Edge) => e.reasons.map((r) => `${r.ref}${r.path ? ` ${r.path}` : ""}`);
const graph = (objs: KubeObject[]) => computeAll([...platformBase(), ...objs], { platformCIDRs: ["10.96.0.0/12"] });

/** A VLAN tenant: own VPC (unused by plain underlay), namespace, subnet on `vlanName`. */
const vlanTenant = (name: string, cidr: string, vlanName: string, extra: object = {}) => [
  namespace(`tenant-${name}`, name),
  vpc(name, name, { namespaces: [`tenant-${name}`] }),
  subnet(`${name}-net`, name, { vpc: name, cidrBlock: cidr, namespaces: [`tenant-${name}`], vlan: vlanName, ...extra }),
];

describe("VLAN segments (memo g)", () => {
  it("isolate tenants on different VLANs and reach only the internet through the physical gateway", () => {
    const g = graph([vlan("v100", 100, "underlay", "a"), vlan("v200", 200, "underlay", "b"), ...vlanTenant("a", "192.168.10.0/24", "v100"), ...vlanTenant("b", "192.168.20.0/24", "v200")]);
    const ab = g.edge("tenant:a", "tenant:b");
    expect(ab.verdict).toBe("deny");
    expect(refs(ab)).toContain("Assumption/physical-segment-isolation");
    expect(g.edge("tenant:a", "platform").verdict).toBe("deny");
    const ext = g.edge("tenant:a", "external");
    expect(ext.verdict).toBe("allow");
    expect(ext.reasons.find((r) => r.ref === "Assumption/physical-segment-isolation")?.effect).toBe("assumption");
    expect(g.violations()).toEqual([]);
  });
  it("share L2 when two tenants use the same Vlan object, whatever their CIDRs", () => {
    const g = graph([vlan("shared", 300), ...vlanTenant("a", "192.168.10.0/24", "shared"), ...vlanTenant("b", "192.168.20.0/24", "shared")]);
    const e = g.edge("tenant:a", "tenant:b");
    expect(e.verdict).toBe("allow");
    expect(refs(e)).toContain("Vlan/shared spec.id");
    expect(g.violations()).toHaveLength(2);
  });
  it("treat two Vlans with the same provider and id as one segment, and warn VlanConflict", () => {
    const g = graph([vlan("va", 400), vlan("vb", 400), ...vlanTenant("a", "192.168.10.0/24", "va"), ...vlanTenant("b", "192.168.20.0/24", "vb")]);
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("allow");
    expect(refs(g.edge("tenant:a", "tenant:b"))).toEqual(expect.arrayContaining(["Vlan/va spec.id", "Vlan/vb spec.id"]));
    expect(g.warnings().find((w) => w.code === "VlanConflict")).toMatchObject({ ref: "Vlan/vb", path: "spec.id" });
  });
  it("keep the same id on different providers apart", () => {
    const g = graph([vlan("va", 400, "phys-a"), vlan("vb", 400, "phys-b"), ...vlanTenant("a", "192.168.10.0/24", "va"), ...vlanTenant("b", "192.168.20.0/24", "vb")]);
    expect(g.edge("tenant:a", "tenant:b").verdict).toBe("deny");
    expect(g.warnings().some((w) => w.code === "VlanConflict")).toBe(false);
  });
  it("warn Untagged for a tenant on id 0, and MissingRef (detached: nothing in or out) for a missing Vlan", () => {
    const g = graph([vlan("native", 0, "underlay", "a"), ...vlanTenant("a", "192.168.10.0/24", "native"), ...vlanTenant("b", "192.168.20.0/24", "ghost")]);
    expect(g.warnings().some((w) => w.code === "Untagged" && w.ref === "Vlan/native")).toBe(true);
    expect(g.warnings().find((w) => w.code === "MissingRef" && w.ref === "Subnet/b-net")).toMatchObject({ path: "spec.vlan" });
    expect(g.edge("tenant:b", "external").verdict).toBe("deny");
  });
  it("route a u2o subnet without spec.vpc into ovn-cluster's overlay subnets: a violation", () => {
    const g = graph([vlan("v100", 100, "underlay", "a"), namespace("tenant-a", "a"), subnet("a-net", "a", { cidrBlock: "192.168.10.0/24", vlan: "v100", u2oInterconnection: true })]);
    const e = g.edge("tenant:a", "platform");
    expect(e.verdict).toBe("partial");
    expect(refs(e)).toEqual(expect.arrayContaining(["Vpc/ovn-cluster", "Subnet/ovn-default"]));
    // Other destinations still leave through the physical gateway.
    expect(g.edge("tenant:a", "external").verdict).toBe("allow");
    expect(g.violations().map((v) => v.to)).toEqual(["platform"]);
  });
  it("ignore u2oInterconnection on an overlay subnet", () => {
    const g = graph(overlayTenant("a", "10.1.0.0/24", {}, { u2oInterconnection: true }));
    expect(g.modelView().subnets.get("a-net")!.u2o).toBe(false);
  });
  it("with logicalGateway, put the tenant router on the path (no route out: deny to the internet)", () => {
    const g = graph([vlan("v100", 100, "underlay", "a"), ...vlanTenant("a", "192.168.10.0/24", "v100", { logicalGateway: true })]);
    const e = g.edge("tenant:a", "external");
    expect(e.verdict).toBe("deny");
    expect(refs(e)).toContain("Vpc/a spec.staticRoutes");
  });
});

describe("egress gateways (memo g)", () => {
  const gw = (extra: KubeObject[] = []) => graph([
    ...overlayTenant("a", "10.1.0.0/24", { staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.1.0.254" }], policyRoutes: [{ priority: 30000, match: "ip4.dst == 10.96.0.0/12", action: "drop" }] }),
    natGateway("gw-a", { vpc: "a", subnet: "a-net", lanIp: "10.1.0.254" }),
    ...extra,
  ]);
  it("NAT gateway without SNAT: packets leave, replies cannot return (one-way)", () => {
    const e = gw().edge("tenant:a", "external");
    expect(e).toMatchObject({ verdict: "partial", oneway: true });
    expect(e.reasons.find((r) => r.ref === "VpcNatGateway/gw-a" && r.detail?.startsWith("no SNAT/FIP"))).toBeDefined();
  });
  it("NAT gateway with SNAT (or FIP) covering the source: a connection", () => {
    const snat = gw([kubeovn("IptablesEIP", "eip", { natGwDp: "gw-a" }), kubeovn("IptablesSnatRule", "snat", { eip: "eip", internalCIDR: "10.1.0.0/24" })]);
    expect(snat.edge("tenant:a", "external").verdict).toBe("allow");
    expect(refs(snat.edge("tenant:a", "external"))).toEqual(expect.arrayContaining(["VpcNatGateway/gw-a", "IptablesSnatRule/snat", "Assumption/physical-network"]));
    const partialSnat = gw([kubeovn("IptablesEIP", "eip", { natGwDp: "gw-a" }), kubeovn("IptablesSnatRule", "snat", { eip: "eip", internalCIDR: "10.1.0.0/25" })]);
    expect(partialSnat.edge("tenant:a", "external")).toMatchObject({ verdict: "partial", oneway: true });
    const fip = gw([vmWithIp(), kubeovn("IptablesEIP", "eip", { natGwDp: "gw-a" }), kubeovn("IptablesFIPRule", "fip", { eip: "eip", internalIp: "10.1.0.9" })]);
    expect(refs(fip.edge("tenant:a", "external"))).toContain("IptablesFIPRule/fip");
  });
  it("a route to a NAT gateway of another VPC does not forward", () => {
    const g = graph([
      ...overlayTenant("a", "10.1.0.0/24", { staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.9.0.254" }] }),
      ...overlayTenant("z", "10.9.0.0/24"), natGateway("gw-z", { vpc: "z", subnet: "z-net", lanIp: "10.9.0.254" }),
    ]);
    expect(g.edge("tenant:a", "external").verdict).toBe("deny");
  });
  it("OVN gateway (enableExternal): default route out, replies need an OvnSnatRule", () => {
    const base = [...overlayTenant("a", "10.1.0.0/24", { enableExternal: true })];
    expect(graph(base).edge("tenant:a", "external")).toMatchObject({ verdict: "partial", oneway: true });
    const snat = graph([...base, kubeovn("OvnEip", "eip", { externalSubnet: "external" }), kubeovn("OvnSnatRule", "snat", { ovnEip: "eip", vpcSubnet: "a-net" })]);
    expect(snat.edge("tenant:a", "external").verdict).toBe("allow");
    // The OVN gateway reaches platform CIDRs too: without a drop policy, a violation.
    expect(snat.violations().map((v) => v.to)).toEqual(["platform"]);
  });
  it("a private subnet cannot use its gateway: the to-lport drop applies toward the router", () => {
    const g = graph([
      ...overlayTenant("a", "10.1.0.0/24", { staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.1.0.254" }] }, { private: true }),
      natGateway("gw-a", { vpc: "a", subnet: "a-net", lanIp: "10.1.0.254" }),
    ]);
    expect(g.edge("tenant:a", "external").verdict).toBe("deny");
  });
});

function vmWithIp(): KubeObject {
  return { apiVersion: "kubevirt.io/v1", kind: "VirtualMachine", metadata: { name: "fixed", namespace: "tenant-a" }, spec: { template: { metadata: { annotations: { "ovn.kubernetes.io/logical_switch": "a-net", "ovn.kubernetes.io/ip_address": "10.1.0.9" } } } } };
}
