import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Binaries } from "@/server/local/binaries";
import { quickLivenessCheck, startComponent, type ComponentName } from "@/server/local/components";
import { etcdReady, etcdUrl, newEtcdPki, readEtcdPki, renewEtcdPki, startEtcd, writeEtcdTls, type EtcdTlsFiles } from "@/server/local/etcd";
import { writeKubeconfigFile, writePrivateFile } from "@/server/local/files";
import { startKubeApiserver } from "@/server/local/kube-apiserver";
import { freePort } from "@/server/local/ports";
import { reapStale, type ManagedProcess } from "@/server/local/proc";
import { probeReadyz, whenReady } from "@/server/local/readyz";
import { Supervisor } from "@/server/local/supervisor";

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
  /** https: etcd accepts only clients with a certificate of its own CA (`etcdTls`). */
  etcdUrl: string;
  etcdTls: EtcdTlsFiles;
  processes: ProcessInfo[];
}

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
    writePrivateFile(saKey, privateKey);
    writePrivateFile(saPub, publicKey);
  }
  const tokens = path.join(dir, "tokens.csv");
  if (!fs.existsSync(tokens)) {
    const token = crypto.randomBytes(32).toString("hex");
    writePrivateFile(tokens, `${token},kmetal-admin,kmetal-admin,"system:masters"\n`);
  }
  const token = fs.readFileSync(tokens, "utf8").split(",")[0]!;
  return { pki, saKey, saPub, tokens, token };
}

/**
 * A real etcd + kube-apiserver (+ controller-manager and scheduler) on loopback, on free ports,
 * with RBAC on and a token for the admin (system:masters). etcd takes TLS clients with its own CA's
 * certificates only.
 */
