import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { promisify } from "node:util";
import { backoffDelay } from "@/lib/kube/backoff";
import type { Binaries } from "@/server/local/binaries";
import { createCa, issueClientCert, issueServingCert, type CertKeyPair } from "@/server/pki/pki";
import { freePort } from "@/server/local/ports";
import { reapStale, startProcess, tail, waitReady, type ManagedProcess } from "@/server/local/proc";
import { startTcpBalancer, type TcpBalancer } from "@/server/local/tcp-balancer";

/** What a caller keeps (as Secrets) to restart a tenant with the same identity. */
export interface TenantPki { ca: CertKeyPair; serving: CertKeyPair; admin: CertKeyPair }

export interface TenantControlPlaneOptions {
  name: string;
  /** etcd data, keys, kubeconfigs and logs; kept across restarts. Every child's command line mentions it. */
  dir: string;
  binaries: Binaries;
  /** kube-apiserver replicas behind the balancer, 1 to 3. */
  replicas: number;
  /** Reused on restart; generated (and then readable through pki()) when absent. */
  pki?: TenantPki;
  /** Balancer port to keep the endpoint stable across restarts; a free one is taken if it is busy. */
  lbPort?: number;
  log?: (line: string) => void;
  /** Restart a process that exits unexpectedly, with backoff. */
  supervise?: boolean;
}

export interface TenantProcess { name: string; pid: number; port: number }

export interface TenantControlPlaneInfo {
  name: string;
  endpoint: string;
  lbPort: number;
  kubeconfigPath: string;
  etcdUrl: string;
  processes: TenantProcess[];
}

export interface TenantStartResult extends TenantControlPlaneInfo {
  timings: { pkiMs: number; etcdMs: number; apiserverMs: number; totalMs: number };
}

type Component = "kube-controller-manager" | "kube-scheduler";
interface Slot {
  proc?: ManagedProcess;
  port: number;
  /** Apiservers only: passed /readyz since their last (re)start, so the balancer may send clients there. */
  ready?: boolean;
}

