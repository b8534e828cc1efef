import type { NextAuthConfig } from "next-auth";
import { OIDC_PROVIDER_ID, OIDC_USER_PREFIX, oidcRefusal } from "@/lib/authz/oidc";
import { parseDuration, sessionDeadline, sessionVerdict } from "@/lib/authz/session";
import type { Role } from "@/lib/schemas/auth";
import { isSignedOut, markSignedOut } from "@/server/auth/signed-out";

declare module "next-auth" {
  interface User {
    roles?: Role[];
    /** A password user's record identity (AuthenticatedUser.recordId in server/services/users.ts). */
    recordId?: string;
  }
  interface Session {
    /** `name` is the identity (authorization, audit); `displayName` only what a single sign-on user is called. */
    user: { name: string; roles: Role[]; displayName?: string };
    /** Unix seconds when this session ends unless the user makes another request. */
    endsAt?: number;
    /** "credentials" or "oidc". */
    provider?: string;
    /** Unix seconds of the sign-in. */
    loginAt?: number;
    /** Password users: the identity of the user record that signed in (see sessionStillValid). */
    recordId?: string;
  }
}

/**
 * Edge-safe part of the Auth.js configuration (no Node-only providers). Sessions end after `idle` without a
 * request and `maxAge` after sign-in (see lib/authz/session.ts); the cookie slides with each request.
 */
export function authConfig(lifetime: { idle: string; maxAge: string }): NextAuthConfig {
  const limits = { idleSeconds: parseDuration(lifetime.idle), maxAgeSeconds: parseDuration(lifetime.maxAge) };
  return {
    // Errors of the single sign-on redirects land on the login page too, which explains them.
    pages: { signIn: "/login", error: "/login" },
    session: { strategy: "jwt", maxAge: Math.min(limits.idleSeconds, limits.maxAgeSeconds) },
    trustHost: true,
    providers: [],
    events: {
      signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.name && typeof token.loginAt === "number") markSignedOut(String(token.name), token.loginAt, token.loginAt + limits.maxAgeSeconds);
      },
    },
    callbacks: {
      // Single sign-on: a user with no usable name or no mapped group gets no session but a reason.
      signIn({ user, account }) {
        const refusal = account?.provider === OIDC_PROVIDER_ID ? oidcRefusal(user) : undefined;
        return refusal ? `/login?error=${refusal}` : true;
      },
      jwt({ token, user, account }) {
        const now = Math.floor(Date.now() / 1000);
        if (user) {
          token.name = user.name;
          token.roles = user.roles ?? [];
          token.loginAt = token.seenAt = now;
          if (user.recordId) token.recordId = user.recordId;
          if (user.displayName) token.displayName = user.displayName;
        } else {
          if (sessionVerdict({ loginAt: token.loginAt, seenAt: token.seenAt }, now, limits) !== "active") return null;
          // Signed out: a late response must not bring the session back (see signed-out.ts).
          if (isSignedOut(String(token.name ?? ""), Number(token.loginAt), now)) return null;
          // Single sign-on names live in their own name space; a token from before that rule is void.
          if (token.provider === OIDC_PROVIDER_ID && !String(token.name ?? "").startsWith(OIDC_USER_PREFIX)) return null;
          // A password session belongs to one user record, not to a name; a token from before that rule is void.
          if (token.provider !== OIDC_PROVIDER_ID && typeof token.recordId !== "string") return null;
          // The last request before this one: a stream's session ends at its idle deadline (see trpc.ts).
          token.prevSeenAt = token.seenAt;
          token.seenAt = now;
        }
        // Which provider signed the user in ("credentials" or "oidc"): see sessionStillValid.
        if (account) token.provider = account.provider;
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          name: String(token.name ?? ""),
          roles: (token.roles as Role[] | undefined) ?? [],
          ...(typeof token.displayName === "string" ? { displayName: token.displayName } : {}),
        };
        session.endsAt = sessionDeadline({ loginAt: token.loginAt, seenAt: token.prevSeenAt ?? token.seenAt }, limits);
        session.provider = typeof token.provider === "string" ? token.provider : undefined;
        session.loginAt = typeof token.loginAt === "number" ? token.loginAt : undefined;
        session.recordId = typeof token.recordId === "string" ? token.recordId : undefined;
        return session;
      },
    },
  };
}
