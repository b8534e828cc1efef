import "server-only";
import { env } from "@/lib/env.js";
import { canReadFleet, tenantAccess, type Principal } from "@/lib/authz/scope";
import { KAMAJI_ROTATE_ANNOTATION, LEAF_SECRET_SUFFIXES, pkiSecretName, rotationProgress, TENANT_PKI_KINDS, type CertificateKind } from "@/lib/certificates/kamaji";
import {
  classify, countStates, missingKinds, thresholdsFromPolicy, worstState, type CertificateRecord, type CertificateState, type ClassifiedCertificate,
  type ExpiryThresholds, type StateCounts,
} from "@/lib/certificates/inventory";
import { durationSeconds } from "@/lib/certificates/renewal";
import { tenantNames } from "@/lib/tenants/names";
import { OPERATION_ANNOTATION, refusalOf, type CaRotationPhase, type CaRotationStatus } from "@/lib/tenants/ca-rotation";
import type { RotateCaInput } from "@/lib/schemas/certificates";
import type { TenantObject } from "@/lib/schemas/tenant";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { precondition } from "@/server/domain-errors";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { describeCertificate } from "@/server/pki/pki";
import { userCertificateOf } from "@/server/pki/user-certificates";
import { PLATFORM_POLICY } from "@/server/services/platform-policy";
import { peerCertificate } from "@/server/tls-peer";

/** The certificate inventory one caller may see, classified at `generatedAt` by the platform policy's thresholds. */
export interface InventoryView {
  generatedAt: string;
  thresholds: ExpiryThresholds;
  certificates: ClassifiedCertificate[];
  counts: StateCounts;
  worst: CertificateState;
  /** Tenants whose PKI lacks kinds it should have (e.g. a control plane still being made). */
  incomplete: { tenant: string; missing: CertificateKind[] }[];
  /** One tenant's view only: its last leaf rotation (Secrets asked to rotate, and those still pending). */
  rotation?: { requested: number; pending: number };
  /** One tenant's view only: its CA rotation, once one was started (the Tenant's status). */
  caRotation?: CaRotationStatus;
}

/** The thresholds of the platform policy (defaults when it sets none). */
export async function expiryThresholds(caches: CacheRegistry): Promise<ExpiryThresholds> {
  const spec = (await caches.synced("policies")).get(PLATFORM_POLICY)?.spec as { certificateExpiry?: { warning?: string; critical?: string } } | undefined;
  return thresholdsFromPolicy(spec?.certificateExpiry, durationSeconds);
}

/**
 * The inventory holds one watch per PKI Secret of every tenant (12 a tenant: the console may read those Secrets
 * only by name). Above `KMETAL_PKI_INVENTORY_MAX_TENANTS` tenants it stays off rather than open thousands of
 * watches on the API server, and says so; nothing is started until this passes.
 */
/** Whether the inventory is on now, without waiting: false too while the tenants are not listed yet. */
export function inventoryOnNow(caches: CacheRegistry): boolean {
  const tenants = caches.get("tenants");
  return tenants.state.synced && tenants.list().length <= env.KMETAL_PKI_INVENTORY_MAX_TENANTS;
}

export async function assertInventoryAllowed(caches: CacheRegistry): Promise<void> {
  const n = (await caches.synced("tenants")).list().length;
  if (n > env.KMETAL_PKI_INVENTORY_MAX_TENANTS) {
    throw precondition(`The certificate inventory is off for fleets above ${env.KMETAL_PKI_INVENTORY_MAX_TENANTS} tenants (this one has ${n}): it watches 12 Secrets per tenant. Raise KMETAL_PKI_INVENTORY_MAX_TENANTS to turn it on.`);
  }
}

/** Every PKI record of the tenants the caller may see (by namespace: a Secret elsewhere belongs to no tenant), plus still-valid user certificates. */
async function tenantRecords(caches: CacheRegistry, p: Principal, only?: string): Promise<{ records: CertificateRecord[]; tenants: string[] }> {
  await assertInventoryAllowed(caches);
  const [tenants, secrets, users] = await Promise.all([caches.synced("tenants"), caches.synced("pkiSecrets"), caches.synced("userCertificates")]);
  const visible = new Map<string, string>();
  for (const t of tenants.list()) {
    const name = t.metadata.name;
    if ((!only || name === only) && tenantAccess(p, t) !== "none") visible.set(tenantNames(name).namespace, name);
  }
  const records: CertificateRecord[] = [];
  for (const s of secrets.list()) {
    const tenant = visible.get(s.metadata.namespace ?? "");
    if (tenant) for (const c of s.certificates) records.push({ ...c, tenant });
  }
  const now = Date.now();
  const names = new Set(visible.values());
  for (const r of users.list()) {
    const c = userCertificateOf(r);
    if (c && names.has(c.tenant!) && Date.parse(c.notAfter!) > now) records.push(c);
  }
  return { records, tenants: [...names] };
}

/**
 * The under cluster's own serving certificate, read from a TLS handshake with its API server (the way any
 * client sees it), at most once a minute.
 */
