import type { RbacObject } from "@/lib/authz/rbac";

// What `kmetal reconcile` needs on a real under cluster, for the ServiceAccount it runs as. It follows what
// the reconciler writes (lib/tenants/plan.ts, server/reconciler/): a rule per kind of child, the Tenant and
// its status, Events, and its leader-election Lease. server/reconciler/reconciler-rbac.int.test.ts applies a
// whole tenant plan as that ServiceAccount against a real API server, so a new kind of child without a rule
// here fails there.
//
// The reconciler also grants each tenant's owners access (lib/authz/rbac.ts tenantRbac). The API server lets
// a subject grant only permissions it holds itself (no `escalate` or `bind` verbs are needed or given), so
// the reconciler holds what the per-tenant roles hand out (kmetal:tenant-workers-admin: deleting worker VM
// instances). Its start-up also creates its own namespace if missing (the namespaces rule covers that).

const RBAC_GROUP = "rbac.authorization.k8s.io";
const READ = ["get", "list", "watch"];
const OWN = [...READ, "create", "update", "patch", "delete"];
export const RECONCILER_ROLE = "kmetal:reconciler";
/** The leader-election Lease (server/reconciler/leader.ts), in the console's namespace. */
export const RECONCILER_LEASE = "kmetal-reconciler";

export function reconcilerRbac(namespace: string, subject: { name: string; namespace?: string }): RbacObject[] {
  const labels = { "app.kubernetes.io/part-of": "kmetal" };
  const sa = { kind: "ServiceAccount", name: subject.name, namespace: subject.namespace ?? namespace };
  return [
    {
      model: "ClusterRole",
      object: {
        metadata: { name: RECONCILER_ROLE, labels },
        rules: [
          { apiGroups: ["kmetal.io"], resources: ["tenants"], verbs: [...READ, "update", "patch"] },
          { apiGroups: ["kmetal.io"], resources: ["tenants/status"], verbs: ["get", "update", "patch"] },
          // Children carry an owner reference that blocks the Tenant's deletion: where the API server enforces
          // owner-reference permissions, setting one needs this.
          { apiGroups: ["kmetal.io"], resources: ["tenants/finalizers"], verbs: ["update"] },
          { apiGroups: ["kmetal.io"], resources: ["platformpolicies"], verbs: READ },
          // Tenant namespaces and quotas; Secrets: the worker join data it writes and the control plane's
          // admin kubeconfig it reads (both in tenant namespaces; the cache watches them by label).
          { apiGroups: [""], resources: ["namespaces", "resourcequotas", "secrets"], verbs: OWN },
          { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
          { apiGroups: [RBAC_GROUP], resources: ["clusterroles", "clusterrolebindings", "roles", "rolebindings"], verbs: OWN },
          { apiGroups: ["kubeovn.io"], resources: ["vpcs", "subnets", "vlans", "provider-networks"], verbs: OWN },
          { apiGroups: ["kamaji.clastix.io"], resources: ["datastores", "tenantcontrolplanes"], verbs: OWN },
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachines"], verbs: OWN },
          // Held only so that it may grant it (see TENANT_WORKERS_ADMIN_ROLE); the reconciler never uses it.
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachineinstances"], verbs: [...READ, "delete"] },
        ],
      },
    },
    {
      model: "ClusterRoleBinding",
      object: {
        metadata: { name: RECONCILER_ROLE, labels },
        roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: RECONCILER_ROLE },
        subjects: [sa],
      },
    },
    {
      model: "Role",
      object: {
        metadata: { name: RECONCILER_ROLE, namespace, labels },
        rules: [
          { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
          { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: [RECONCILER_LEASE], verbs: ["get", "update", "patch"] },
        ],
      },
    },
    {
      model: "RoleBinding",
      object: {
        metadata: { name: RECONCILER_ROLE, namespace, labels },
        roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: RECONCILER_ROLE },
        subjects: [sa],
      },
    },
  ];
}
