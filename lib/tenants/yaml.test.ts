import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { CreateTenantInput } from "@/lib/schemas/tenant";
import { tenantYaml } from "@/lib/tenants/yaml";

const base: CreateTenantInput = {
  name: "acme", displayName: "Acme: prod", owners: ["alice"], kubernetesVersion: "v1.36.3",
  network: { mode: "vlan", cidr: "10.1.0.0/24", vlanId: 120 },
  workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu:24.04" }],
  quota: { vcpu: 8 }, addons: ["coredns"],
};
const parse = (text: string) => yaml.load(text) as { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> };

describe("tenantYaml", () => {
  it("renders the manifest the wizard creates, and it parses back to the same object", () => {
    const doc = parse(tenantYaml(base));
    const { name, ...spec } = base;
    expect(doc).toEqual({ apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", metadata: { name }, spec });
  });

  it.each([",{}:#&*!|>'\"%@", "2024", "true", "null", "  leading spaces", "ünïcødé 名前", "~", "- item", "0x1F", "1e3"])(
    "keeps the display name and owner %j a string", (hostile) => {
      const doc = parse(tenantYaml({ ...base, displayName: hostile, owners: [hostile] }));
      expect(doc.spec.displayName).toBe(hostile);
      expect(doc.spec.owners).toEqual([hostile]);
    },
  );

  it("leaves out what the form left empty", () => {
    const doc = parse(tenantYaml({ ...base, displayName: undefined, owners: [], quota: {}, addons: undefined }));
    expect(Object.keys(doc.spec).sort()).toEqual(["kubernetesVersion", "network", "workerPools"]);
  });
});
