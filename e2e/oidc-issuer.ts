import crypto from "node:crypto";
import type { Server } from "node:http";
import type { Page } from "@playwright/test";
import Provider, { type Configuration } from "oidc-provider";

// A real, certified OpenID Provider (panva's oidc-provider) on loopback, for the single sign-on tests.
// Its development login page accepts any password; the account decides the claims.

export interface TestAccount {
  email: string;
  /** As the groups claim: an array, or a single string. */
  groups: string[] | string;
  /** The preferred_username claim; the login (also the sub) when unset. Users often choose it themselves. */
  preferredUsername?: string;
}

export interface TestIssuer {
  url: string;
  close(): Promise<void>;
}

/** Starts the issuer at http://127.0.0.1:<port> with one confidential client for the console. */
export async function startIssuer(opts: { port: number; clientId: string; clientSecret: string; redirectUri: string; accounts: Record<string, TestAccount> }): Promise<TestIssuer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const config: Configuration = {
    clients: [{ client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: [opts.redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    jwks: { keys: [{ ...(privateKey.export({ format: "jwk" }) as object), kid: "test", use: "sig", alg: "RS256" } as never] },
    cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"], groups: ["groups"] },
    // Like most identity providers, put the scope's claims into the ID token too (the console reads only that).
    conformIdTokenClaims: false,
    async findAccount(_ctx, id) {
      const account = opts.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: id, preferred_username: account.preferredUsername ?? id, email: account.email, groups: account.groups }) };
    },
    // A first-party client: consent is implied, so the tests see only the login page.
    async loadExistingGrant(ctx) {
      const { client, session, params } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(String(params?.scope ?? "openid"));
      grant.addOIDCClaims(["sub", "name", "preferred_username", "email", "groups"]);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(url, config);
  // The console sees only "invalid_grant" and the like; the reason is here.
  for (const event of ["grant.error", "server_error", "authorization.error"]) {
    provider.on(event, (_ctx: unknown, err: Error & { error_detail?: string }) => console.error(`test issuer ${event}: ${err.message} ${err.error_detail ?? ""}`));
  }
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(opts.port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Signs in on the issuer's own login page (any password). */
export async function signInAtIssuer(page: Page, login: string) {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("irrelevant");
  await page.getByRole("button", { name: "Sign-in" }).click();
}
