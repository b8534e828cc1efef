import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { platformRbac, tenantRbac } from "@/lib/authz/rbac";
import { tenantNames } from "@/lib/tenants/names";
import { WATCHED } from "@/server/kube/cache-registry";
import { models } from "@/server/kube/models";
import { installRbac } from "@/server/kube/rbac";
import { outcome, testGateway } from "@/test/kube";

// What `kmetal manifests --console-sa NS/NAME` grants must be enough for everything the console does with its
// own identity on a real under cluster, and no more than that.
const admin = testGateway();
const sa = `kmetal-console-${crypto.randomBytes(3).toString("hex")}`;
const saUser = `system:serviceaccount:kmetal-system:${sa}`;
const consoleKube = admin.as({ user: saUser, groups: ["system:serviceaccounts", "system:serviceaccounts:kmetal-system"] });


describe("the console's own RBAC for a real under cluster", () => {
  it("reads what the console shows, writes audit records, impersonates users, and nothing else", async () => {
    const subject = { kind: "ServiceAccount" as const, name: sa, namespace: "kmetal-system" };
    await installRbac(admin, platformRbac("kmetal-system", subject));
    const tenant = `t${crypto.randomBytes(3).toString("hex")}`;
    const tenantNs = { name: tenantNames(tenant).namespace, cleanup: () => admin.delete(models.Namespace, { name: tenantNames(tenant).namespace }, { ignoreNotFound: true }) };
    await admin.create(models.Namespace, { metadata: { name: tenantNs.name } });
    try {
      // What the reconciler grants the console for one tenant: its CA Secrets.
      await installRbac(admin, tenantRbac(tenant, ["alice"], undefined, subject));
      await admin.create(models.Secret, { metadata: { name: `${tenant}-ca`, namespace: tenantNs.name }, data: { "tls.crt": "eA==" } });
      await admin.create(models.Secret, { metadata: { name: "other", namespace: tenantNs.name }, data: { x: "eA==" } });
      // Reads: every watch cache's LIST (the network policy graph's kinds and exceptions too), the user store, a
      // tenant CA for kubeconfig issuance.
      for (const m of new Set(Object.values(WATCHED).map((d) => d.model))) {
        expect(await outcome(consoleKube.list(m)), m.plural).toBe("ok");
      }
      expect(await outcome(consoleKube.list(models.Secret, { namespace: "kmetal-system", labelSelector: "kmetal.io/user=true" }))).toBe("ok");
      expect(await outcome(consoleKube.get(models.Secret, { name: `${tenant}-ca`, namespace: tenantNs.name }))).toBe("ok");
      // No other Secret: not in the tenant namespace, not anywhere else.
      expect(await outcome(consoleKube.get(models.Secret, { name: "other", namespace: tenantNs.name }))).toBe(403);
      expect(await outcome(consoleKube.list(models.Secret, { namespace: "kube-system" }))).toBe(403);
      // Writes: audit records only.
      const name = `console-rbac-${crypto.randomBytes(4).toString("hex")}`;
      expect(await outcome(consoleKube.create(models.AuditRecord, { metadata: { name }, spec: { user: "x", roles: [], action: "test", result: "success", at: new Date().toISOString() } } as never))).toBe("ok");
      await admin.delete(models.AuditRecord, { name });
      expect(await outcome(consoleKube.list(models.Secret, { namespace: tenantNs.name }))).toBe(403);
      expect(await outcome(consoleKube.create(models.Secret, { metadata: { name: "x", namespace: "kmetal-system" } }))).toBe(403);
      expect(await outcome(consoleKube.mergePatch(models.Tenant, { name: "any" }, { spec: {} }))).toBe(403);
      // Every other write is made as the signed-in user: the console may impersonate users and groups.
      const may = async (resource: "users" | "groups", who: string) => (await admin.request<{ status: { allowed: boolean } }>("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
        body: {
          apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview",
          spec: { user: saUser, groups: ["system:serviceaccounts"], resourceAttributes: { verb: "impersonate", resource, name: who } },
        },
      })).status.allowed;
      expect(await may("users", "kmetal:user:alice")).toBe(true);
      expect(await may("groups", "kmetal:role:tenant-admin")).toBe(true);
      expect(await may("groups", "kmetal:tenant-admin:alice")).toBe(true);
    } finally {
      await tenantNs.cleanup();
    }
  });
});
