import { describe, expect, it } from "vitest";
import { auditCsv, readableInput } from "@/lib/audit/export";

describe("audit export", () => {
  it("writes CSV that quotes everything and defuses formulas", () => {
    const csv = auditCsv([{ user: "=cmd()", roles: ["a", "b"], action: "tenants.delete", result: "denied", at: "2026-11-25T10:00:00.000Z", message: 'say "hi", then go' }]);
    const [head, row] = csv.trimEnd().split("\r\n");
    expect(head).toBe("at,user,roles,action,tenant,result,code,message,input,sourceIp");
    expect(row).toBe('"2026-11-25T10:00:00.000Z","\'=cmd()","a b","tenants.delete","","denied","","say ""hi"", then go","",""');
  });

  it("renders a recorded input as key: value lines", () => {
    expect(readableInput('{"name":"acme","quota":{"vcpu":8,"memoryGi":null},"owners":["a","b"],"pools":[{"name":"w","replicas":2}]}')).toEqual([
      "name: acme", "quota.vcpu: 8", "quota.memoryGi: null", "owners: a, b", "pools[0].name: w", "pools[0].replicas: 2",
    ]);
    expect(readableInput("not json...")).toEqual(["not json..."]);
    expect(readableInput(undefined)).toEqual([]);
  });
});
