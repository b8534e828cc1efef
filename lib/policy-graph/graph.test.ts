import { describe, expect, it } from "vitest";
import { PolicyGraph, computeAll } from "@/lib/policy-graph/graph";
import { kubeovn, namespace, natGateway, networkPolicy, overlayTenant, platformBase, securityGroup, subnet, vlan, vm, vpc } from "@/lib/policy-graph/builders";
import { kindOf } from "@/lib/policy-graph/objects";
import { trace } from "@/lib/policy-graph/trace";
import type { KubeObject, PolicyInput } from "@/lib/policy-graph/types";
import type { TenantObject } from "@/lib/schemas/tenant";
import { planTenant } from "@/lib/tenants/plan";

const peered = () => [
  ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }], staticRoutes: [{ cidr: "10.2.0.0/24", nextHopIP: "169.254.0.2" }] }),
  ...overlayTenant("b", "10.2.0.0/24", { vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }] }),
];

describe("output (§13), violations and exceptions (§12)", () => {
  it("is deterministic, sorted, and holds every required edge", () => {
    const objs = [...platformBase(), ...peered(), ...overlayTenant("c", "10.3.0.0/24")];
    const out = computeAll(objs, { platformCIDRs: ["10.96.0.0/12"] }).output();
    const reversed = computeAll([...objs].reverse(), { platformCIDRs: ["10.96.0.0/12"] }).output();
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(out));
    expect(out.nodes.map((n) => n.id)).toEqual([...out.nodes.map((n) => n.id)].sort());
    expect(out.nodes).toEqual(expect.arrayContaining([{ id: "tenant:a", kind: "tenant" }, { id: "platform", kind: "platform" }, { id: "external", kind: "external" }, { id: "subnet:a-net", kind: "subnet", tenant: "a" }]));
    // 3 tenants × (2 other tenants + platform + external)
    expect(out.edges).toHaveLength(12);
    expect(out.violations.map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:a>tenant:b", "tenant:b>tenant:a"]);
  });
  it("marks an excepted edge, keeps its verdict, and warns about unused exceptions", () => {
    const input: PolicyInput = { platformCIDRs: [], exceptions: [{ from: "tenant:a", to: "tenant:b", reason: "shared CI" }, { from: "tenant:b", to: "platform" }] };
    const g = computeAll([...platformBase(), ...peered()], input);
    expect(g.edge("tenant:a", "tenant:b")).toMatchObject({ verdict: "allow", excepted: true });
    expect(g.violations().map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:b>tenant:a"]);
    expect(g.warnings().filter((w) => w.code === "UnusedException")).toEqual([{ code: "UnusedException", ref: "Input", path: "exceptions[1]", detail: "tenant:b → platform matches no violating edge" }]);
  });
  it("never reports edges to external as violations", () => {
    const g = computeAll([...platformBase(), ...overlayTenant("a", "10.1.0.0/24", { enableExternal: true })], { platformCIDRs: [] });
    expect(g.edge("tenant:a", "external").verdict).not.toBe("deny");
    expect(g.violations()).toEqual([]);
  });
  it("warns Unowned, Ipv6Ignored and MissingRef, and ignores unknown kinds", () => {
    const g = computeAll([
      ...platformBase(), vpc("free", undefined), subnet("free-net", undefined, { vpc: "free", cidrBlock: "10.7.0.0/24,fd00::/64" }),
      subnet("lost", "a", { vpc: "nowhere", cidrBlock: "10.8.0.0/24" }), namespace("tenant-a", "a"),
      vm("tenant-a", "w", { "ovn.kubernetes.io/logical_switch": "missing" }),
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } },
    ], { platformCIDRs: [] });
    const codes = g.warnings().map((w) => `${w.code} ${w.ref}${w.path ? ` ${w.path}` : ""}`);
    expect(codes).toEqual(expect.arrayContaining([
      "Unowned Subnet/free-net", "Ipv6Ignored Subnet/free-net spec.cidrBlock", "MissingRef Subnet/lost spec.vpc",
      'MissingRef VirtualMachine/tenant-a/w metadata.annotations["ovn.kubernetes.io/logical_switch"]',
    ]));
    expect(kindOf({ apiVersion: "apps/v1", kind: "Deployment" })).toBeUndefined();
    expect(kindOf({ apiVersion: "example.com/v1", kind: "Vpc" })).toBeUndefined();
  });
  it("deduplicates a VM, its VMI and its virt-launcher Pod into one workload", () => {
    const objs = [
      ...platformBase(), ...overlayTenant("a", "10.1.0.0/24"),
      vm("tenant-a", "w", { "ovn.kubernetes.io/logical_switch": "a-net" }),
      { apiVersion: "kubevirt.io/v1", kind: "VirtualMachineInstance", metadata: { name: "w", namespace: "tenant-a" } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "virt-launcher-w-abcde", namespace: "tenant-a", labels: { "kubevirt.io/domain": "w" }, annotations: { "ovn.kubernetes.io/ip_address": "10.1.0.20" } } },
    ];
    const eps = computeAll(objs, { platformCIDRs: [] }).modelView().nodeEndpoints.get("tenant:a")!;
    expect(eps.map((e) => [e.id, e.lo === e.hi])).toEqual([["VirtualMachine/tenant-a/w", true]]);
  });
});

