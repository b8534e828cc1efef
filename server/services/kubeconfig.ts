import "server-only";
import type { V1ConfigMap, V1Secret } from "@kubernetes/client-node";
import type { Principal } from "@/lib/authz/scope";
import { tenantNames } from "@/lib/tenants/names";
import { precondition } from "@/server/domain-errors";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { buildKubeconfig } from "@/server/kube/kubeconfig";
import { models } from "@/server/kube/models";
import { secretText } from "@/server/kube/secret-data";
import { env } from "@/lib/env.js";
import { describeCertificate, issueClientCert, pemBundle } from "@/server/pki/pki";
import { NEXT_CA_CRT, NEXT_CA_KEY } from "@/lib/certificates/kamaji";
import { USER_CERTIFICATE_LABEL } from "@/server/pki/user-certificates";

const GROUPS = { admin: "kmetal:tenant-admins", viewer: "kmetal:tenant-viewers" } as const;
const ROLES = { admin: "cluster-admin", viewer: "view" } as const;

/** Binds the console's two tenant groups to cluster-admin and view inside the tenant's own cluster. */
async function ensureTenantRbac(tenantApi: KubeGateway) {
  for (const level of ["admin", "viewer"] as const) {
    await tenantApi.apply(models.ClusterRoleBinding, {
      metadata: { name: GROUPS[level].replace(":", "-") },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ROLES[level] },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: GROUPS[level] }],
    } as never, "kmetal-console");
  }
}

/**
 * Records an issued user certificate (serial, subject, tenant, user, validity; no key) as a labelled ConfigMap in
 * the console's namespace, so the tenant's PKI view lists the ones still valid. Written before the kubeconfig is
 * handed out: a certificate the console cannot record is not issued.
 */
async function recordUserCertificate(kube: KubeGateway, tenant: string, user: string, certPem: string) {
  const f = describeCertificate(certPem);
  // Records of certificates that have ended are of no use: each issuance removes those of the same tenant.
  const records = await kube.list<V1ConfigMap>(models.ConfigMap, { namespace: env.KMETAL_NAMESPACE, labelSelector: `${USER_CERTIFICATE_LABEL}=${tenant}` });
  for (const r of records.items) {
    if (Date.parse(r.data?.notAfter ?? "") < Date.now()) await kube.delete(models.ConfigMap, { name: r.metadata!.name!, namespace: env.KMETAL_NAMESPACE }, { ignoreNotFound: true });
  }
  await kube.create(models.ConfigMap, {
    metadata: { name: `user-cert-${f.serial.toLowerCase()}`, namespace: env.KMETAL_NAMESPACE, labels: { [USER_CERTIFICATE_LABEL]: tenant } },
    data: { serial: f.serial, subject: f.subject, issuer: f.issuer, tenant, user, notBefore: f.notBefore, notAfter: f.notAfter, keyType: f.keyType },
  } as never);
}

/**
 * A kubeconfig for the signed-in user with a short-lived client certificate signed by the tenant's CA.
 * The private key is generated for this download only and never stored. `kube` is the console's own
 * connection: users never get read access to a CA key.
 */
export async function issueKubeconfig(kube: KubeGateway, p: Principal, tenant: { name: string; endpoint?: string }, access: "admin" | "viewer", ttlHours: number) {
  if (!tenant.endpoint) throw precondition(`tenant ${tenant.name} has no endpoint yet; wait until it is Ready`);
  if (p.name.startsWith("system:")) throw precondition("refusing to issue a certificate for a system: identity");
  const ns = tenantNames(tenant.name).namespace;
  const caSecret = await kube.get<V1Secret>(models.Secret, { name: `${tenant.name}-ca`, namespace: ns });
  // During a CA rotation the new CA signs (its certificates outlive the old CA) and both are trusted.
  const rotating = !!caSecret.data?.[NEXT_CA_CRT];
  const ca = rotating
    ? { certPem: secretText(caSecret, NEXT_CA_CRT), keyPem: secretText(caSecret, NEXT_CA_KEY) }
    : { certPem: secretText(caSecret, "ca.crt"), keyPem: secretText(caSecret, "ca.key") };
  const trusted = pemBundle(secretText(caSecret, "ca.crt"), rotating ? ca.certPem : undefined);
  const admin = await kube.get<V1Secret>(models.Secret, { name: `${tenant.name}-admin-kubeconfig`, namespace: ns });
  await ensureTenantRbac(gatewayFromKubeconfig(secretText(admin, "admin.conf")));
  const cert = await issueClientCert(ca, { user: p.name, groups: [GROUPS[access]], ttlSeconds: ttlHours * 3600 });
  await recordUserCertificate(kube, tenant.name, p.name, cert.certPem);
  const kubeconfig = buildKubeconfig({
    cluster: tenant.name, server: tenant.endpoint, caPem: trusted, user: `${p.name}@${tenant.name}`, context: `${p.name}@${tenant.name}`,
    certPem: cert.certPem, keyPem: cert.keyPem,
  });
  return { kubeconfig, expiresAt: cert.notAfter.toISOString(), fileName: `${tenant.name}-kubeconfig.yaml` };
}
