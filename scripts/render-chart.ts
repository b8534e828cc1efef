// Writes the generated parts of the Helm chart deploy/helm/kmetal-console from their one source:
//   templates/rbac.yaml  ← lib/authz/rbac.ts and lib/authz/reconciler-rbac.ts (as `kmetal manifests` prints them)
//   files/crds/*.yaml    ← deploy/crds/kmetal/*.yaml
// Usage: npm run render:chart (add --check to fail instead of writing when a file is out of date).
import fs from "node:fs";
import path from "node:path";
import { chartRbacTemplate } from "@/server/cli/manifests";
import { repoRoot } from "@/server/local/binaries";

export const chartDir = () => path.join(repoRoot(), "deploy", "helm", "kmetal-console");

/** Every generated file of the chart (path relative to the chart) with the content the code gives it. */
export function chartGeneratedFiles(): Map<string, string> {
  const files = new Map<string, string>([["templates/rbac.yaml", chartRbacTemplate()]]);
  const crds = path.join(repoRoot(), "deploy", "crds", "kmetal");
  for (const f of fs.readdirSync(crds).filter((f) => f.endsWith(".yaml")).sort()) {
    files.set(`files/crds/${f}`, fs.readFileSync(path.join(crds, f), "utf8"));
  }
  return files;
}

export async function main(args: string[]): Promise<number> {
  const check = args.includes("--check");
  const dir = chartDir();
  const stale: string[] = [];
  const wanted = chartGeneratedFiles();
  // A CRD removed from deploy/crds/kmetal must leave the chart too.
  const copied = path.join(dir, "files", "crds");
  for (const f of fs.existsSync(copied) ? fs.readdirSync(copied) : []) {
    if (!wanted.has(`files/crds/${f}`)) {
      stale.push(`files/crds/${f}`);
      if (!check) fs.rmSync(path.join(copied, f));
    }
  }
  for (const [rel, text] of wanted) {
    const file = path.join(dir, rel);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
    stale.push(rel);
    if (!check) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  if (check && stale.length) {
    process.stderr.write(`out of date in ${path.relative(process.cwd(), dir)}: ${stale.join(", ")}; run: npm run render:chart\n`);
    return 1;
  }
  process.stderr.write(stale.length ? `wrote ${stale.join(", ")}\n` : "chart is up to date\n");
  return 0;
}