describe("the reconciler's objects are held to the same yardstick", () => {
  const tenant = (name: string, network: TenantObject["spec"]["network"]): TenantObject => ({
    metadata: { name, uid: `u-${name}` },
    spec: { kubernetesVersion: "v1.36.3", network, workerPools: [{ name: "small", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu:24.04" }] },
  });
  it("yields zero violations for overlay and VLAN tenants (overlapping CIDRs included)", () => {
    const platformCidrs = ["10.96.0.0/12", "100.64.0.0/16", "169.254.0.0/16"];
    const g = new PolicyGraph({ platformCIDRs: platformCidrs });
    for (const o of platformBase()) g.applyObject(o);
    const tenants = [
      tenant("acme", { mode: "overlay", cidr: "10.20.0.0/24" }), tenant("globex", { mode: "overlay", cidr: "10.20.0.0/24" }),
      tenant("initech", { mode: "overlay", cidr: "10.21.0.0/16" }),
      tenant("umbrella", { mode: "vlan", cidr: "192.168.30.0/24", vlanId: 120 }), tenant("hooli", { mode: "vlan", cidr: "192.168.31.0/24", vlanId: 121 }),
    ];
    for (const t of tenants) {
      const plan = planTenant({ tenant: t, quota: { vcpu: 20, memoryGi: 64, storageGi: 500, workers: 5, loadBalancers: -1 }, addons: [], platformCidrs, workerVersion: "v1.36.3" });
      for (const d of plan) g.applyChange(d.model, d.object as KubeObject);
    }
    expect(g.tenants).toEqual(["acme", "globex", "hooli", "initech", "umbrella"]);
    expect(g.violations()).toEqual([]);
    const out = g.output();
    expect(out.violations).toEqual([]);
    expect(out.edges.filter((e) => e.verdict !== "deny").map((e) => `${e.from}>${e.to}`)).toEqual(["tenant:hooli>external", "tenant:umbrella>external"]);
    expect(g.warnings().filter((w) => w.code !== "Unowned")).toEqual([]);
  });
});

describe("incremental recomputation", () => {
  /** A pool of objects and variants; every step applies or deletes one at random. */
  function pool(): KubeObject[][] {
    const variants: KubeObject[][] = [];
    const add = (...alts: KubeObject[]) => variants.push(alts);
    const [, peeredA, , , peeredB] = peered();
    add(peeredA!, vpc("a", "a", { namespaces: ["tenant-a"], vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }] }), vpc("a", "a", { namespaces: ["tenant-a"], staticRoutes: [{ cidr: "0.0.0.0/0", nextHopIP: "10.1.0.254" }] }));
    add(peeredB!, vpc("b", "b", { namespaces: ["tenant-b"], vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: [{ cidr: "10.1.0.0/16", nextHopIP: "169.254.0.1" }], policyRoutes: [{ priority: 30000, match: "ip4.dst == 10.96.0.0/12", action: "drop" }] }));
    add(subnet("b-net", "b", { vpc: "b", cidrBlock: "10.2.0.0/24", namespaces: ["tenant-b"], acls: [{ direction: "to-lport", priority: 1000, match: "tcp.dst == 22", action: "drop" }] }), subnet("b-net", "b", { vpc: "b", cidrBlock: "10.2.0.0/24", private: true }));
    add(natGateway("gw-a", { vpc: "a", subnet: "a-net", lanIp: "10.1.0.254" }));
    add(kubeovn("IptablesEIP", "eip", { natGwDp: "gw-a" }));
    add(kubeovn("IptablesSnatRule", "snat", { eip: "eip", internalCIDR: "10.1.0.0/24" }));
    add(subnet("c-legacy", "c", { cidrBlock: "10.5.0.0/24" }), subnet("c-legacy", "c", { vpc: "c", cidrBlock: "10.5.0.0/24" }));
    add(namespace("extra", "c"), namespace("extra", "b"));
    add(vm("extra", "w1"), vm("extra", "w1", { "ovn.kubernetes.io/logical_switch": "b-net" }), vm("extra", "w1", { "ovn.kubernetes.io/security_groups": "sg1" }, { app: "x" }));
    add(securityGroup("sg1", { ingressRules: [{ protocol: "tcp", portRangeMin: 80, portRangeMax: 80, remoteType: "address", remoteAddress: "0.0.0.0/0", priority: 1, policy: "allow" }] }));
    add(networkPolicy("tenant-b", "np", { podSelector: {}, ingress: [{ ports: [{ port: 443 }] }] }), networkPolicy("extra", "np2", { podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Ingress"] }));
    add(vlan("v1", 100), vlan("v1", 0));
    // Changes the model patches in place: rules only, no endpoint or link moves.
    add(subnet("a-net", "a", { vpc: "a", cidrBlock: "10.1.0.0/24", namespaces: ["tenant-a"], acls: [{ direction: "from-lport", priority: 1000, match: "udp", action: "drop" }] }),
      subnet("a-net", "a", { vpc: "a", cidrBlock: "10.1.0.0/24", namespaces: ["tenant-a"], private: true, allowSubnets: ["10.2.0.0/24"] }));
    add(vpc("b", "b", { namespaces: ["tenant-b"], vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }], policyRoutes: [{ priority: 100, match: "tcp.dst == 22", action: "drop" }] }),
      vpc("b", "b", { namespaces: ["tenant-b"], vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], enableExternal: true, staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }] }));
    // Peerings patched in place: one-sided, to a Vpc that is missing, a second link with its own network.
    add(vpc("c", "c", { namespaces: ["tenant-c"], vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.1.2/30" }] }),
      vpc("c", "c", { namespaces: ["tenant-c"], vpcPeerings: [{ remoteVpc: "nowhere", localConnectIP: "169.254.2.1/30" }] }),
      vpc("c", "c", { namespaces: ["tenant-c"] }));
    add(vpc("a", "a", { namespaces: ["tenant-a"], vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }, { remoteVpc: "c", localConnectIP: "169.254.1.1/30" }], staticRoutes: [{ cidr: "10.3.0.0/24", nextHopIP: "169.254.1.2" }] }));
    // Subnets that come and go without moving anything else (patched in place): one of a tenant in the default
    // Vpc, one in a tenant's own Vpc, one of a Vpc that does not exist.
    add(subnet("a-rogue", "a", { cidrBlock: "10.9.0.0/24" }), subnet("a-rogue", "a", { cidrBlock: "10.96.5.0/24" }));
    add(subnet("b-extra", "b", { vpc: "b", cidrBlock: "10.2.1.0/24" }), subnet("b-extra", "b", { vpc: "b", cidrBlock: "10.2.2.0/24", private: true }));
    add(subnet("c-orphan", "c", { vpc: "nowhere", cidrBlock: "10.7.0.0/24" }));
    // A tenant that arrives piece by piece, in any order (some orders patch, others rebuild).
    add(namespace("tenant-d", "d"));
    add(vpc("d", "d", { namespaces: ["tenant-d"], policyRoutes: [{ priority: 30000, match: "ip4.dst == 10.96.0.0/12", action: "drop" }] }), vpc("d", "d", { namespaces: ["tenant-d"], enableExternal: true }));
    add(subnet("d-net", "d", { vpc: "d", cidrBlock: "10.4.0.0/24", namespaces: ["tenant-d"] }));
    add(namespace("tenant-a", "a", { team: "alpha" }), namespace("tenant-a", "a", { team: "beta" }));
    add(networkPolicy("tenant-b", "from-alpha", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "alpha" } } }] }] }));
    add(securityGroup("sg1", { ingressRules: [{ protocol: "all", remoteType: "address", remoteAddress: "10.0.0.0/8", priority: 2, policy: "allow" }] }));
    add(subnet("c-vlan", "c", { vpc: "c", cidrBlock: "192.168.1.0/24", vlan: "v1" }), subnet("b-vlan", "b", { vpc: "b", cidrBlock: "192.168.1.0/24", vlan: "v1", u2oInterconnection: true }));
    return variants;
  }
  it("patches a peering change in place: the link goes, the edges with it, and the link network turns external", () => {
    const objs = [...platformBase(), ...peered(), ...overlayTenant("c", "10.3.0.0/24"), ...overlayTenant("d", "10.4.0.0/24", { enableExternal: true })];
    const g = computeAll(objs, { platformCIDRs: ["10.96.0.0/12"] });
    expect(g.edges().map((e) => `${e.from}>${e.to}`)).toEqual(expect.arrayContaining(["tenant:a>tenant:b", "tenant:b>tenant:a"]));
    const model = g.modelView();
    const unpeered = vpc("a", "a", { namespaces: ["tenant-a"], staticRoutes: [{ cidr: "10.2.0.0/24", nextHopIP: "169.254.0.2" }] });
    g.applyObject(unpeered);
    const stats = g.refresh();
    expect(g.modelView()).toBe(model); // patched, not rebuilt
    expect(stats.recomputed).toBeLessThan(stats.tenants);
    const full = computeAll([...objs.filter((o) => !(o.kind === "Vpc" && o.metadata?.name === "a")), unpeered], { platformCIDRs: ["10.96.0.0/12"] });
    expect(JSON.stringify(g.output())).toBe(JSON.stringify(full.output()));
    expect(g.edges().map((e) => `${e.from}>${e.to}`)).not.toContain("tenant:a>tenant:b");
    // b still names a: its side is dangling now, and its link network is still no external address.
    expect(g.warnings()).toContainEqual(expect.objectContaining({ code: "DanglingPeering", ref: "Vpc/b" }));
    const linkAddr = 0xa9fe0001; // 169.254.0.1
    const external = () => g.modelView().external.ranges.some((r) => r.lo <= linkAddr && linkAddr <= r.hi);
    expect(external()).toBe(false);
    // Once b lets go too, the link network is an external address again.
    const unpeeredB = vpc("b", "b", { namespaces: ["tenant-b"] });
    g.applyObject(unpeeredB);
    g.refresh();
    expect(g.modelView()).toBe(model);
    expect(external()).toBe(true);
    expect(g.warnings().filter((w) => w.code === "DanglingPeering")).toEqual([]);
    const full2 = computeAll([...objs.filter((o) => !(o.kind === "Vpc" && ["a", "b"].includes(o.metadata?.name ?? ""))), unpeered, unpeeredB], { platformCIDRs: ["10.96.0.0/12"] });
    expect(JSON.stringify(g.output())).toBe(JSON.stringify(full2.output()));
  });

  it("patches a subnet that comes and goes in place; one that binds namespaces rebuilds the model", () => {
    const objs = [...platformBase(), ...peered(), ...overlayTenant("c", "10.3.0.0/24")];
    const input = { platformCIDRs: ["10.96.0.0/12"] };
    const g = computeAll(objs, input);
    const model = g.modelView();
    // A subnet of tenant a without a Vpc lands in the default Vpc: a reaches the platform.
    const rogue = subnet("a-rogue", "a", { cidrBlock: "10.9.0.0/24" });
    g.applyObject(rogue);
    const stats = g.refresh();
    expect(g.modelView()).toBe(model);
    expect(stats.recomputed).toBeLessThan(stats.tenants);
    expect(JSON.stringify(g.output())).toBe(JSON.stringify(computeAll([...objs, rogue], input).output()));
    expect(g.violations().map((e) => `${e.from}>${e.to}`)).toContain("tenant:a>platform");
    g.applyChange("Subnet", rogue, true);
    g.refresh();
    expect(g.modelView()).toBe(model);
    expect(JSON.stringify(g.output())).toBe(JSON.stringify(computeAll(objs, input).output()));
    // A subnet that binds a namespace where a workload lives may move it: rebuilt.
    g.applyObject(vm("tenant-c", "w"));
    g.refresh();
    const withVm = g.modelView();
    g.applyObject(subnet("c-more", "c", { vpc: "c", cidrBlock: "10.3.1.0/24", namespaces: ["tenant-c"] }));
    g.refresh();
    expect(g.modelView()).not.toBe(withVm);
  });

  it("patches a new tenant's namespace, Vpc and subnet into the model and out again, in one refresh or one by one", () => {
    const objs = [...platformBase(), ...peered(), ...overlayTenant("c", "10.3.0.0/24")];
    const input = { platformCIDRs: ["10.96.0.0/12"] };
    for (const oneByOne of [false, true]) {
      const g = computeAll(objs, input);
      const model = g.modelView();
      const arriving = overlayTenant("d", "10.4.0.0/24", { enableExternal: true });
      for (const o of arriving) {
        g.applyObject(o);
        if (oneByOne) g.refresh();
      }
      g.refresh();
      expect(g.modelView()).toBe(model);
      expect(g.tenants).toContain("d");
      expect(JSON.stringify(g.output())).toBe(JSON.stringify(computeAll([...objs, ...arriving], input).output()));
      // And it leaves the same way, subnet first (as the reconciler tears down): the tenant is gone.
      for (const o of [...arriving].reverse()) {
        g.applyChange(kindOf(o)!, o, true);
        if (oneByOne) g.refresh();
      }
      g.refresh();
      expect(g.modelView()).toBe(model);
      expect(g.tenants).not.toContain("d");
      expect(JSON.stringify(g.output())).toBe(JSON.stringify(computeAll(objs, input).output()));
    }
  });

  it("equals a full recomputation after every step of random change sequences", () => {
    const variants = pool();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const inputs: PolicyInput[] = [{ platformCIDRs: ["10.96.0.0/12"] }, { platformCIDRs: ["10.96.0.0/12", "10.5.0.0/16"], exceptions: [{ from: "tenant:a", to: "tenant:b" }] }];
    for (let run = 0; run < 12; run++) {
      const live = new Map<string, KubeObject>();
      let input = inputs[0]!;
      const g = new PolicyGraph(input);
      // A connected base (peered a and b, isolated c) that the random steps then change.
      for (const o of [...platformBase(), ...peered(), ...overlayTenant("c", "10.3.0.0/24")]) {
        g.applyObject(o);
        live.set(`${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`, o);
      }
      let incremental = 0;
      for (let step = 0; step < 30; step++) {
        const alts = variants[Math.floor(rand() * variants.length)]!;
        const o = alts[Math.floor(rand() * alts.length)]!;
        const key = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
        if (rand() < 0.01) g.setInput((input = inputs[1]!));
        if (live.has(key) && rand() < 0.25) {
          g.applyChange(o.kind!, live.get(key)!, true);
          live.delete(key);
        } else {
          g.applyObject(o);
          live.set(key, o);
        }
        const stats = g.refresh();
        if (stats.recomputed < stats.tenants) incremental++;
        const full = computeAll([...live.values()], input);
        expect(JSON.stringify(g.output()), `run ${run} step ${step} (${key})`).toBe(JSON.stringify(full.output()));
      }
      expect(incremental).toBeGreaterThan(0); // the incremental path was taken, not only full rebuilds
    }
  }, 120_000);
});

