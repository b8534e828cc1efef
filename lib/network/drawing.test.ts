import { describe, expect, it } from "vitest";
import { OTHER_TENANT, drawEdges, drawNodes, matrixIndex } from "@/lib/network/drawing";
import { overlayTenant, platformBase, subnet } from "@/lib/policy-graph/builders";
import { computeAll } from "@/lib/policy-graph/graph";
import type { Edge } from "@/lib/policy-graph/types";

const peered = () => [
  ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }], staticRoutes: [{ cidr: "10.2.0.0/24", nextHopIP: "169.254.0.2" }] }),
  ...overlayTenant("b", "10.2.0.0/24", { vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }] }),
  ...overlayTenant("c", "10.3.0.0/24"),
];

function view(exceptions: { from: string; to: string }[] = []) {
  const g = computeAll([...platformBase(), ...peered(), subnet("c-rogue", "c", { cidrBlock: "10.3.1.0/24" })], { platformCIDRs: [], exceptions });
  return { tenants: g.tenants, edges: g.edges(), violations: g.violations() };
}

describe("what the network view draws", () => {
  it("draws tenants, platform and external, and the engine's non-deny edges with violations and exceptions marked", () => {
    const v = view([{ from: "tenant:a", to: "tenant:b" }]);
    expect(drawNodes(v).map((n) => `${n.kind}:${n.id}`)).toEqual(["tenant:tenant:a", "tenant:tenant:b", "tenant:tenant:c", "platform:platform", "external:external"]);
    const edges = drawEdges(v);
    const ab = edges.find((e) => e.id === "tenant:a>tenant:b")!;
    expect(ab).toMatchObject({ verdict: "allow", excepted: true, violation: false });
    expect(edges.find((e) => e.id === "tenant:b>tenant:a")).toMatchObject({ violation: true, excepted: false });
    // c's subnet without a VPC falls into ovn-cluster: c reaches the platform.
    expect(edges.find((e) => e.id === "tenant:c>platform")).toMatchObject({ violation: true });
    expect(edges.every((e) => e.verdict !== "deny")).toBe(true);
  });

  it("adds every required pair that is not listed as deny, on request", () => {
    const v = view();
    const all = drawEdges(v, true);
    // 3 tenants × (2 other tenants + platform + external)
    expect(all).toHaveLength(12);
    expect(all.find((e) => e.id === "tenant:a>tenant:c")).toMatchObject({ verdict: "deny", reasons: [] });
    expect(all.filter((e) => e.verdict !== "deny").map((e) => e.id)).toEqual(drawEdges(v).map((e) => e.id));
  });

  it("merges a tenant role's edges to other tenants into one edge to \"another tenant\"", () => {
    const edges: Edge[] = [
      { from: "tenant:a", to: OTHER_TENANT, verdict: "partial", ports: ["tcp/443"], reasons: [{ ref: "Vpc/a", effect: "permits" }] },
      { from: "tenant:a", to: OTHER_TENANT, verdict: "allow", reasons: [{ ref: "Vpc/a", effect: "permits" }, { ref: "Subnet/a-net", effect: "permits" }] },
    ];
    const v = { tenants: ["a"], edges, violations: edges };
    expect(drawNodes(v).map((n) => n.id)).toEqual(["tenant:a", OTHER_TENANT, "platform", "external"]);
    const [merged] = drawEdges(v);
    expect(merged).toMatchObject({ id: `tenant:a>${OTHER_TENANT}`, verdict: "allow", violation: true, ports: undefined });
    expect(merged!.reasons.map((r) => r.ref)).toEqual(["Vpc/a", "Subnet/a-net"]);
  });

  it("indexes the matrix by row and column, narrowed by a search that keeps platform and external", () => {
    const v = view();
    const m = matrixIndex(drawNodes(v), drawEdges(v, true), "B");
    expect(m.rows.map((n) => n.id)).toEqual(["tenant:b"]);
    expect(m.cols.map((n) => n.id)).toEqual(["tenant:b", "platform", "external"]);
    expect([...m.cells.values()].every((e) => e.verdict !== "deny")).toBe(true);
    const full = matrixIndex(drawNodes(v), drawEdges(v));
    expect(full.cells.get("0,1")?.id).toBe("tenant:a>tenant:b");
  });
});
