import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env.js";
import { LoginSchema } from "@/lib/schemas/auth";
import { authConfig } from "@/server/auth/config";
import { underKube } from "@/server/kube/client";
import { authenticate } from "@/server/services/users";

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig(env.KMETAL_SESSION_MAX_AGE),
  providers: [
    Credentials({
      credentials: { username: { label: "User name" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = LoginSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await authenticate(underKube().gateway, env.KMETAL_NAMESPACE, parsed.data.username, parsed.data.password);
        if (!user) return null;
        return { id: user.username, name: user.username, roles: user.roles };
      },
    }),
  ],
});
