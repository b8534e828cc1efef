import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { policyGraph } from "@/server/cli/policy-graph";
import { policyTrace } from "@/server/cli/policy-trace";
import { freePort } from "@/server/local/ports";
import type { GraphOutput } from "@/lib/policy-graph/types";

const root = path.resolve(import.meta.dirname, "../..");
const fx = (f: string) => path.join(root, "test/fixtures/policy-graph", f);

/** Runs a command function and captures what it writes. */
async function run(fn: (args: string[]) => Promise<number>, args: string[]) {
  let stdout = "", stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  const code = await fn(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe("kmetal policy-graph on files", () => {
  it("prints the §13 document with every required edge and exits 0 despite violations", async () => {
    const r = await run(policyGraph, ["--objects", fx("objects.yaml"), "--input", fx("input.json"), "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as GraphOutput;
    expect(out.edges.map((e) => `${e.from}>${e.to}:${e.verdict}`)).toEqual([
      "tenant:acme>external:deny", "tenant:acme>platform:deny", "tenant:acme>tenant:globex:partial", "tenant:acme>tenant:initech:deny",
      "tenant:globex>external:deny", "tenant:globex>platform:deny", "tenant:globex>tenant:acme:allow", "tenant:globex>tenant:initech:deny",
      "tenant:initech>external:partial", "tenant:initech>platform:partial", "tenant:initech>tenant:acme:deny", "tenant:initech>tenant:globex:deny",
    ]);
    const ag = out.edges.find((e) => e.from === "tenant:acme" && e.to === "tenant:globex")!;
    expect(ag.ports).toEqual(["tcp/443"]);
    expect(ag.reasons).toEqual(expect.arrayContaining([
      { ref: "Vpc/kmetal-acme", path: "spec.vpcPeerings[0]", effect: "permits" },
      { ref: "Subnet/kmetal-globex", path: "spec.acls[0]", effect: "permits" },
      { ref: "Subnet/kmetal-globex", path: "spec.acls[1]", effect: "blocks" },
      { ref: "VirtualMachine/tenant-acme/worker-0", effect: "narrows" },
    ]));
    expect(out.edges.find((e) => e.from === "tenant:globex" && e.to === "tenant:acme")).toMatchObject({ excepted: true });
    expect(out.violations.map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:acme>tenant:globex", "tenant:initech>platform"]);
    expect(out.warnings).toEqual([{ code: "UnusedException", ref: "Input", path: "exceptions[1]", detail: "tenant:initech → tenant:acme matches no violating edge" }]);
    expect(out.nodes.map((n) => n.id)).toContain("subnet:initech-legacy");
  });
  it("prints a readable summary without --json", async () => {
    const r = await run(policyGraph, ["--objects", fx("objects.yaml"), "--input", fx("input.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 violation(s):");
    expect(r.stdout).toMatch(/tenant:acme\s+→ tenant:globex\s+partial tcp\/443/);
  });
  it.each([
    [["--objects", fx("bad.yaml"), "--input", fx("input.json")], /bad\.yaml is not YAML/],
    [["--objects", fx("objects.yaml"), "--input", fx("bad-input.json")], /bad-input\.json is not a policy-graph input: platformCIDRs/],
    [["--objects", fx("no-name.yaml"), "--input", fx("input.json")], /document 1 is not a Kubernetes object: metadata/],
    [["--objects", fx("missing.yaml"), "--input", fx("input.json")], /cannot read objects .*missing\.yaml: ENOENT/],
    [["--objects", fx("objects.yaml")], /--objects needs --input/],
    [["--objects", fx("objects.yaml"), "--input", fx("objects.yaml")], /objects\.yaml is not JSON/],
    [["--objects"], /--objects needs a value/],
  ])("exits 2 with one line on unreadable input %#", async (args, message) => {
    const r = await run(policyGraph, [...args, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
  it("exits 2 with one line when the live under cluster cannot be read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-pg-"));
    const garbled = path.join(dir, "garbled");
    fs.writeFileSync(garbled, "clusters: [\n");
    // A kubeconfig whose server is a loopback port nothing listens on.
    const port = await freePort();
    const unreachable = path.join(dir, "unreachable");
    fs.writeFileSync(unreachable, [
      "apiVersion: v1", "kind: Config", "current-context: c",
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:" + port + "', insecure-skip-tls-verify: true}}]",
      "users: [{name: u, user: {token: x}}]", "contexts: [{name: c, context: {cluster: c, user: u}}]", "",
    ].join("\n"));
    for (const [file, message] of [[garbled, /cannot read the under cluster of .*garbled/], [unreachable, /cannot read the under cluster of .*unreachable: .*ECONNREFUSED/]] as const) {
      for (const fn of [policyGraph, policyTrace]) {
        const extra = fn === policyTrace ? ["--from", "tenant:a", "--to", "platform", "--port", "tcp/443"] : [];
        const r = await run(fn, ["--kubeconfig", file, ...extra, "--json"]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
    }
    fs.rmSync(dir, { recursive: true });
  }, 30_000);
  it("is the same through the kmetal binary, exit codes included", () => {
    const ok = spawnSync(process.execPath, ["bin/kmetal.mjs", "policy-graph", "--objects", fx("objects.yaml"), "--input", fx("input.json"), "--json"], { cwd: root, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as GraphOutput).violations).toHaveLength(2);
    const bad = spawnSync(process.execPath, ["bin/kmetal.mjs", "policy-graph", "--objects", fx("bad.yaml"), "--input", fx("input.json"), "--json"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^kmetal policy-graph: .*bad\.yaml is not YAML/)]);
  }, 60_000);
});

describe("kmetal policy-trace on files", () => {
  it("traces a VM to another tenant on one port, hop by hop, with the reply", async () => {
    const r = await run(policyTrace, ["--from", "vm:tenant-acme/worker-0", "--to", "tenant:globex", "--port", "tcp/443", "--objects", fx("objects.yaml"), "--input", fx("input.json"), "--json"]);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { verdict: string; paths: { hops: { step: string; ref?: string; path?: string }[] }[] };
    expect(t.verdict).toBe("connection");
    const hops = t.paths[0]!.hops;
    expect(hops).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: "route", ref: "Vpc/kmetal-acme", path: "spec.staticRoutes[0]" }),
      expect.objectContaining({ step: "DST_TO: allowed", ref: "Subnet/kmetal-globex", path: "spec.acls[0]" }),
      expect.objectContaining({ step: "reply route", ref: "Vpc/kmetal-globex", path: "spec.staticRoutes[0]" }),
    ]));
    const blocked = await run(policyTrace, ["--from", "vm:tenant-acme/worker-0", "--to", "tenant:globex", "--port", "udp/53", "--objects", fx("objects.yaml"), "--input", fx("input.json")]);
    expect(blocked.stdout.split("\n")[0]).toBe("vm:tenant-acme/worker-0 → tenant:globex udp/53: blocked");
    expect(blocked.stdout).toContain("DST_TO: dropped  [Subnet/kmetal-globex spec.acls[1]]");
  });
  it("exits 2 on a bad query", async () => {
    const r = await run(policyTrace, ["--from", "acme", "--to", "nobody", "--port", "tcp/443", "--objects", fx("objects.yaml"), "--input", fx("input.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("kmetal policy-trace: no tenant nobody\n");
    expect((await run(policyTrace, ["--from", "acme"])).stderr).toMatch(/--from, --to and --port are required/);
  });
});
