import path from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { tenantNames } from "@/lib/tenants/names";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { WatchCache } from "@/server/kube/watch-cache";
import type { Binaries } from "@/server/local/binaries";
import type { CertKeyPair } from "@/server/pki/pki";
import { TenantControlPlaneRuntime, type TenantPki } from "@/server/local/tenant-control-plane";
import type { ObjectWithStatus } from "@/server/reconciler/children";
import { b64, unb64 } from "@/server/kube/secret-data";

const FINALIZER = "kmetal.io/local-provider";
/** Named in the DataStore the reconciler plans (lib/tenants/names.ts). */
const DATASTORE_SECRET = tenantNames("x").dataStoreSecret;

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
    const replicas = ((tcp.spec?.controlPlane as { deployment?: { replicas?: number } } | undefined)?.deployment?.replicas) ?? 1;
    const have = this.running.get(key);
    const csrSigningDuration = this.csrSigningDuration();
    if (have && have.replicas === replicas && have.runtime.isRunning()) {
      // A changed policy bound restarts only the controller-manager, the one process that reads it.
      await have.runtime.setCsrSigningDuration(csrSigningDuration);
      return;
    }
    if (have) await have.runtime.stop(); // replica change: restart on the same data and endpoint

    const status = tcp.status as { controlPlaneEndpoint?: string } | undefined;
    const lbPort = have?.lbPort ?? (Number(status?.controlPlaneEndpoint?.split(":")[1]) || undefined);
    const stored = await this.loadPki(ns, name);
    const runtime = new TenantControlPlaneRuntime({ name, dir, binaries: this.binaries, replicas, pki: stored, lbPort, csrSigningDuration, log: this.log, supervise: true });
    const info = await runtime.start();
    this.running.set(key, { runtime, replicas, lbPort: info.lbPort });
    // First start, a tenant stored before its etcd had TLS, or a renewed etcd client certificate.
    if (runtime.pki() !== stored) await this.storePki(ns, name, runtime.pki());
    await this.storeKubeconfig(ns, name, info.kubeconfigPath);
    await this.reportReady(tcp, info.lbPort);
    this.log(`local provider: control plane ${key} ready at https://127.0.0.1:${info.lbPort} (${replicas} replica${replicas > 1 ? "s" : ""}, ${info.timings.totalMs} ms)`);
  }

  private async loadPki(ns: string, name: string): Promise<TenantPki | undefined> {
    const ca = await this.kube.find<V1Secret>(models.Secret, { name: `${name}-ca`, namespace: ns });
    const api = await this.kube.find<V1Secret>(models.Secret, { name: `${name}-api-server-certificate`, namespace: ns });
    const admin = await this.kube.find<V1Secret>(models.Secret, { name: `${name}-admin-certificate`, namespace: ns });
    const ds = await this.kube.find<V1Secret>(models.Secret, { name: DATASTORE_SECRET, namespace: ns });
    if (!ca?.data || !api?.data || !admin?.data) return undefined;
    const pair = (d: Record<string, string>, crt: string, key: string): CertKeyPair => ({ certPem: unb64(d[crt]), keyPem: unb64(d[key]) });
    const pki: TenantPki = { ca: pair(ca.data, "ca.crt", "ca.key"), serving: pair(api.data, "apiserver.crt", "apiserver.key"), admin: pair(admin.data, "tls.crt", "tls.key") };
    // Before etcd had TLS this Secret held the tenant CA itself; such a tenant gets an etcd CA of its own now.
    const etcdCa = ds?.data?.["ca.crt"] && unb64(ds.data["ca.crt"]);
    if (ds?.data && etcdCa && etcdCa !== pki.ca.certPem) pki.etcd = { ca: pair(ds.data, "ca.crt", "ca.key"), client: pair(ds.data, "tls.crt", "tls.key") };
    return pki;
  }

  private async storePki(ns: string, name: string, pki: TenantPki) {
    const secret = (secretName: string, data: Record<string, string>) =>
      this.kube.apply(models.Secret, { metadata: { name: secretName, namespace: ns, labels: { "kamaji.clastix.io/name": name } }, type: "Opaque", data } as never, "kmetal-local-provider");
    await secret(`${name}-ca`, { "ca.crt": b64(pki.ca.certPem), "ca.key": b64(pki.ca.keyPem) });
    await secret(`${name}-api-server-certificate`, { "apiserver.crt": b64(pki.serving.certPem), "apiserver.key": b64(pki.serving.keyPem) });
    await secret(`${name}-admin-certificate`, { "tls.crt": b64(pki.admin.certPem), "tls.key": b64(pki.admin.keyPem) });
    // The DataStore's TLS material, as Kamaji keeps it: the tenant etcd's own CA and the apiservers' client certificate.
    const etcd = pki.etcd!;
    await secret(DATASTORE_SECRET, { "ca.crt": b64(etcd.ca.certPem), "ca.key": b64(etcd.ca.keyPem), "tls.crt": b64(etcd.client.certPem), "tls.key": b64(etcd.client.keyPem) });
  }

  private async storeKubeconfig(ns: string, name: string, file: string) {
    const fs = await import("node:fs");
    const conf = fs.readFileSync(file, "utf8");
    await this.kube.apply(models.Secret, {
      metadata: { name: `${name}-admin-kubeconfig`, namespace: ns, labels: { "kamaji.clastix.io/name": name } },
      type: "Opaque", data: { "admin.conf": b64(conf), "super-admin.conf": b64(conf) },
    } as never, "kmetal-local-provider");
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
        kubeconfig: { admin: { secretName: `${name}-admin-kubeconfig`, lastUpdate: now } },
        certificates: { ca: { secretName: `${name}-ca`, lastUpdate: now }, apiServer: { secretName: `${name}-api-server-certificate`, lastUpdate: now } },
        storage: { driver: "etcd", dataStoreName: dataStore },
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
