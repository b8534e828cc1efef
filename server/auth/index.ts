import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { LoginLimiter } from "@/lib/authz/rate-limit";
import { isNameOfIssuer, OIDC_PROVIDER_ID } from "@/lib/authz/oidc";
import { env } from "@/lib/env.js";
import { clientAddress } from "@/lib/net/client-address";
import { LoginSchema } from "@/lib/schemas/auth";
import { authConfig } from "@/server/auth/config";
import { cookieFrom, DEVICE_COOKIE, DEVICE_MAX_AGE_SECONDS } from "@/server/auth/device-cookie";
import { oidcProviders } from "@/server/auth/oidc";
import { signInWithPassword } from "@/server/auth/password-sign-in";
import { consoleConnection } from "@/server/kube/client";
import { recordAudit } from "@/server/services/audit";
import { authenticate, currentRoles, sessionStillValid } from "@/server/services/users";

/** Too many failed logins for this user from this address, from this address, for this user, or from this known browser (LOGIN_LIMITS). */
class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
// Failures per user name and address, per address, per user name and per known browser; see LOGIN_LIMITS.
// One per process, on globalThis: Next.js loads this module once for the login form's server action and
// again for the route handler /api/auth/callback/credentials, and both must count against the same limits.
const g = globalThis as unknown as { __kmetalLogins?: LoginLimiter };
const logins = (g.__kmetalLogins ??= new LoginLimiter());
const https = env.AUTH_URL?.startsWith("https://") ?? false;

/** One audit record per password sign-in attempt; a record that cannot be written is logged, never a reason to refuse. */
async function auditSignIn(user: string, roles: string[] | undefined, sourceIp?: string, refusal = "WRONG_CREDENTIALS") {
  await recordAudit(consoleConnection().gateway, {
    user, roles: roles ?? [], action: "auth.signIn", result: roles ? "success" : "denied", code: roles ? undefined : refusal,
    sourceIp, at: new Date().toISOString(),
  }).catch((err: unknown) => console.error(`audit: could not record the sign-in of ${user}: ${(err as Error).message}`));
}

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
      const name = String(params.user.name ?? "");
      const ok = await sessionStillValid(consoleConnection().gateway, env.KMETAL_NAMESPACE, name, OIDC_PROVIDER_ID, now);
      await auditSignIn(name, ok ? (params.user as { roles?: string[] }).roles ?? [] : undefined, undefined, "USER_DISABLED");
      return ok ? true : "/login?error=oidc-disabled";
    },
    // Every use of a session re-checks the user (from a watch cache): disabling or removing a user ends
    // their sessions at once; returning null invalidates the token.
    async jwt(params) {
      const token = await base.callbacks!.jwt!(params);
      if (!params.user && token?.name) {
        const kube = consoleConnection().gateway;
        const name = String(token.name);
        // A single sign-on session names its user in this issuer's space (lib/authz/oidc.ts): one from before
        // that rule, or from another issuer, is void.
        if (token.provider === OIDC_PROVIDER_ID && !isNameOfIssuer(name, env.KMETAL_OIDC_ISSUER ?? "")) return null;
        const recordId = typeof token.recordId === "string" ? token.recordId : undefined;
        if (!(await sessionStillValid(kube, env.KMETAL_NAMESPACE, name, token.provider as string | undefined, token.loginAt, recordId))) return null;
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
        const result = await signInWithPassword(
          { limiter: logins, secret: env.AUTH_SECRET, authenticate: (u, p) => authenticate(consoleConnection().gateway, env.KMETAL_NAMESPACE, u, p) },
          {
            username: name,
            password: parsed.data.password,
            // Undefined without a trusted proxy: all such sign-ins then share one address key.
            address: clientAddress(request.headers, env.KMETAL_TRUSTED_PROXIES),
            deviceCookie: cookieFrom(request.headers.get("cookie"), DEVICE_COOKIE),
          },
        );
        if (result.outcome === "rate-limited") throw new RateLimited();
        // Sign-ins are audited, failed ones too (throttled ones are not: the limiter already bounds them).
        const address = clientAddress(request.headers, env.KMETAL_TRUSTED_PROXIES);
        await auditSignIn(name, result.outcome === "wrong" ? undefined : result.user.roles, address);
        if (result.outcome === "wrong") return null;
        const { user } = result;
        // Outlives sign-out on purpose: the browser stays known for this user (see server/auth/device-cookie.ts).
        if (result.deviceCookie) {
          (await cookies()).set(DEVICE_COOKIE, result.deviceCookie, { httpOnly: true, sameSite: "lax", secure: https, path: "/", maxAge: DEVICE_MAX_AGE_SECONDS });
        }
        return { id: user.username, name: user.username, roles: user.roles, recordId: user.recordId };
      },
    }),
    ...oidcProviders(),
  ],
});
