import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import type { Binaries } from "@/server/local/binaries";
import { backoffDelay } from "@/lib/kube/backoff";
import { freePort } from "@/server/local/ports";
import { reapStale, startProcess, tail, waitReady, type ManagedProcess } from "@/server/local/proc";

export interface UnderClusterOptions {
  /** Holds etcd data, PKI, tokens and logs; reused across restarts. */
  dir: string;
  binaries: Binaries;
  log?: (line: string) => void;
  /** Start kube-controller-manager and kube-scheduler too (default true when the binaries exist). */
  controllers?: boolean;
  /** Restart a process that exits unexpectedly, with backoff (the CLI does; tests that stop things on purpose do not). */
  supervise?: boolean;
}

export interface ProcessInfo {
  name: string;
  pid: number;
  port: number;
  logFile: string;
}

export interface UnderClusterInfo {
  dir: string;
  apiServerUrl: string;
  kubeconfigPath: string;
  etcdUrl: string;
  processes: ProcessInfo[];
}

const SERVICE_RANGE = "10.96.0.0/16";

/** Generates (once) the keys and token the under cluster needs; later starts reuse them. */
function ensureSecrets(dir: string) {
  const pki = path.join(dir, "pki");
  fs.mkdirSync(pki, { recursive: true, mode: 0o700 });
  const saKey = path.join(dir, "sa.key");
  const saPub = path.join(dir, "sa.pub");
  if (!fs.existsSync(saKey) || !fs.existsSync(saPub)) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    fs.writeFileSync(saKey, privateKey, { mode: 0o600 });
    fs.writeFileSync(saPub, publicKey, { mode: 0o600 });
  }
  const tokens = path.join(dir, "tokens.csv");
  if (!fs.existsSync(tokens)) {
    const token = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(tokens, `${token},kmetal-admin,kmetal-admin,"system:masters"\n`, { mode: 0o600 });
  }
  const token = fs.readFileSync(tokens, "utf8").split(",")[0]!;
  return { pki, saKey, saPub, tokens, token };
}

