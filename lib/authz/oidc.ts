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

// Control characters would break headers and certificates; system: names belong to Kubernetes itself.
const control = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const usable = (name: string | undefined): name is string =>
  !!name && name.length <= 253 && ![...name].some(control) && !name.toLowerCase().startsWith("system:");

/**
 * The console user name of a single sign-on user: the configured claim, else email, else sub (the first
 * that is present). Undefined when that one is not usable as a Kubernetes user name.
 */
export function userNameFromClaims(claims: Record<string, unknown>, claim: string): string | undefined {
  const present = [claim, "email", "sub"].map((c) => claims[c]).find((v) => typeof v === "string" && v.trim() !== "");
  const name = typeof present === "string" ? present.trim() : undefined;
  return usable(name) ? name : undefined;
}

/** Why a single sign-on user is refused, as the login page's error code; undefined = may sign in. */
export type OidcRefusal = "oidc-no-name" | "oidc-no-role";
export function oidcRefusal(user: { name?: string | null; roles?: readonly Role[] }): OidcRefusal | undefined {
  if (!user.name) return "oidc-no-name";
  if (!user.roles?.length) return "oidc-no-role";
  return undefined;
}
