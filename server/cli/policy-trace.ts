import { trace } from "@/lib/policy-graph/trace";
import { loadGraph } from "@/server/cli/policy-graph";
import { UnreadableInput, parseFlags } from "@/server/cli/policy-input";

/** `kmetal policy-trace --from A --to B --port tcp/443 [--objects F --input F | --kubeconfig F] [--json]`. */
export async function policyTrace(args: string[]): Promise<number> {
  try {
    const { flags, bare } = parseFlags(args, ["--from", "--to", "--port", "--objects", "--input", "--kubeconfig"]);
    for (const b of bare) if (b !== "--json") throw new UnreadableInput(`unknown flag ${b}`);
    const from = flags.get("--from"), to = flags.get("--to"), port = flags.get("--port");
    if (!from || !to || !port) throw new UnreadableInput("--from, --to and --port are required");
    const graph = await loadGraph(flags);
    let result;
    try {
      result = trace(graph.modelView(), { from, to, port });
    } catch (err) {
      throw new UnreadableInput((err as Error).message);
    }
    if (bare.has("--json")) {
      process.stdout.write(JSON.stringify(result, null, 2) + "\n");
      return 0;
    }
    const out = [`${from} → ${to} ${port}: ${result.verdict}`];
    for (const p of result.paths) {
      out.push("", `${p.from} (${p.src}) → ${p.to} (${p.dst}): ${p.result}`);
      for (const h of p.hops) out.push(`  · ${h.step}${h.ref ? `  [${h.ref}${h.path ? ` ${h.path}` : ""}]` : ""}${h.detail && h.detail !== h.step ? `  ${h.detail}` : ""}`);
    }
    process.stdout.write(out.join("\n") + "\n");
    return 0;
  } catch (err) {
    if (!(err instanceof UnreadableInput)) throw err;
    process.stderr.write(`kmetal policy-trace: ${err.message}\n`);
    return 2;
  }
}
