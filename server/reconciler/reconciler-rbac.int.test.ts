import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { tenantRbac } from "@/lib/authz/rbac";
import { RECONCILER_LEASE, reconcilerRbac } from "@/lib/authz/reconciler-rbac";
import type { TenantObject } from "@/lib/schemas/tenant";
import { planTenant } from "@/lib/tenants/plan";
import { tenantNames } from "@/lib/tenants/names";
import { models } from "@/server/kube/models";
import { installRbac } from "@/server/kube/rbac";
import { CHILD_MODELS } from "@/server/reconciler/children";
import { FIELD_MANAGER } from "@/server/reconciler/reconcile";
import { freshNamespace, outcome, testGateway } from "@/test/kube";
import { uniqueBindings } from "@/deploy/helm/chart-testing";

// What `kmetal manifests --reconciler-sa` (and the Helm chart) grants must let `kmetal reconcile` write every
// object of a tenant's plan, RBAC escalation checks included, as its own service account on a real API
// server; and must not let it do what only the console or a platform admin does.

const admin = testGateway();
const hex = () => crypto.randomBytes(3).toString("hex");

const tenant = (name: string, network: TenantObject["spec"]["network"]): TenantObject => ({
  // No uid, so no owner references: the garbage collector would delete stored children of a Tenant that does not exist.
  metadata: { name },
  spec: {
    kubernetesVersion: "v1.36.3", controlPlane: { replicas: 1 }, network, owners: ["alice"],
    workerPools: [{ name: "small", replicas: 1, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu:24.04" }],
  },
});

describe("the reconciler's own RBAC for a real under cluster", () => {
  it("lets it watch, write and delete every kind it manages, hold its Lease and grant tenant access; nothing else", async () => {
    const ns = await freshNamespace(admin, "rec");
    const sa = `kmetal-reconciler-${hex()}`;
    await installRbac(admin, uniqueBindings(reconcilerRbac(ns.name, { name: sa }), hex()));
    const rec = admin.as({ user: `system:serviceaccount:${ns.name}:${sa}`, groups: ["system:serviceaccounts", `system:serviceaccounts:${ns.name}`, "system:authenticated"] });
    const tenants: string[] = [];
    try {
      // The controller's watch caches: cluster-wide lists of every kind.
      for (const m of ["Tenant", "PlatformPolicy", ...CHILD_MODELS] as const) expect(await outcome(rec.list(models[m])), m).toBe("ok");

      // Leader election on its Lease, in its own namespace.
      await rec.create(models.Lease, { metadata: { name: RECONCILER_LEASE, namespace: ns.name }, spec: { holderIdentity: "pod-a", leaseDurationSeconds: 15 } } as never);
      expect(await outcome(rec.mergePatch(models.Lease, { name: RECONCILER_LEASE, namespace: ns.name }, { spec: { holderIdentity: "pod-b" } }))).toBe("ok");
      expect(await outcome(rec.create(models.Lease, { metadata: { name: "other", namespace: "kmetal-system" } } as never))).toBe(403);

      // A whole plan, both network modes, as the reconciler writes it (server-side apply; the rest dry-run).
      for (const t of [tenant(`rbac-${hex()}`, { mode: "overlay", cidr: "10.41.0.0/24" }), tenant(`rbac-${hex()}`, { mode: "vlan", cidr: "10.42.0.0/24", vlanId: 142 })]) {
        tenants.push(t.metadata.name);
        const plan = planTenant({ tenant: t, quota: { vcpu: 8, memoryGi: 16, storageGi: 100, workers: 4, loadBalancers: -1 }, addons: ["coredns"], platformCidrs: ["10.96.0.0/12"], workerVersion: "v1.36.3" });
        expect(new Set(plan.map((d) => d.model))).toContain("RoleBinding");
        for (const d of plan) {
          // Stored for real: the namespace, and the RBAC objects (a binding's escalation check needs its role to exist).
          const real = ["Namespace", "ClusterRole", "ClusterRoleBinding", "RoleBinding"].includes(d.model);
          const res = await rec.apply(models[d.model], d.object as never, FIELD_MANAGER, { dryRun: !real }).catch((e: Error) => e);
          expect(res instanceof Error ? `${d.model}/${d.object.metadata.name}: ${res.message}` : "ok").toBe("ok");
        }
        const n = tenantNames(t.metadata.name);
        // Its events go to "default", about the Tenant (server/reconciler/events.ts).
        await rec.create(models.Event, { metadata: { generateName: `${t.metadata.name}.`, namespace: "default" }, involvedObject: { apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", name: t.metadata.name }, reason: "Test", message: "m", type: "Normal" } as never);
        // Authorization comes before existence: 404 means allowed, 403 refused.
        expect(await outcome(rec.mergePatch(models.Tenant, { name: t.metadata.name }, { metadata: { finalizers: [] } }))).toBe(404);
        expect(await outcome(rec.mergePatch(models.Tenant, { name: t.metadata.name }, { status: {} }, "status"))).toBe(404);
        expect(await outcome(rec.get(models.Secret, { name: "admin-kubeconfig", namespace: n.namespace }))).toBe(404);
        for (const m of ["VirtualMachine", "TenantControlPlane", "DataStore", "Subnet", "Vlan", "Vpc", "ResourceQuota", "ClusterRole"] as const) {
          expect(await outcome(rec.delete(models[m], { name: "absent", namespace: models[m].namespaced ? n.namespace : undefined })), m).toBe(404);
        }
      }

      // Not the reconciler's: audit records, the platform policy, users' sign-in, impersonation.
      expect(await outcome(rec.create(models.AuditRecord, { metadata: { name: `x-${hex()}` }, spec: {} } as never))).toBe(403);
      expect(await outcome(rec.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: {} }))).toBe(403);
      const review = await admin.request<{ status: { allowed: boolean } }>("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
        body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: `system:serviceaccount:${ns.name}:${sa}`, resourceAttributes: { verb: "impersonate", resource: "users", name: "kmetal:user:alice" } } },
      });
      expect(review.status.allowed).toBe(false);
    } finally {
      for (const t of tenants) {
        await admin.delete(models.Namespace, { name: tenantNames(t).namespace }, { ignoreNotFound: true });
        for (const r of tenantRbac(t, [])) if (!r.object.metadata.namespace) await admin.delete(models[r.model], { name: r.object.metadata.name }, { ignoreNotFound: true });
      }
      await ns.cleanup();
    }
  });
});
