import { describe, expect, it, vi } from "vitest";
import { KubeError, parseStatus, toKubeError } from "@/server/kube/errors";

const status = {
  kind: "Status", apiVersion: "v1", status: "Failure", reason: "Invalid", code: 422,
  message: 'VirtualMachine.kubevirt.io "x" is invalid: spec.template: Required value',
  details: { causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.template" }] },
};

describe("toKubeError", () => {
  it("parses the raw Status text that client-node puts in body", () => {
    const e = toKubeError({ code: 422, body: JSON.stringify(status), message: "HTTP-Code: 422 Message: ... Headers: {...}" });
    expect(e).toBeInstanceOf(KubeError);
    expect(e.status).toBe(422);
    expect(e.reason).toBe("Invalid");
    expect(e.message).toBe(status.message);
    expect(e.causes[0]?.field).toBe("spec.template");
  });
  it("accepts a body that is already an object", () => {
    expect(toKubeError({ code: 404, body: { ...status, code: 404, reason: "NotFound", message: "gone" } }).message).toBe("gone");
  });
  it("never leaks the exception message (which embeds headers) when the body is not JSON", () => {
    const e = toKubeError({ code: 502, body: "<html>Bad gateway</html>", message: "Headers: {authorization: secret}" });
    expect(e.status).toBe(502);
    expect(e.message).toBe("the API server answered HTTP 502");
  });
  it("turns a watch ERROR event (a Status object) into a KubeError", () => {
    const e = toKubeError({ kind: "Status", code: 410, reason: "Expired", message: "too old resource version" });
    expect(e.status).toBe(410);
  });
  it("marks network failures as unreachable", () => {
    const e = toKubeError(Object.assign(new Error("request to https://127.0.0.1:1/ failed"), { code: "ECONNREFUSED" }));
    expect(e.unreachable).toBe(true);
    expect(e.message).toContain("ECONNREFUSED");
  });
  it("parseStatus tolerates garbage", () => {
    expect(parseStatus("not json")).toBeUndefined();
    expect(parseStatus(undefined)).toBeUndefined();
    expect(parseStatus("42")).toBeUndefined();
  });
});

describe("KubeError", () => {
  it("is recognised across separately loaded copies of this module (as Next bundles it into several chunks)", async () => {
    vi.resetModules();
    const other = await import("@/server/kube/errors");
    expect(other.KubeError).not.toBe(KubeError);
    const e = new other.KubeError(409, "AlreadyExists", 'secrets "x" already exists');
    expect(e instanceof KubeError).toBe(true);
    expect(new Error("plain") instanceof KubeError).toBe(false);
    expect({ status: 409 } instanceof KubeError).toBe(false);
  });
});
