import { LEAF_SECRET_SUFFIXES, PKI_SECRETS, pkiSecretName } from "@/lib/certificates/kamaji";
import type { Role } from "@/lib/schemas/auth";
import { MANAGED_BY, TENANT_LABEL, tenantNames } from "@/lib/tenants/names";

// The under cluster's own RBAC and admission rules mirror the console's roles, so that a write the console
// sends as a signed-in user (through impersonation) is refused by the API server itself when it is out of
// that user's scope, even if a bug skipped the console's checks.
//
// Identity of an impersonated request:
//   user:   kmetal:user:<console user name>
//   groups: kmetal:role:<role> for each role, plus kmetal:tenant-admin:<user> for a tenant-admin.
// Per tenant, bindings grant write access to the group kmetal:tenant-admin:<owner> of each owner, and read
// access to each owner as a user: owner AND role, which plain RBAC subjects cannot express otherwise.

export const ROLE_GROUP_PREFIX = "kmetal:role:";
/**
 * Console users act on the under cluster under names of their own, so that nothing the under cluster grants
 * to one of its own users or service accounts of the same name ever applies to a console user.
 */
export const impersonatedUser = (user: string) => `kmetal:user:${user}`;
export const roleGroup = (role: Role) => `${ROLE_GROUP_PREFIX}${role}`;
export const tenantAdminGroup = (user: string) => `kmetal:tenant-admin:${user}`;

export interface Impersonation {
  user: string;
  groups: string[];
}

/** Who the console acts as for a signed-in user's writes. */
export function impersonationFor(identity: { name: string; roles: Role[] }): Impersonation {
  const groups = identity.roles.map(roleGroup);
  if (identity.roles.includes("tenant-admin")) groups.push(tenantAdminGroup(identity.name));
  return { user: impersonatedUser(identity.name), groups };
}

type Labels = Record<string, string>;
export interface RbacObject {
  model: "ClusterRole" | "ClusterRoleBinding" | "Role" | "RoleBinding" | "ValidatingAdmissionPolicy" | "ValidatingAdmissionPolicyBinding";
  object: { metadata: { name: string; namespace?: string; labels?: Labels; ownerReferences?: unknown[] }; [field: string]: unknown };
}

const PART_OF = { "app.kubernetes.io/part-of": "kmetal" };
const RBAC_GROUP = "rbac.authorization.k8s.io";
const READ = ["get", "list", "watch"];

export const PLATFORM_ADMIN_ROLE = "kmetal:platform-admin";
export const PLATFORM_VIEWER_ROLE = "kmetal:platform-viewer";
/** Bound per tenant namespace: power actions on that tenant's worker VMs. */
export const TENANT_WORKERS_ADMIN_ROLE = "kmetal:tenant-workers-admin";
export const TENANT_WORKERS_VIEW_ROLE = "kmetal:tenant-workers-view";
export const CONSOLE_ROLE = "kmetal:console";
export const TENANT_ADMIN_LIMITS_POLICY = "kmetal-tenant-admin-limits";
export const WORKER_LIMITS_POLICY = "kmetal-tenant-admin-worker-limits";
export const EXCEPTION_AUTHOR_POLICY = "kmetal-policy-exception-author";

/** An optional field is unchanged: absent in both, or equal. */
const unchanged = (field: string) => {
  const parts = field.split(".");
  const last = parts.pop()!;
  const parent = parts.join(".");
  const [o, old] = [`object.${parent}`, `oldObject.${parent}`];
  return `has(${o}.${last}) == has(${old}.${last}) && (!has(${o}.${last}) || ${o}.${last} == ${old}.${last})`;
};

/** Quota keys and what one pool uses of each (as lib/tenants/validate.ts counts them). */
const QUOTA_USE = [["workers", "p.replicas"], ["vcpu", "p.replicas * p.vcpu"], ["memoryGi", "p.replicas * p.memoryGi"], ["storageGi", "p.replicas * p.diskGi"]] as const;

/** These optional fields, and the metadata that scopes and protects an object, are all unchanged. */
const allUnchanged = (fields: string[]) =>
  [...fields, "metadata.labels", "metadata.annotations", "metadata.finalizers", "metadata.ownerReferences"].map((f) => `(${unchanged(f)})`).join(" && ");

/** Requests from a console user who is not a platform admin (the only kind these policies restrict). */
const NOT_PLATFORM_ADMIN = [
  { name: "console-user", expression: `request.userInfo.groups.exists(g, g.startsWith('${ROLE_GROUP_PREFIX}'))` },
  { name: "not-platform-admin", expression: `!('${roleGroup("platform-admin")}' in request.userInfo.groups)` },
];

/**
 * Cluster-wide roles, bindings and admission policies for the console's roles; installed by the project on
 * the under cluster (`kmetal up`, or `kmetal manifests` for a real one). `namespace` holds the console's users.
 */
