import "reflect-metadata"; // before @peculiar/x509 (see pki.ts)
import crypto, { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KubernetesObject, V1Secret } from "@kubernetes/client-node";
import * as x509 from "@peculiar/x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durationMinutes, type PlatformPolicySpec } from "@/lib/schemas/tenant";
import { MANAGED_BY } from "@/lib/tenants/names";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { models, type ResourceModel } from "@/server/kube/models";
import { resolveBinaries, type Binaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { outcome, testGateway } from "@/test/kube";
import { b64 } from "@/server/kube/secret-data";

const CSR: ResourceModel = { group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest", plural: "certificatesigningrequests", namespaced: false };
const YEAR_S = 365 * 24 * 3600;
const id = crypto.randomBytes(3).toString("hex");
type Policy = KubernetesObject & { spec: PlatformPolicySpec };

/**
 * What a tenant-admin can do with the tenant's admin kubeconfig: ask for a year-long client certificate
 * (for a user they may bind to cluster-admin), approve it and collect it. Returns the certificate and when it was asked for.
 */
async function mintCertificate(tenant: KubeGateway, name: string): Promise<{ cert: X509Certificate; askedAt: number }> {
  const keys = (await crypto.webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  // The API server refuses system:masters through a CSR; a tenant-admin binds cluster-admin to the user instead.
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: "CN=forever-admin", keys, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } });
  const askedAt = Date.now();
  const created = await tenant.create(CSR, { metadata: { name }, spec: {
    request: b64(csr.toString("pem")), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth", "digital signature"], expirationSeconds: YEAR_S,
  } } as never);
  await tenant.request("PUT", `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`, {
    body: { ...(created as object), status: { conditions: [{ type: "Approved", status: "True", reason: "Test", message: "approved by the tenant admin" }] } },
  });
  let issued = "";
  await expect.poll(async () => (issued = (await tenant.get<KubernetesObject & { status?: { certificate?: string } }>(CSR, { name })).status?.certificate ?? ""), { timeout: 60_000, interval: 500 }).not.toBe("");
  return { cert: new X509Certificate(Buffer.from(issued, "base64")), askedAt };
}

/** How long past the moment it was asked for a certificate stays valid, in minutes. */
const lifetimeMinutes = (m: { cert: X509Certificate; askedAt: number }) => (new Date(m.cert.validTo).getTime() - m.askedAt) / 60_000;

