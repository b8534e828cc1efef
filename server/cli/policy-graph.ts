import { PolicyGraph } from "@/lib/policy-graph/graph";
import type { Edge } from "@/lib/policy-graph/types";
import { UnreadableInput, liveGraph, parseFlags, readInput, readObjects } from "@/server/cli/policy-input";

const KNOWN = ["--json"];

/** Loads the graph from files (--objects/--input) or from the live under cluster. */
export async function loadGraph(flags: Map<string, string>): Promise<PolicyGraph> {
  const objects = flags.get("--objects");
  if (!objects) return liveGraph(flags.get("--kubeconfig"), flags.get("--input"));
  const inputFile = flags.get("--input");
  if (!inputFile) throw new UnreadableInput("--objects needs --input FILE.json (the platform CIDRs and exceptions)");
  const input = readInput(inputFile);
  const graph = new PolicyGraph(input);
  for (const o of readObjects(objects)) graph.applyObject(o);
  return graph;
}

const line = (e: Edge) => `${e.from.padEnd(28)} → ${e.to.padEnd(28)} ${e.verdict}${e.ports ? ` ${e.ports.join(",")}` : ""}${e.oneway ? " (one-way)" : ""}${e.excepted ? " (excepted)" : ""}`;

/** `kmetal policy-graph [--objects F --input F | --kubeconfig F] [--json]`; exit 0 whenever the input was readable. */
export async function policyGraph(args: string[]): Promise<number> {
  try {
    const { flags, bare } = parseFlags(args, ["--objects", "--input", "--kubeconfig"]);
    for (const b of bare) if (!KNOWN.includes(b)) throw new UnreadableInput(`unknown flag ${b}`);
    const graph = await loadGraph(flags);
    if (bare.has("--json")) {
      process.stdout.write(JSON.stringify(graph.output(), null, 2) + "\n");
      return 0;
    }
    const edges = graph.edges();
    const violations = graph.violations();
    const warnings = graph.warnings();
    const out = [
      `${graph.tenants.length} tenants; every edge not listed is deny`,
      ...edges.map(line),
      "",
      `${violations.length} violation(s)${violations.length ? ":" : ""}`,
      ...violations.map((v) => `  ${v.from} → ${v.to}: ${v.reasons.filter((r) => r.effect !== "assumption").map((r) => `${r.ref}${r.path ? ` ${r.path}` : ""}`).slice(0, 6).join(", ")}`),
      ...(warnings.length ? ["", `${warnings.length} warning(s):`, ...warnings.map((w) => `  ${w.code} ${w.ref}${w.path ? ` ${w.path}` : ""}${w.detail ? `: ${w.detail}` : ""}`)] : []),
    ];
    process.stdout.write(out.join("\n") + "\n");
    return 0;
  } catch (err) {
    if (!(err instanceof UnreadableInput)) throw err;
    process.stderr.write(`kmetal policy-graph: ${err.message}\n`);
    return 2;
  }
}
