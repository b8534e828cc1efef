import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CONTROL_PLANE_REPLICAS, DEFAULT_CSR_SIGNING_DURATION } from "@/lib/schemas/tenant";
import { COMPONENTS, quickLivenessCheck, startComponent, type ComponentName } from "@/server/local/components";
import { etcdReady, etcdUrl, startEtcd, writeEtcdTls, type EtcdTlsFiles } from "@/server/local/etcd";
import { startKubeApiserver } from "@/server/local/kube-apiserver";
import { freePort } from "@/server/local/ports";
import { reapStale, type ManagedProcess } from "@/server/local/proc";
import { httpsRequest, probeReadyz, whenReady } from "@/server/local/readyz";
import { Supervisor } from "@/server/local/supervisor";
import { startTcpBalancer, type TcpBalancer } from "@/server/local/tcp-balancer";
import { DEFAULT_LEAF_POLICY, type LeafPolicy } from "@/lib/certificates/renewal";
import { completeTenantPki, dropOldCa, tenantPkiFiles, trustBundle, writeTenantFiles, writeTenantKubeconfigs, type AnyLeaf, type CaStep, type TenantPki } from "@/server/local/tenant-pki";
import { issueClientCert } from "@/server/pki/pki";
import { servedFingerprint } from "@/server/tls-peer";

import type { TenantControlPlaneInfo, TenantControlPlaneOptions, TenantStartResult } from "@/server/local/tenant-control-plane-types";

export type { AnyLeaf, TenantPki } from "@/server/local/tenant-pki";
export type { TenantControlPlaneInfo, TenantControlPlaneOptions, TenantProcess, TenantStartResult } from "@/server/local/tenant-control-plane-types";

interface Slot {
  proc?: ManagedProcess;
  port: number;
  /** Apiservers only: passed /readyz since their last (re)start, so the balancer may send clients there. */
  ready?: boolean;
}

/**
 * One tenant's hosted control plane as local processes: its own etcd (TLS, client certificates of its own CA
 * only), 1-3 kube-apiservers trusting only the tenant CA, a controller-manager and a scheduler, behind a TLS
 * pass-through balancer on 127.0.0.1.
 */
export class TenantControlPlaneRuntime {
  private readonly log: (line: string) => void;
  private tenantPki?: TenantPki;
  private etcdTls?: EtcdTlsFiles;
  private etcd: Slot = { port: 0 };
  private etcdPeerPort = 0;
  private apiservers: Slot[] = [];
  private components = new Map<ComponentName, Slot>();
  private balancer?: TcpBalancer;
  private lbPort: number;
  private csrSigningDuration: string;
  private readonly leaf: LeafPolicy;
  private caStep: CaStep;
  private readonly supervisor: Supervisor;