describe("the local provider's tenant control planes: etcd certificates kept as the DataStore's, CSR signing bounded by the policy", () => {
  let kube: KubeGateway;
  let provider: LocalProvider;
  let binaries: Binaries;
  let original: string | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-csr-"));
  const ns = `tenant-csr-${id}`;
  const name = `csr-${id}`;

  beforeAll(async () => {
    kube = testGateway();
    binaries = await resolveBinaries();
    await ensurePlatformPolicy(kube, [binaries.version]);
    original = (await kube.get<Policy>(models.PlatformPolicy, { name: "platform" })).spec.csrSigningDuration;
    provider = new LocalProvider({ kube, binaries, dir, log: (l) => console.log(l) });
    await provider.start();
    await kube.create(models.Namespace, { metadata: { name: ns, labels: { "kmetal.io/test": "true" } } });
    await kube.create(models.TenantControlPlane, { metadata: { name, namespace: ns, labels: { ...MANAGED_BY } },
      spec: { dataStore: `kmetal-${name}-etcd`, controlPlane: { deployment: { replicas: 1 }, service: { serviceType: "LoadBalancer" } },
        kubernetes: { version: binaries.version, kubelet: { preferredAddressTypes: ["InternalIP"] } },
        networkProfile: { port: 6443, serviceCidr: "10.96.0.0/16", podCidr: "10.244.0.0/16" } } } as never);
  });
  afterAll(async () => {
    await kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { csrSigningDuration: original ?? null } }).catch(() => {});
    await kube.delete(models.TenantControlPlane, { name, namespace: ns }, { ignoreNotFound: true }).catch(() => {});
    for (let i = 0; i < 120 && (await kube.find(models.TenantControlPlane, { name, namespace: ns })); i++) await new Promise((r) => setTimeout(r, 500));
    await kube.delete(models.Namespace, { name: ns }, { ignoreNotFound: true }).catch(() => {});
    await provider?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tenantAdmin = async () => {
    let secret: V1Secret | undefined;
    await expect.poll(async () => (secret = await kube.find<V1Secret>(models.Secret, { name: `${name}-admin-kubeconfig`, namespace: ns })), { timeout: 90_000, interval: 500 }).toBeDefined();
    return gatewayFromKubeconfig(Buffer.from(secret!.data!["admin.conf"]!, "base64").toString());
  };

  it("bounds a year-long request to the policy's duration (24h by default)", async () => {
    const bound = durationMinutes(original ?? "24h")!;
    const minted = await mintCertificate(await tenantAdmin(), `year-${id}`);
    expect(lifetimeMinutes(minted)).toBeLessThanOrEqual(bound + 1);
    expect(lifetimeMinutes(minted)).toBeGreaterThan(bound - 5); // the bound, not some other short value
  });

  const secretData = async (secret: string) => {
    const d = (await kube.get<V1Secret>(models.Secret, { name: secret, namespace: ns })).data!;
    return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
  };

  it("keeps the tenant etcd's own CA and client certificate in the DataStore Secret, and reuses them after a restart", async () => {
    const tenant = await tenantAdmin();
    await tenant.create(models.ConfigMap, { metadata: { name: "before-restart", namespace: "default" }, data: { v: "1" } });
    const ds = await secretData("datastore-certs");
    const tenantCa = (await secretData(`${name}-ca`))["ca.crt"];
    expect(Object.keys(ds).sort()).toEqual(["ca.crt", "ca.key", "tls.crt", "tls.key"]);
    expect(ds["ca.crt"]).not.toBe(tenantCa); // never the tenant CA, which signs tenant users' CSRs
    expect(new X509Certificate(ds["ca.crt"]!).subject).toBe(`CN=${name}-etcd-ca`);
    expect(new X509Certificate(ds["tls.crt"]!).verify(new X509Certificate(ds["ca.crt"]!).publicKey)).toBe(true);

    // A new provider (as after `kmetal down` and `up`) starts the tenant again from the stored Secrets.
    const before = (await kube.get<KubernetesObject & { status?: { kubeconfig?: { admin?: { lastUpdate?: string } } } }>(models.TenantControlPlane, { name, namespace: ns })).status?.kubeconfig?.admin?.lastUpdate;
    await provider.stop();
    provider = new LocalProvider({ kube, binaries, dir, log: (l) => console.log(l) });
    await provider.start();
    await expect.poll(async () => (await kube.get<KubernetesObject & { status?: { kubeconfig?: { admin?: { lastUpdate?: string } } } }>(models.TenantControlPlane, { name, namespace: ns })).status?.kubeconfig?.admin?.lastUpdate, { timeout: 90_000, interval: 500 }).not.toBe(before);
    expect(await secretData("datastore-certs")).toEqual(ds);
    // The etcd came back on its data with the same CA: what was written before is still there.
    expect((await tenant.get<KubernetesObject & { data?: Record<string, string> }>(models.ConfigMap, { name: "before-restart", namespace: "default" })).data).toEqual({ v: "1" });
  });

  it("refuses a policy bound the controller-manager should never get", async () => {
    for (const bad of ["1d", "5m", "9000h"]) {
      expect(await outcome(kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { csrSigningDuration: bad } }))).toBe(422);
    }
  });

  it("follows a change of the policy (the controller-manager is restarted with the new bound)", async () => {
    await kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { csrSigningDuration: "1h" } });
    const tenant = await tenantAdmin();
    // The restart takes a moment; a CSR signed before it may still carry the old bound, so ask until one is bounded.
    let minutes = Infinity;
    for (let i = 0; i < 20 && minutes > 61; i++) {
      minutes = lifetimeMinutes(await mintCertificate(tenant, `hour-${id}-${i}`));
      if (minutes > 61) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(minutes).toBeLessThanOrEqual(61);
    expect(minutes).toBeGreaterThan(55);
  });
});
