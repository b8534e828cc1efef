import { describe, expect, it } from "vitest";
import { impersonationFor, platformRbac, tenantRbac } from "@/lib/authz/rbac";

describe("impersonationFor", () => {
  it("maps roles to groups and gives a tenant-admin the per-user write group", () => {
    expect(impersonationFor({ name: "alice", roles: ["tenant-admin"] })).toEqual({ user: "kmetal:user:alice", groups: ["kmetal:role:tenant-admin", "kmetal:tenant-admin:alice"] });
    expect(impersonationFor({ name: "noc", roles: ["platform-viewer"] })).toEqual({ user: "kmetal:user:noc", groups: ["kmetal:role:platform-viewer"] });
    expect(impersonationFor({ name: "carol", roles: ["tenant-viewer"] }).groups).not.toContain("kmetal:tenant-admin:carol");
  });
});

describe("tenantRbac", () => {
  const objs = tenantRbac("acme", ["alice", "bob"], [{ kind: "Tenant", name: "acme", uid: "u" }]);
  const find = (model: string, name: string) => objs.find((o) => o.model === model && o.object.metadata.name === name)!.object;

  it("scopes the tenant roles to this tenant by name", () => {
    const admin = find("ClusterRole", "kmetal:tenant:acme:admin") as unknown as { rules: { resourceNames: string[]; verbs: string[] }[] };
    expect(admin.rules).toEqual([expect.objectContaining({ resources: ["tenants"], resourceNames: ["acme"], verbs: ["get", "patch", "update"] })]);
    expect(admin.rules.flatMap((r) => r.verbs)).not.toContain("delete");
  });

  it("binds writes to owner-and-tenant-admin groups, reads to the owners", () => {
    expect((find("ClusterRoleBinding", "kmetal:tenant:acme:admin") as unknown as { subjects: { kind: string; name: string }[] }).subjects.map((s) => `${s.kind}:${s.name}`))
      .toEqual(["Group:kmetal:tenant-admin:alice", "Group:kmetal:tenant-admin:bob"]);
    expect((find("ClusterRoleBinding", "kmetal:tenant:acme:view") as unknown as { subjects: { kind: string; name: string }[] }).subjects.map((s) => `${s.kind}:${s.name}`))
      .toEqual(["User:kmetal:user:alice", "User:kmetal:user:bob"]);
    expect(find("RoleBinding", "kmetal:tenant-admin").metadata.namespace).toBe("tenant-acme");
  });

  it("makes every object a child of the tenant", () => {
    for (const o of objs) expect(o.object.metadata.ownerReferences).toEqual([expect.objectContaining({ name: "acme" })]);
  });
});

describe("platformRbac", () => {
  it("never lets the platform roles write audit records", () => {
    const roles = platformRbac("kmetal-system").filter((x) => x.model === "ClusterRole" && x.object.metadata.name.startsWith("kmetal:platform-"));
    expect(roles.map((r) => r.object.metadata.name).sort()).toEqual(["kmetal:platform-admin", "kmetal:platform-viewer"]);
    for (const o of roles) {
      const rules = (o.object as unknown as { rules: { resources: string[]; verbs: string[] }[] }).rules.filter((r) => r.resources.includes("auditrecords"));
      // Both roles read the audit log: a rule must name the resource, or this check would pass on nothing.
      expect(rules.length, o.object.metadata.name).toBeGreaterThan(0);
      for (const r of rules) expect(r.verbs).toEqual(["get", "list", "watch"]);
    }
  });
  it("adds the console's own impersonation role only when a console subject is given", () => {
    expect(platformRbac("ns").some((o) => o.object.metadata.name === "kmetal:console")).toBe(false);
    const withConsole = platformRbac("ns", { kind: "ServiceAccount", name: "kmetal-console" });
    const binding = withConsole.find((o) => o.model === "ClusterRoleBinding" && o.object.metadata.name === "kmetal:console")!.object as unknown as { subjects: unknown[] };
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "kmetal-console", namespace: "ns" }]);
  });
});

describe("the console's own grants", () => {
  const subject = { kind: "ServiceAccount" as const, name: "kmetal-console", namespace: "kmetal-system" };
  type Rule = { resources: string[]; resourceNames?: string[]; verbs: string[] };
  const rulesOf = (o: { object: unknown }) => (o.object as { rules: Rule[] }).rules;

  it("reads no Secret cluster-wide", () => {
    const role = platformRbac("ns", subject).find((o) => o.object.metadata.name === "kmetal:console" && o.model === "ClusterRole")!;
    expect(rulesOf(role).filter((r) => r.resources.includes("secrets"))).toEqual([]);
  });

  it("gets, per tenant, the two CA Secrets it issues kubeconfigs from", () => {
    const objs = tenantRbac("acme", ["alice"], undefined, subject);
    const secrets = objs.find((o) => o.model === "Role" && o.object.metadata.name === "kmetal:console")!;
    expect(rulesOf(secrets)).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["acme-ca", "acme-admin-kubeconfig"], verbs: ["get"] }]);
    expect(secrets.object.metadata.namespace).toBe("tenant-acme");
    expect(tenantRbac("acme", ["alice"]).some((o) => o.object.metadata.name.includes("console"))).toBe(false);
  });
});
