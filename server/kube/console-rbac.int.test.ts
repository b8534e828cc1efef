import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { platformRbac } from "@/lib/authz/rbac";
import { models } from "@/server/kube/models";
import { installRbac } from "@/server/kube/rbac";
import { freshNamespace, outcome, testGateway } from "@/test/kube";

// What `kmetal manifests --console-sa NS/NAME` grants must be enough for everything the console does with its
// own identity on a real under cluster, and no more than that.
const admin = testGateway();
const sa = `kmetal-console-${crypto.randomBytes(3).toString("hex")}`;
const saUser = `system:serviceaccount:kmetal-system:${sa}`;
const consoleKube = admin.as({ user: saUser, groups: ["system:serviceaccounts", "system:serviceaccounts:kmetal-system"] });


describe("the console's own RBAC for a real under cluster", () => {
  it("reads what the console shows, writes audit records, impersonates users, and nothing else", async () => {
    await installRbac(admin, platformRbac("kmetal-system", { kind: "ServiceAccount", name: sa, namespace: "kmetal-system" }));
    const tenantNs = await freshNamespace(admin, "ca");
    try {
      await admin.create(models.Secret, { metadata: { name: "ca", namespace: tenantNs.name }, data: { "tls.crt": "eA==" } });
      // Reads: the watch caches' LISTs, the user store, a tenant CA for kubeconfig issuance.
      for (const m of [models.Tenant, models.PlatformPolicy, models.AuditRecord, models.VirtualMachine, models.VirtualMachineInstance, models.Subnet, models.Event, models.CustomResourceDefinition]) {
        expect(await outcome(consoleKube.list(m)), m.plural).toBe("ok");
      }
      expect(await outcome(consoleKube.list(models.Secret, { namespace: "kmetal-system", labelSelector: "kmetal.io/user=true" }))).toBe("ok");
      expect(await outcome(consoleKube.get(models.Secret, { name: "ca", namespace: tenantNs.name }))).toBe("ok");
      // Writes: audit records only.
      const name = `console-rbac-${crypto.randomBytes(4).toString("hex")}`;
      expect(await outcome(consoleKube.create(models.AuditRecord, { metadata: { name }, spec: { user: "x", roles: [], action: "test", result: "success", at: new Date().toISOString() } } as never))).toBe("ok");
      await admin.delete(models.AuditRecord, { name });
      expect(await outcome(consoleKube.list(models.Secret, { namespace: tenantNs.name }))).toBe(403);
      expect(await outcome(consoleKube.create(models.Secret, { metadata: { name: "x", namespace: "kmetal-system" } }))).toBe(403);
      expect(await outcome(consoleKube.mergePatch(models.Tenant, { name: "any" }, { spec: {} }))).toBe(403);
      // Every other write is made as the signed-in user: the console may impersonate users and groups.
      for (const [resource, who] of [["users", "kmetal:user:alice"], ["groups", "kmetal:role:tenant-admin"]] as const) {
        const review = await admin.request<{ status: { allowed: boolean } }>("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
          body: {
            apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview",
            spec: { user: saUser, groups: ["system:serviceaccounts"], resourceAttributes: { verb: "impersonate", resource, name: who } },
          },
        });
        expect(review.status.allowed, resource).toBe(true);
      }
    } finally {
      await tenantNs.cleanup();
    }
  });
});
