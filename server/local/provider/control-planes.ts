import path from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { tenantNames } from "@/lib/tenants/names";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { WatchCache } from "@/server/kube/watch-cache";
import type { Binaries } from "@/server/local/binaries";
import type { CertKeyPair } from "@/server/pki/pki";
import { TenantControlPlaneRuntime, type AnyLeaf, type TenantPki } from "@/server/local/tenant-control-plane";
import { DEFAULT_LEAF_POLICY, type LeafPolicy } from "@/lib/certificates/renewal";
import type { ObjectWithStatus } from "@/server/reconciler/children";
import { b64, unb64 } from "@/server/kube/secret-data";
import { buildKubeconfig, kubeconfigClientCert } from "@/server/kube/kubeconfig";
import { NEXT_CA_CRT, NEXT_CA_KEY, KAMAJI_NAME_LABEL, KAMAJI_ROTATE_ANNOTATION, PKI_SECRETS, pkiSecretLabels, pkiSecretName, type PkiSecretSpec } from "@/lib/certificates/kamaji";
import { trustBundle, type CaStep, type KeyPair } from "@/server/local/tenant-pki";
import { CA_ROTATION_DONE, CA_ROTATION_REQUEST, caRotationDone, parseCaRotationRequest } from "@/lib/tenants/ca-rotation";

const FINALIZER = "kmetal.io/local-provider";
/** Named in the DataStore the reconciler plans (lib/tenants/names.ts). */
const DATASTORE_SECRET = tenantNames("x").dataStoreSecret;

/** The leaf each leaf Secret holds, for rotation requests. */
const LEAF_OF_SECRET: Record<string, AnyLeaf> = {
  "api-server-certificate": "serving", "api-server-kubelet-client-certificate": "kubeletClient", "front-proxy-client-certificate": "frontProxyClient",
  "datastore-certificate": "etcd.client", "datastore-server-certificate": "etcd.server", "datastore-peer-certificate": "etcd.peer",
  "admin-kubeconfig": "admin", "controller-manager-kubeconfig": "controllerManager", "scheduler-kubeconfig": "scheduler",
};

/** Which part of the PKI each Kamaji Secret holds. */
const SECRET_SOURCES: Record<string, (p: TenantPki) => CertKeyPair | KeyPair | (CertKeyPair & { caPem: string }) | undefined> = {
  "ca": (p) => p.ca,
  "api-server-certificate": (p) => p.serving,
  "api-server-kubelet-client-certificate": (p) => p.kubeletClient,
  "front-proxy-ca-certificate": (p) => p.frontProxyCa,
  "front-proxy-client-certificate": (p) => p.frontProxyClient,
  "sa-certificate": (p) => p.sa,
  "datastore-certificate": (p) => p.etcd && { ...p.etcd.client, caPem: p.etcd.ca.certPem },
  "datastore-server-certificate": (p) => p.etcd?.server,
  "datastore-peer-certificate": (p) => p.etcd?.peer,
  "admin-kubeconfig": (p) => p.admin,
  "controller-manager-kubeconfig": (p) => p.controllerManager,
  "scheduler-kubeconfig": (p) => p.scheduler,
};

interface Running {
  runtime: TenantControlPlaneRuntime;
  replicas: number;
  lbPort: number;
}

/** The platform policy's bound on CSR-signed certificates, or the default when the policy sets none. */
export type CsrSigningBound = () => string;

/**
 * Plays Kamaji, for real: every TenantControlPlane becomes a dedicated etcd and kube-apiserver replicas
 * (+ controller-manager and scheduler) behind a local TCP load balancer, with a per-tenant CA whose
 * certificates are kept as Secrets in the tenant namespace the way Kamaji keeps them.
 */