describe("trace: can A reach B?", () => {
  it("gives the hop-by-hop path with the deciding objects and the reply", () => {
    const g = computeAll([...platformBase(), ...peered(), vm("tenant-a", "w", { "ovn.kubernetes.io/logical_switch": "a-net", "ovn.kubernetes.io/ip_address": "10.1.0.5" })], { platformCIDRs: [] });
    const t = trace(g.modelView(), { from: "vm:tenant-a/w", to: "10.2.0.7", port: "tcp/443" });
    expect(t.verdict).toBe("connection");
    expect(t.paths).toHaveLength(1);
    const p = t.paths[0]!;
    expect([p.src, p.dst]).toEqual(["10.1.0.5", "10.2.0.7"]);
    const steps = p.hops.map((h) => `${h.step}${h.ref ? ` [${h.ref}${h.path ? ` ${h.path}` : ""}]` : ""}`);
    expect(steps).toEqual(expect.arrayContaining([
      "from VirtualMachine/tenant-a/w: logical switch Subnet/a-net", "router a [Vpc/a]", "route [Vpc/a spec.staticRoutes[0]]",
      "peer hop to b [Vpc/a spec.vpcPeerings[0]]", "router b [Vpc/b]", "delivered into logical switch Subnet/b-net",
      "reply route [Vpc/b spec.staticRoutes[0]]", "result: connection",
    ]));
    expect(trace(g.modelView(), { from: "a", to: "platform", port: "udp/53" }).verdict).toBe("blocked");
    expect(() => trace(g.modelView(), { from: "a", to: "b", port: "tcp/0" })).toThrow(/not a flow/);
    expect(() => trace(g.modelView(), { from: "nobody", to: "b", port: "icmp" })).toThrow(/no tenant nobody/);
  });
});
