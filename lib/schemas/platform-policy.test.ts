import { describe, expect, it } from "vitest";
import { DEFAULT_CSR_SIGNING_DURATION, durationMinutes, PlatformPolicySpecSchema } from "@/lib/schemas/tenant";

const policy = (csrSigningDuration?: string) => PlatformPolicySpecSchema.safeParse({ allowedVersions: ["v1.36.3"], csrSigningDuration });

describe("PlatformPolicy csrSigningDuration", () => {
  it("reads Go durations made of hours and minutes", () => {
    expect(durationMinutes("24h")).toBe(1440);
    expect(durationMinutes("1h30m")).toBe(90);
    expect(durationMinutes("90m")).toBe(90);
    for (const bad of ["", "1d", "24", "h", "1.5h", "-1h", "24h ", "1m1h"]) expect(durationMinutes(bad)).toBeUndefined();
  });

  it("accepts 10m to 8760h and leaves the field optional", () => {
    for (const ok of ["10m", "1h", DEFAULT_CSR_SIGNING_DURATION, "8760h", "8759h60m"]) expect(policy(ok).success).toBe(true);
    expect(policy(undefined).success).toBe(true);
  });

  it("refuses what the controller-manager should never be given", () => {
    for (const bad of ["9m", "0h", "8761h", "8760h1m", "1d", "", "forever"]) {
      const res = policy(bad);
      expect(res.success).toBe(false);
      expect(res.error?.issues[0]?.path).toEqual(["csrSigningDuration"]);
    }
  });
});
