import { describe, expect, it } from "vitest";
import {
  classify, countStates, DEFAULT_THRESHOLDS, expiryState, filterInventory, missingKinds, nextStateChange, worstState, type CertificateRecord,
} from "@/lib/certificates/inventory";

const DAY = 86_400_000;
const NOW = Date.parse("2026-06-01T00:00:00Z");
const rec = (over: Partial<CertificateRecord>): CertificateRecord => ({
  tenant: "acme", kind: "apiserver", source: "tenant-acme/acme-api-server-certificate", subject: "CN=kube-apiserver", issuer: "CN=acme-ca",
  sans: [], serial: "01", keyType: "ECDSA P-256", notBefore: new Date(NOW - DAY).toISOString(), notAfter: new Date(NOW + 365 * DAY).toISOString(), isCa: false, ...over,
});

describe("expiry state", () => {
  it.each([
    [100 * DAY, "ok"], [30 * DAY + 1000, "ok"], [30 * DAY, "warning"], [8 * DAY, "warning"], [7 * DAY, "critical"], [1000, "critical"], [0, "expired"], [-DAY, "expired"],
  ] as const)("%d ms left is %s with the default thresholds", (left, state) => {
    expect(expiryState(NOW + left, NOW)).toBe(state);
  });

  it("uses the policy's thresholds and treats a key pair as never expiring", () => {
    const t = { warningSeconds: 60, criticalSeconds: 20 };
    expect(expiryState(NOW + 61_000, NOW, t)).toBe("ok");
    expect(expiryState(NOW + 60_000, NOW, t)).toBe("warning");
    expect(expiryState(NOW + 20_000, NOW, t)).toBe("critical");
    expect(expiryState(undefined, NOW, t)).toBe("ok");
  });

  it("tells when the state changes next", () => {
    const end = NOW + 40 * DAY;
    expect(nextStateChange(end, NOW)).toBe(end - 30 * DAY);
    expect(nextStateChange(end, end - 10 * DAY)).toBe(end - 7 * DAY);
    expect(nextStateChange(end, end - DAY)).toBe(end);
    expect(nextStateChange(end, end + 1)).toBeUndefined();
    expect(nextStateChange(undefined, NOW)).toBeUndefined();
  });
});

describe("classify", () => {
  const records = [
    rec({ kind: "ca", isCa: true, serial: "ca", notAfter: new Date(NOW + 3650 * DAY).toISOString() }),
    rec({ kind: "service-account", serial: "sa", notAfter: undefined, notBefore: new Date(NOW - 10 * DAY).toISOString() }),
    rec({ tenant: "beta", kind: "admin", serial: "b", notAfter: new Date(NOW + 3 * DAY).toISOString() }),
    rec({ kind: "front-proxy-client", serial: "f", notAfter: new Date(NOW + 20 * DAY).toISOString() }),
    rec({ kind: "etcd-peer", serial: "e", notAfter: new Date(NOW - DAY).toISOString() }),
  ];

  it("orders soonest end first, key pairs last, with state, remaining time and age", () => {
    const out = classify(records, NOW);
    expect(out.map((c) => [c.serial, c.state])).toEqual([["e", "expired"], ["b", "critical"], ["f", "warning"], ["ca", "ok"], ["sa", "ok"]]);
    expect(out[1]!.remainingSeconds).toBe(3 * 86_400);
    expect(out[4]!.remainingSeconds).toBeUndefined();
    expect(out[4]!.ageSeconds).toBe(10 * 86_400);
  });

  it("counts, filters and finds the worst state", () => {
    const out = classify(records, NOW, DEFAULT_THRESHOLDS);
    expect(countStates(out)).toEqual({ ok: 2, warning: 1, critical: 1, expired: 1 });
    expect(worstState(out.map((c) => c.state))).toBe("expired");
    expect(worstState([])).toBe("ok");
    expect(filterInventory(out, { tenant: "beta" }).map((c) => c.serial)).toEqual(["b"]);
    expect(filterInventory(out, { state: "ok", kind: "ca" }).map((c) => c.serial)).toEqual(["ca"]);
  });

  it("names the kinds a tenant's inventory lacks", () => {
    expect(missingKinds(records, ["ca", "apiserver", "etcd-peer", "scheduler"])).toEqual(["apiserver", "scheduler"]);
  });
});

describe("thresholds from the platform policy", async () => {
  const { thresholdsFromPolicy } = await import("@/lib/certificates/inventory");
  const { durationSeconds } = await import("@/lib/certificates/renewal");
  it("reads durations and falls back to 30 and 7 days", () => {
    expect(thresholdsFromPolicy(undefined, durationSeconds)).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFromPolicy({ warning: "90s", critical: "30s" }, durationSeconds)).toEqual({ warningSeconds: 90, criticalSeconds: 30 });
    expect(thresholdsFromPolicy({ warning: "48h" }, durationSeconds)).toEqual({ warningSeconds: 48 * 3600, criticalSeconds: 48 * 3600 });
  });
});