export class ControlPlaneManager {
  private readonly running = new Map<string, Running>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly kube: KubeGateway,
    private readonly tcps: WatchCache<ObjectWithStatus>,
    private readonly binaries: Binaries,
    private readonly dir: string,
    private readonly log: (l: string) => void,
    private readonly csrSigningDuration: CsrSigningBound,
    private readonly leaf: LeafPolicy = DEFAULT_LEAF_POLICY,
    /** Kamaji's PKI Secrets, for rotation requests (the certs.kamaji.clastix.io/rotate annotation). */
    private readonly secrets?: WatchCache<V1Secret>,
  ) {}

  /** Converges every TenantControlPlane; slow work (starting processes) runs per tenant without blocking the others. */
  sync(): void {
    const seen = new Set<string>();
    for (const tcp of this.tcps.list()) {
      const key = `${tcp.metadata!.namespace}/${tcp.metadata!.name}`;
      seen.add(key);
      if (this.busy.has(key)) continue;
      this.busy.add(key);
      void this.converge(tcp, key)
        .catch((err: unknown) => this.log(`local provider: control plane ${key}: ${(err as Error).message.split("\n")[0]}`))
        .finally(() => this.busy.delete(key));
    }
    for (const [key, r] of this.running) if (!seen.has(key) && !this.busy.has(key)) void r.runtime.destroy().then(() => this.running.delete(key));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.runtime.stop()));
    this.running.clear();
  }

  private async converge(tcp: ObjectWithStatus, key: string) {
    const ns = tcp.metadata!.namespace!;
    const name = tcp.metadata!.name!;
    const dir = path.join(this.dir, ns, name);
    if (tcp.metadata?.deletionTimestamp) {
      const r = this.running.get(key);
      if (r) await r.runtime.destroy();
      else await new TenantControlPlaneRuntime({ name, dir, binaries: this.binaries, replicas: 1 }).destroy();
      this.running.delete(key);
      await this.dropFinalizer(tcp);
      this.log(`local provider: control plane ${key} stopped and its data removed`);
      return;
    }
    if (!(tcp.metadata?.finalizers ?? []).includes(FINALIZER)) {
      await this.kube.mergePatch(models.TenantControlPlane, { name, namespace: ns }, { metadata: { finalizers: [...(tcp.metadata?.finalizers ?? []), FINALIZER] } });
    }
    const rotation = this.caRotationOf(tcp);
    const replicas = ((tcp.spec?.controlPlane as { deployment?: { replicas?: number } } | undefined)?.deployment?.replicas) ?? 1;
    const have = this.running.get(key);
    const csrSigningDuration = this.csrSigningDuration();
    if (have && have.replicas === replicas && have.runtime.isRunning()) {
      // A changed policy bound restarts only the controller-manager, the one process that reads it.
      await have.runtime.setCsrSigningDuration(csrSigningDuration);
      have.runtime.setCaStep(rotation?.step);
      await this.renew(tcp, have, this.rotationRequests(ns, name));
      if (rotation) await this.finishCaStep(tcp, have, rotation);
      return;
    }
    if (have) await have.runtime.stop(); // replica change: restart on the same data and endpoint

    const status = tcp.status as { controlPlaneEndpoint?: string } | undefined;
    const lbPort = have?.lbPort ?? (Number(status?.controlPlaneEndpoint?.split(":")[1]) || undefined);
    const stored = await this.loadPki(ns, name);
    const runtime = new TenantControlPlaneRuntime({ name, dir, binaries: this.binaries, replicas, pki: stored, lbPort, csrSigningDuration, leaf: this.leaf, log: this.log, supervise: true, caStep: rotation?.step });
    const info = await runtime.start();
    this.running.set(key, { runtime, replicas, lbPort: info.lbPort });
    // First start, a tenant stored by an older version, or leaves renewed at start. The kubeconfigs name the endpoint.
    const endpoint = `https://127.0.0.1:${info.lbPort}`;
    if (runtime.pki() !== stored || lbPort !== info.lbPort) await this.storePki(ns, name, runtime.pki(), endpoint);
    if (info.renewed.length) await this.recordEvent(tcp, "CertificatesRenewed", `issued again from the same CA at start: ${info.renewed.join(", ")}`);
    await this.reportReady(tcp, info.lbPort);
    if (rotation) await this.finishCaStep(tcp, this.running.get(key)!, rotation);
    this.log(`local provider: control plane ${key} ready at https://127.0.0.1:${info.lbPort} (${replicas} replica${replicas > 1 ? "s" : ""}, ${info.timings.totalMs} ms)`);
  }

  /** The CA rotation step the reconciler asked for on the TenantControlPlane and this operator has not answered yet. */
  private caRotationOf(tcp: ObjectWithStatus): { id: string; step: NonNullable<CaStep> } | undefined {
    const annotations = tcp.metadata?.annotations ?? {};
    const request = parseCaRotationRequest(annotations[CA_ROTATION_REQUEST]);
    return request && annotations[CA_ROTATION_DONE] !== caRotationDone(request.id, request.step) ? request : undefined;
  }

  /**
   * A CA rotation step, once renew() has issued what it needs (Prepare: the new CA and every client leaf from it;
   * Complete: the serving certificate from the new CA): completing drops the old CA; the PKI is stored again and
   * the step answered on the TenantControlPlane, with an Event. Every part is derived from what is stored, so an
   * operator stopped half way does the rest on its next pass.
   */
  private async finishCaStep(tcp: ObjectWithStatus, r: Running, rotation: { id: string; step: NonNullable<CaStep> }) {
    const ns = tcp.metadata!.namespace!;
    const name = tcp.metadata!.name!;
    if (rotation.step === "Prepare" && !r.runtime.pki().caNext) return; // not running yet: the next pass prepares
    if (rotation.step === "Complete") await r.runtime.completeCaRotation();
    await this.storePki(ns, name, r.runtime.pki(), `https://127.0.0.1:${r.lbPort}`);
    r.runtime.setCaStep(undefined);
    const done = caRotationDone(rotation.id, rotation.step);
    await this.kube.mergePatch(models.TenantControlPlane, { name, namespace: ns }, { metadata: { annotations: { [CA_ROTATION_DONE]: done } } });
    await this.recordEvent(tcp, rotation.step === "Prepare" ? "CARotationPrepared" : "CARotationCompleted", rotation.step === "Prepare"
      ? "a new CA is trusted beside the old one and every client certificate of the platform is issued from it"
      : "the serving certificate is issued from the new CA and the old CA is gone: certificates it signed no longer work");
    this.log(`local provider: control plane ${ns}/${name}: CA rotation ${done.split("/")[1]}`);
  }

  /** The stored PKI from the Kamaji-style Secrets; undefined when the tenant CA is not there yet (a first start). */
  private async loadPki(ns: string, name: string): Promise<TenantPki | undefined> {
    const read = async (suffix: string) => (await this.kube.find<V1Secret>(models.Secret, { name: pkiSecretName(name, suffix), namespace: ns }))?.data ?? {};
    const [ca, api, kubelet, fpCa, fpClient, sa, dsCert, etcdServer, etcdPeer, admin, cm, sched, oldAdmin, ds] = await Promise.all([
      read("ca"), read("api-server-certificate"), read("api-server-kubelet-client-certificate"), read("front-proxy-ca-certificate"),
      read("front-proxy-client-certificate"), read("sa-certificate"), read("datastore-certificate"), read("datastore-server-certificate"),
      read("datastore-peer-certificate"), read("admin-kubeconfig"), read("controller-manager-kubeconfig"), read("scheduler-kubeconfig"),
      read("admin-certificate"), this.kube.find<V1Secret>(models.Secret, { name: DATASTORE_SECRET, namespace: ns }).then((s) => s?.data ?? {}),
    ]);
    const pair = (d: Record<string, string>, crt: string, key: string): CertKeyPair | undefined => (d[crt] && d[key] ? { certPem: unb64(d[crt]), keyPem: unb64(d[key]) } : undefined);
    const fromKubeconfig = (d: Record<string, string>, file: string): CertKeyPair | undefined => {
      const c = d[file] ? kubeconfigClientCert(unb64(d[file])) : undefined;
      return c?.keyPem ? { certPem: c.certPem, keyPem: c.keyPem } : undefined;
    };
    const caPair = pair(ca, "ca.crt", "ca.key");
    const serving = pair(api, "apiserver.crt", "apiserver.key");
    // An older version kept the admin pair in a Secret of its own.
    const adminPair = fromKubeconfig(admin, "admin.conf") ?? pair(oldAdmin, "tls.crt", "tls.key");
    if (!caPair || !serving || !adminPair) return undefined;
    const caNext = pair(ca, NEXT_CA_CRT, NEXT_CA_KEY);
    const pki: TenantPki = {
      ca: caPair, ...(caNext ? { caNext } : {}), serving, admin: adminPair,
      kubeletClient: pair(kubelet, "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key"),
      frontProxyCa: pair(fpCa, "front-proxy-ca.crt", "front-proxy-ca.key"),
      frontProxyClient: pair(fpClient, "front-proxy-client.crt", "front-proxy-client.key"),
      controllerManager: fromKubeconfig(cm, "controller-manager.conf"),
      scheduler: fromKubeconfig(sched, "scheduler.conf"),
      sa: sa["sa.pub"] && sa["sa.key"] ? { publicPem: unb64(sa["sa.pub"]), keyPem: unb64(sa["sa.key"]) } : undefined,
    };
    // Before etcd had TLS the DataStore Secret held the tenant CA itself; such a tenant gets an etcd CA of its own now.
    const etcdCa = pair(ds, "ca.crt", "ca.key");
    const etcdClient = pair(dsCert, "server.crt", "server.key") ?? pair(ds, "tls.crt", "tls.key");
    if (etcdCa && etcdClient && etcdCa.certPem !== pki.ca.certPem) {
      pki.etcd = { ca: etcdCa, client: etcdClient, server: pair(etcdServer, "server.crt", "server.key"), peer: pair(etcdPeer, "peer.crt", "peer.key") };
    }
    return pki;
  }

  /** Writes the whole PKI as Kamaji's Secrets (server-side apply: unchanged Secrets stay as they are). */
  private async storePki(ns: string, name: string, pki: TenantPki, endpoint: string) {
    const data = (spec: PkiSecretSpec): Record<string, string> | undefined => {
      const p = SECRET_SOURCES[spec.suffix]?.(pki);
      if (!p) return undefined;
      if (spec.keyPair && "publicPem" in p) return { [spec.keyPair.pub]: b64(p.publicPem), [spec.keyPair.key]: b64(p.keyPem) };
      const pairOf = p as CertKeyPair & { caPem?: string };
      if (spec.kubeconfig) {
        const user = spec.kubeconfig.kind === "admin" ? `${name}-admin` : `system:kube-${spec.kubeconfig.kind}`;
        const conf = b64(buildKubeconfig({ cluster: name, server: endpoint, caPem: trustBundle(pki), user, certPem: pairOf.certPem, keyPem: pairOf.keyPem, namespace: "default" }));
        return Object.fromEntries([spec.kubeconfig.file, ...(spec.kubeconfig.also ?? [])].map((f) => [f, conf]));
      }
      // The tenant CA's Secret also holds the new CA while a rotation is under way.
      const next: Record<string, string> = spec.suffix === "ca" && pki.caNext ? { [NEXT_CA_CRT]: b64(pki.caNext.certPem), [NEXT_CA_KEY]: b64(pki.caNext.keyPem) } : {};
      return { ...(spec.ca && pairOf.caPem ? { [spec.ca.crt]: b64(pairOf.caPem) } : {}), [spec.cert!.crt]: b64(pairOf.certPem), [spec.cert!.key]: b64(pairOf.keyPem), ...next };
    };
    const apply = (secretName: string, labels: Record<string, string>, d: Record<string, string>) =>
      this.kube.apply(models.Secret, { metadata: { name: secretName, namespace: ns, labels }, type: "Opaque", data: d } as never, "kmetal-local-provider");
    // The CA Secret first: a leaf stored from a CA that is stored nowhere could not be told from a stranger's.
    const caSpec = PKI_SECRETS.find((spec) => spec.suffix === "ca")!;
    await apply(pkiSecretName(name, caSpec.suffix), pkiSecretLabels(name, caSpec), data(caSpec)!);
    await Promise.all(PKI_SECRETS.filter((spec) => spec !== caSpec).map(async (spec) => {
      const d = data(spec);
      if (d) await apply(pkiSecretName(name, spec.suffix), pkiSecretLabels(name, spec), d);
    }));
    // The DataStore's TLS Secret (the reconciler names it in the DataStore): the etcd CA with its key and the client pair.
    const etcd = pki.etcd!;
    await apply(DATASTORE_SECRET, { [KAMAJI_NAME_LABEL]: name }, { "ca.crt": b64(etcd.ca.certPem), "ca.key": b64(etcd.ca.keyPem), "tls.crt": b64(etcd.client.certPem), "tls.key": b64(etcd.client.keyPem) });
    await this.kube.delete(models.Secret, { name: `${name}-admin-certificate`, namespace: ns }, { ignoreNotFound: true });
  }

  /**
   * Leaves past their renewal time (or those in `force`) are issued again from the same CA, written to the Secrets,
   * and picked up by the running processes; each renewal is recorded as an Event on the TenantControlPlane.
   */
  /** The leaves whose Secret carries Kamaji's rotation request (the annotation set to ""). */
  private rotationRequests(ns: string, name: string): { leaf: AnyLeaf; secret: string }[] {
    const out: { leaf: AnyLeaf; secret: string }[] = [];
    for (const [suffix, leaf] of Object.entries(LEAF_OF_SECRET)) {
      const secret = pkiSecretName(name, suffix);
      if (this.secrets?.get(secret, ns)?.metadata?.annotations?.[KAMAJI_ROTATE_ANNOTATION] === "") out.push({ leaf, secret });
    }
    return out;
  }

  private async renew(tcp: ObjectWithStatus, r: Running, force: readonly { leaf: AnyLeaf; secret: string }[] = []): Promise<AnyLeaf[]> {
    const ns = tcp.metadata!.namespace!;
    const name = tcp.metadata!.name!;
    const issued = await r.runtime.renewLeaves(force.map((f) => f.leaf));
    if (!issued.length) return issued;
    await this.storePki(ns, name, r.runtime.pki(), `https://127.0.0.1:${r.lbPort}`);
    // As Kamaji does once it has rotated: the request ("") becomes the time of the rotation.
    const at = new Date().toISOString();
    for (const f of force) {
      await this.kube.mergePatch(models.Secret, { name: f.secret, namespace: ns }, { metadata: { annotations: { [KAMAJI_ROTATE_ANNOTATION]: at } } });
    }
    await this.recordEvent(tcp, force.length ? "CertificatesRotated" : "CertificatesRenewed", `issued again from the same CA: ${issued.join(", ")}`);
    this.log(`local provider: control plane ${ns}/${name}: ${force.length ? "rotated" : "renewed"} ${issued.join(", ")}`);
    return issued;
  }

  private async recordEvent(tcp: ObjectWithStatus, reason: string, message: string) {
    const ns = tcp.metadata!.namespace!;
    const now = new Date().toISOString();
    await this.kube.create(models.Event, {
      metadata: { generateName: `${tcp.metadata!.name}.`, namespace: ns },
      involvedObject: { apiVersion: "kamaji.clastix.io/v1alpha1", kind: "TenantControlPlane", name: tcp.metadata!.name, namespace: ns, uid: (tcp.metadata as { uid?: string }).uid },
      reason, message, type: "Normal", firstTimestamp: now, lastTimestamp: now, count: 1,
      source: { component: "kmetal-local-provider" },
    } as never);
  }

  private async reportReady(tcp: ObjectWithStatus, lbPort: number) {
    const ns = tcp.metadata!.namespace!;
    const name = tcp.metadata!.name!;
    const version = this.binaries.version;
    const now = new Date().toISOString();
    const dataStore = tcp.spec?.dataStore as string | undefined;
    await this.kube.mergePatch(models.TenantControlPlane, { name, namespace: ns }, {
      status: {
        controlPlaneEndpoint: `127.0.0.1:${lbPort}`,
        kubernetesResources: { version: { status: "Ready", version } },
        kubeconfig: {
          admin: { secretName: `${name}-admin-kubeconfig`, lastUpdate: now },
          controllerManager: { secretName: `${name}-controller-manager-kubeconfig`, lastUpdate: now },
          scheduler: { secretName: `${name}-scheduler-kubeconfig`, lastUpdate: now },
        },
        certificates: {
          ca: { secretName: `${name}-ca`, lastUpdate: now }, apiServer: { secretName: `${name}-api-server-certificate`, lastUpdate: now },
          apiServerKubeletClient: { secretName: `${name}-api-server-kubelet-client-certificate`, lastUpdate: now },
          frontProxyCA: { secretName: `${name}-front-proxy-ca-certificate`, lastUpdate: now },
          frontProxyClient: { secretName: `${name}-front-proxy-client-certificate`, lastUpdate: now },
          sa: { secretName: `${name}-sa-certificate`, lastUpdate: now },
        },
        storage: { driver: "etcd", dataStoreName: dataStore, certificate: { secretName: `${name}-datastore-certificate`, lastUpdate: now } },
        observedGeneration: tcp.metadata?.generation,
      },
    }, "status");
    if (dataStore) {
      await this.kube.mergePatch(models.DataStore, { name: dataStore }, { status: { ready: true, usedBy: [`${ns}/${name}`] } }, "status").catch((err: unknown) => {
        if (!(err instanceof KubeError && err.status === 404)) throw err;
      });
    }
  }

  private async dropFinalizer(tcp: ObjectWithStatus) {
    const finalizers = (tcp.metadata?.finalizers ?? []).filter((f) => f !== FINALIZER);
    await this.kube.mergePatch(models.TenantControlPlane, { name: tcp.metadata!.name!, namespace: tcp.metadata!.namespace! }, { metadata: { finalizers } }).catch((err: unknown) => {
      if (!(err instanceof KubeError && err.status === 404)) throw err;
    });
  }
}
