import { OIDC_USER_PREFIX, oidcClaimRefusal, type OidcNameRefusal } from "@/lib/authz/oidc-name";
import { Role } from "@/lib/schemas/auth";

// Single sign-on users get their console roles from the groups their identity provider asserts, through
// the role map of KMETAL_OIDC_ROLE_MAP. Pure, so every rule has a table-driven test.

/** Auth.js provider id of the single sign-on: the callback URL is AUTH_URL + /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = "oidc";

/** Group → the roles it grants. */
export type RoleMap = ReadonlyMap<string, readonly Role[]>;

/**
 * Parses "group=role,group=role". A group may repeat to grant several roles. The role is what follows the
 * last "=", so a group name may contain "=" (never ","). Throws a readable Error on a bad entry.
 * lib/env.js checks the same syntax at startup (plain JS cannot import this file).
 */
export function parseRoleMap(text: string): RoleMap {
  const map = new Map<string, Role[]>();
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf("=");
    const group = entry.slice(0, Math.max(at, 0)).trim();
    if (at < 0 || !group) throw new Error(`entry "${entry}" is not group=role`);
    const role = Role.safeParse(entry.slice(at + 1).trim());
    if (!role.success) throw new Error(`entry "${entry}" names an unknown role (roles: ${Role.options.join(", ")})`);
    map.set(group, [...new Set([...(map.get(group) ?? []), role.data])]);
  }
  if (map.size === 0) throw new Error('maps no group; write e.g. "platform-admins=platform-admin,noc=platform-viewer"');
  return map;
}

/** The groups claim as a list: identity providers send an array, or a single string for one group. */
export function groupsFromClaim(claim: unknown): string[] {
  if (typeof claim === "string") return claim ? [claim] : [];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string" && g !== "");
  return [];
}

/** Every role any of the groups grants, in the order of Role (strongest first); empty = no access. */
export function rolesForGroups(map: RoleMap, groups: readonly string[]): Role[] {
  const granted = new Set(groups.flatMap((g) => map.get(g) ?? []));
  return Role.options.filter((r) => granted.has(r));
}

export { OIDC_NAME_MAX, OIDC_USER_PREFIX, type OidcNameRefusal } from "@/lib/authz/oidc-name";

/** Why a single sign-on user is refused, as the login page's error code; undefined = may sign in. */
export type OidcRefusal = OidcNameRefusal | "oidc-no-role";

/** The console user name of a single sign-on user, or why they have none. */
export type OidcUserName = { name: string; refusal?: undefined } | { name?: undefined; refusal: OidcNameRefusal };

/**
 * The console user name of a single sign-on user: OIDC_USER_PREFIX plus the configured claim, else email,
 * else sub (the first that is a non-blank string). The value is taken as it is, not trimmed, so two accounts
 * never share a name. The email claim counts only when the token says email_verified: true (absent, false or
 * the string "true" is not verified), also when it is the configured claim: an unverified address may be
 * anybody's. A chosen value that is a system: name is refused as no name; one longer than OIDC_NAME_MAX or
 * with a character outside printable ASCII (0x21-0x7e: no spaces, no control or non-ASCII characters) as a
 * bad name.
 */
export function userNameFromClaims(claims: Record<string, unknown>, claim: string): OidcUserName {
  const value = [claim, "email", "sub"]
    .map((c) => (c === "email" && claims.email_verified !== true ? undefined : claims[c]))
    .find((v): v is string => typeof v === "string" && v.trim() !== "");
  if (value === undefined) return { refusal: "oidc-no-name" };
  const refusal = oidcClaimRefusal(value);
  return refusal ? { refusal } : { name: OIDC_USER_PREFIX + value };
}

/**
 * Why a single sign-on user is refused: the name refusal of their profile, else a name that is not a usable
 * OIDC_USER_PREFIX name (so no session ever carries a name from the password users' name space), else no role.
 */
export function oidcRefusal(user: { name?: string | null; roles?: readonly Role[]; nameRefusal?: OidcNameRefusal }): OidcRefusal | undefined {
  if (user.nameRefusal) return user.nameRefusal;
  if (!user.name?.startsWith(OIDC_USER_PREFIX)) return "oidc-no-name";
  const value = user.name.slice(OIDC_USER_PREFIX.length);
  if (!value) return "oidc-no-name";
  const refusal = oidcClaimRefusal(value);
  if (refusal) return refusal;
  if (!user.roles?.length) return "oidc-no-role";
  return undefined;
}
