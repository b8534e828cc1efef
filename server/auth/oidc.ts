import "server-only";
import type { OIDCConfig } from "next-auth/providers";
import { groupsFromClaim, issuerProblem, OIDC_PROVIDER_ID, type OidcNameRefusal, parseRoleMap, rolesForGroups, userNameFromClaims } from "@/lib/authz/oidc";
import { env } from "@/lib/env.js";

// Single sign-on through any OpenID Connect issuer, configured by KMETAL_OIDC_* (lib/env.js accepts all of
// issuer, client id, secret and role map, or none). The issuer's discovery document is fetched at each
// sign-in, not at startup, so the console starts while the issuer is down.

type IdTokenClaims = Record<string, unknown> & { sub: string };

declare module "next-auth" {
  interface User {
    /** Set by the single sign-on profile when the claims give no usable user name; the signIn callback refuses. */
    nameRefusal?: OidcNameRefusal;
    /** A single sign-on user's name as they know it (preferred_username, a verified email or name): display only. */
    displayName?: string;
  }
}

function roleMap() {
  try {
    return parseRoleMap(env.KMETAL_OIDC_ROLE_MAP ?? "");
  } catch (err) {
    throw new Error(`invalid environment: KMETAL_OIDC_ROLE_MAP ${(err as Error).message} (see README, "Configuration")`);
  }
}

/** The label of the sign-in button, or undefined when single sign-on is not configured. */
export function oidcName(): string | undefined {
  return env.KMETAL_OIDC_ISSUER ? env.KMETAL_OIDC_NAME : undefined;
}

/** The single sign-on provider, or none. Its profile carries the roles, so the jwt callback copies them as for a password user. */
export function oidcProviders(): OIDCConfig<IdTokenClaims>[] {
  const { KMETAL_OIDC_ISSUER: issuer, KMETAL_OIDC_CLIENT_ID: clientId, KMETAL_OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return [];
  const problem = issuerProblem(issuer);
  if (problem) throw new Error(`invalid environment: KMETAL_OIDC_ISSUER ${problem} (see README, "Configuration")`);
  const map = roleMap();
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: env.KMETAL_OIDC_NAME,
      type: "oidc",
      issuer,
      clientId,
      clientSecret,
      // Code flow with PKCE, plus state and nonce for issuers that do not enforce PKCE.
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: env.KMETAL_OIDC_SCOPES } },
      // Claims come from the validated ID token. The name is "oidc:" + issuer + "#" + sub, or the configured
      // claim in its own space (see userNameFromClaims); a readable name rides along for display only. A
      // user without a usable name or without a mapped group gets an empty name and the reason, or no roles,
      // here, and the signIn callback (oidcRefusal) refuses them with a message.
      profile(claims) {
        const { name, displayName, refusal } = userNameFromClaims(claims, env.KMETAL_OIDC_USERNAME_CLAIM, issuer);
        return {
          id: claims.sub,
          name: name ?? "",
          ...(displayName ? { displayName } : {}),
          ...(refusal ? { nameRefusal: refusal } : {}),
          roles: rolesForGroups(map, groupsFromClaim(claims[env.KMETAL_OIDC_GROUPS_CLAIM])),
        };
      },
    },
  ];
}
