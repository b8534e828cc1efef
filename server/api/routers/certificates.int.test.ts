import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { KubernetesObject, V1Secret } from "@kubernetes/client-node";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_PKI_KINDS } from "@/lib/certificates/kamaji";
import type { Identity } from "@/server/api/trpc";
import { tenantNames } from "@/lib/tenants/names";
import { createCaller } from "@/server/api/root";
import { models } from "@/server/kube/models";
import { certificateExpiry } from "@/server/metrics/certificate-metrics";
import { consoleMetrics } from "@/server/metrics/console-metrics";
import { resolveBinaries, type Binaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { TenantController } from "@/server/reconciler/controller";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureNamespace } from "@/server/services/users";
import { testCaches, testContext, testGateway } from "@/test/kube";

const id = crypto.randomBytes(3).toString("hex");
const as = (name: string, ...roles: Identity["roles"]) => createCaller(testContext({ identity: { name, roles } }));
const admin = as("root", "platform-admin");
/** Short leaves, so warning, renewal and the dates of a whole lifetime happen within the test. */
const LEAF_TTL_S = 180;
const THRESHOLDS = { warning: "150s", critical: "40s" };
type Policy = KubernetesObject & { spec: { certificateExpiry?: unknown } };

/** The serial of the certificate a TLS server presents (upper-case hex, as @peculiar/x509 prints it). */
const servedSerial = (endpoint: string) => new Promise<string>((resolve, reject) => {
  const u = new URL(endpoint.includes("://") ? endpoint : `https://${endpoint}`);
  const s = tls.connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
    resolve(s.getPeerCertificate().serialNumber.toLowerCase());
    s.end();
  });
  s.on("error", reject);
});

