import { describe, expect, it } from "vitest";
import { serverFieldErrors, splitFieldErrors } from "./server-errors";

describe("serverFieldErrors", () => {
  it("reads error.data.fields as sent", () => {
    const err = { data: { code: "BAD_REQUEST", fields: { "network.cidr": ["overlaps acme"], "workerPools.0.replicas": ["too many", "too many"] } } };
    expect(serverFieldErrors(err)).toEqual({ "network.cidr": ["overlaps acme"], "workerPools.0.replicas": ["too many"] });
  });
  it("falls back to zod field errors, policy problems and API server causes, spelled relative to the input", () => {
    const err = { data: {
      zodError: { fieldErrors: { name: ["Required"] } },
      policy: [{ field: "spec.quota.vcpu", message: "above the platform maximum" }],
      kube: { causes: [{ field: "spec.workerPools[1].replicas", message: "must be ≤ 100" }, { message: "no field" }] },
    } };
    expect(serverFieldErrors(err)).toEqual({ name: ["Required"], "quota.vcpu": ["above the platform maximum"], "workerPools.1.replicas": ["must be ≤ 100"] });
  });
  it("prefers fields over the fallbacks, and names nothing for errors without data", () => {
    expect(serverFieldErrors({ data: { fields: {}, zodError: { fieldErrors: { name: ["x"] } } } })).toEqual({});
    expect(serverFieldErrors({ data: { fields: null } })).toEqual({});
    expect(serverFieldErrors(new Error("boom"))).toEqual({});
    expect(serverFieldErrors(undefined)).toEqual({});
  });
});

describe("splitFieldErrors", () => {
  it("keeps the fields a form shows and names the others", () => {
    const { inline, other } = splitFieldErrors({ replicas: ["too many"], quota: ["exceeded"] }, (p) => p === "replicas");
    expect(inline).toEqual({ replicas: "too many" });
    expect(other).toEqual(["quota: exceeded"]);
  });
});
