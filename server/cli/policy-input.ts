import fs from "node:fs";
import yaml from "js-yaml";
import { z } from "zod";
import { PolicyGraph } from "@/lib/policy-graph/graph";
import { KINDS, type Kind } from "@/lib/policy-graph/objects";
import type { KubeObject, PolicyInput } from "@/lib/policy-graph/types";
import { consoleConnection, gatewayFromKubeconfig } from "@/server/kube/client";
import { KubeError } from "@/server/kube/errors";
import { activeExceptions, withExceptions } from "@/lib/policy-graph/exceptions";
import type { PolicyExceptionResource } from "@/server/kube/resources";
import { models } from "@/server/kube/models";

/** Input that cannot be read: the commands answer with one line and exit code 2. */
export class UnreadableInput extends Error {}

const InputSchema = z.object({
  platformCIDRs: z.array(z.string()),
  exceptions: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string().optional() })).optional(),
  joinCIDR: z.string().optional(),
});

const ObjectSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }).passthrough(),
}).passthrough();

const zodLine = (err: z.ZodError) => err.issues.slice(0, 2).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UnreadableInput(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function readInput(file: string): PolicyInput {
  let raw: unknown;
  try {
    raw = JSON.parse(readText(file, "input"));
  } catch (err) {
    if (err instanceof UnreadableInput) throw err;
    throw new UnreadableInput(`${file} is not JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  const parsed = InputSchema.safeParse(raw);
  if (!parsed.success) throw new UnreadableInput(`${file} is not a policy-graph input: ${zodLine(parsed.error)}`);
  return parsed.data;
}

/** Multi-document YAML; a `kind: List` is flattened. */
export function readObjects(file: string): KubeObject[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(readText(file, "objects"));
  } catch (err) {
    if (err instanceof UnreadableInput) throw err;
    throw new UnreadableInput(`${file} is not YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const out: KubeObject[] = [];
  const take = (doc: unknown, where: string) => {
    if (doc === null || doc === undefined) return;
    const parsed = ObjectSchema.safeParse(doc);
    if (!parsed.success) throw new UnreadableInput(`${file}: ${where} is not a Kubernetes object: ${zodLine(parsed.error)}`);
    out.push(parsed.data as KubeObject);
  };
  docs.forEach((doc, i) => {
    const d = doc as { kind?: unknown; items?: unknown };
    if (d && typeof d === "object" && d.kind === "List") {
      if (!Array.isArray(d.items)) throw new UnreadableInput(`${file}: document ${i + 1} is a List without items`);
      d.items.forEach((item, j) => take(item, `document ${i + 1} item ${j + 1}`));
    } else take(doc, `document ${i + 1}`);
  });
  return out;
}

/**
 * The graph of the live under cluster: every kind the engine reads, listed through the gateway. A kubeconfig
 * that does not parse, or a cluster that cannot be read, is unreadable input like a bad file.
 */
export async function liveGraph(kubeconfig: string | undefined, inputFile: string | undefined): Promise<PolicyGraph> {
  try {
    return await readLiveGraph(kubeconfig, inputFile);
  } catch (err) {
    if (err instanceof UnreadableInput) throw err;
    throw new UnreadableInput(`cannot read the under cluster${kubeconfig ? ` of ${kubeconfig}` : ""}: ${(err as Error).message.split("\n")[0]}`);
  }
}

async function readLiveGraph(kubeconfig: string | undefined, inputFile: string | undefined): Promise<PolicyGraph> {
  const gateway = kubeconfig ? gatewayFromKubeconfig(readText(kubeconfig, "kubeconfig")) : consoleConnection().gateway;
  let input: PolicyInput;
  if (inputFile) input = readInput(inputFile);
  else {
    // The platform's own policy names the CIDRs tenants must not reach.
    const policy = await gateway.find<{ metadata?: object; spec?: { platformCidrs?: string[] } }>(models.PlatformPolicy, { name: "platform" }).catch(() => undefined);
    input = { platformCIDRs: policy?.spec?.platformCidrs ?? [] };
    // The platform's exceptions that hold now (a cluster without the CRD has none).
    const exceptions = await gateway.list<PolicyExceptionResource>(models.PolicyException).then((l) => l.items).catch((err: unknown) => {
      if (err instanceof KubeError && err.status === 404) return [];
      throw err;
    });
    input = withExceptions(input, activeExceptions(exceptions.map((o) => ({ name: o.metadata?.name ?? "", ...o.spec })), Date.now()).active);
  }
  const graph = new PolicyGraph(input);
  for (const kind of KINDS as readonly Kind[]) {
    let items: KubeObject[];
    try {
      items = (await gateway.list<KubeObject>(models[kind])).items;
    } catch (err) {
      // A kind whose CRD is not installed (no NAT gateways, no KubeVirt) simply has no objects.
      if (err instanceof KubeError && err.status === 404) continue;
      throw err;
    }
    for (const o of items) graph.applyChange(kind, o);
  }
  return graph;
}

/** `--flag value` pairs and bare flags. */
export function parseFlags(args: string[], valued: string[]): { flags: Map<string, string>; bare: Set<string> } {
  const flags = new Map<string, string>();
  const bare = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valued.includes(a)) {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new UnreadableInput(`${a} needs a value`);
      flags.set(a, v);
    } else if (a.startsWith("--")) bare.add(a);
    else throw new UnreadableInput(`unexpected argument "${a}"`);
  }
  return { flags, bare };
}