function writeKubeconfig(file: string, server: string, caFile: string, token: string) {
  const ca = Buffer.from(fs.readFileSync(caFile)).toString("base64");
  const yaml = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: kmetal-under",
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    "users:",
    "- name: kmetal-admin",
    "  user:",
    `    token: ${token}`,
    "contexts:",
    "- name: kmetal-under",
    "  context: {cluster: kmetal-under, user: kmetal-admin, namespace: default}",
    "current-context: kmetal-under",
    "",
  ].join("\n");
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, yaml, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** GET over TLS against the apiserver's self-signed CA, with the admin token. */
function httpsGet(url: string, ca: Buffer, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 3_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/**
 * A real etcd + kube-apiserver (+ controller-manager and scheduler) on loopback, on free ports,
 * with RBAC on and a token for the admin (system:masters).
 */
export class UnderCluster {
  private etcd?: ManagedProcess;
  private apiserver?: ManagedProcess;
  private controllers: ManagedProcess[] = [];
  private etcdPort = 0;
  private etcdPeerPort = 0;
  private apiPort = 0;
  private stopping = false;
  /** Processes stopped on purpose, which supervision must not bring back. */
  private readonly held = new Set<string>();
  private readonly log: (line: string) => void;

  constructor(private readonly opts: UnderClusterOptions) {
    this.log = opts.log ?? (() => {});
  }

  get dir() {
    return this.opts.dir;
  }
  get kubeconfigPath() {
    return path.join(this.dir, "admin.kubeconfig");
  }
  get apiServerUrl() {
    return `https://127.0.0.1:${this.apiPort}`;
  }
  private get caFile() {
    return path.join(this.dir, "pki", "apiserver.crt");
  }

  info(): UnderClusterInfo {
    const procs: [ManagedProcess | undefined, number][] = [[this.etcd, this.etcdPort], [this.apiserver, this.apiPort], ...this.controllers.map((c) => [c, 0] as [ManagedProcess, number])];
    return {
      dir: this.dir,
      apiServerUrl: this.apiServerUrl,
      kubeconfigPath: this.kubeconfigPath,
      etcdUrl: `http://127.0.0.1:${this.etcdPort}`,
      processes: procs.filter(([p]) => p?.isRunning()).map(([p, port]) => ({ name: p!.name, pid: p!.pid, port, logFile: p!.logFile })),
    };
  }

  async start(): Promise<UnderClusterInfo> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(this.dir, "logs"), { recursive: true });
    reapStale(this.dir, this.log);
    const t0 = Date.now();
    await this.startEtcd();
    this.log(`etcd ready on 127.0.0.1:${this.etcdPort} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const t1 = Date.now();
    await this.startApiServer();
    this.log(`kube-apiserver ready on ${this.apiServerUrl} in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
    if (this.opts.controllers !== false) await this.startControllers();
    this.writePids();
    return this.info();
  }

  private async startEtcd() {
    const b = this.opts.binaries;
    const data = path.join(this.dir, "etcd");
    this.etcdPeerPort ||= await freePort();
    this.etcdPort ||= await freePort();
    const peerPort = this.etcdPeerPort;
    const logFile = path.join(this.dir, "logs", "etcd.log");
    this.etcd = startProcess("etcd", b.etcd, [
      "--name=default", `--data-dir=${data}`,
      `--listen-client-urls=http://127.0.0.1:${this.etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${this.etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`, "--unsafe-no-fsync", "--log-level=warn",
      `--quota-backend-bytes=${4 * 1024 ** 3}`,
    ], { logFile });
    try {
      await waitReady(this.etcd, async () => {
        const res = await fetch(`http://127.0.0.1:${this.etcdPort}/health`);
        return res.ok && ((await res.json()) as { health?: string }).health === "true";
      }, 60_000);
      this.supervise(this.etcd, () => this.startEtcd());
    } catch (err) {
      await this.etcd.stop();
      const hint = fs.existsSync(data)
        ? `\nIf the etcd data dir ${data} is corrupt, move it aside (mv ${data} ${data}.bak) and start again; kmetal never deletes it.`
        : "";
      throw new Error(`${(err as Error).message}${hint}`);
    }
  }

  /** Starts (or restarts, on the same port) the kube-apiserver. */
  async startApiServer(): Promise<void> {
    const b = this.opts.binaries;
    const s = ensureSecrets(this.dir);
    this.apiPort ||= await freePort();
    const logFile = path.join(this.dir, "logs", "kube-apiserver.log");
    this.apiserver = startProcess("kube-apiserver", b.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${this.etcdPort}`,
      "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${this.apiPort}`,
      `--cert-dir=${s.pki}`, `--token-auth-file=${s.tokens}`, "--authorization-mode=RBAC",
      // No anonymous requests: an unknown client certificate (e.g. a tenant's) gets 401, not a 403 as system:anonymous.
      "--anonymous-auth=false",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${s.saPub}`, `--service-account-signing-key-file=${s.saKey}`,
      `--service-cluster-ip-range=${SERVICE_RANGE}`, "--endpoint-reconciler-type=none", "--allow-privileged=true",
      ...(this.opts.controllers === false || !b.kubeControllerManager ? ["--disable-admission-plugins=ServiceAccount"] : []),
      "--v=1",
    ], { logFile });
    const proc = this.apiserver;
    try {
      await waitReady(proc, async () => {
        if (!fs.existsSync(this.caFile)) return false;
        const res = await httpsGet(`${this.apiServerUrl}/readyz`, fs.readFileSync(this.caFile), s.token);
        return res.status === 200;
      });
    } catch (err) {
      await proc.stop();
      throw err;
    }
    this.held.delete(proc.name);
    this.supervise(proc, () => this.startApiServer());
    writeKubeconfig(this.kubeconfigPath, this.apiServerUrl, this.caFile, s.token);
    this.writePids();
  }

  /** Stops only the kube-apiserver (etcd keeps the data); used to show and test reconnection. */
  async stopApiServer(): Promise<void> {
    this.held.add("kube-apiserver");
    await this.apiserver?.stop();
  }

  /** Brings back a process that exits unexpectedly, with jittered backoff, unless we are stopping. */
  private supervise(proc: ManagedProcess, restart: () => Promise<void>) {
    if (!this.opts.supervise) return;
    void proc.exited.then(async (code) => {
      for (let attempt = 0; !this.stopping && !this.held.has(proc.name); attempt++) {
        if (attempt === 0) this.log(`${proc.name} exited (${code}); restarting it`);
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: 1_000, capMs: 30_000 })));
        if (this.stopping || this.held.has(proc.name)) return;
        try {
          await restart();
          this.log(`${proc.name} is back (pid ${this.info().processes.find((p) => p.name === proc.name)?.pid ?? "?"})`);
          this.writePids();
          return;
        } catch (err) {
          this.log(`restarting ${proc.name} failed: ${(err as Error).message.split("\n")[0]}`);
        }
      }
    });
  }

  private async startControllers() {
    const b = this.opts.binaries;
    if (b.kubeControllerManager) await this.startController("kube-controller-manager");
    else this.log("no kube-controller-manager binary: namespace deletion and garbage collection will not complete");
    if (b.kubeScheduler) await this.startController("kube-scheduler");
    // Both serve /healthz on their secure port; a quick liveness check catches a bad flag at once.
    await new Promise((r) => setTimeout(r, 1_500));
    for (const c of this.controllers) {
      if (!c.isRunning()) throw new Error(`${c.name} exited at start. Last lines of ${c.logFile}:\n${tail(c.logFile)}`);
    }
  }

  private async startController(name: "kube-controller-manager" | "kube-scheduler") {
    const b = this.opts.binaries;
    const s = ensureSecrets(this.dir);
    const kubeconfig = this.kubeconfigPath;
    const port = await freePort();
    const common = [`--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
      "--leader-elect=false", "--bind-address=127.0.0.1", `--secure-port=${port}`, "--v=1"];
    const args = name === "kube-controller-manager"
      ? [...common, `--service-account-private-key-file=${s.saKey}`, `--root-ca-file=${this.caFile}`, "--controllers=*"]
      : common;
    const bin = name === "kube-controller-manager" ? b.kubeControllerManager! : b.kubeScheduler!;
    const proc = startProcess(name, bin, args, { logFile: path.join(this.dir, "logs", `${name}.log`) });
    this.controllers = [...this.controllers.filter((c) => c.name !== name), proc];
    this.supervise(proc, () => this.startController(name));
  }

  private writePids() {
    fs.writeFileSync(path.join(this.dir, "pids.json"), JSON.stringify(this.info().processes));
  }

  /** Stops every process, controllers first, etcd last. Leaves the data in place. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.controllers.map((c) => c.stop()));
    this.controllers = [];
    await this.apiserver?.stop();
    await this.etcd?.stop();
    fs.rmSync(path.join(this.dir, "pids.json"), { force: true });
  }
}
