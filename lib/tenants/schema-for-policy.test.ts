import { describe, expect, it } from "vitest";
import { createTenantSchemaFor } from "@/lib/tenants/schema-for-policy";

describe("createTenantSchemaFor", () => {
  const schema = createTenantSchemaFor(
    { allowedVersions: ["v1.36.3"], platformCidrs: ["10.96.0.0/12"], maxQuota: { vcpu: 8 } },
    [{ name: "other", spec: { network: { mode: "overlay", cidr: "10.20.0.0/24" } } }],
  );
  const base = {
    name: "acme", kubernetesVersion: "v1.36.3", network: { mode: "overlay" as const, cidr: "10.30.0.0/24" }, quota: { vcpu: 8 },
    workerPools: [{ name: "default", replicas: 1, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu" }],
  };
  it("accepts a tenant within policy", () => {
    expect(schema.safeParse(base).success).toBe(true);
  });
  it("puts policy problems on the form's field paths", () => {
    const r = schema.safeParse({ ...base, kubernetesVersion: "v1.20.0", network: { mode: "overlay", cidr: "10.20.0.0/24" } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["kubernetesVersion", "network.cidr"]));
  });
  it("still reports shape errors first", () => {
    expect(schema.safeParse({ ...base, name: "Bad_Name" }).error!.issues[0]!.path).toEqual(["name"]);
  });
});
