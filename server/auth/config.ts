import type { NextAuthConfig } from "next-auth";
import { OIDC_PROVIDER_ID, oidcRefusal } from "@/lib/authz/oidc";
import type { Role } from "@/lib/schemas/auth";

declare module "next-auth" {
  interface User {
    roles?: Role[];
  }
  interface Session {
    user: { name: string; roles: Role[] };
  }
}

const parseDuration = (d: string) => Number(d.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[d.slice(-1) as "s" | "m" | "h"];

/** Edge-safe part of the Auth.js configuration (no Node-only providers). */
export function authConfig(sessionMaxAge: string): NextAuthConfig {
  return {
    // Errors of the single sign-on redirects land on the login page too, which explains them.
    pages: { signIn: "/login", error: "/login" },
    session: { strategy: "jwt", maxAge: parseDuration(sessionMaxAge) },
    trustHost: true,
    providers: [],
    callbacks: {
      // Single sign-on: a user with no usable name or no mapped group gets no session but a reason.
      signIn({ user, account }) {
        const refusal = account?.provider === OIDC_PROVIDER_ID ? oidcRefusal(user) : undefined;
        return refusal ? `/login?error=${refusal}` : true;
      },
      jwt({ token, user, account }) {
        if (user) {
          token.name = user.name;
          token.roles = user.roles ?? [];
        }
        // Which provider signed the user in ("credentials" or "oidc"): see sessionStillValid.
        if (account) token.provider = account.provider;
        return token;
      },
      session({ session, token }) {
        session.user = { ...session.user, name: String(token.name ?? ""), roles: (token.roles as Role[] | undefined) ?? [] };
        return session;
      },
    },
  };
}
