// What the browser and load benchmarks share: a fresh local under cluster with the CRDs and the platform policy,
// the production console started against it on loopback, and Debian's Chromium signed in to it.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { ensureConsoleBuild } from "@/server/cli/console-build";
import { gatewayFromFile } from "@/server/kube/client";
import { installCrds, readCrdFiles } from "@/server/kube/crds";
import type { KubeGateway } from "@/server/kube/gateway";
import { repoRoot, resolveBinaries, type Binaries } from "@/server/local/binaries";
import { freePort } from "@/server/local/ports";
import { UnderCluster } from "@/server/local/under-cluster";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items` with at most `n` at a time (seeding a cluster without flooding its API server). */
export async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

/** The production build (made once per source change, before anything is timed) and a fresh under cluster. */
export async function benchCluster(label: string): Promise<{ binaries: Binaries; kube: KubeGateway; kubeconfigPath: string; stop: () => Promise<void> }> {
  const binaries = await resolveBinaries((l) => console.error(l));
  const built = await ensureConsoleBuild(path.join(os.tmpdir(), "kmetal-bench-next-build.log"), (l) => console.error(l));
  if (built) console.error(`console built in ${built.toFixed(0)} s`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `kmetal-bench-${label}-`));
  const under = new UnderCluster({ dir: path.join(root, "under"), binaries, controllers: false });
  const info = await under.start();
  const kube = gatewayFromFile(info.kubeconfigPath);
  const stop = async () => {
    await under.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await installCrds(kube, readCrdFiles(path.join(repoRoot(), "deploy", "crds")));
    await ensurePlatformPolicy(kube, [binaries.version]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { binaries, kube, kubeconfigPath: info.kubeconfigPath, stop };
}

export interface BenchConsole {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `next start` of a checkout (this one by default) on a free loopback port, once it answers /login. With
 * KMETAL_BENCH_PROFILE=<dir> the console writes a V8 CPU profile there when it stops; KMETAL_BENCH_NODE_OPTIONS
 * is its NODE_OPTIONS (e.g. `--heapsnapshot-signal=SIGUSR2` to take heap snapshots of it by hand);
 * KMETAL_BENCH_CONSOLE_LOG=<file> receives its output.
 */
export async function startConsole(kubeconfigPath: string, opts: { dir?: string; env?: Record<string, string> } = {}): Promise<BenchConsole> {
  const dir = opts.dir ?? repoRoot();
  const profile = process.env.KMETAL_BENCH_PROFILE;
  const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = process.env.KMETAL_BENCH_CONSOLE_LOG ? fs.openSync(process.env.KMETAL_BENCH_CONSOLE_LOG, "w") : undefined;
  const proc = spawn(process.execPath, [...nodeArgs, path.join(dir, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir, stdio: log === undefined ? "ignore" : ["ignore", log, log],
    env: { ...process.env, NODE_OPTIONS: process.env.KMETAL_BENCH_NODE_OPTIONS ?? "", NODE_ENV: "production", KMETAL_KUBECONFIG: kubeconfigPath, AUTH_SECRET: crypto.randomBytes(32).toString("hex"), AUTH_URL: url, ...opts.env },
  });
  // Next exits on SIGTERM through process.exit, which is when a CPU profile is written: wait for it.
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000)]);
  };
  let up = false;
  for (let i = 0; i < 1200 && !up && proc.exitCode === null; i++) {
    up = await fetch(`${url}/login`).then((r) => r.ok, () => false);
    if (!up) await sleep(100);
  }
  if (!up) {
    await stop();
    throw new Error(proc.exitCode === null ? "the console did not answer /login within 120 s" : `the console exited (${proc.exitCode})`);
  }
  return { url, proc, stop };
}

export const launchChromium = (extraArgs: string[] = []): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.KMETAL_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-background-networking", ...extraArgs] });

/** Signs a browser page in through the login form; it then stands on whatever page sign-in lands on. */
export async function signInPage(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** The session cookie header of a signed-in page, for plain HTTP requests beside the browser. */
export const cookieHeader = async (page: Page) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
