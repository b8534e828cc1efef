import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cacheDir } from "@/server/paths";
import { repoRoot } from "@/server/local/binaries";

/** The helm release the chart is tested with; built from its Go module like the control-plane binaries. */
export const HELM_VERSION = "v3.22.0";
export const helmPath = () => path.join(cacheDir(), "helm-from-modules", "bin", HELM_VERSION, "helm");

/**
 * Finds helm in the version-keyed cache, else builds it there with scripts/build-helm.sh (once: a few minutes
 * on 2 cores; a parallel caller waits on the script's lock instead of building twice).
 */
export async function resolveHelm(log: (line: string) => void = () => {}): Promise<string> {
  const cached = helmPath();
  if (fs.existsSync(cached)) return cached;
  log(`building helm ${HELM_VERSION} from Go modules into ${path.dirname(cached)} (first run only)`);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("bash", [path.join(repoRoot(), "scripts", "build-helm.sh")], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, KMETAL_CACHE_DIR: cacheDir(), KMETAL_HELM_VERSION: HELM_VERSION },
    });
    let stdout = "";
    let last = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (last = c.trim().split("\n").pop() ?? last));
    child.on("exit", (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`building helm failed (exit ${code}): ${last}`))));
    child.on("error", reject);
  });
  if (out !== cached) throw new Error(`scripts/build-helm.sh built ${out}, expected ${cached}`);
  return cached;
}