export class UnderCluster {
  private etcd?: ManagedProcess;
  private apiserver?: ManagedProcess;
  private controllers: ManagedProcess[] = [];
  private etcdPort = 0;
  private etcdPeerPort = 0;
  private apiPort = 0;
  private etcdTls?: EtcdTlsFiles;
  private readonly supervisor: Supervisor;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: UnderClusterOptions) {
    this.log = opts.log ?? (() => {});
    this.supervisor = new Supervisor({ enabled: !!opts.supervise, log: this.log });
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
  private get etcdDir() {
    return path.join(this.dir, "pki", "etcd");
  }
  info(): UnderClusterInfo {
    const procs: [ManagedProcess | undefined, number][] = [[this.etcd, this.etcdPort], [this.apiserver, this.apiPort], ...this.controllers.map((c) => [c, 0] as [ManagedProcess, number])];
    return {
      dir: this.dir,
      apiServerUrl: this.apiServerUrl,
      kubeconfigPath: this.kubeconfigPath,
      etcdUrl: etcdUrl(this.etcdPort),
      etcdTls: this.etcdTls!,
      processes: procs.filter(([p]) => p?.isRunning()).map(([p, port]) => ({ name: p!.name, pid: p!.pid, port, logFile: p!.logFile })),
    };
  }

  async start(): Promise<UnderClusterInfo> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(this.dir, "logs"), { recursive: true });
    reapStale(this.dir, this.log);
    this.supervisor.begin();
    // The etcd CA stays for the life of the data dir; the certificates it signs are renewed as they age.
    const pki = readEtcdPki(this.etcdDir);
    this.etcdTls = await writeEtcdTls(this.etcdDir, pki ? await renewEtcdPki(pki) : await newEtcdPki("kmetal-under"));
    const t0 = Date.now();
    await this.startEtcd();
    this.log(`etcd ready on ${etcdUrl(this.etcdPort)} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const t1 = Date.now();
    await this.startApiServer();
    this.log(`kube-apiserver ready on ${this.apiServerUrl} in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
    if (this.opts.controllers !== false) await this.startControllers();
    this.writePids();
    return this.info();
  }

  private async startEtcd() {
    const data = path.join(this.dir, "etcd");
    this.etcdPeerPort ||= await freePort();
    this.etcdPort ||= await freePort();
    const tls = this.etcdTls!;
    this.etcd = startEtcd(this.opts.binaries.etcd, {
      dataDir: data, port: this.etcdPort, peerPort: this.etcdPeerPort, tls, logFile: path.join(this.dir, "logs", "etcd.log"),
      extraArgs: [`--quota-backend-bytes=${4 * 1024 ** 3}`],
    });
    try {
      await whenReady(this.etcd, etcdReady(this.etcdPort, tls), 60_000);
    } catch (err) {
      const hint = fs.existsSync(data)
        ? `\nIf the etcd data dir ${data} is corrupt, move it aside (mv ${data} ${data}.bak) and start again; kmetal never deletes it.`
        : "";
      throw new Error(`${(err as Error).message}${hint}`);
    }
    this.watch(this.etcd, () => this.startEtcd());
  }

  /** Starts (or restarts, on the same port) the kube-apiserver. */
  async startApiServer(): Promise<void> {
    const b = this.opts.binaries;
    const s = ensureSecrets(this.dir);
    this.apiPort ||= await freePort();
    const proc = startKubeApiserver(b.kubeApiserver, {
      name: "kube-apiserver", port: this.apiPort, etcdPort: this.etcdPort, etcdTls: this.etcdTls!,
      saPub: s.saPub, saKey: s.saKey, logFile: path.join(this.dir, "logs", "kube-apiserver.log"),
      extraArgs: [
        `--cert-dir=${s.pki}`, `--token-auth-file=${s.tokens}`, "--authorization-mode=RBAC",
        // No anonymous requests: an unknown client certificate (e.g. a tenant's) gets 401, not a 403 as system:anonymous.
        "--anonymous-auth=false",
        ...(this.opts.controllers === false || !b.kubeControllerManager ? ["--disable-admission-plugins=ServiceAccount"] : []),
      ],
    });
    this.apiserver = proc;
    await whenReady(proc, async () => fs.existsSync(this.caFile) && probeReadyz(this.apiServerUrl, { caPem: fs.readFileSync(this.caFile), token: s.token }));
    this.supervisor.release(proc.name);
    this.watch(proc, () => this.startApiServer());
    writeKubeconfigFile(this.kubeconfigPath, {
      cluster: "kmetal-under", server: this.apiServerUrl, caPem: fs.readFileSync(this.caFile, "utf8"),
      user: "kmetal-admin", token: s.token, namespace: "default",
    });
    this.writePids();
  }

  /** Stops only the kube-apiserver (etcd keeps the data); used to show and test reconnection. */
  async stopApiServer(): Promise<void> {
    this.supervisor.hold("kube-apiserver");
    await this.apiserver?.stop();
  }

  /** Called after a supervised process was started again (its pid changed), e.g. to publish the new pids. */
  onRestart?: () => void;

  private watch(proc: ManagedProcess, restart: () => Promise<void>) {
    void this.supervisor.watch(proc, async () => {
      await restart();
      this.writePids();
      this.onRestart?.();
    });
  }

  private async startControllers() {
    const b = this.opts.binaries;
    if (b.kubeControllerManager) await this.startController("kube-controller-manager");
    else this.log("no kube-controller-manager binary: namespace deletion and garbage collection will not complete");
    if (b.kubeScheduler) await this.startController("kube-scheduler");
    // Both serve /healthz on their secure port; a quick liveness check catches a bad flag at once.
    await quickLivenessCheck(this.controllers, 1_500);
  }

  private async startController(name: ComponentName) {
    const b = this.opts.binaries;
    const s = ensureSecrets(this.dir);
    const bin = name === "kube-controller-manager" ? b.kubeControllerManager! : b.kubeScheduler!;
    const proc = startComponent(name, bin, {
      kubeconfig: this.kubeconfigPath, port: await freePort(), logFile: path.join(this.dir, "logs", `${name}.log`),
      extraArgs: name === "kube-controller-manager"
        ? [`--service-account-private-key-file=${s.saKey}`, `--root-ca-file=${this.caFile}`, "--controllers=*"]
        : [],
    });
    this.controllers = [...this.controllers.filter((c) => c.name !== name), proc];
    this.watch(proc, () => this.startController(name));
  }

  private writePids() {
    if (!this.supervisor.stopping) fs.writeFileSync(path.join(this.dir, "pids.json"), JSON.stringify(this.info().processes));
  }

  /** Stops every process, controllers first, etcd last. Leaves the data in place. */
  async stop(): Promise<void> {
    this.supervisor.stop();
    await Promise.all(this.controllers.map((c) => c.stop()));
    this.controllers = [];
    await this.apiserver?.stop();
    await this.etcd?.stop();
    fs.rmSync(path.join(this.dir, "pids.json"), { force: true });
  }
}