/** Who the console runs as on a real under cluster (`kmetal manifests --console-sa`, KMETAL_CONSOLE_SERVICE_ACCOUNT). */
export interface ConsoleSubject {
  kind: "ServiceAccount" | "User";
  name: string;
  namespace?: string;
}

const subjectRef = (c: ConsoleSubject, namespace: string) => c.kind === "ServiceAccount"
  ? { kind: "ServiceAccount", name: c.name, namespace: c.namespace ?? namespace }
  : { apiGroup: RBAC_GROUP, kind: "User", name: c.name };

export function platformRbac(namespace: string, consoleSubject?: ConsoleSubject): RbacObject[] {
  const labels = { ...PART_OF };
  const out: RbacObject[] = [
    {
      model: "ClusterRole",
      object: {
        metadata: { name: PLATFORM_ADMIN_ROLE, labels },
        rules: [
          { apiGroups: ["kmetal.io"], resources: ["tenants", "platformpolicies"], verbs: [...READ, "create", "update", "patch", "delete"] },
          // Exceptions are written once and removed, never changed (the CRD refuses updates of the spec).
          { apiGroups: ["kmetal.io"], resources: ["policyexceptions"], verbs: [...READ, "create", "delete"] },
          { apiGroups: ["kmetal.io"], resources: ["auditrecords"], verbs: READ },
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachines"], verbs: [...READ, "patch"] },
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachineinstances"], verbs: [...READ, "delete"] },
        ],
      },
    },
    {
      model: "ClusterRole",
      object: {
        metadata: { name: PLATFORM_VIEWER_ROLE, labels },
        rules: [
          { apiGroups: ["kmetal.io"], resources: ["tenants", "platformpolicies", "auditrecords", "policyexceptions"], verbs: READ },
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachines", "virtualmachineinstances"], verbs: READ },
        ],
      },
    },
    {
      model: "ClusterRole",
      object: {
        metadata: { name: TENANT_WORKERS_ADMIN_ROLE, labels },
        rules: [
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachines"], verbs: [...READ, "patch"] },
          { apiGroups: ["kubevirt.io"], resources: ["virtualmachineinstances"], verbs: [...READ, "delete"] },
        ],
      },
    },
    {
      model: "ClusterRole",
      object: {
        metadata: { name: TENANT_WORKERS_VIEW_ROLE, labels },
        rules: [{ apiGroups: ["kubevirt.io"], resources: ["virtualmachines", "virtualmachineinstances"], verbs: READ }],
      },
    },
    ...(["platform-admin", "platform-viewer"] as const).map((role): RbacObject => ({
      model: "ClusterRoleBinding",
      object: {
        metadata: { name: `kmetal:${role}`, labels },
        roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: `kmetal:${role}` },
        subjects: [{ apiGroup: RBAC_GROUP, kind: "Group", name: roleGroup(role) }],
      },
    })),
    // The embedded users store: Secrets in the console's namespace, managed by platform admins only.
    {
      model: "Role",
      object: {
        metadata: { name: "kmetal:user-admin", namespace, labels },
        rules: [{ apiGroups: [""], resources: ["secrets"], verbs: [...READ, "create", "update", "patch"] }],
      },
    },
    {
      model: "RoleBinding",
      object: {
        metadata: { name: "kmetal:user-admin", namespace, labels },
        roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: "kmetal:user-admin" },
        subjects: [{ apiGroup: RBAC_GROUP, kind: "Group", name: roleGroup("platform-admin") }],
      },
    },
    // RBAC cannot limit which fields change: a tenant admin may change worker pool replicas and nothing else.
    {
      model: "ValidatingAdmissionPolicy",
      object: {
        metadata: { name: TENANT_ADMIN_LIMITS_POLICY, labels },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: { resourceRules: [{ apiGroups: ["kmetal.io"], apiVersions: ["*"], operations: ["UPDATE"], resources: ["tenants"] }] },
          matchConditions: NOT_PLATFORM_ADMIN,
          validations: [
            {
              expression: allUnchanged(["spec.kubernetesVersion", "spec.network", "spec.owners", "spec.quota", "spec.addons", "spec.displayName", "spec.controlPlane"]),
              message: "a tenant admin may only change the replicas of existing worker pools",
              reason: "Forbidden",
            },
            {
              expression:
                "size(object.spec.workerPools) == size(oldObject.spec.workerPools) && object.spec.workerPools.all(p, oldObject.spec.workerPools.exists(o, " +
                "o.name == p.name && o.vcpu == p.vcpu && o.memoryGi == p.memoryGi && o.diskGi == p.diskGi && o.image == p.image))",
              message: "a tenant admin may only change the replicas of existing worker pools",
              reason: "Forbidden",
            },
            // The tenant's quota: its own values, else the platform policy's defaults (the policy is the parameter).
            ...QUOTA_USE.map(([key, per]) => ({
              expression: `variables.${key} < 0 || object.spec.workerPools.map(p, ${per}).sum() <= variables.${key}`,
              messageExpression: `'the worker pools would need ' + string(object.spec.workerPools.map(p, ${per}).sum()) + ' ${key}, above the tenant quota of ' + string(variables.${key})`,
              reason: "Forbidden",
            })),
          ],
          paramKind: { apiVersion: "kmetal.io/v1alpha1", kind: "PlatformPolicy" },
          variables: QUOTA_USE.map(([key]) => ({
            name: key,
            expression:
              `has(object.spec.quota) && has(object.spec.quota.${key}) ? object.spec.quota.${key} : ` +
              `(has(params.spec.defaultQuota) && has(params.spec.defaultQuota.${key}) ? params.spec.defaultQuota.${key} : -1)`,
          })),
        },
      },
    },
    {
      model: "ValidatingAdmissionPolicyBinding",
      object: {
        metadata: { name: TENANT_ADMIN_LIMITS_POLICY, labels },
        spec: { policyName: TENANT_ADMIN_LIMITS_POLICY, validationActions: ["Deny"], paramRef: { name: "platform", parameterNotFoundAction: "Deny" } },
      },
    },
    // A tenant admin powers worker VMs on and off; the VM's definition stays the platform's.
    {
      model: "ValidatingAdmissionPolicy",
      object: {
        metadata: { name: WORKER_LIMITS_POLICY, labels },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: { resourceRules: [{ apiGroups: ["kubevirt.io"], apiVersions: ["*"], operations: ["UPDATE"], resources: ["virtualmachines"] }] },
          matchConditions: NOT_PLATFORM_ADMIN,
          validations: [{
            expression: allUnchanged(["spec.template", "spec.dataVolumeTemplates", "spec.instancetype", "spec.preference"]),
            message: "a tenant admin may only start, stop or restart worker VMs",
            reason: "Forbidden",
          }],
        },
      },
    },
    {
      model: "ValidatingAdmissionPolicyBinding",
      object: { metadata: { name: WORKER_LIMITS_POLICY, labels }, spec: { policyName: WORKER_LIMITS_POLICY, validationActions: ["Deny"] } },
    },
    // A policy exception names who made it: a console user can only name themselves.
    {
      model: "ValidatingAdmissionPolicy",
      object: {
        metadata: { name: EXCEPTION_AUTHOR_POLICY, labels },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: { resourceRules: [{ apiGroups: ["kmetal.io"], apiVersions: ["*"], operations: ["CREATE"], resources: ["policyexceptions"] }] },
          matchConditions: [NOT_PLATFORM_ADMIN[0]!],
          validations: [{
            expression: `request.userInfo.username == '${impersonatedUser("")}' + object.spec.who`,
            message: "a policy exception must name the user who creates it",
            reason: "Forbidden",
          }],
        },
      },
    },
    {
      model: "ValidatingAdmissionPolicyBinding",
      object: { metadata: { name: EXCEPTION_AUTHOR_POLICY, labels }, spec: { policyName: EXCEPTION_AUTHOR_POLICY, validationActions: ["Deny"] } },
    },
  ];
  if (consoleSubject) {
    const consoleRef = subjectRef(consoleSubject, namespace);
    // What the console itself needs on a real under cluster: read everything it shows, write audit records,
    // and impersonate the signed-in user for every other write. Secrets only in its own namespace (users) and,
    // per tenant, the CA and admin kubeconfig it issues kubeconfigs from (granted by the reconciler, see
    // tenantRbac). Impersonation stays open to any user and group name: RBAC matches resourceNames exactly, with
    // no prefixes, and the names it needs (kmetal:user:<name>, kmetal:tenant-admin:<name>) are not known ahead.
    out.push(
      {
        model: "ClusterRole",
        object: {
          metadata: { name: CONSOLE_ROLE, labels },
          rules: [
            { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
            { apiGroups: ["kmetal.io"], resources: ["tenants", "platformpolicies", "policyexceptions"], verbs: READ },
            { apiGroups: ["kmetal.io"], resources: ["auditrecords"], verbs: [...READ, "create"] },
            { apiGroups: ["kubevirt.io"], resources: ["virtualmachines", "virtualmachineinstances"], verbs: READ },
            // Everything the network policy graph reads (lib/policy-graph/objects.ts KINDS).
            {
              apiGroups: ["kubeovn.io"],
              resources: ["subnets", "vpcs", "vlans", "provider-networks", "security-groups", "vpc-nat-gateways", "iptables-eips", "iptables-snat-rules", "iptables-fip-rules", "ovn-eips", "ovn-snat-rules"],
              verbs: READ,
            },
            { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: READ },
            { apiGroups: [""], resources: ["events", "namespaces"], verbs: READ },
            // Fleet usage and capacity: quotas, load balancers, hypervisor Nodes and virt-launcher pods.
            { apiGroups: [""], resources: ["resourcequotas", "services", "nodes", "pods"], verbs: READ },
            { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: READ },
          ],
        },
      },
      // The user store: the console watches it for every session check and reads it at sign-in.
      {
        model: "Role",
        object: {
          metadata: { name: "kmetal:console-users", namespace, labels },
          rules: [
            { apiGroups: [""], resources: ["secrets"], verbs: READ },
            // Records of the user certificates it issued (public facts only).
            { apiGroups: [""], resources: ["configmaps"], verbs: [...READ, "create", "delete"] },
          ],
        },
      },
      {
        model: "RoleBinding",
        object: {
          metadata: { name: "kmetal:console-users", namespace, labels },
          roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: "kmetal:console-users" },
          subjects: [consoleRef],
        },
      },
      {
        model: "ClusterRoleBinding",
        object: {
          metadata: { name: CONSOLE_ROLE, labels },
          roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: CONSOLE_ROLE },
          subjects: [consoleRef],
        },
      },
    );
  }
  return out;
}