describe("the certificates router on a real tenant PKI (local provider, short-lived leaves)", () => {
  const kube = testGateway();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-certs-"));
  const name = `pki-${id}`;
  const ns = tenantNames(name).namespace;
  let provider: LocalProvider;
  let controller: TenantController;
  let binaries: Binaries;
  let originalExpiry: unknown;

  beforeAll(async () => {
    binaries = await resolveBinaries();
    await ensureNamespace(kube, "kmetal-system");
    await ensurePlatformPolicy(kube, [binaries.version]);
    originalExpiry = (await kube.get<Policy>(models.PlatformPolicy, { name: "platform" })).spec.certificateExpiry;
    await kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { certificateExpiry: THRESHOLDS } });
    const log = (l: string) => /renew|rotat|restart|failed/.test(l) && console.log(l);
    provider = new LocalProvider({ kube, binaries, dir, log, leaf: { ttlSeconds: LEAF_TTL_S, renewFraction: 2 / 3 } });
    await provider.start();
    controller = new TenantController(kube, { namespace: "kmetal-system", identity: `certs-${id}` });
    await controller.start();
    await admin.tenants.create({
      name, owners: [`owner-${id}`], kubernetesVersion: binaries.version, controlPlane: { replicas: 2 },
      network: { mode: "overlay", cidr: `192.168.${crypto.randomInt(200)}.0/24` },
      workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
    });
  });
  afterAll(async () => {
    await kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { certificateExpiry: originalExpiry ?? null } }).catch(() => {});
    await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    for (let i = 0; i < 240 && (await kube.find(models.Tenant, { name })); i++) await new Promise((r) => setTimeout(r, 500));
    await controller?.stop();
    await provider?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The tenant's endpoint once the reconciler has reported it. */
  const endpointOf = async () => {
    let endpoint: string | undefined;
    await expect.poll(async () => (endpoint = (await admin.tenants.byName({ name })).endpoint), { timeout: 120_000, interval: 1_000 }).toBeTruthy();
    return endpoint!;
  };
  const byKind = async () => {
    const inv = await admin.certificates.tenant({ name });
    return { inv, kinds: new Map(inv.certificates.map((c) => [c.kind, c])) };
  };

  it("lists every kind of a new tenant's PKI with correct dates, and keeps no key material in the cache", async () => {
    await expect.poll(async () => (await byKind()).inv.incomplete, { timeout: 150_000, interval: 1_000 }).toEqual([]);
    const { inv, kinds } = await byKind();
    expect([...kinds.keys()].sort()).toEqual([...TENANT_PKI_KINDS].sort());
    expect(inv.thresholds).toEqual({ warningSeconds: 150, criticalSeconds: 40 });
    const now = Date.now();
    for (const c of inv.certificates) {
      expect(c.tenant).toBe(name);
      expect(Date.parse(c.notBefore)).toBeLessThanOrEqual(now);
      if (c.kind === "service-account") {
        expect(c.notAfter).toBeUndefined(); // a key pair: only its age
        expect(c.keyType).toBe("ECDSA P-256");
        continue;
      }
      const life = (Date.parse(c.notAfter!) - Date.parse(c.notBefore)) / 1000;
      if (c.isCa) expect(life).toBeGreaterThan(3649 * 86_400); // CAs: ten years
      else {
        expect(life).toBeGreaterThanOrEqual(LEAF_TTL_S);
        expect(life).toBeLessThanOrEqual(LEAF_TTL_S * 1.1 + 1);
      }
    }
    // The chain: the tenant CA signs the apiserver's, the front-proxy CA its client, the etcd CA the datastore's.
    expect(kinds.get("apiserver")!.issuer).toBe(kinds.get("ca")!.subject);
    expect(kinds.get("admin")!.issuer).toBe(kinds.get("ca")!.subject);
    expect(kinds.get("front-proxy-client")!.issuer).toBe(kinds.get("front-proxy-ca")!.subject);
    for (const k of ["datastore-client", "etcd-server", "etcd-peer"] as const) expect(kinds.get(k)!.issuer).toBe(kinds.get("datastore-ca")!.subject);
    // The tenant endpoint serves the certificate the inventory shows.
    const endpoint = await endpointOf();
    expect(await servedSerial(endpoint)).toBe(kinds.get("apiserver")!.serial.toLowerCase());

    // The cache holds public facts only: no Secret data, no key, no certificate bytes.
    const cached = testCaches().get("pkiSecrets").list().filter((s) => s.metadata.namespace === ns);
    expect(cached.length).toBeGreaterThanOrEqual(12);
    const raw = await kube.get<V1Secret>(models.Secret, { name: `${name}-api-server-certificate`, namespace: ns });
    const text = JSON.stringify(cached);
    for (const s of cached) expect(s).not.toHaveProperty("data");
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toContain(raw.data!["apiserver.key"]!.slice(0, 48));

    // A kubeconfig download is recorded and listed on the tenant while valid.
    const issued = await admin.tenants.kubeconfig({ name, ttlHours: 1 });
    await expect.poll(async () => (await byKind()).inv.certificates.filter((c) => c.kind === "user").map((c) => [c.user, c.notAfter]), { timeout: 20_000 })
      .toEqual([["root", issued.expiresAt]]);

    // Tenant roles see only their tenants.
    expect(((await as(`stranger-${id}`, "tenant-viewer").certificates.tenant({ name }).catch((e: unknown) => e)) as TRPCError).code).toBe("NOT_FOUND");
    expect((await as(`stranger-${id}`, "tenant-viewer").certificates.list()).certificates.filter((c) => c.tenant === name)).toEqual([]);
    expect((await as(`owner-${id}`, "tenant-viewer").certificates.list()).certificates.some((c) => c.tenant === name && c.kind === "ca")).toBe(true);

    // The metric names each kind of the tenant.
    const metrics = await consoleMetrics({ caches: testCaches() }, [certificateExpiry(testCaches)]).metrics();
    expect(metrics).toContain(`kmetal_certificate_expiry_timestamp_seconds{tenant="${name}",kind="apiserver"} ${Date.parse(kinds.get("apiserver")!.notAfter!) / 1000}`);
  }, 240_000);

  it("lets a short-lived leaf cross the warning threshold and renews it by itself from the same CA", async () => {
    const { kinds } = await byKind();
    const first = kinds.get("apiserver")!;
    const ca = kinds.get("ca")!.serial;
    // It enters warning with 150 s left (30 s into its life) ...
    await expect.poll(async () => (await byKind()).kinds.get("apiserver")!, { timeout: 120_000, interval: 1_000 })
      .toMatchObject({ serial: first.serial, state: "warning" });
    // ... and is renewed at two thirds of its life, before it turns critical.
    let renewed = first;
    await expect.poll(async () => (renewed = (await byKind()).kinds.get("apiserver")!).serial, { timeout: 150_000, interval: 1_000 }).not.toBe(first.serial);
    expect(Date.parse(renewed.notAfter!)).toBeGreaterThan(Date.parse(first.notAfter!));
    expect(renewed.issuer).toBe(first.issuer);
    expect((await byKind()).kinds.get("ca")!.serial).toBe(ca);
    // The running apiserver picked the new pair up from its files, and the renewal is recorded.
    const endpoint = await endpointOf();
    await expect.poll(() => servedSerial(endpoint), { timeout: 90_000, interval: 2_000 }).toBe(renewed.serial.toLowerCase());
    // The Event follows the Secrets (it is written once every Secret is).
    await expect.poll(async () => (await kube.list<{ reason?: string }>(models.Event, { namespace: ns })).items.some((e) => e.reason === "CertificatesRenewed"), { timeout: 60_000, interval: 1_000 }).toBe(true);
  }, 420_000);

  it("rotates every leaf on request (Kamaji's annotation) while a client of the tenant endpoint keeps being served", async () => {
    const before = (await byKind()).inv.certificates;
    const leafSerial = (certs: typeof before) => new Map(certs.filter((c) => !c.isCa && c.kind !== "service-account" && c.kind !== "user").map((c) => [c.kind, c.serial]));
    const old = leafSerial(before);
    expect(old.size).toBe(9);
    const conf = Buffer.from((await kube.get<V1Secret>(models.Secret, { name: `${name}-admin-kubeconfig`, namespace: ns })).data!["admin.conf"]!, "base64").toString();
    const { gatewayFromKubeconfig } = await import("@/server/kube/client");
    // A client with the kubeconfig from before: the old admin certificate stays valid (same CA), so every
    // request must be served while the apiservers restart one at a time.
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          await gatewayFromKubeconfig(conf).request("GET", "/api/v1/namespaces/default");
          ok++;
        } catch (err) {
          failures.push((err as Error).message.slice(0, 120));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const t0 = Date.now();
    expect(((await as(`owner-${id}`, "tenant-admin").certificates.rotateLeaves({ name }).catch((e: unknown) => e)) as TRPCError).code).toBe("FORBIDDEN");
    expect(await admin.certificates.rotateLeaves({ name })).toEqual({ requested: 9 });
    await expect.poll(async () => (await byKind()).inv.rotation, { timeout: 180_000, interval: 500 }).toEqual({ requested: 9, pending: 0 });
    const rotationMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 3_000)); // the client keeps going a moment after the last restart
    running = false;
    await loop;
    const fresh = leafSerial((await byKind()).inv.certificates);
    for (const [kind, serial] of old) expect(fresh.get(kind), kind).not.toBe(serial);
    console.log(`leaf rotation of ${name}: ${rotationMs} ms, ${ok} requests served, ${failures.length} failed ${failures.slice(0, 3).join(" | ")}`);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(10);
  }, 300_000);
});

