import { leafPolicy } from "@/lib/certificates/renewal";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env.js";
import { ensureConsoleBuild } from "@/server/cli/console-build";
import { alive, clearState, readState, writeState } from "@/server/cli/state";
import { platformRbac } from "@/lib/authz/rbac";
import { installCrds, readCrdFiles } from "@/server/kube/crds";
import { installRbac } from "@/server/kube/rbac";
import { gatewayFromFile } from "@/server/kube/client";
import { repoRoot, resolveBinaries } from "@/server/local/binaries";
import { portInUse } from "@/server/local/ports";
import { startProcess, type ManagedProcess } from "@/server/local/proc";
import { probeHttp, whenReady } from "@/server/local/readyz";
import { Supervisor } from "@/server/local/supervisor";
import { UnderCluster } from "@/server/local/under-cluster";
import { dataDir, tenantsDir, underDir } from "@/server/paths";
import { LocalProvider } from "@/server/local/provider/provider";
import { serveMetrics } from "@/server/metrics/serve";
import { TenantController } from "@/server/reconciler/controller";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureBootstrapAdmin, ensureNamespace } from "@/server/services/users";

const log = (line: string) => process.stderr.write(`kmetal: ${line}\n`);
const secs = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

/** Holds an exclusive lock for the lifetime of `kmetal up`; a stale lock from a dead process is taken over. */
function acquireLock(file: string): void {
  for (let i = 0; i < 2; i++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(file, "utf8"));
      if (pid && pid !== process.pid && alive(pid)) {
        throw new Error(`another "kmetal up" (pid ${pid}) is starting with the data dir ${dataDir()}; wait for it, or stop it with: npx kmetal down`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(dataDir(), "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

/** Builds and caches what `up` needs (binaries, console) without starting anything. */
export async function prepare(): Promise<number> {
  fs.mkdirSync(path.join(dataDir(), "logs"), { recursive: true, mode: 0o700 });
  const t0 = Date.now();
  const binaries = await resolveBinaries(log);
  log(`binaries from ${binaries.source} (${binaries.dir}) in ${secs(t0)}s`);
  const built = await ensureConsoleBuild(path.join(dataDir(), "logs", "next-build.log"), log);
  log(built ? `console built in ${built.toFixed(0)}s` : "console build is up to date");
  return 0;
}

export async function up(): Promise<number> {
  const running = readState();
  if (running && alive(running.pid)) {
    process.stdout.write(`kmetal is already running (pid ${running.pid}): console ${running.consoleUrl}\nUse "npx kmetal status" for details or "npx kmetal down" to stop it.\n`);
    return 0;
  }
  fs.mkdirSync(path.join(dataDir(), "logs"), { recursive: true, mode: 0o700 });
  const lock = path.join(dataDir(), "up.lock");
  acquireLock(lock);

  const port = env.KMETAL_PORT;
  if (await portInUse(port)) {
    fs.rmSync(lock, { force: true });
    throw new Error(`port ${port} on 127.0.0.1 is already in use; stop what uses it or pick another with KMETAL_PORT=<port>`);
  }

  let cluster: UnderCluster | undefined;
  let consoleProc: ManagedProcess | undefined;
  let provider: LocalProvider | undefined;
  let controller: TenantController | undefined;
  let stopping = false;
  // The console holds no state, so a crash is repaired by starting it again (with backoff, like the cluster's processes).
  const consoleSupervisor = new Supervisor({ enabled: true, log });
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    consoleSupervisor.stop();
    log("stopping…");
    await consoleProc?.stop();
    await controller?.stop().catch(() => {});
    await provider?.stop().catch(() => {});
    await cluster?.stop();
    clearState(process.pid);
    fs.rmSync(lock, { force: true });
    log("stopped; data kept in " + dataDir());
    process.exit(code);
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void shutdown(0));

  try {
    const t0 = Date.now();
    const binaries = await resolveBinaries(log);
    log(`binaries from ${binaries.source}: ${binaries.dir}`);
    cluster = new UnderCluster({ dir: underDir(), binaries, log, supervise: true });
    const t1 = Date.now();
    const info = await cluster.start();
    log(`local under cluster ready (/readyz) in ${secs(t1)}s`);

    const kube = gatewayFromFile(info.kubeconfigPath);
    const t2 = Date.now();
    const crds = readCrdFiles(path.join(repoRoot(), "deploy", "crds"));
    await installCrds(kube, crds);
    log(`${crds.length} CRDs installed and established in ${secs(t2)}s`);
    await ensureNamespace(kube, env.KMETAL_NAMESPACE);
    await installRbac(kube, platformRbac(env.KMETAL_NAMESPACE));
    const admin = await ensureBootstrapAdmin(kube, env.KMETAL_NAMESPACE, env.KMETAL_BOOTSTRAP_PASSWORD);
    if (await ensurePlatformPolicy(kube, [binaries.version])) log(`created the default platform policy (allowed version ${binaries.version})`);

    // The reconciler and the local provider run in this process in the embedded mode.
    provider = new LocalProvider({
      kube, binaries, dir: tenantsDir(), log, leaf: leafPolicy(env.KMETAL_LOCAL_LEAF_TTL, env.KMETAL_LOCAL_RENEW_AT),
      hypervisors: { count: env.KMETAL_HYPERVISORS, cpu: env.KMETAL_HYPERVISOR_CPUS, memoryGi: env.KMETAL_HYPERVISOR_MEMORY_GI },
    });
    await provider.start();
    controller = new TenantController(kube, { namespace: env.KMETAL_NAMESPACE, log, probeIntervalMs: env.KMETAL_ENDPOINT_PROBE_SECONDS * 1000 });
    await controller.start();
    const ctl = controller;
    if (env.KMETAL_RECONCILER_METRICS_PORT) serveMetrics(() => ctl.metrics.registry, { port: env.KMETAL_RECONCILER_METRICS_PORT, token: env.KMETAL_METRICS_TOKEN, log }).unref();
    log("tenant reconciler and local provider started");

    const built = await ensureConsoleBuild(path.join(dataDir(), "logs", "next-build.log"), log);
    if (built) log(`console built in ${built.toFixed(0)}s`);
    const consoleUrl = `http://127.0.0.1:${port}`;
    const t3 = Date.now();
    const startConsole = async () => {
      consoleProc = startProcess("console", process.execPath, [path.join(repoRoot(), "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
        logFile: path.join(dataDir(), "logs", "console.log"),
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          KMETAL_KUBECONFIG: info.kubeconfigPath,
          KMETAL_EMBEDDED: "true",
          KMETAL_DATA_DIR: dataDir(),
          AUTH_SECRET: authSecret(),
          AUTH_URL: consoleUrl,
        },
      });
      const proc = consoleProc;
      await whenReady(proc, () => probeHttp(`${consoleUrl}/login`), 120_000);
      void consoleSupervisor.watch(proc, () => startConsole().then(publish));
    };
    const publish = () =>
      writeState({
        pid: process.pid,
        startedAt: new Date(t0).toISOString(),
        consoleUrl,
        kubeconfigPath: info.kubeconfigPath,
        apiServerUrl: info.apiServerUrl,
        etcdUrl: info.etcdUrl,
        etcdTls: info.etcdTls,
        processes: [...cluster!.info().processes, { name: "console", pid: consoleProc!.pid, port, logFile: consoleProc!.logFile }],
      });
    await startConsole();
    publish();
    // state.json names the processes by pid (status, down, tests): keep it true when one is started again.
    cluster!.onRestart = publish;
    log(`console ready in ${secs(t3)}s (total start-up ${secs(t0)}s)`);

    const banner = [
      "",
      "  kMetal Console is running",
      `  URL:        ${consoleUrl}`,
      `  User:       ${admin.username}`,
      admin.password
        ? `  Password:   ${admin.password}   (shown once; only its hash is stored)`
        : "  Password:   set at first start (shown once then)",
      `  Kubeconfig: ${info.kubeconfigPath}   (under cluster admin)`,
      "  Stop:       Ctrl-C here, or: npx kmetal down",
      "",
    ];
    process.stdout.write(banner.join("\n") + "\n");
    await new Promise(() => {}); // run until a signal arrives
    return 0;
  } catch (err) {
    log((err as Error).message);
    await shutdown(1);
    return 1;
  }
}