const SERVICE_RANGE = "10.96.0.0/16";
const YEAR_S = 365 * 24 * 3600;
const generateKeyPair = promisify(crypto.generateKeyPair);
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** A kubeconfig with embedded CA and client cert, written atomically (mode 0600: it holds a key). */
function writeKubeconfig(file: string, cluster: string, server: string, ca: string, user: string, client: CertKeyPair) {
  const yaml = ["apiVersion: v1", "kind: Config", "clusters:", `- name: ${cluster}`, "  cluster:", `    server: ${server}`,
    `    certificate-authority-data: ${b64(ca)}`, "users:", `- name: ${user}`, "  user:",
    `    client-certificate-data: ${b64(client.certPem)}`, `    client-key-data: ${b64(client.keyPem)}`, "contexts:",
    `- name: ${cluster}`, `  context: {cluster: ${cluster}, user: ${user}, namespace: default}`, `current-context: ${cluster}`, ""];
  fs.writeFileSync(`${file}.tmp`, yaml.join("\n"), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** GET /readyz of one apiserver with the admin client cert; a 200 means ready. */
function readyz(port: number, ca: string, client: CertKeyPair): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get({ host: "127.0.0.1", port, path: "/readyz", ca, cert: client.certPem, key: client.keyPem, agent: false, timeout: 3_000 },
      (res) => (res.resume(), resolve(res.statusCode === 200)));
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/**
 * One tenant's hosted control plane as local processes: its own etcd, 1-3 kube-apiservers trusting only the
 * tenant CA, a controller-manager and a scheduler, behind a TLS pass-through balancer on 127.0.0.1.
 */
export class TenantControlPlaneRuntime {
  private readonly log: (line: string) => void;
  private tenantPki?: TenantPki;
  private etcd: Slot = { port: 0 };
  private etcdPeerPort = 0;
  private apiservers: Slot[] = [];
  private components = new Map<Component, Slot>();
  private balancer?: TcpBalancer;
  private lbPort: number;
  private stopping = false;
  /** Bumped by stop(), so a supervision loop from before a stop never restarts anything after a new start(). */
  private epoch = 0;

  constructor(private readonly opts: TenantControlPlaneOptions) {
    if (!Number.isInteger(opts.replicas) || opts.replicas < 1 || opts.replicas > 3) throw new Error(`replicas must be 1, 2 or 3 (got ${opts.replicas})`);
    // The name goes into certificate subjects and kubeconfig YAML verbatim.
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(opts.name)) throw new Error(`tenant name "${opts.name}" is not a Kubernetes object name`);
    this.log = opts.log ?? (() => {});
    this.tenantPki = opts.pki;
    this.lbPort = opts.lbPort ?? 0;
  }

  private file = (...p: string[]) => path.join(this.opts.dir, ...p);
  get kubeconfigPath() {
    return this.file("admin.kubeconfig");
  }
  get endpoint() {
    return `https://127.0.0.1:${this.lbPort}`;
  }
  /** The tenant's CA, serving and admin material (to store as Secrets); throws before start() made it. */
  pki(): TenantPki {
    if (!this.tenantPki) throw new Error(`tenant ${this.opts.name}: no PKI yet; start() makes it`);
    return this.tenantPki;
  }
  isRunning(): boolean {
    return !this.stopping && !!this.balancer && !!this.etcd.proc?.isRunning() && this.apiservers.some((a) => a.proc?.isRunning());
  }

  info(): TenantControlPlaneInfo {
    const slots: [string, Slot][] = [["etcd", this.etcd], ...this.apiservers.map((a, i) => [`kube-apiserver-${i}`, a] as [string, Slot]), ...this.components];
    return {
      name: this.opts.name, endpoint: this.endpoint, lbPort: this.lbPort, kubeconfigPath: this.kubeconfigPath,
      etcdUrl: `http://127.0.0.1:${this.etcd.port}`,
      processes: slots.filter(([, s]) => s.proc?.isRunning()).map(([name, s]) => ({ name, pid: s.proc!.pid, port: s.port })),
    };
  }

  async start(): Promise<TenantStartResult> {
    const t0 = performance.now();
    const since = (t: number) => Math.round(performance.now() - t);
    if (this.isRunning()) throw new Error(`tenant ${this.opts.name}: control plane already running at ${this.endpoint}`);
    this.stopping = false;
    fs.mkdirSync(this.file("logs"), { recursive: true, mode: 0o700 });
    reapStale(this.opts.dir, this.log);
    let timings: TenantStartResult["timings"];
    // etcd needs no certificates, so it boots while the PKI is made; the apiservers only need the PKI files
    // to start and wait for etcd themselves (as kubeadm's static pods do), so they do not wait for etcd either.
    this.etcdPeerPort ||= await freePort();
    this.etcd.port ||= await freePort();
    const etcd = this.startEtcd().then(() => since(t0));
    etcd.catch(() => {}); // awaited below; this only keeps an early failure elsewhere from leaving it unhandled
    try {
      const pkiMs = await this.ensurePki().then(() => since(t0));
      const tApi = performance.now();
      this.apiservers = await Promise.all(Array.from({ length: this.opts.replicas }, async (_, i) => ({ port: this.apiservers[i]?.port || (await freePort()) })));
      const kubeconfigs = this.startBalancer().then(() => this.writeComponentKubeconfigs());
      // An apiserver gives up when etcd does not answer within about 20 s; should a slow etcd (a big data dir)
      // outlast that, start the replica again once etcd is up. If etcd itself failed, its error surfaces here.
      const replica = (i: number) => this.startApiServer(i).catch(async (err: Error) => {
        await etcd;
        if (this.stopping) throw err;
        this.log(`tenant ${this.opts.name}: kube-apiserver-${i} failed before etcd was ready; starting it again (${err.message.split("\n")[0]})`);
        return this.startApiServer(i);
      });
      const replicas = this.apiservers.map((_, i) => replica(i));
      // The controller-manager and scheduler only need one apiserver behind the balancer: start them as soon
      // as the first replica is ready, so their liveness check overlaps the other replicas' start.
      const components = Promise.all([kubeconfigs, Promise.any(replicas)])
        .then(() => Promise.all((["kube-controller-manager", "kube-scheduler"] as const).map((c) => this.startComponent(c))))
        .then(() => this.quickLivenessCheck());
      components.catch(() => {}); // as for etcd
      await Promise.all([etcd, kubeconfigs, ...replicas]);
      const apiserverMs = since(tApi);
      await components;
      this.writePids();
      timings = { pkiMs, etcdMs: await etcd, apiserverMs, totalMs: since(t0) };
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.log(`tenant ${this.opts.name}: control plane ready at ${this.endpoint} in ${timings.totalMs} ms`);
    return { ...this.info(), timings };
  }

  /** Makes (first start) or writes back (restart) the tenant PKI files, and makes the service-account key pair once. */
  private async ensurePki() {
    const pkiDir = this.file("pki");
    fs.mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
    const saKey = this.file("sa.key");
    // ES256 service-account tokens: the apiserver and KCM accept EC keys, and an RSA-2048 key takes up to
    // half a second to find primes on a busy machine, straight on the start-up path.
    const sa = fs.existsSync(saKey) ? undefined : generateKeyPair("ec", {
      namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    if (!this.tenantPki) {
      const ca = await createCa(this.opts.name);
      const [serving, admin] = await Promise.all([
        issueServingCert(ca, { hosts: ["127.0.0.1"] }),
        issueClientCert(ca, { user: `${this.opts.name}-admin`, groups: ["system:masters"], ttlSeconds: YEAR_S }),
      ]);
      this.tenantPki = { ca, serving, admin: { certPem: admin.certPem, keyPem: admin.keyPem } };
    }
    const { ca, serving } = this.tenantPki;
    const files: [string, string][] = [["ca.crt", ca.certPem], ["ca.key", ca.keyPem], ["apiserver.crt", serving.certPem], ["apiserver.key", serving.keyPem]];
    for (const [name, pem] of files) fs.writeFileSync(path.join(pkiDir, name), pem, { mode: 0o600 });
    if (sa) {
      const { privateKey, publicKey } = await sa;
      fs.writeFileSync(this.file("sa.pub"), publicKey, { mode: 0o600 });
      fs.writeFileSync(saKey, privateKey, { mode: 0o600 });
    }
  }

  private async startEtcd(): Promise<void> {
    const [port, peer] = [this.etcd.port, this.etcdPeerPort];
    const proc = this.launch(this.etcd, "etcd", this.opts.binaries.etcd, [
      "--name=default", `--data-dir=${this.file("etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${port}`, `--advertise-client-urls=http://127.0.0.1:${port}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=default=http://127.0.0.1:${peer}`, "--unsafe-no-fsync", "--log-level=warn",
    ]);
    await this.whenReady(proc, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === "true";
    }, 60_000);
    this.supervise(proc, () => this.startEtcd());
  }

  /** Starts (or restarts, on the same port) apiserver replica `i` and waits for its /readyz. */
  private async startApiServer(i: number): Promise<void> {
    const slot = this.apiservers[i]!;
    const pki = (f: string) => this.file("pki", f);
    slot.ready = false;
    const proc = this.launch(slot, `kube-apiserver-${i}`, this.opts.binaries.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${this.etcd.port}`,
      "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${slot.port}`, `--cert-dir=${pki("")}`,
      `--client-ca-file=${pki("ca.crt")}`, `--tls-cert-file=${pki("apiserver.crt")}`, `--tls-private-key-file=${pki("apiserver.key")}`,
      "--authorization-mode=Node,RBAC", "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${this.file("sa.pub")}`, `--service-account-signing-key-file=${this.file("sa.key")}`,
      `--service-cluster-ip-range=${SERVICE_RANGE}`, "--endpoint-reconciler-type=none", "--allow-privileged=true", "--v=1",
    ]);
    const { ca, admin } = this.tenantPki!;
    await this.whenReady(proc, () => readyz(slot.port, ca.certPem, admin));
    slot.ready = true;
    this.supervise(proc, () => this.startApiServer(i));
  }

  private async startBalancer() {
    // Only replicas that passed /readyz get clients; if none has (yet), try them all rather than refuse.
    const backends = () => {
      const ready = this.apiservers.filter((a) => a.ready && a.proc?.isRunning());
      return (ready.length ? ready : this.apiservers).map((a) => a.port);
    };
    this.balancer = await startTcpBalancer({ port: this.lbPort, backends }).catch(() => {
      this.log(`tenant ${this.opts.name}: balancer port ${this.lbPort} is taken; using a free one`);
      return startTcpBalancer({ backends });
    });
    this.lbPort = this.balancer.port;
    const { ca, admin } = this.tenantPki!;
    writeKubeconfig(this.kubeconfigPath, this.opts.name, this.endpoint, ca.certPem, `${this.opts.name}-admin`, admin);
  }

  /** kubeadm's identities for the controller-manager and scheduler; re-issued per start since only the CA persists. */
  private async writeComponentKubeconfigs() {
    const { ca } = this.tenantPki!;
    await Promise.all((["kube-controller-manager", "kube-scheduler"] as const).map(async (c) => {
      const cert = await issueClientCert(ca, { user: `system:${c}`, groups: [], ttlSeconds: YEAR_S });
      writeKubeconfig(this.file(`${c}.kubeconfig`), this.opts.name, this.endpoint, ca.certPem, c, cert);
    }));
  }

  private async startComponent(name: Component): Promise<void> {
    const bin = name === "kube-controller-manager" ? this.opts.binaries.kubeControllerManager : this.opts.binaries.kubeScheduler;
    if (!bin) return this.log(`tenant ${this.opts.name}: no ${name} binary, not starting it`);
    const slot = this.components.get(name) ?? { port: await freePort() };
    this.components.set(name, slot);
    const kc = this.file(`${name}.kubeconfig`);
    const common = [`--kubeconfig=${kc}`, `--authentication-kubeconfig=${kc}`, `--authorization-kubeconfig=${kc}`,
      "--leader-elect=false", "--bind-address=127.0.0.1", `--secure-port=${slot.port}`, "--v=1"];
    const ca = this.file("pki", "ca.crt");
    const args = name === "kube-scheduler" ? common : [...common, "--controllers=*", "--use-service-account-credentials=true",
      `--service-account-private-key-file=${this.file("sa.key")}`, `--root-ca-file=${ca}`,
      `--cluster-signing-cert-file=${ca}`, `--cluster-signing-key-file=${this.file("pki", "ca.key")}`];
    this.supervise(this.launch(slot, name, bin, args), () => this.startComponent(name));
  }

  /** Spawns a child into its slot, unless a stop() came first: a start still in flight must not outlive it. */
  private launch(slot: Slot, name: string, bin: string, args: string[]): ManagedProcess {
    if (this.stopping) throw new Error(`tenant ${this.opts.name} is stopping; not starting ${name}`);
    slot.proc = startProcess(name, bin, args, { logFile: this.file("logs", `${name}.log`) });
    return slot.proc;
  }

  /**
   * waitReady, but a child that never gets ready is stopped instead of left running. waitReady backs off
   * to one probe a second; probing every 100 ms within each of its rounds notices readiness up to ~1 s sooner.
   */
  private async whenReady(proc: ManagedProcess, probe: () => Promise<boolean>, timeoutMs?: number) {
    const eager = async () => {
      for (const until = Date.now() + 900; ; await new Promise((r) => setTimeout(r, 100))) {
        if (await probe().catch(() => false)) return true;
        if (Date.now() > until || !proc.isRunning()) return false;
      }
    };
    try {
      await waitReady(proc, eager, timeoutMs);
    } catch (err) {
      await proc.stop();
      throw err;
    }
  }

  /** A bad flag makes a component exit within a moment; readiness of the tenant does not wait for more. */
  private async quickLivenessCheck() {
    const procs = [...this.components.values()].map((s) => s.proc!).filter(Boolean);
    await Promise.race([new Promise((r) => setTimeout(r, 300)), ...procs.map((p) => p.exited)]);
    const dead = procs.find((p) => !p.isRunning());
    if (dead) throw new Error(`${dead.name} of tenant ${this.opts.name} exited at start. Last lines of ${dead.logFile}:\n${tail(dead.logFile)}`);
  }

  /** Brings back a process that exits unexpectedly, with jittered backoff, unless we are stopping. */
  private supervise(proc: ManagedProcess, restart: () => Promise<void>) {
    if (!this.opts.supervise) return;
    const epoch = this.epoch;
    const wanted = () => !this.stopping && epoch === this.epoch;
    void proc.exited.then(async (code) => {
      for (let attempt = 0; wanted(); attempt++) {
        if (attempt === 0) this.log(`tenant ${this.opts.name}: ${proc.name} exited (${code}); restarting it`);
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: 1_000, capMs: 30_000 })));
        if (!wanted()) return;
        try {
          await restart();
          this.writePids();
          return;
        } catch (err) {
          this.log(`tenant ${this.opts.name}: restarting ${proc.name} failed: ${(err as Error).message.split("\n")[0]}`);
        }
      }
    });
  }

  private writePids() {
    if (!this.stopping) fs.writeFileSync(this.file("pids.json"), JSON.stringify(this.info().processes));
  }

  /** Stops every process and the balancer; etcd data, keys and kubeconfigs stay. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.epoch++;
    await Promise.all([...this.components.values()].map((s) => s.proc?.stop()));
    await this.balancer?.close();
    this.balancer = undefined;
    await Promise.all(this.apiservers.map((a) => ((a.ready = false), a.proc?.stop())));
    await this.etcd.proc?.stop();
    fs.rmSync(this.file("pids.json"), { force: true });
  }

  /** Stops everything and deletes the tenant's folder, etcd data included. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.opts.dir, { recursive: true, force: true });
  }
}
