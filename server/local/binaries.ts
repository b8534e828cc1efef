import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env.js";
import { cacheDir } from "@/server/paths";

export interface Binaries {
  dir: string;
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager?: string;
  kubeScheduler?: string;
  kubectl?: string;
  source: "KUBEBUILDER_ASSETS" | "cache" | "built";
  /** What `kube-apiserver --version` reports, e.g. v1.36.3. */
  version: string;
}

const NAMES = { etcd: "etcd", kubeApiserver: "kube-apiserver", kubeControllerManager: "kube-controller-manager", kubeScheduler: "kube-scheduler", kubectl: "kubectl" } as const;
const exe = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export const repoRoot = () => path.resolve(import.meta.dirname, "..", "..");
export const cacheBinDir = () => path.join(cacheDir(), "kube-from-modules", "bin", `${env.KMETAL_K8S_VERSION}-etcd${env.KMETAL_ETCD_VERSION}`);

function fromDir(dir: string, source: Binaries["source"]): Binaries | undefined {
  const p = (n: string) => path.join(dir, n);
  if (!exe(p(NAMES.etcd)) || !exe(p(NAMES.kubeApiserver))) return undefined;
  const opt = (n: string) => (exe(p(n)) ? p(n) : undefined);
  const out = spawnSync(p(NAMES.kubeApiserver), ["--version"], { encoding: "utf8" }).stdout ?? "";
  const version = /v\d+\.\d+\.\d+\S*/.exec(out)?.[0] ?? "unknown";
  return {
    dir, source, version, etcd: p(NAMES.etcd), kubeApiserver: p(NAMES.kubeApiserver),
    kubeControllerManager: opt(NAMES.kubeControllerManager), kubeScheduler: opt(NAMES.kubeScheduler), kubectl: opt(NAMES.kubectl),
  };
}

/**
 * Finds the control-plane binaries: $KUBEBUILDER_ASSETS (envtest convention), else the version-keyed cache,
 * else builds them from Go modules into the cache (once; about 6 minutes on 2 idle cores).
 * setup-envtest ships no controller-manager or scheduler, so those come from the cache when it has them.
 */
export async function resolveBinaries(log: (line: string) => void = () => {}): Promise<Binaries> {
  if (env.KUBEBUILDER_ASSETS) {
    const b = fromDir(env.KUBEBUILDER_ASSETS, "KUBEBUILDER_ASSETS");
    if (!b) throw new Error(`KUBEBUILDER_ASSETS=${env.KUBEBUILDER_ASSETS} holds no executable etcd and kube-apiserver; fix the path or unset it to build them`);
    const cached = fromDir(cacheBinDir(), "cache");
    b.kubeControllerManager ??= cached?.kubeControllerManager;
    b.kubeScheduler ??= cached?.kubeScheduler;
    b.kubectl ??= cached?.kubectl;
    return b;
  }
  const cached = fromDir(cacheBinDir(), "cache");
  if (cached?.kubeControllerManager && cached.kubeScheduler && cached.kubectl) return cached;
  if (spawnSync("go", ["version"]).status !== 0 && !exe("/usr/local/go/bin/go")) {
    throw new Error("Go is not installed and KUBEBUILDER_ASSETS is not set: install Go 1.24+ (to build the control-plane binaries once) or set KUBEBUILDER_ASSETS to a folder holding etcd and kube-apiserver");
  }
  // The script announces the build itself (and waits for a build already running elsewhere).
  await buildWithScript(log);
  const built = fromDir(cacheBinDir(), "built");
  if (!built) throw new Error(`the build finished but ${cacheBinDir()} holds no binaries`);
  return built;
}

/**
 * A line of the build script meant for people (the script marks those with its own "kmetal:" or
 * "kmetal-build:" prefix), without that prefix: the caller's log adds its own, one per line.
 */
export function forPeople(line: string): string | undefined {
  const own = /^kmetal(?:-build)?:\s*/.exec(line);
  return own ? line.slice(own[0].length) : undefined;
}

function buildWithScript(log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [path.join(repoRoot(), "scripts", "build-control-plane.sh")], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, KMETAL_CACHE_DIR: cacheDir(), KMETAL_K8S_VERSION: env.KMETAL_K8S_VERSION, KMETAL_ETCD_VERSION: env.KMETAL_ETCD_VERSION },
    });
    let last = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) {
        if (!line.trim()) continue;
        const text = forPeople(line);
        last = text ?? line;
        if (text !== undefined) log(text);
      }
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`building the control-plane binaries failed (exit ${code}): ${last}`))));
    child.on("error", reject);
  });
}