/**
 * One tenant's access objects, owned by the Tenant: its owners may read it; owners who are tenant admins may
 * also patch it (the admission policy limits them to replicas) and power its worker VMs.
 */
export function tenantRbac(tenant: string, owners: string[], ownerReferences?: unknown[], consoleSubject?: ConsoleSubject): RbacObject[] {
  const n = tenantNames(tenant);
  const labels: Labels = { [TENANT_LABEL]: tenant, ...MANAGED_BY };
  const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), labels, ...(ownerReferences ? { ownerReferences } : {}) });
  const admins = owners.map((o) => ({ apiGroup: RBAC_GROUP, kind: "Group", name: tenantAdminGroup(o) }));
  const viewers = owners.map((o) => ({ apiGroup: RBAC_GROUP, kind: "User", name: impersonatedUser(o) }));
  const admin = `kmetal:tenant:${tenant}:admin`;
  const view = `kmetal:tenant:${tenant}:view`;
  const consoleObjects: RbacObject[] = [];
  if (consoleSubject) {
    const ref = subjectRef(consoleSubject, n.namespace);
    consoleObjects.push(
      // The console issues kubeconfigs from this tenant's CA: it may read those two Secrets, no others.
      { model: "Role", object: { metadata: meta("kmetal:console", n.namespace), rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [`${tenant}-ca`, `${tenant}-admin-kubeconfig`], verbs: ["get"] }] } },
      { model: "RoleBinding", object: { metadata: meta("kmetal:console", n.namespace), roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: "kmetal:console" }, subjects: [ref] } },
      // The certificate inventory watches the tenant's PKI Secrets by name (RBAC authorizes a list or watch by
      // resourceNames when it selects metadata.name); its cache transform keeps only the certificates' public facts.
      // A leaf rotation is asked for the way Kamaji takes it: the console annotates the leaf Secrets.
      { model: "Role", object: { metadata: meta("kmetal:console-pki", n.namespace), rules: [
        { apiGroups: [""], resources: ["secrets"], resourceNames: PKI_SECRETS.map((s) => pkiSecretName(tenant, s.suffix)), verbs: ["list", "watch"] },
        { apiGroups: [""], resources: ["secrets"], resourceNames: LEAF_SECRET_SUFFIXES.map((s) => pkiSecretName(tenant, s)), verbs: ["patch"] },
      ] } },
      { model: "RoleBinding", object: { metadata: meta("kmetal:console-pki", n.namespace), roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: "kmetal:console-pki" }, subjects: [ref] } },
    );
  }
  return [
    ...consoleObjects,
    { model: "ClusterRole", object: { metadata: meta(admin), rules: [{ apiGroups: ["kmetal.io"], resources: ["tenants"], resourceNames: [tenant], verbs: ["get", "patch", "update"] }] } },
    { model: "ClusterRole", object: { metadata: meta(view), rules: [{ apiGroups: ["kmetal.io"], resources: ["tenants"], resourceNames: [tenant], verbs: ["get"] }] } },
    { model: "ClusterRoleBinding", object: { metadata: meta(admin), roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: admin }, subjects: admins } },
    { model: "ClusterRoleBinding", object: { metadata: meta(view), roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: view }, subjects: viewers } },
    { model: "RoleBinding", object: { metadata: meta("kmetal:tenant-admin", n.namespace), roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: TENANT_WORKERS_ADMIN_ROLE }, subjects: admins } },
    { model: "RoleBinding", object: { metadata: meta("kmetal:tenant-viewer", n.namespace), roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: TENANT_WORKERS_VIEW_ROLE }, subjects: viewers } },
  ];
}
