import "server-only";
import type { V1Secret } from "@kubernetes/client-node";
import type { Principal } from "@/lib/authz/scope";
import { tenantNames } from "@/lib/tenants/names";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { issueClientCert } from "@/server/pki/pki";

const GROUPS = { admin: "kmetal:tenant-admins", viewer: "kmetal:tenant-viewers" } as const;
const ROLES = { admin: "cluster-admin", viewer: "view" } as const;
const unb64 = (s?: string) => Buffer.from(s ?? "", "base64").toString("utf8");
const b64 = (s: string) => Buffer.from(s).toString("base64");

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
 * A kubeconfig for the signed-in user with a short-lived client certificate signed by the tenant's CA.
 * The private key is generated for this download only and never stored.
 */
export async function issueKubeconfig(kube: KubeGateway, p: Principal, tenant: { name: string; endpoint?: string }, access: "admin" | "viewer", ttlHours: number) {
  if (!tenant.endpoint) throw new Error(`tenant ${tenant.name} has no endpoint yet; wait until it is Ready`);
  if (p.name.startsWith("system:")) throw new Error("refusing to issue a certificate for a system: identity");
  const ns = tenantNames(tenant.name).namespace;
  const caSecret = await kube.get<V1Secret>(models.Secret, { name: `${tenant.name}-ca`, namespace: ns });
  const ca = { certPem: unb64(caSecret.data?.["ca.crt"]), keyPem: unb64(caSecret.data?.["ca.key"]) };
  const admin = await kube.get<V1Secret>(models.Secret, { name: `${tenant.name}-admin-kubeconfig`, namespace: ns });
  await ensureTenantRbac(gatewayFromKubeconfig(unb64(admin.data?.["admin.conf"])));
  const cert = await issueClientCert(ca, { user: p.name, groups: [GROUPS[access]], ttlSeconds: ttlHours * 3600 });
  const ctx = `${p.name}@${tenant.name}`;
  const yaml = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${tenant.name}`,
    "  cluster:",
    `    server: ${tenant.endpoint}`,
    `    certificate-authority-data: ${b64(ca.certPem)}`,
    "users:",
    `- name: ${ctx}`,
    "  user:",
    `    client-certificate-data: ${b64(cert.certPem)}`,
    `    client-key-data: ${b64(cert.keyPem)}`,
    "contexts:",
    `- name: ${ctx}`,
    `  context: {cluster: ${tenant.name}, user: ${ctx}}`,
    `current-context: ${ctx}`,
    "",
  ].join("\n");
  return { kubeconfig: yaml, expiresAt: cert.notAfter.toISOString(), fileName: `${tenant.name}-kubeconfig.yaml` };
}
