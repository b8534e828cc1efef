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

/** The console user name of a single sign-on user and the name to show, or why they have none. */
export type OidcUserName =
  | { name: string; displayName: string; refusal?: undefined }
  | { name?: undefined; displayName?: undefined; refusal: OidcNameRefusal };

/** The claim that names single sign-on users unless KMETAL_OIDC_USERNAME_CLAIM says otherwise. */
export const DEFAULT_USERNAME_CLAIM = "sub";

/**
 * Why an issuer URL cannot name a space of single sign-on users, or undefined. OpenID Connect issuers carry no
 * query and no fragment, which is what lets oidcUserName use "?" and "#" as separators.
 */
export function issuerProblem(issuer: string): string | undefined {
  if (issuer.includes("?") || issuer.includes("#")) return "must have no query (?) or fragment (#), as OpenID Connect requires of an issuer";
  return undefined;
}

/**
 * The console name of the user whom `issuer` knows by `value` of `claim`: OIDC_USER_PREFIX + the issuer, then
 * "?" + the claim (percent-encoded) unless it is "sub", then "#" + the value, e.g.
 * "oidc:https://id.example.com#248289761001" or "oidc:https://id.example.com?email#alice@example.com".
 * Issuers have no "?" or "#" (issuerProblem), so the name tells issuer, claim and value apart: two issuers, or
 * two claims of one issuer, never share a name (Kubernetes' own OIDC authenticator prefixes "issuer#" too).
 */
export function oidcUserName(issuer: string, claim: string, value: string): string {
  return `${OIDC_USER_PREFIX}${issuer}${claim === DEFAULT_USERNAME_CLAIM ? "" : `?${encodeURIComponent(claim)}`}#${value}`;
}

/** Whether a console name is one of this issuer's single sign-on names (of any claim). */
export function isNameOfIssuer(name: string, issuer: string): boolean {
  const rest = name.startsWith(OIDC_USER_PREFIX + issuer) ? name.slice(OIDC_USER_PREFIX.length + issuer.length) : undefined;
  return rest !== undefined && (rest.startsWith("#") || (rest.startsWith("?") && rest.includes("#")));
}

/** What to show for a user: a name they know themselves by, as the identity provider gives it. */
function displayNameOf(claims: Record<string, unknown>, fallback: string): string {
  const shown = [claims.preferred_username, claims.email_verified === true ? claims.email : undefined, claims.name]
    .find((v): v is string => typeof v === "string" && v.trim() !== "" && v.length <= 200);
  return shown ?? fallback;
}

/**
 * The console user name of a single sign-on user: oidcUserName of the configured claim of the ID token.
 * The default, "sub", is the one claim the issuer promises to be unique and never reassigned; another claim
 * (preferred_username, email, …) is only as unique and stable as the identity provider keeps it. There is no
 * fallback to another claim: a user would otherwise have two names. The value is taken as it is, not trimmed,
 * so two accounts never share a name. The email claim counts only when the token says email_verified: true
 * (absent, false or the string "true" is not verified): an unverified address may be anybody's. A name longer
 * than OIDC_NAME_MAX after the prefix, or with a character outside printable ASCII (0x21-0x7e: no spaces, no
 * control or non-ASCII characters), is a bad name; a value that is a system: name is no name.
 */
export function userNameFromClaims(claims: Record<string, unknown>, claim: string, issuer: string): OidcUserName {
  const raw = claim === "email" && claims.email_verified !== true ? undefined : claims[claim];
  if (typeof raw !== "string" || raw.trim() === "") return { refusal: "oidc-no-name" };
  const name = oidcUserName(issuer, claim, raw);
  const refusal = raw.toLowerCase().startsWith("system:") ? "oidc-no-name" : oidcClaimRefusal(name.slice(OIDC_USER_PREFIX.length));
  return refusal ? { refusal } : { name, displayName: displayNameOf(claims, raw) };
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
