// The rules for single sign-on user names, without imports: lib/schemas/auth.ts validates "oidc:" names with
// them, and lib/authz/oidc.ts (which imports that schema file for Role) applies them at sign-in.

/**
 * Single sign-on users have their own name space: their console user name is this prefix plus the claim.
 * Password user names cannot contain ":" (Username in lib/schemas/auth.ts), so the single sign-on user
 * "alice" (console name "oidc:alice") is never the password user "alice" and owns none of her tenants.
 */
export const OIDC_USER_PREFIX = "oidc:";

/** The longest claim value accepted as a user name (it travels in HTTP headers such as Impersonate-User). */
export const OIDC_NAME_MAX = 200;

/** Why a claim value cannot be a user name: a system: name (none), or too long / not printable ASCII (bad). */
export type OidcNameRefusal = "oidc-no-name" | "oidc-bad-name";

// Header values carry printable ASCII only (no spaces, no control characters), which Kubernetes user names,
// certificate subjects and the audit log all accept. system: names belong to Kubernetes itself.
const printable = (value: string) => [...value].every((c) => c.charCodeAt(0) >= 0x21 && c.charCodeAt(0) <= 0x7e);

/** Why this claim value (the part after OIDC_USER_PREFIX) is no usable user name; undefined = usable. */
export function oidcClaimRefusal(value: string): OidcNameRefusal | undefined {
  if (value.toLowerCase().startsWith("system:")) return "oidc-no-name";
  if (value.length > OIDC_NAME_MAX || !printable(value)) return "oidc-bad-name";
  return undefined;
}
