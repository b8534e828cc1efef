import "reflect-metadata"; // before @peculiar/x509 (see pki.ts)
import crypto, { X509Certificate } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { KubernetesObject } from "@kubernetes/client-node";
import * as x509 from "@peculiar/x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeError } from "@/server/kube/errors";
import { gatewayFromFile, gatewayFromKubeconfig } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { buildKubeconfig } from "@/server/kube/kubeconfig";
import { models, type ResourceModel } from "@/server/kube/models";
import { resolveBinaries, type Binaries } from "@/server/local/binaries";
import { etcdCall } from "@/server/local/etcd";
import { TenantControlPlaneRuntime, type TenantPki, type TenantStartResult } from "@/server/local/tenant-control-plane";
import { b64 } from "@/server/kube/secret-data";

const CSR: ResourceModel = { group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest", plural: "certificatesigningrequests", namespaced: false };
type WithData = KubernetesObject & { data?: Record<string, string> };
const suffix = crypto.randomBytes(3).toString("hex");

/** A gateway for `server` that trusts `caPem` and presents `client`, independent of any kubeconfig file. */
function gatewayWith(server: string, caPem: string, client: { certPem: string; keyPem: string }): KubeGateway {
  return gatewayFromKubeconfig(buildKubeconfig({ cluster: "c", server, caPem, user: "u", ...client }));
}

/** Every key in a tenant's etcd, through etcd's JSON gateway (keys are base64 there), with the etcd client certificate. */
async function etcdKeys(etcdUrl: string, pki: TenantPki): Promise<string[]> {
  const client = { caPem: pki.etcd!.ca.certPem, certPem: pki.etcd!.client.certPem, keyPem: pki.etcd!.client.keyPem };
  const body = await etcdCall<{ kvs?: { key: string }[] }>(etcdUrl, client, "/v3/kv/range", { key: b64("/"), range_end: b64("\0"), keys_only: true });
  return (body.kvs ?? []).map((kv) => Buffer.from(kv.key, "base64").toString());
}

/** The TLS error (if any) a client trusting only `caPem` gets from 127.0.0.1:port. */
function tlsErrorCode(port: number, caPem: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = https.get({ host: "127.0.0.1", port, path: "/version", ca: caPem, agent: false, timeout: 5_000 }, (res) => (res.resume(), resolve(undefined)));
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const configMap = (name: string, data: Record<string, string>) => ({ metadata: { name, namespace: "default" }, data });

describe("per-tenant hosted control planes (real etcd, kube-apiservers, KCM, scheduler)", () => {
  let binaries: Binaries;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-tcp-it-"));
  let a: TenantControlPlaneRuntime;
  let b: TenantControlPlaneRuntime;
  let startA: TenantStartResult;
  let startB: TenantStartResult;
  let pkiA: TenantPki;
  let pkiB: TenantPki;
  let kubeA: KubeGateway;
  let kubeB: KubeGateway;

  beforeAll(async () => {
    binaries = await resolveBinaries();
    a = new TenantControlPlaneRuntime({ name: "tenant-a", dir: path.join(root, "a"), binaries, replicas: 2, supervise: true });
    b = new TenantControlPlaneRuntime({ name: "tenant-b", dir: path.join(root, "b"), binaries, replicas: 1 });
    [startA, startB] = await Promise.all([a.start(), b.start()]);
    console.log(`tenant start timings (A: 2 replicas, B: 1, started together): A ${JSON.stringify(startA.timings)} B ${JSON.stringify(startB.timings)}`);
    [pkiA, pkiB] = [a.pki(), b.pki()];
    kubeA = gatewayFromFile(startA.kubeconfigPath);
    kubeB = gatewayFromFile(startB.kubeconfigPath);
  });
  afterAll(async () => {
    await Promise.all([a?.destroy(), b?.destroy()]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("serves each tenant through its own balancer, with an admin kubeconfig for that endpoint", async () => {
    expect(startA.endpoint).toBe(`https://127.0.0.1:${startA.lbPort}`);
    expect(kubeA.server).toBe(startA.endpoint);
    const apiservers = startA.processes.filter((p) => p.name.startsWith("kube-apiserver"));
    expect(apiservers).toHaveLength(2);
    expect(apiservers.map((p) => p.port)).not.toContain(startA.lbPort);
    expect(startA.processes.map((p) => p.name)).toEqual(expect.arrayContaining(["etcd", "kube-controller-manager", "kube-scheduler"]));
    for (const p of startA.processes) expect(fs.readFileSync(`/proc/${p.pid}/cmdline`, "utf8")).toContain(path.join(root, "a"));
    const names = (await kubeA.list<KubernetesObject>(models.Namespace)).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(["default", "kube-system"]));
    expect((await kubeA.version()).gitVersion).toBe("v1.36.3");
    expect((await kubeB.version()).gitVersion).toBe("v1.36.3");
  });

  it("rejects tenant A's admin certificate at tenant B's endpoint with 401", async () => {
    const crossed = gatewayWith(startB.endpoint, pkiB.ca.certPem, pkiA.admin);
    const err = await crossed.list(models.Namespace).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).status).toBe(401);
  });

  it("makes a client that trusts only tenant A's CA refuse tenant B's serving certificate", async () => {
    expect(await tlsErrorCode(startA.lbPort, pkiA.ca.certPem)).toBeUndefined();
    expect(await tlsErrorCode(startB.lbPort, pkiA.ca.certPem)).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT_SIGNATURE_FAILURE/);
    const err = await gatewayWith(startB.endpoint, pkiA.ca.certPem, pkiA.admin).version().catch((e: unknown) => e);
    expect((err as KubeError).status).toBe(0);
  });

  it("keeps each tenant's objects in its own etcd", async () => {
    const inA = `only-in-a-${suffix}`;
    const inB = `only-in-b-${suffix}`;
    await kubeA.create(models.ConfigMap, configMap(inA, { owner: "a" }));
    await kubeB.create(models.ConfigMap, configMap(inB, { owner: "b" }));
    expect(await kubeB.find(models.ConfigMap, { name: inA, namespace: "default" })).toBeUndefined();
    expect(await kubeA.find(models.ConfigMap, { name: inB, namespace: "default" })).toBeUndefined();
    const keysA = await etcdKeys(startA.etcdUrl, pkiA);
    const keysB = await etcdKeys(startB.etcdUrl, pkiB);
    expect(keysA).toContain(`/registry/configmaps/default/${inA}`);
    expect(keysA.filter((k) => k.includes(inB))).toEqual([]);
    expect(keysB).toContain(`/registry/configmaps/default/${inB}`);
    expect(keysB.filter((k) => k.includes(inA))).toEqual([]);
  });

  it("runs a controller-manager that publishes the tenant CA and signs CSRs with it", async () => {
    await expect.poll(async () => (await kubeA.find<WithData>(models.ConfigMap, { name: "kube-root-ca.crt", namespace: "default" }))?.data?.["ca.crt"], { timeout: 60_000, interval: 500 })
      .toBe(pkiA.ca.certPem);
    const keys = (await crypto.webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: "CN=csr-user,O=csr-group", keys, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } });
    const name = `csr-${suffix}`;
    const created = await kubeA.create(CSR, { metadata: { name }, spec: { request: b64(csr.toString("pem")), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth", "digital signature"], expirationSeconds: 600 } } as never);
    await kubeA.request("PUT", `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`, {
      body: { ...(created as object), status: { conditions: [{ type: "Approved", status: "True", reason: "Test", message: "approved by the test" }] } },
    });
    let issued = "";
    await expect.poll(async () => (issued = (await kubeA.get<KubernetesObject & { status?: { certificate?: string } }>(CSR, { name })).status?.certificate ?? ""), { timeout: 60_000, interval: 500 }).not.toBe("");
    const cert = new X509Certificate(Buffer.from(issued, "base64"));
    expect(cert.subject.split("\n").sort()).toEqual(["CN=csr-user", "O=csr-group"]);
    expect(cert.verify(new X509Certificate(pkiA.ca.certPem).publicKey)).toBe(true);
  });

  it("keeps answering through the balancer when one of two apiserver replicas is killed, and brings it back", async () => {
    const victim = a.info().processes.find((p) => p.name === "kube-apiserver-0")!;
    process.kill(victim.pid, "SIGKILL");
    await expect.poll(() => a.info().processes.some((p) => p.pid === victim.pid)).toBe(false);
    for (let i = 0; i < 6; i++) expect((await kubeA.list(models.Namespace)).items.length).toBeGreaterThan(0);
    await expect.poll(() => a.info().processes.find((p) => p.name === "kube-apiserver-0")?.pid, { timeout: 90_000, interval: 500 })
      .toSatisfy((pid) => typeof pid === "number" && pid !== victim.pid);
    // Back on its old port, serving the tenant's identity again.
    const direct = gatewayWith(`https://127.0.0.1:${victim.port}`, pkiA.ca.certPem, pkiA.admin);
    await expect.poll(() => direct.readyz().then(() => true, () => false), { timeout: 90_000, interval: 500 }).toBe(true);
    expect((await kubeA.version()).gitVersion).toBe("v1.36.3");
  });

  it("restarts on the same data, PKI and endpoint", async () => {
    const keep = `survives-restart-${suffix}`;
    await kubeB.create(models.ConfigMap, configMap(keep, { v: "1" }));
    await b.stop();
    expect(b.isRunning()).toBe(false);
    await expect(kubeB.version()).rejects.toThrow();
    b = new TenantControlPlaneRuntime({ name: "tenant-b", dir: path.join(root, "b"), binaries, replicas: 1, pki: pkiB, lbPort: startB.lbPort });
    const again = await b.start();
    console.log(`tenant B restart timings: ${JSON.stringify(again.timings)}`);
    expect(b.isRunning()).toBe(true);
    expect(again.endpoint).toBe(startB.endpoint);
    expect(b.pki()).toBe(pkiB);
    // The kubeconfig handed out before the restart still works: same CA, same admin, same port.
    const cm = await kubeB.get<WithData>(models.ConfigMap, { name: keep, namespace: "default" });
    expect(cm.data).toEqual({ v: "1" });
  });
});
