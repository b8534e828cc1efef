import { describe, expect, it } from "vitest";
import { groupsFromClaim, oidcRefusal, parseRoleMap, rolesForGroups, userNameFromClaims } from "@/lib/authz/oidc";

const entries = (text: string) => [...parseRoleMap(text)];

describe("parseRoleMap", () => {
  it.each([
    ["platform-admins=platform-admin,noc=platform-viewer", [["platform-admins", ["platform-admin"]], ["noc", ["platform-viewer"]]]],
    [" noc = platform-viewer , ", [["noc", ["platform-viewer"]]]],
    ["ops=platform-viewer,ops=tenant-admin,ops=platform-viewer", [["ops", ["platform-viewer", "tenant-admin"]]]],
    ["cn=admins=platform-admin", [["cn=admins", ["platform-admin"]]]],
    ["/Team A/leads=tenant-admin", [["/Team A/leads", ["tenant-admin"]]]],
  ])("parses %j", (text, expected) => {
    expect(entries(text)).toEqual(expected);
  });

  it.each([
    ["noc=viewer", 'entry "noc=viewer" names an unknown role (roles: platform-admin, platform-viewer, tenant-admin, tenant-viewer)'],
    ["noc=Platform-Viewer", "unknown role"],
    ["noc", 'entry "noc" is not group=role'],
    ["=platform-admin", "is not group=role"],
    ["noc=", "unknown role"],
    ["", "maps no group"],
    [" , ", "maps no group"],
  ])("refuses %j", (text, message) => {
    expect(() => parseRoleMap(text)).toThrow(message);
  });
});

describe("groupsFromClaim", () => {
  it.each<[unknown, string[]]>([
    [["noc", "team-a"], ["noc", "team-a"]],
    ["noc", ["noc"]],
    ["", []],
    [["noc", 7, null, "", "x"], ["noc", "x"]],
    [undefined, []],
    [{ noc: true }, []],
  ])("reads %j", (claim, groups) => {
    expect(groupsFromClaim(claim)).toEqual(groups);
  });
});

describe("rolesForGroups", () => {
  const map = parseRoleMap("platform-admins=platform-admin,noc=platform-viewer,team-a=tenant-admin,team-a=tenant-viewer");
  it("grants the union of every mapped group's roles, strongest first", () => {
    expect(rolesForGroups(map, ["team-a", "noc"])).toEqual(["platform-viewer", "tenant-admin", "tenant-viewer"]);
    expect(rolesForGroups(map, ["noc", "noc"])).toEqual(["platform-viewer"]);
  });
  it("grants nothing for unmapped groups; group names match exactly", () => {
    expect(rolesForGroups(map, ["contractors"])).toEqual([]);
    expect(rolesForGroups(map, ["NOC", " noc"])).toEqual([]);
    expect(rolesForGroups(map, [])).toEqual([]);
  });
});

describe("userNameFromClaims", () => {
  it.each<[Record<string, unknown>, string, string | undefined]>([
    [{ preferred_username: "olivia", email: "o@example.com", sub: "123" }, "preferred_username", "olivia"],
    [{ email: "o@example.com", sub: "123" }, "preferred_username", "o@example.com"],
    [{ preferred_username: " ", sub: "123" }, "preferred_username", "123"],
    [{ upn: "olivia@corp", preferred_username: "x" }, "upn", "olivia@corp"],
    [{ preferred_username: 42, sub: "123" }, "preferred_username", "123"],
    [{ preferred_username: "system:admin", sub: "123" }, "preferred_username", undefined],
    [{ preferred_username: "SYSTEM:masters" }, "preferred_username", undefined],
    [{ preferred_username: "a\nb" }, "preferred_username", undefined],
    [{ preferred_username: "x".repeat(254) }, "preferred_username", undefined],
    [{}, "preferred_username", undefined],
  ])("%j with claim %s → %s", (claims, claim, name) => {
    expect(userNameFromClaims(claims, claim)).toBe(name);
  });
});

describe("oidcRefusal", () => {
  it("refuses a user without a name or without a role", () => {
    expect(oidcRefusal({ name: "olivia", roles: ["platform-viewer"] })).toBeUndefined();
    expect(oidcRefusal({ name: "olivia", roles: [] })).toBe("oidc-no-role");
    expect(oidcRefusal({ name: "olivia" })).toBe("oidc-no-role");
    expect(oidcRefusal({ name: "", roles: ["platform-admin"] })).toBe("oidc-no-name");
    expect(oidcRefusal({ name: null, roles: ["platform-admin"] })).toBe("oidc-no-name");
  });
});
