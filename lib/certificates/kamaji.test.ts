import { describe, expect, it } from "vitest";
import { LEAF_SECRET_SUFFIXES, PKI_SECRETS, pkiSecretLabels, pkiSecretName, pkiSecretSpec, rotationProgress } from "@/lib/certificates/kamaji";

describe("Kamaji's PKI Secrets", () => {
  it("names and labels each Secret the way Kamaji does", () => {
    const api = PKI_SECRETS.find((s) => s.suffix === "api-server-certificate")!;
    expect(pkiSecretName("acme", api.suffix)).toBe("acme-api-server-certificate");
    expect(pkiSecretLabels("acme", api)).toEqual({
      "kamaji.clastix.io/project": "kamaji", "kamaji.clastix.io/name": "acme", "kamaji.clastix.io/component": "api-server-certificate",
      "kamaji.clastix.io/certificate_lifecycle_controller": "x509",
    });
    expect(pkiSecretSpec({ metadata: { name: "acme-sa-certificate", labels: { "kamaji.clastix.io/name": "acme" } } })?.spec.keyPair?.pub).toBe("sa.pub");
  });

  it("rotates leaves only: never a CA or the service-account keys", () => {
    expect(LEAF_SECRET_SUFFIXES).not.toContain("ca");
    expect(LEAF_SECRET_SUFFIXES).not.toContain("front-proxy-ca-certificate");
    expect(LEAF_SECRET_SUFFIXES).not.toContain("sa-certificate");
    expect(LEAF_SECRET_SUFFIXES).toHaveLength(9);
  });

  it("measures a rotation's progress from the annotations", () => {
    expect(rotationProgress([undefined, "", "2026-01-01T00:00:00Z", ""])).toEqual({ requested: 3, pending: 2 });
  });
});