let servingMemo: { at: number; server: string; record?: CertificateRecord } | undefined;
async function underClusterServing(gateway: KubeGateway): Promise<CertificateRecord | undefined> {
  const server = gateway.server;
  if (servingMemo && servingMemo.server === server && Date.now() - servingMemo.at < 60_000) return servingMemo.record;
  const url = new URL(server);
  // Only public bytes are read: the peer's certificate. Trust is not the point here, the dates are.
  const raw = await peerCertificate(url.hostname, Number(url.port || 443), { servername: /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname });
  const pem = raw && `-----BEGIN CERTIFICATE-----\n${raw.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
  const record: CertificateRecord | undefined = pem ? { kind: "under-cluster-serving", source: "", ...describeCertificate(pem) } : undefined;
  servingMemo = { at: Date.now(), server, record };
  return record;
}

/**
 * The certificate inventory for `p`: platform roles see every tenant and the under cluster's serving
 * certificate; tenant roles see only their own tenants. `tenant` narrows it to one tenant.
 */
export async function certificateInventory(caches: CacheRegistry, p: Principal, opts: { tenant?: string; now?: number } = {}): Promise<InventoryView> {
  const now = opts.now ?? Date.now();
  const [thresholds, { records, tenants }] = await Promise.all([expiryThresholds(caches), tenantRecords(caches, p, opts.tenant)]);
  if (canReadFleet(p) && !opts.tenant) {
    const serving = await underClusterServing(caches.gateway);
    if (serving) records.push(serving);
  }
  const certificates = classify(records, now, thresholds);
  const incomplete = tenants.sort().flatMap((tenant) => {
    const missing = missingKinds(records.filter((r) => r.tenant === tenant), TENANT_PKI_KINDS);
    return missing.length ? [{ tenant, missing }] : [];
  });
  const rotation = opts.tenant ? await rotationState(caches, opts.tenant) : undefined;
  const caRotation = opts.tenant ? (await caches.synced("tenants")).get(opts.tenant)?.status?.credentials?.rotation?.certificateAuthorities : undefined;
  return {
    ...(caRotation ? { caRotation } : {}), generatedAt: new Date(now).toISOString(), thresholds, certificates, counts: countStates(certificates), worst: worstState(certificates.map((c) => c.state)), incomplete, ...(rotation ? { rotation } : {}) };
}

/**
 * Asks for new leaf certificates of a tenant, from the same CA, the way Kamaji takes the request: each leaf Secret
 * gets `certs.kamaji.clastix.io/rotate: ""`; the operator (the local provider here) issues the leaf again, makes the
 * components use it and sets the annotation to the time of rotation. `kube` is the console's own connection.
 */
export async function rotateLeaves(kube: KubeGateway, tenant: string): Promise<{ requested: number }> {
  const ns = tenantNames(tenant).namespace;
  // All at once, so the operator finds them together and restarts each component once.
  const asked = await Promise.all(LEAF_SECRET_SUFFIXES.map(async (suffix) => {
    try {
      await kube.mergePatch(models.Secret, { name: pkiSecretName(tenant, suffix), namespace: ns }, { metadata: { annotations: { [KAMAJI_ROTATE_ANNOTATION]: "" } } });
      return 1;
    } catch (err) {
      if (!(err instanceof KubeError && err.status === 404)) throw err; // a Secret not made yet has nothing to rotate
      return 0;
    }
  }));
  const requested = asked.reduce<number>((a, b) => a + b, 0);
  if (!requested) throw precondition(`tenant ${tenant} has no certificates yet; wait until its control plane is ready`);
  return { requested };
}

/**
 * Asks for the next step of a tenant's CA rotation (lib/tenants/ca-rotation.ts): `start` creates the new CA and
 * issues every client certificate from it; `complete` drops the old CA and with it every certificate it signed.
 * Refused (and nothing written) when the phase does not allow it; the reconciler takes the request from the
 * Tenant's annotation. `kube` is the caller's own connection, so the API server's RBAC has its say too.
 */
export async function requestCaRotation(kube: KubeGateway, t: Pick<TenantObject, "metadata" | "status">, step: RotateCaInput["step"]): Promise<{ phase?: CaRotationPhase }> {
  const op = step === "start" ? "rotate-ca-start" : "rotate-ca-complete";
  const current = t.status?.credentials?.rotation?.certificateAuthorities;
  const refused = refusalOf(op, current);
  if (refused) throw precondition(refused);
  if (step === "start" && !t.status?.endpoint) throw precondition(`tenant ${t.metadata.name} has no control plane yet; wait until it is Ready`);
  const pending = t.metadata.annotations?.[OPERATION_ANNOTATION];
  if (pending) throw precondition(`the operation ${pending} is still waiting for the reconciler`);
  await kube.mergePatch(models.Tenant, { name: t.metadata.name }, { metadata: { annotations: { [OPERATION_ANNOTATION]: op } } });
  return { phase: current?.phase };
}

/** How far the tenant's last requested leaf rotation has come (from the cached annotations). */
export async function rotationState(caches: CacheRegistry, tenant: string) {
  await assertInventoryAllowed(caches);
  const ns = tenantNames(tenant).namespace;
  const secrets = (await caches.synced("pkiSecrets")).list().filter((s) => s.metadata.namespace === ns && LEAF_SECRET_SUFFIXES.some((x) => s.metadata.name === pkiSecretName(tenant, x)));
  return rotationProgress(secrets.map((s) => s.rotation));
}
