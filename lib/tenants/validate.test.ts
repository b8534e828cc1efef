import { describe, expect, it } from "vitest";
import type { PlatformPolicySpec, TenantSpec } from "@/lib/schemas/tenant";
import { effectiveQuota, validateTenant } from "@/lib/tenants/validate";

const policy: PlatformPolicySpec = {
  allowedVersions: ["v1.36.3"],
  defaultQuota: { vcpu: 16, memoryGi: 64, storageGi: 500, workers: 5, loadBalancers: 2 },
  maxQuota: { vcpu: 64, memoryGi: 256, storageGi: 2000, workers: 20, loadBalancers: 10 },
  mandatoryAddons: ["coredns"],
  allowedNetworkModes: ["overlay", "vlan"],
  vlanRange: { min: 100, max: 199 },
  platformCidrs: ["10.96.0.0/12", "192.168.0.0/16"],
};
const spec = (over: Partial<TenantSpec> = {}): TenantSpec => ({
  kubernetesVersion: "v1.36.3",
  network: { mode: "overlay", cidr: "10.20.0.0/24" },
  workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu" }],
  ...over,
});
const reasons = (v: ReturnType<typeof validateTenant>) => (v.ok ? [] : v.problems.map((p) => p.reason));

describe("validateTenant", () => {
  it("accepts a tenant within policy and adds the mandatory add-ons", () => {
    const v = validateTenant("a", spec({ addons: ["metrics"] }), policy, []);
    expect(v).toEqual({ ok: true, quota: { vcpu: 16, memoryGi: 64, storageGi: 500, workers: 5, loadBalancers: 2 }, addons: ["coredns", "metrics"] });
  });
  it("refuses a version the policy does not allow", () => {
    const v = validateTenant("a", spec({ kubernetesVersion: "v1.20.0" }), policy, []);
    expect(reasons(v)).toEqual(["VersionNotAllowed"]);
    expect(!v.ok && v.problems[0]!.message).toContain("allowed: v1.36.3");
  });
  it("refuses a quota above the maximum", () => {
    expect(reasons(validateTenant("a", spec({ quota: { vcpu: 65 } }), policy, []))).toEqual(["QuotaAboveMaximum"]);
  });
  it("refuses pools that need more than the quota", () => {
    const big = spec({ workerPools: [{ name: "p", replicas: 10, vcpu: 4, memoryGi: 8, diskGi: 20, image: "x" }] });
    expect(reasons(validateTenant("a", big, policy, []))).toContain("PoolsExceedQuota");
  });
  it("refuses a CIDR overlapping another tenant or the platform", () => {
    expect(reasons(validateTenant("a", spec(), policy, [{ name: "b", spec: { network: { mode: "overlay", cidr: "10.20.0.0/16" } } }]))).toEqual(["CidrOverlap"]);
    expect(reasons(validateTenant("a", spec({ network: { mode: "overlay", cidr: "10.100.0.0/24" } }), policy, []))).toEqual(["CidrOverlap"]);
    // a tenant never conflicts with itself
    expect(validateTenant("a", spec(), policy, [{ name: "a", spec: { network: { mode: "overlay", cidr: "10.20.0.0/24" } } }]).ok).toBe(true);
  });
  it("refuses a VLAN outside the range or already used", () => {
    const vlan = (id: number) => spec({ network: { mode: "vlan", cidr: "10.30.0.0/24", vlanId: id } });
    expect(reasons(validateTenant("a", vlan(50), policy, []))).toEqual(["VlanOutOfRange"]);
    expect(reasons(validateTenant("a", vlan(150), policy, [{ name: "b", spec: { network: { mode: "vlan", cidr: "10.31.0.0/24", vlanId: 150 } } }]))).toEqual(["VlanInUse"]);
  });
  it("names the other tenant only when asked to (messages for tenant users never do)", () => {
    const others = [
      { name: "secret-corp", spec: { network: { mode: "vlan" as const, cidr: "10.20.0.0/16", vlanId: 150 } } },
    ];
    const clash = spec({ network: { mode: "vlan", cidr: "10.20.1.0/24", vlanId: 150 } });
    const messages = (v: ReturnType<typeof validateTenant>) => (v.ok ? [] : v.problems.map((p) => p.message));
    expect(messages(validateTenant("a", clash, policy, others)).join(" ")).toContain("secret-corp");
    const anonymous = messages(validateTenant("a", clash, policy, others, { nameOthers: false }));
    expect(anonymous).toEqual(["10.20.1.0/24 overlaps another tenant's network", "VLAN 150 is already used by another tenant's network"]);
  });
  it("refuses a subnet too small for the workers and a bad CIDR", () => {
    const tiny = spec({ network: { mode: "overlay", cidr: "10.20.0.0/30" } });
    expect(reasons(validateTenant("a", tiny, policy, []))).toContain("SubnetTooSmall");
    expect(reasons(validateTenant("a", spec({ network: { mode: "overlay", cidr: "10.20.0.1/24" } }), policy, []))).toEqual(["InvalidCidr"]);
  });
  it("treats an unset quota without default as unlimited, which a maximum refuses", () => {
    expect(effectiveQuota(spec(), { allowedVersions: ["v1.36.3"] }).vcpu).toBe(-1);
    expect(reasons(validateTenant("a", spec(), { allowedVersions: ["v1.36.3"], maxQuota: { vcpu: 8 } }, []))).toEqual(["QuotaAboveMaximum"]);
  });
});
