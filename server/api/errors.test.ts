import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf, formatError, formPath, toTRPCError, trpcCodeFor } from "@/server/api/errors";
import { conflict, DomainError, forbidden, invalid, notFound, precondition, tooManyRequests } from "@/server/domain-errors";
import { KubeError } from "@/server/kube/errors";

const shape = (message: string) => ({ message, code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: "x", stack: "at secret.ts:1" as string | undefined } });

describe("error mapping", () => {
  it("maps API server statuses; 401 and unknown ones are the console's fault", () => {
    expect([400, 403, 404, 409, 422, 429].map(trpcCodeFor)).toEqual(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "UNPROCESSABLE_CONTENT", "TOO_MANY_REQUESTS"]);
    expect(trpcCodeFor(401)).toBe("INTERNAL_SERVER_ERROR");
    expect(trpcCodeFor(500)).toBe("INTERNAL_SERVER_ERROR");
  });

  it("maps each domain error kind to its code and keeps the message", () => {
    const cases: [DomainError, string][] = [
      [notFound("tenant a not found"), "NOT_FOUND"], [forbidden("no"), "FORBIDDEN"], [conflict("taken"), "CONFLICT"],
      [invalid([{ field: "spec.network.cidr", reason: "CidrOverlap", message: "overlaps" }]), "BAD_REQUEST"],
      [precondition("not ready"), "PRECONDITION_FAILED"], [tooManyRequests("slow down", 3), "TOO_MANY_REQUESTS"],
    ];
    for (const [err, code] of cases) {
      const t = toTRPCError(err)!;
      expect(t.code).toBe(code);
      expect(t.message).toBe(err.message);
      expect(t.cause).toBe(err);
    }
  });

  it("says plainly when the API server cannot be reached, and leaves other errors to tRPC", () => {
    expect(toTRPCError(new KubeError(0, "Unreachable", "the API server is unreachable (ECONNREFUSED)"))!.code).toBe("SERVICE_UNAVAILABLE");
    expect(toTRPCError(new KubeError(409, "Conflict", "exists"))!.code).toBe("CONFLICT");
    expect(toTRPCError(new Error("boom"))).toBeUndefined();
  });
});

describe("field errors", () => {
  it("names fields as the form does", () => {
    expect(formPath("spec.workerPools[0].replicas")).toBe("workerPools.0.replicas");
    expect(formPath("spec.network.cidr")).toBe("network.cidr");
    expect(formPath("metadata.name")).toBe("metadata.name");
  });

  it("merges zod issues, domain problems and API server causes, without duplicates", () => {
    const zod = z.object({ name: z.string().min(3), network: z.object({ cidr: z.string().min(1) }) }).safeParse({ name: "a", network: { cidr: "" } }).error!;
    expect(fieldErrorsOf(zod)).toEqual({ name: [expect.any(String)], "network.cidr": [expect.any(String)] });
    const domain = invalid([{ field: "spec.network.cidr", reason: "CidrOverlap", message: "overlaps another tenant" }, { field: "spec.network.cidr", reason: "CidrOverlap", message: "overlaps another tenant" }]);
    expect(fieldErrorsOf(domain)).toEqual({ "network.cidr": ["overlaps another tenant"] });
    const kube = new KubeError(422, "Invalid", "Tenant is invalid", [{ field: "spec.workerPools[1].replicas", message: "must be at most 100" }, { message: "no field" }]);
    expect(fieldErrorsOf(kube)).toEqual({ "workerPools.1.replicas": ["must be at most 100"] });
    expect(fieldErrorsOf(notFound("x"))).toBeNull();
  });
});

describe("formatError", () => {
  it("hides internal messages in production only, and never sends a stack", () => {
    const err = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "ECONNREFUSED 127.0.0.1:6443 token=abc" });
    expect(formatError(shape(err.message), err, true).message).toBe("Internal error");
    expect(formatError(shape(err.message), err, false).message).toBe(err.message);
    expect(formatError(shape(err.message), err, true).data.stack).toBeUndefined();
  });

  it("passes field errors and the API server's reason to the browser", () => {
    const cause = new KubeError(422, "Invalid", "Tenant is invalid", [{ field: "spec.network.cidr", reason: "FieldValueInvalid", message: "bad" }]);
    const out = formatError(shape(cause.message), toTRPCError(cause)!, true);
    expect(out.message).toBe("Tenant is invalid");
    expect(out.data.fields).toEqual({ "network.cidr": ["bad"] });
    expect(out.data.kube).toEqual({ reason: "Invalid", causes: cause.causes });
    const limited = formatError(shape("slow"), toTRPCError(tooManyRequests("slow", 7))!, true);
    expect(limited.data.retryAfterSeconds).toBe(7);
  });
});
