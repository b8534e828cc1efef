import type { NextAuthConfig } from "next-auth";
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
    pages: { signIn: "/login" },
    session: { strategy: "jwt", maxAge: parseDuration(sessionMaxAge) },
    trustHost: true,
    providers: [],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.name = user.name;
          token.roles = user.roles ?? [];
        }
        return token;
      },
      session({ session, token }) {
        session.user = { ...session.user, name: String(token.name ?? ""), roles: (token.roles as Role[] | undefined) ?? [] };
        return session;
      },
    },
  };
}
