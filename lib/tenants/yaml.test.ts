import { describe, expect, it } from "vitest";
import { tenantYaml } from "@/lib/tenants/yaml";

describe("tenantYaml", () => {
  it("renders the manifest the wizard creates, quoting what YAML would misread", () => {
    const y = tenantYaml({
      name: "acme", displayName: "Acme: prod", owners: ["alice"], kubernetesVersion: "v1.36.3",
      network: { mode: "vlan", cidr: "10.1.0.0/24", vlanId: 120 },
      workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu:24.04" }],
      quota: { vcpu: 8 }, addons: ["coredns"],
    });
    expect(y).toContain('displayName: "Acme: prod"');
    expect(y).toContain("    vlanId: 120");
    expect(y).toContain("      image: ubuntu:24.04");
    expect(y).toContain("  quota:\n    vcpu: 8");
    expect(y.startsWith("apiVersion: kmetal.io/v1alpha1\nkind: Tenant\n")).toBe(true);
  });
});
