import { describe, expect, it } from "vitest";
import { groupsFromClaim, oidcRefusal, parseRoleMap, rolesForGroups, userNameFromClaims } from "@/lib/authz/oidc";
import { Username } from "@/lib/schemas/auth";

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
  const verified = { email: "o@example.com", email_verified: true };
  it.each<[Record<string, unknown>, string, string]>([
    [{ preferred_username: "olivia", ...verified, sub: "123" }, "preferred_username", "oidc:olivia"],
    [{ ...verified, sub: "123" }, "preferred_username", "oidc:o@example.com"],
    [{ preferred_username: " ", sub: "123" }, "preferred_username", "oidc:123"],
    [{ upn: "olivia@corp", preferred_username: "x" }, "upn", "oidc:olivia@corp"],
    [{ preferred_username: 42, sub: "123" }, "preferred_username", "oidc:123"],
    [{ preferred_username: "oidc:x" }, "preferred_username", "oidc:oidc:x"],
    [{ preferred_username: "Olivia.Smith@Corp!~" }, "preferred_username", "oidc:Olivia.Smith@Corp!~"],
    [{ preferred_username: "x".repeat(200) }, "preferred_username", `oidc:${"x".repeat(200)}`],
    [{ email: "o@example.com", email_verified: true, sub: "123" }, "email", "oidc:o@example.com"],
  ])("%j with claim %s → %s", (claims, claim, name) => {
    expect(userNameFromClaims(claims, claim)).toEqual({ name });
  });

  it("gives a claim equal to a password user's name a different console name", () => {
    const { name } = userNameFromClaims({ preferred_username: "alice" }, "preferred_username");
    expect(name).toBe("oidc:alice");
    expect(name).not.toBe("alice");
    // The prefix's ":" is what no password user name can contain.
    expect(Username.safeParse(name).success).toBe(false);
    expect(Username.safeParse("alice").success).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ["absent", { email: "o@example.com", sub: "123" }],
    ["false", { email: "o@example.com", email_verified: false, sub: "123" }],
    ['the string "true"', { email: "o@example.com", email_verified: "true", sub: "123" }],
  ])("skips the email when email_verified is %s", (_, claims) => {
    expect(userNameFromClaims(claims, "preferred_username")).toEqual({ name: "oidc:123" });
    expect(userNameFromClaims(claims, "email")).toEqual({ name: "oidc:123" });
    expect(userNameFromClaims({ ...claims, sub: undefined }, "preferred_username")).toEqual({ refusal: "oidc-no-name" });
  });

  it.each<[Record<string, unknown>, string, "oidc-no-name" | "oidc-bad-name"]>([
    [{ preferred_username: "system:admin", sub: "123" }, "preferred_username", "oidc-no-name"],
    [{ preferred_username: "SYSTEM:masters" }, "preferred_username", "oidc-no-name"],
    [{}, "preferred_username", "oidc-no-name"],
    [{ preferred_username: "", sub: "  " }, "preferred_username", "oidc-no-name"],
    [{ preferred_username: "a\nb", sub: "123" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "olivia smith" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "zoë" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "olivia\u00a0" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: " olivia", sub: "123" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "a\u007fb" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "👩" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "x".repeat(201) }, "preferred_username", "oidc-bad-name"],
    [{ email: "zoë@example.com", email_verified: true }, "preferred_username", "oidc-bad-name"],
  ])("refuses %j with claim %s: %s", (claims, claim, refusal) => {
    expect(userNameFromClaims(claims, claim)).toEqual({ refusal });
  });
});

describe("oidcRefusal", () => {
  it("refuses a user without a name or without a role", () => {
    expect(oidcRefusal({ name: "oidc:olivia", roles: ["platform-viewer"] })).toBeUndefined();
    expect(oidcRefusal({ name: "oidc:olivia", roles: [] })).toBe("oidc-no-role");
    expect(oidcRefusal({ name: "oidc:olivia" })).toBe("oidc-no-role");
    expect(oidcRefusal({ name: "", roles: ["platform-admin"] })).toBe("oidc-no-name");
    expect(oidcRefusal({ name: null, roles: ["platform-admin"] })).toBe("oidc-no-name");
  });
  it("gives the profile's reason for a missing name first", () => {
    expect(oidcRefusal({ name: "", nameRefusal: "oidc-bad-name", roles: [] })).toBe("oidc-bad-name");
    expect(oidcRefusal({ name: "", nameRefusal: "oidc-no-name", roles: ["platform-admin"] })).toBe("oidc-no-name");
  });
  it("refuses any name outside the single sign-on name space, or one that could not travel in a header", () => {
    expect(oidcRefusal({ name: "alice", roles: ["platform-admin"] })).toBe("oidc-no-name");
    expect(oidcRefusal({ name: "oidc:", roles: ["platform-admin"] })).toBe("oidc-no-name");
    expect(oidcRefusal({ name: "oidc:system:admin", roles: ["platform-admin"] })).toBe("oidc-no-name");
    expect(oidcRefusal({ name: "oidc:zoë", roles: ["platform-admin"] })).toBe("oidc-bad-name");
    expect(oidcRefusal({ name: `oidc:${"x".repeat(201)}`, roles: ["platform-admin"] })).toBe("oidc-bad-name");
  });
});
