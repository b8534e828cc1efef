import "reflect-metadata"; // before @peculiar/x509 (see pki.ts)
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KubernetesObject, V1Secret } from "@kubernetes/client-node";
import * as x509 from "@peculiar/x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantObject } from "@/lib/schemas/tenant";
import type { CaRotationStatus } from "@/lib/tenants/ca-rotation";
import { tenantNames } from "@/lib/tenants/names";
import { caOfKubeconfig, gatewayFromKubeconfig } from "@/server/kube/client";
import { kubeconfigClientCert } from "@/server/kube/kubeconfig";
import { models, type ResourceModel } from "@/server/kube/models";
import { b64 } from "@/server/kube/secret-data";
import { resolveBinaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { httpsRequest } from "@/server/local/readyz";
import { requestCaRotation } from "@/server/services/certificates";
import { issueKubeconfig } from "@/server/services/kubeconfig";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureNamespace } from "@/server/services/users";
import { testGateway } from "@/test/kube";
import { crashAt, kill9, startReconciler } from "@/test/reconciler-process";

const CSR: ResourceModel = { group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest", plural: "certificatesigningrequests", namespaced: false };
const id = crypto.randomBytes(3).toString("hex");
const RECONCILER = `ca-rotation-${id}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether a kubeconfig's credentials get through to the tenant: "ok", the HTTP status, or the TLS/connection error.
 * `trust` replaces the CAs the kubeconfig trusts, to tell a refused client certificate from an unverified server.
 */
async function answer(kubeconfig: string, trust?: string): Promise<string> {
  const server = /server: (\S+)/.exec(kubeconfig)![1]!;
  const client = kubeconfigClientCert(kubeconfig)!;
  try {
    const res = await httpsRequest(`${server}/api`, { caPem: trust ?? caOfKubeconfig(kubeconfig), certPem: client.certPem, keyPem: client.keyPem });
    return res.status === 200 ? "ok" : String(res.status);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
}

describe("a tenant CA rotation in phases (real control plane, the reconciler as a process killed with SIGKILL in every phase)", () => {
  const kube = testGateway();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-ca-rotation-"));
  const name = `carot-${id}`;
  const ns = tenantNames(name).namespace;
  let provider: LocalProvider;
  let reconciler: ChildProcess | undefined;
  const tenantObject = () => kube.get<TenantObject & { metadata: { name: string } }>(models.Tenant, { name });
  const rotation = async (): Promise<CaRotationStatus | undefined> => (await tenantObject()).status?.credentials?.rotation?.certificateAuthorities;
  const adminConf = async () => Buffer.from((await kube.get<V1Secret>(models.Secret, { name: `${name}-admin-kubeconfig`, namespace: ns })).data!["admin.conf"]!, "base64").toString();
  const kubeconfig = async () => (await issueKubeconfig(kube, { name: `user-${id}`, roles: ["platform-admin"] }, { name, endpoint: (await tenantObject()).status?.endpoint }, "admin", 1)).kubeconfig;

  beforeAll(async () => {
    const binaries = await resolveBinaries();
    await ensureNamespace(kube, "kmetal-system");
    await ensurePlatformPolicy(kube, [binaries.version]);
    provider = new LocalProvider({ kube, binaries, dir, log: (l) => /CA rotation|restart|failed/.test(l) && console.log(l) });
    await provider.start();
    reconciler = startReconciler(RECONCILER);
    await kube.create(models.Tenant, { metadata: { name }, spec: {
      owners: [`owner-${id}`], kubernetesVersion: binaries.version, network: { mode: "overlay", cidr: `10.${200 + crypto.randomInt(50)}.9.0/24` },
      workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
    } } as never);
    for (let i = 0; i < 180 && (await tenantObject()).status?.phase !== "Ready"; i++) await sleep(1_000);
  }, 240_000);

  afterAll(async () => {
    if (!reconciler || reconciler.exitCode !== null || reconciler.signalCode !== null) reconciler = startReconciler(RECONCILER);
    await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    for (let i = 0; i < 240 && (await kube.find(models.Tenant, { name })); i++) await sleep(500);
    await kill9(reconciler);
    await provider.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it("old credentials work until completion and are refused after it, new ones work throughout, workers stay Ready, and a kill -9 in any phase converges", async () => {
    expect((await tenantObject()).status?.phase).toBe("Ready");
    // Before: a downloaded kubeconfig, and a certificate a tenant admin minted through a CSR (signed by the old CA).
    const before = await kubeconfig();
    expect(await answer(before)).toBe("ok");
    const tenant = gatewayFromKubeconfig(await adminConf());
    const keys = (await crypto.webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=minted-${id}`, keys, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } });
    const csrName = `minted-${id}`;
    const created = await tenant.create(CSR, { metadata: { name: csrName }, spec: { request: b64(csr.toString("pem")), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth", "digital signature"], expirationSeconds: 3600 } } as never);
    await tenant.request("PUT", `/apis/certificates.k8s.io/v1/certificatesigningrequests/${csrName}/approval`, {
      body: { ...(created as object), status: { conditions: [{ type: "Approved", status: "True", reason: "Test", message: "approved by the test" }] } },
    });
    let mintedPem = "";
    await expect.poll(async () => (mintedPem = (await tenant.get<KubernetesObject & { status?: { certificate?: string } }>(CSR, { name: csrName })).status?.certificate ?? ""), { timeout: 60_000, interval: 500 }).not.toBe("");
    const keyPem = x509.PemConverter.encode(await crypto.webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
    const minted = before.replace(/client-certificate-data: .*/, `client-certificate-data: ${mintedPem}`).replace(/client-key-data: .*/, `client-key-data: ${b64(keyPem)}`);
    expect(await answer(minted)).toBe("ok");

    // The worker stays Ready throughout: its Node in the tenant cluster, read with the admin kubeconfig of the moment.
    const notReady: string[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        try {
          const nodes = (await gatewayFromKubeconfig(await adminConf()).list<KubernetesObject & { status?: { conditions?: { type: string; status: string }[] } }>(models.Node)).items;
          for (const n of nodes) if (n.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True") notReady.push(`${new Date().toISOString()} ${n.metadata?.name}`);
          if (nodes.length !== 1) notReady.push(`${new Date().toISOString()} ${nodes.length} nodes`);
        } catch {
          // the admin Secret and the server's certificate change in steps: a read between them is not the worker's state
        }
        await sleep(1_000);
      }
    })();

    // Start, with the reconciler killed right after it wrote Preparing (the operation still on the Tenant).
    await kill9(reconciler!);
    await requestCaRotation(kube, await tenantObject(), "start");
    await crashAt(RECONCILER, "ca-rotation Preparing");
    expect((await rotation())?.phase).toBe("Preparing");
    // Killed again right after the operator's answer was taken (Prepared written), then left to run.
    await crashAt(RECONCILER, "ca-rotation Prepared");
    expect((await rotation())?.phase).toBe("Prepared");
    reconciler = startReconciler(RECONCILER);
    await expect.poll(async () => (await tenantObject()).metadata.annotations?.["kmetal.io/operation"], { timeout: 60_000, interval: 500 }).toBeUndefined();

    // Prepared: the old credentials still work; a kubeconfig issued now trusts both CAs and is signed by the new one.
    const during = await kubeconfig();
    expect(await answer(before)).toBe("ok");
    expect(await answer(minted)).toBe("ok");
    expect(await answer(during)).toBe("ok");
    await expect(requestCaRotation(kube, await tenantObject(), "start")).rejects.toThrow(/already in progress \(Prepared\)/);

    // Complete, with the reconciler killed right after Completing, and again after Completed.
    await kill9(reconciler);
    await requestCaRotation(kube, await tenantObject(), "complete");
    await crashAt(RECONCILER, "ca-rotation Completing");
    expect((await rotation())?.phase).toBe("Completing");
    await crashAt(RECONCILER, "ca-rotation Completed");
    reconciler = startReconciler(RECONCILER);
    const done = (await rotation())!;
    expect(done.phase).toBe("Completed");
    expect(Date.parse(done.lastCompletionTime!)).toBeGreaterThan(Date.parse(done.lastInitiationTime!));

    // Completed: every certificate of the old CA is refused; the kubeconfig issued during the rotation works, as does a new one.
    // As downloaded, the old kubeconfig no longer even trusts the server; trusting the new CA, its certificate is refused.
    expect(await answer(before)).not.toBe("ok");
    const newCa = caOfKubeconfig(await kubeconfig());
    expect(await answer(before, newCa)).toBe("401");
    expect(await answer(minted, newCa)).toBe("401");
    expect(await answer(during)).toBe("ok");
    expect(await answer(await kubeconfig())).toBe("ok");
    const caSecret = await kube.get<V1Secret>(models.Secret, { name: `${name}-ca`, namespace: ns });
    expect(Object.keys(caSecret.data ?? {}).sort()).toEqual(["ca.crt", "ca.key"]);
    // New workers join with the new CA: the join Secret is made again, pinning the new CA's key.
    const caHash = crypto.createHash("sha256").update(new crypto.X509Certificate(Buffer.from(caSecret.data!["ca.crt"]!, "base64")).publicKey.export({ type: "spki", format: "der" })).digest("hex");
    await expect.poll(async () => {
      const join = await kube.find<V1Secret>(models.Secret, { name: "worker-join", namespace: ns });
      return join?.metadata?.annotations?.["kmetal.io/ca-generation"] === done.lastCompletionTime && Buffer.from(join!.data!.userdata!, "base64").toString().includes(`sha256:${caHash}`);
    }, { timeout: 30_000, interval: 500 }).toBe(true);

    await sleep(5_000); // the worker keeps reporting a moment after the last restart
    watching = false;
    await watch;
    expect(notReady).toEqual([]);
  }, 600_000);
});
