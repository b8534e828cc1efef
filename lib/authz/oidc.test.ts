import { describe, expect, it } from "vitest";
import {
  groupsFromClaim, isNameOfIssuer, issuerProblem, oidcRefusal, oidcUserName, parseRoleMap, rolesForGroups, userNameFromClaims,
} from "@/lib/authz/oidc";
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
  const iss = "https://id.example.com/realms/main";
  const verified = { email: "o@example.com", email_verified: true };
  it.each<[Record<string, unknown>, string, string]>([
    [{ sub: "248289761001", preferred_username: "olivia", ...verified }, "sub", `oidc:${iss}#248289761001`],
    [{ preferred_username: "olivia", ...verified, sub: "123" }, "preferred_username", `oidc:${iss}?preferred_username#olivia`],
    [{ upn: "olivia@corp", preferred_username: "x" }, "upn", `oidc:${iss}?upn#olivia@corp`],
    [{ preferred_username: "oidc:x" }, "preferred_username", `oidc:${iss}?preferred_username#oidc:x`],
    [{ preferred_username: "Olivia.Smith@Corp!~" }, "preferred_username", `oidc:${iss}?preferred_username#Olivia.Smith@Corp!~`],
    [{ sub: "x".repeat(200 - iss.length - 1) }, "sub", `oidc:${iss}#${"x".repeat(200 - iss.length - 1)}`],
    [{ email: "o@example.com", email_verified: true, sub: "123" }, "email", `oidc:${iss}?email#o@example.com`],
    [{ "https://example.com/claims#id": "7" }, "https://example.com/claims#id", `oidc:${iss}?https%3A%2F%2Fexample.com%2Fclaims%23id#7`],
  ])("%j with claim %s → %s", (claims, claim, name) => {
    expect(userNameFromClaims(claims, claim, iss).name).toBe(name);
  });

  it("keeps a readable name for display only: preferred_username, else a verified email, else name, else the value", () => {
    expect(userNameFromClaims({ sub: "1", preferred_username: "olivia", ...verified }, "sub", iss).displayName).toBe("olivia");
    expect(userNameFromClaims({ sub: "1", ...verified, name: "Olivia S" }, "sub", iss).displayName).toBe("o@example.com");
    expect(userNameFromClaims({ sub: "1", email: "o@example.com", name: "Olivia S" }, "sub", iss).displayName).toBe("Olivia S");
    expect(userNameFromClaims({ sub: "1" }, "sub", iss).displayName).toBe("1");
  });

  it("never gives two claims, two issuers or a password user the same name", () => {
    const claims = { sub: "alice", preferred_username: "alice", email: "alice", email_verified: true };
    const names = [
      userNameFromClaims(claims, "sub", iss).name,
      userNameFromClaims(claims, "preferred_username", iss).name,
      userNameFromClaims(claims, "email", iss).name,
      userNameFromClaims(claims, "sub", "https://other.example.com").name,
      // A sub that spells another claim's name is still the sub.
      userNameFromClaims({ sub: "?preferred_username#alice" }, "sub", iss).name,
      userNameFromClaims({ sub: "preferred_username#alice" }, "sub", iss).name,
    ];
    expect(new Set(names).size).toBe(names.length);
    // The prefix's ":" is what no password user name can contain.
    for (const name of names) expect(Username.safeParse(name).success).toBe(false);
    expect(Username.safeParse("alice").success).toBe(true);
  });

  it("tells this issuer's names from any other", () => {
    expect(isNameOfIssuer(oidcUserName(iss, "sub", "1"), iss)).toBe(true);
    expect(isNameOfIssuer(oidcUserName(iss, "email", "a@b"), iss)).toBe(true);
    expect(isNameOfIssuer("oidc:olivia", iss)).toBe(false); // the names of before: claim only
    expect(isNameOfIssuer(oidcUserName(`${iss}x`, "sub", "1"), iss)).toBe(false);
    expect(isNameOfIssuer(`oidc:${iss}?email`, iss)).toBe(false);
  });

  it("refuses an issuer with a query or a fragment, which would make names ambiguous", () => {
    expect(issuerProblem(iss)).toBeUndefined();
    expect(issuerProblem(`${iss}?x=1`)).toMatch(/no query/);
    expect(issuerProblem(`${iss}#x`)).toMatch(/fragment/);
  });

  it.each<[string, Record<string, unknown>]>([
    ["absent", { email: "o@example.com", sub: "123" }],
    ["false", { email: "o@example.com", email_verified: false, sub: "123" }],
    ['the string "true"', { email: "o@example.com", email_verified: "true", sub: "123" }],
  ])("refuses the email claim when email_verified is %s, with no fallback to another claim", (_, claims) => {
    expect(userNameFromClaims(claims, "email", iss)).toEqual({ refusal: "oidc-no-name" });
    expect(userNameFromClaims(claims, "sub", iss).displayName).toBe("123");
  });

  it.each<[Record<string, unknown>, string, "oidc-no-name" | "oidc-bad-name"]>([
    [{ preferred_username: "system:admin", sub: "123" }, "preferred_username", "oidc-no-name"],
    [{ sub: "SYSTEM:masters" }, "sub", "oidc-no-name"],
    [{}, "sub", "oidc-no-name"],
    [{ preferred_username: "olivia" }, "sub", "oidc-no-name"],
    [{ preferred_username: "", sub: "  " }, "sub", "oidc-no-name"],
    [{ sub: 42 }, "sub", "oidc-no-name"],
    [{ preferred_username: "a\nb", sub: "123" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: "olivia smith" }, "preferred_username", "oidc-bad-name"],
    [{ sub: "zoë" }, "sub", "oidc-bad-name"],
    [{ preferred_username: "olivia\u00a0" }, "preferred_username", "oidc-bad-name"],
    [{ preferred_username: " olivia", sub: "123" }, "preferred_username", "oidc-bad-name"],
    [{ sub: "a\u007fb" }, "sub", "oidc-bad-name"],
    [{ sub: "👩" }, "sub", "oidc-bad-name"],
    [{ sub: "x".repeat(200 - iss.length) }, "sub", "oidc-bad-name"],
    [{ email: "zoë@example.com", email_verified: true }, "email", "oidc-bad-name"],
  ])("refuses %j with claim %s: %s", (claims, claim, refusal) => {
    expect(userNameFromClaims(claims, claim, iss)).toEqual({ refusal });
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
