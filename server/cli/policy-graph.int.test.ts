import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { GraphOutput } from "@/lib/policy-graph/types";
import { policyGraph } from "@/server/cli/policy-graph";
import { models } from "@/server/kube/models";
import { testGateway } from "@/test/kube";

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const [a, b, c] = [`pga-${id}`, `pgb-${id}`, `pgc-${id}`];
const label = (t: string) => ({ "kmetal.io/tenant": t });
const created: [keyof typeof models, string][] = [];

async function make(model: keyof typeof models, obj: { metadata: { name: string; labels?: Record<string, string> }; spec?: unknown }) {
  await kube.create(models[model], obj);
  created.push([model, obj.metadata.name]);
}

describe("kmetal policy-graph against the live under cluster", () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-pg-"));
    fs.writeFileSync(path.join(dir, "input.json"), JSON.stringify({ platformCIDRs: ["10.96.0.0/12"] }));
    // Two tenants that peer with routes both ways (a cross-tenant violation), and one whose subnet forgot spec.vpc.
    const peer = (self: string, other: string, mine: string, theirs: string, cidr: string) => ({
      vpcPeerings: [{ remoteVpc: other, localConnectIP: mine }], staticRoutes: [{ cidr, nextHopIP: theirs.split("/")[0], policy: "policyDst" }], namespaces: [`ns-${self}`],
    });
    for (const t of [a, b, c]) await make("Namespace", { metadata: { name: `ns-${t}`, labels: label(t) } });
    await make("Vpc", { metadata: { name: a, labels: label(a) }, spec: peer(a, b, "169.254.77.1/30", "169.254.77.2/30", "10.202.0.0/24") });
    await make("Vpc", { metadata: { name: b, labels: label(b) }, spec: peer(b, a, "169.254.77.2/30", "169.254.77.1/30", "10.201.0.0/24") });
    await make("Vpc", { metadata: { name: c, labels: label(c) }, spec: { namespaces: [`ns-${c}`] } });
    await make("Subnet", { metadata: { name: a, labels: label(a) }, spec: { vpc: a, cidrBlock: "10.201.0.0/24", protocol: "IPv4", namespaces: [`ns-${a}`] } });
    await make("Subnet", { metadata: { name: b, labels: label(b) }, spec: { vpc: b, cidrBlock: "10.202.0.0/24", protocol: "IPv4", namespaces: [`ns-${b}`], acls: [
      { direction: "to-lport", priority: 1100, match: "ip4.src == 10.201.0.0/24 && tcp.dst == 443", action: "allow-related" },
      { direction: "to-lport", priority: 1000, match: "ip4.src == 10.201.0.0/24", action: "drop" },
    ] } });
    await make("Subnet", { metadata: { name: c, labels: label(c) }, spec: { cidrBlock: "10.203.0.0/24", protocol: "IPv4" } });
  });
  afterAll(async () => {
    for (const [model, name] of created.reverse()) await kube.delete(models[model], { name }, { ignoreNotFound: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the objects through the gateway and finds the violations with their reasons", async () => {
    let stdout = "", stderr = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
    const code = await policyGraph(["--kubeconfig", inject("kubeconfigPath"), "--input", path.join(dir, "input.json"), "--json"]);
    vi.restoreAllMocks();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as GraphOutput;
    const edge = (from: string, to: string) => out.edges.find((e) => e.from === `tenant:${from}` && e.to === to)!;
    expect(edge(a, `tenant:${b}`)).toMatchObject({ verdict: "partial", ports: ["tcp/443"] });
    expect(edge(b, `tenant:${a}`).verdict).toBe("allow");
    expect(edge(a, `tenant:${c}`).verdict).toBe("deny");
    expect(edge(a, "platform").verdict).toBe("deny");
    expect(edge(c, "platform").verdict).not.toBe("deny");
    expect(edge(a, `tenant:${b}`).reasons).toEqual(expect.arrayContaining([
      { ref: `Vpc/${a}`, path: "spec.vpcPeerings[0]", effect: "permits" }, { ref: `Subnet/${b}`, path: "spec.acls[1]", effect: "blocks" },
    ]));
    const mine = out.violations.filter((v) => [a, b, c].some((t) => v.from === `tenant:${t}`)).map((v) => `${v.from}>${v.to}`).sort();
    expect(mine).toEqual([`tenant:${a}>tenant:${b}`, `tenant:${b}>tenant:${a}`, `tenant:${c}>platform`].sort());
  });
});
