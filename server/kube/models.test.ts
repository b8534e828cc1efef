import { describe, expect, it } from "vitest";
import { apiVersionOf, collectionPath, models, objectPath } from "@/server/kube/models";

describe("resource paths from the model table", () => {
  it("builds core, namespaced and cluster-scoped paths", () => {
    expect(collectionPath(models.Secret, "ns1")).toBe("/api/v1/namespaces/ns1/secrets");
    expect(collectionPath(models.Secret)).toBe("/api/v1/secrets");
    expect(objectPath(models.VirtualMachine, { name: "vm-1", namespace: "t1" })).toBe("/apis/kubevirt.io/v1/namespaces/t1/virtualmachines/vm-1");
    expect(objectPath(models.Vpc, { name: "t1" })).toBe("/apis/kubeovn.io/v1/vpcs/t1");
    expect(apiVersionOf(models.Namespace)).toBe("v1");
    expect(apiVersionOf(models.TenantControlPlane)).toBe("kamaji.clastix.io/v1alpha1");
  });
  it("refuses a namespaced object without a namespace", () => {
    expect(() => objectPath(models.VirtualMachine, { name: "x" })).toThrow(/namespaced/);
  });
});
