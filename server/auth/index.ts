import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import { LoginLimiter } from "@/lib/authz/rate-limit";
import Credentials from "next-auth/providers/credentials";
import { OIDC_PROVIDER_ID } from "@/lib/authz/oidc";
import { env } from "@/lib/env.js";
import { clientAddress } from "@/lib/net/client-address";
import { LoginSchema } from "@/lib/schemas/auth";
import { authConfig } from "@/server/auth/config";
import { oidcProviders } from "@/server/auth/oidc";
import { consoleConnection } from "@/server/kube/client";
import { authenticate, currentRoles, sessionStillValid } from "@/server/services/users";

/** Too many failed logins for this user from this address, from this address, or for this user (LOGIN_LIMITS). */
class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
// Failures per user name and address, per address and per user name; see LOGIN_LIMITS.
const logins = new LoginLimiter();

const base = authConfig({ idle: env.KMETAL_SESSION_IDLE, maxAge: env.KMETAL_SESSION_MAX_AGE });

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...base,
  callbacks: {
    ...base.callbacks,
    // A single sign-on user whom a platform admin has disabled gets no session, and the login page says why
    // (the identity provider vouched for them: no secret is given away).
    async signIn(params) {
      const verdict = await base.callbacks!.signIn!(params);
      if (verdict !== true || params.account?.provider !== OIDC_PROVIDER_ID) return verdict;
      const now = Math.floor(Date.now() / 1000);
      const ok = await sessionStillValid(consoleConnection().gateway, env.KMETAL_NAMESPACE, String(params.user.name ?? ""), OIDC_PROVIDER_ID, now);
      return ok ? true : "/login?error=oidc-disabled";
    },
    // Every use of a session re-checks the user (from a watch cache): disabling or removing a user ends
    // their sessions at once; returning null invalidates the token.
    async jwt(params) {
      const token = await base.callbacks!.jwt!(params);
      if (!params.user && token?.name) {
        const kube = consoleConnection().gateway;
        const name = String(token.name);
        if (!(await sessionStillValid(kube, env.KMETAL_NAMESPACE, name, token.provider as string | undefined, token.loginAt))) return null;
        // A password user's roles follow their record; single sign-on roles come from the groups at sign-in.
        if (token.provider !== OIDC_PROVIDER_ID) {
          const roles = await currentRoles(kube, env.KMETAL_NAMESPACE, name);
          if (roles) token.roles = roles;
        }
      }
      return token;
    },
  },
  providers: [
    Credentials({
      credentials: { username: { label: "User name" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = LoginSchema.safeParse(raw);
        if (!parsed.success) return null;
        const name = parsed.data.username;
        // Undefined without a trusted proxy: all such sign-ins then share one address key.
        const address = clientAddress(request.headers, env.KMETAL_TRUSTED_PROXIES);
        if (logins.refused(name, address)) throw new RateLimited();
        const user = await authenticate(consoleConnection().gateway, env.KMETAL_NAMESPACE, name, parsed.data.password);
        if (!user) {
          logins.failed(name, address);
          return null;
        }
        logins.succeeded(name, address);
        return { id: user.username, name: user.username, roles: user.roles };
      },
    }),
    ...oidcProviders(),
  ],
});