  constructor(private readonly opts: TenantControlPlaneOptions) {
    const { min, max } = CONTROL_PLANE_REPLICAS; // the same bound the Tenant schema and CRD accept
    if (!Number.isInteger(opts.replicas) || opts.replicas < min || opts.replicas > max) throw new Error(`replicas must be ${min} to ${max} (got ${opts.replicas})`);
    // The name goes into certificate subjects and file names.
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(opts.name)) throw new Error(`tenant name "${opts.name}" is not a Kubernetes object name`);
    this.log = opts.log ?? (() => {});
    this.tenantPki = opts.pki;
    this.lbPort = opts.lbPort ?? 0;
    this.csrSigningDuration = opts.csrSigningDuration ?? DEFAULT_CSR_SIGNING_DURATION;
    this.leaf = opts.leaf ?? DEFAULT_LEAF_POLICY;
    this.caStep = opts.caStep;
    this.supervisor = new Supervisor({ enabled: !!opts.supervise, log: this.log, prefix: `tenant ${opts.name}: ` });
  }

  private file = (...p: string[]) => path.join(this.opts.dir, ...p);
  get kubeconfigPath() {
    return this.file("admin.kubeconfig");
  }
  get endpoint() {
    return `https://127.0.0.1:${this.lbPort}`;
  }
  /** The tenant's CA, serving, admin and etcd material (to store as Secrets); throws before start() made it. */
  pki(): TenantPki {
    if (!this.tenantPki) throw new Error(`tenant ${this.opts.name}: no PKI yet; start() makes it`);
    return this.tenantPki;
  }
  isRunning(): boolean {
    return !this.supervisor.stopping && !!this.balancer && !!this.etcd.proc?.isRunning() && this.apiservers.some((a) => a.proc?.isRunning());
  }

  info(): TenantControlPlaneInfo {
    const slots: [string, Slot][] = [["etcd", this.etcd], ...this.apiservers.map((a, i) => [`kube-apiserver-${i}`, a] as [string, Slot]), ...this.components];
    return {
      name: this.opts.name, endpoint: this.endpoint, lbPort: this.lbPort, kubeconfigPath: this.kubeconfigPath, etcdUrl: etcdUrl(this.etcd.port),
      processes: slots.filter(([, s]) => s.proc?.isRunning()).map(([name, s]) => ({ name, pid: s.proc!.pid, port: s.port })),
    };
  }

  async start(): Promise<TenantStartResult> {
    const t0 = performance.now();
    const since = (t: number) => Math.round(performance.now() - t);
    if (this.isRunning()) throw new Error(`tenant ${this.opts.name}: control plane already running at ${this.endpoint}`);
    this.supervisor.begin();
    fs.mkdirSync(this.file("logs"), { recursive: true, mode: 0o700 });
    reapStale(this.opts.dir, this.log);
    let timings: TenantStartResult["timings"];
    let renewed: AnyLeaf[] = [];
    try {
      // The whole PKI is ECDSA P-256 (a few ms per key), so making or renewing it all up front costs little.
      // The same object comes back when nothing changed, so a caller can tell whether to store it again.
      const stored = this.tenantPki;
      const { pki, issued } = await completeTenantPki(this.opts.name, this.opts.dir, stored, this.leaf, [], this.caStep);
      renewed = stored ? issued : [];
      this.tenantPki = pki;
      this.etcdTls = await writeEtcdTls(this.file("pki", "etcd"), pki.etcd!);
      this.etcdPeerPort ||= await freePort();
      this.etcd.port ||= await freePort();
      const etcd = this.startEtcd().then(() => since(t0));
      etcd.catch(() => {}); // awaited below; this only keeps an early failure elsewhere from leaving it unhandled
      writeTenantFiles(this.opts.dir, pki);
      const pkiMs = since(t0);
      const tApi = performance.now();
      this.apiservers = await Promise.all(Array.from({ length: this.opts.replicas }, async (_, i) => ({ port: this.apiservers[i]?.port || (await freePort()) })));
      const kubeconfigs = this.startBalancer().then(() => writeTenantKubeconfigs(this.opts.dir, this.opts.name, this.endpoint, this.tenantPki!));
      // An apiserver gives up when etcd does not answer within about 20 s; should a slow etcd (a big data dir)
      // outlast that, start the replica again once etcd is up. If etcd itself failed, its error surfaces here.
      const replica = (i: number) => this.startApiServer(i).catch(async (err: Error) => {
        await etcd;
        if (this.supervisor.stopping) throw err;
        this.log(`tenant ${this.opts.name}: kube-apiserver-${i} failed before etcd was ready; starting it again (${err.message.split("\n")[0]})`);
        return this.startApiServer(i);
      });
      const replicas = this.apiservers.map((_, i) => replica(i));
      // The controller-manager and scheduler only need one apiserver behind the balancer: start them as soon
      // as the first replica is ready, so their liveness check overlaps the other replicas' start.
      const components = Promise.all([kubeconfigs, Promise.any(replicas)])
        .then(() => Promise.all(COMPONENTS.map((c) => this.startComponent(c))))
        .then(() => quickLivenessCheck(this.componentProcs(), 300, ` of tenant ${this.opts.name}`));
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
    return { ...this.info(), timings, renewed };
  }

  private async startEtcd(): Promise<void> {
    this.assertNotStopping("etcd");
    const tls = this.etcdTls!;
    const proc = (this.etcd.proc = startEtcd(this.opts.binaries.etcd, {
      dataDir: this.file("etcd"), port: this.etcd.port, peerPort: this.etcdPeerPort, tls, logFile: this.file("logs", "etcd.log"),
    }));
    await whenReady(proc, etcdReady(this.etcd.port, tls), 60_000);
    this.watch(proc, () => this.startEtcd());
  }

  /** Starts (or restarts, on the same port) apiserver replica `i` and waits for its /readyz. */
  private async startApiServer(i: number): Promise<void> {
    const name = `kube-apiserver-${i}`;
    this.assertNotStopping(name);
    const slot = this.apiservers[i]!;
    const f = tenantPkiFiles(this.opts.dir);
    slot.ready = false;
    const proc = (slot.proc = startKubeApiserver(this.opts.binaries.kubeApiserver, {
      name, port: slot.port, etcdPort: this.etcd.port, etcdTls: this.etcdTls!,
      saPub: f.saPub, saKey: f.saKey, logFile: this.file("logs", `${name}.log`),
      extraArgs: [`--cert-dir=${this.file("pki")}`, `--client-ca-file=${f.caBundle}`, `--tls-cert-file=${f.serving}`,
        `--tls-private-key-file=${f.servingKey}`, "--authorization-mode=Node,RBAC",
        `--kubelet-client-certificate=${f.kubeletClient}`, `--kubelet-client-key=${f.kubeletClientKey}`,
        // The aggregation layer's front proxy, as kubeadm configures it: its own CA and client pair.
        `--requestheader-client-ca-file=${f.frontProxyCa}`, "--requestheader-allowed-names=front-proxy-client",
        "--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        `--proxy-client-cert-file=${f.frontProxyClient}`, `--proxy-client-key-file=${f.frontProxyClientKey}`],
    }));
    const { admin } = this.tenantPki!;
    const caPem = trustBundle(this.tenantPki!);
    await whenReady(proc, () => probeReadyz(`https://127.0.0.1:${slot.port}`, { caPem, certPem: admin.certPem, keyPem: admin.keyPem }));
    slot.ready = true;
    this.watch(proc, () => this.startApiServer(i));
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
  }

  private async startComponent(name: ComponentName): Promise<void> {
    const bin = name === "kube-controller-manager" ? this.opts.binaries.kubeControllerManager : this.opts.binaries.kubeScheduler;
    if (!bin) return this.log(`tenant ${this.opts.name}: no ${name} binary, not starting it`);
    this.assertNotStopping(name);
    const slot = this.components.get(name) ?? { port: await freePort() };
    this.components.set(name, slot);
    const f = tenantPkiFiles(this.opts.dir);
    slot.proc = startComponent(name, bin, {
      kubeconfig: this.file(`${name}.kubeconfig`), port: slot.port, logFile: this.file("logs", `${name}.log`),
      // Pods trust the bundle (both CAs during a rotation); CSRs are signed by the CA that signs client leaves.
      extraArgs: name === "kube-scheduler" ? [] : ["--controllers=*", "--use-service-account-credentials=true",
        `--service-account-private-key-file=${this.file("sa.key")}`, `--root-ca-file=${f.caBundle}`,
        `--cluster-signing-cert-file=${f.signingCa}`, `--cluster-signing-key-file=${f.signingCaKey}`,
        `--cluster-signing-duration=${this.csrSigningDuration}`],
    });
    this.watch(slot.proc, () => this.startComponent(name));
  }

  /**
   * Issues the leaves past their renewal time (and those in `force`) again from the same CAs and makes the
   * running processes use them: etcd and kube-apiserver read their serving (and the apiserver its front-proxy
   * client) pair from the files again by themselves; what a process reads only at start (the apiservers' etcd
   * and kubelet client pairs, the components' kubeconfigs) restarts it, apiservers one replica at a time while
   * the balancer sends clients to the others. Returns the leaves issued.
   */
  async renewLeaves(force: readonly AnyLeaf[] = []): Promise<AnyLeaf[]> {
    if (!this.isRunning() || !this.tenantPki) return [];
    const { pki, issued } = await completeTenantPki(this.opts.name, this.opts.dir, this.tenantPki, this.leaf, force, this.caStep);
    if (!issued.length) return [];
    this.tenantPki = pki;
    this.etcdTls = await writeEtcdTls(this.file("pki", "etcd"), pki.etcd!);
    writeTenantFiles(this.opts.dir, pki);
    writeTenantKubeconfigs(this.opts.dir, this.opts.name, this.endpoint, pki);
    if (issued.includes("kubeletClient") || issued.includes("etcd.client")) {
      for (let i = 0; i < this.apiservers.length; i++) await this.restart(`kube-apiserver-${i}`, this.apiservers[i]!, () => this.startApiServer(i));
    }
    const components: [AnyLeaf, ComponentName][] = [["controllerManager", "kube-controller-manager"], ["scheduler", "kube-scheduler"]];
    for (const [leaf, name] of components) {
      const slot = this.components.get(name);
      if (issued.includes(leaf) && slot) await this.restart(name, slot, () => this.startComponent(name));
    }
    this.writePids();
    this.log(`tenant ${this.opts.name}: renewed ${issued.join(", ")}`);
    return issued;
  }

  /** The CA rotation step asked for and not finished (undefined outside a rotation); renewLeaves() acts on it. */
  setCaStep(step: CaStep): void {
    this.caStep = step;
  }

  /**
   * The end of a CA rotation, once renewLeaves() issued the serving certificate from the new CA: waits until every
   * apiserver replica serves it, then the new CA becomes the only one (files, kubeconfigs, the CSR signer) and the
   * old one is gone. The apiservers reload their client CA file by themselves; each replica is checked to refuse a
   * certificate of the old CA, and restarted if it still accepts one after 30 s. The controller-manager and the
   * scheduler restart to drop the old CA from their trust. Returns false when there was nothing to complete.
   */
  async completeCaRotation(): Promise<boolean> {
    const pki = this.tenantPki;
    if (!pki?.caNext || !this.isRunning()) return false;
    const served = new crypto.X509Certificate(pki.serving.certPem).fingerprint256;
    for (let i = 0; i < this.apiservers.length; i++) {
      const port = this.apiservers[i]!.port;
      if (!(await until(async () => (await servedFingerprint(port)) === served, 30_000))) await this.restart(`kube-apiserver-${i}`, this.apiservers[i]!, () => this.startApiServer(i));
    }
    const old = await issueClientCert(pki.ca, { user: "kmetal:ca-rotation-probe", groups: [], ttlSeconds: 600 });
    this.tenantPki = dropOldCa(pki);
    writeTenantFiles(this.opts.dir, this.tenantPki);
    writeTenantKubeconfigs(this.opts.dir, this.opts.name, this.endpoint, this.tenantPki);
    const caPem = this.tenantPki.ca.certPem;
    for (let i = 0; i < this.apiservers.length; i++) {
      const url = `https://127.0.0.1:${this.apiservers[i]!.port}/api`;
      const refused = () => httpsRequest(url, { caPem, certPem: old.certPem, keyPem: old.keyPem }).then((r) => r.status === 401, () => false);
      if (!(await until(refused, 30_000))) await this.restart(`kube-apiserver-${i}`, this.apiservers[i]!, () => this.startApiServer(i));
    }
    for (const name of COMPONENTS) {
      const slot = this.components.get(name);
      if (slot) await this.restart(name, slot, () => this.startComponent(name));
    }
    this.writePids();
    this.log(`tenant ${this.opts.name}: CA rotation completed; the old CA is no longer trusted`);
    return true;
  }

  /** Stops one process on purpose (the supervisor leaves it down) and starts it again on the same port. */
  private async restart(name: string, slot: Slot, start: () => Promise<void>) {
    if (this.supervisor.stopping) return;
    slot.ready = false;
    this.supervisor.hold(name);
    await slot.proc?.stop();
    this.supervisor.release(name);
    await start();
  }

  /**
   * Changes how long certificates signed for CSRs may live; a running controller-manager is restarted with
   * the new bound (its signer reads the flag only at start).
   */
  async setCsrSigningDuration(duration: string): Promise<void> {
    if (duration === this.csrSigningDuration) return;
    this.csrSigningDuration = duration;
    const slot = this.components.get("kube-controller-manager");
    if (!slot?.proc?.isRunning() || this.supervisor.stopping) return;
    this.supervisor.hold("kube-controller-manager");
    await slot.proc.stop();
    this.supervisor.release("kube-controller-manager");
    await this.startComponent("kube-controller-manager");
    await quickLivenessCheck(this.componentProcs(), 300, ` of tenant ${this.opts.name}`);
    this.writePids();
    this.log(`tenant ${this.opts.name}: controller-manager restarted to sign CSRs for at most ${duration}`);
  }

  private componentProcs(): ManagedProcess[] {
    return [...this.components.values()].flatMap((s) => (s.proc ? [s.proc] : []));
  }

  /** A start still in flight must not outlive a stop(). */
  private assertNotStopping(name: string) {
    if (this.supervisor.stopping) throw new Error(`tenant ${this.opts.name} is stopping; not starting ${name}`);
  }

  private watch(proc: ManagedProcess, restart: () => Promise<void>) {
    void this.supervisor.watch(proc, async () => {
      await restart();
      this.writePids();
    });
  }

  private writePids() {
    if (!this.supervisor.stopping) fs.writeFileSync(this.file("pids.json"), JSON.stringify(this.info().processes));
  }

  /** Stops every process and the balancer; etcd data, keys and kubeconfigs stay. */
  async stop(): Promise<void> {
    this.supervisor.stop();
    await Promise.all(this.componentProcs().map((p) => p.stop()));
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

/** Polls `check` every 200 ms until it holds (true) or `ms` pass (false). */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}
