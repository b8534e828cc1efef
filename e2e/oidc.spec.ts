import crypto from "node:crypto";
import { models } from "@/server/kube/models";
import { createUser, ssoSecretName } from "@/server/services/users";
import { signInAtIssuer, startIssuer, type TestIssuer } from "./oidc-issuer";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";
import { adminPassword, expect, test } from "./fixtures";

// Single sign-on against a real OpenID Provider on loopback. playwright.config.ts gives the console the
// issuer URL, client and role map "platform-admins=platform-admin,noc=platform-viewer,team-t=tenant-viewer"
// from the start; the issuer itself starts only after the first test, which shows the console does not need
// it until someone signs in with it. Single sign-on users are "oidc:" + issuer + "#" + their sub (the test
// issuer's sub is the account's login), never a name the user can choose.
const issuerUrl = `http://127.0.0.1:${process.env.KMETAL_E2E_OIDC_PORT}`;
const ssoName = (account: string) => `oidc:${issuerUrl}#${account}`;
const id = crypto.randomBytes(3).toString("hex");
const viewer = `olivia-${id}`; // groups ["staff", "noc"]: platform-viewer
const outsider = `mallory-${id}`; // groups "contractors" (a single string): no role
const namesake = `tina-${id}`; // groups ["team-t"]: tenant-viewer; a password user of the same name exists
const accented = `zoë-${id}`; // a user name that cannot travel in an HTTP header
const impostor = `ivan-${id}`; // groups ["team-t"]: tenant-viewer; calls himself tina-… (preferred_username)
const dora = `dora-${id}`; // groups ["noc"]: platform-viewer; a platform admin disables and enables her
const tenant = `sso-${id}`; // owned by the single sign-on user tina-… (ssoName)
const localTenant = `local-${id}`; // owned by the password user tina-…
const IDP = "Test IdP";

test.describe.configure({ mode: "serial" });

test("before the issuer runs, the console is up and single sign-on fails with a readable message", async ({ page }) => {
  await page.goto("/login");
  await new LoginPage(page).signInWith(IDP);
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Single sign-on failed. Try again later, or ask an administrator to check the console's log.");
});

test.describe("with the issuer running", () => {
  let issuer: TestIssuer | undefined;

  test.beforeAll(async ({ kube }) => {
    issuer = await startIssuer({
      port: Number(process.env.KMETAL_E2E_OIDC_PORT),
      clientId: "kmetal-console",
      clientSecret: process.env.KMETAL_E2E_OIDC_SECRET!,
      redirectUri: `http://127.0.0.1:${process.env.KMETAL_E2E_PORT}/api/auth/callback/oidc`,
      accounts: {
        [viewer]: { email: `${viewer}@example.com`, groups: ["staff", "noc"] },
        [outsider]: { email: `${outsider}@example.com`, groups: "contractors" },
        [namesake]: { email: `${namesake}@example.com`, groups: ["team-t"] },
        [accented]: { email: `zoe-${id}@example.com`, groups: ["noc"] },
        [dora]: { email: `${dora}@example.com`, groups: ["noc"] },
        [impostor]: { email: `${impostor}@example.com`, groups: ["team-t"], preferredUsername: namesake },
      },
    });
    await createUser(kube, "kmetal-system", namesake, crypto.randomBytes(12).toString("base64url"), ["tenant-viewer"]);
    const net = crypto.randomInt(250);
    for (const [name, owner, n] of [[tenant, ssoName(namesake), net], [localTenant, namesake, net + 1]] as const) {
      await kube.create(models.Tenant, {
        metadata: { name },
        spec: { owners: [owner], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `172.31.${n}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] },
      } as never);
    }
  });
  test.afterAll(async ({ kube }) => {
    for (const name of [tenant, localTenant]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    await kube.delete(models.Secret, { name: `kmetal-user-${namesake}`, namespace: "kmetal-system" }, { ignoreNotFound: true });
    await kube.delete(models.Secret, { name: ssoSecretName(ssoName(dora)), namespace: "kmetal-system" }, { ignoreNotFound: true });
    await issuer?.close();
  });

  test("a user in a group mapped to platform-viewer sees every tenant but may not create one", async ({ page }) => {
    await page.goto("/login");
    await new LoginPage(page).signInWith(IDP);
    await expect(page).toHaveURL(new RegExp(`^${issuer!.url}/`));
    await signInAtIssuer(page, viewer);

    await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    await expect(page.getByLabel("Signed in as")).toHaveText(ssoName(viewer));
    await page.goto("/tenants");
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    await expect(page.getByRole("link", { name: tenant })).toBeVisible();
    await expect(page.getByRole("link", { name: localTenant })).toBeVisible();
    await expect(page.getByRole("link", { name: "New tenant" })).toHaveCount(0);
    // The session lasts without a local user record, and the server grants the mapped role only.
    expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(200);
    expect((await page.request.post("/api/trpc/tenants.delete", { data: { name: tenant } })).status()).toBe(403);
  });

  test("a user whose groups map to no role is refused with a readable message and gets no session", async ({ page }) => {
    await page.goto("/login");
    await new LoginPage(page).signInWith(IDP);
    await signInAtIssuer(page, outsider);

    await expect(page).toHaveURL(/\/login\?error=oidc-no-role$/);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "Your single sign-on account is in no group that has access to the console. Ask an administrator to map one of your groups to a role.",
    );
    expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(401);
  });

  test("a user named like a password user is oidc:<issuer>#<sub>, and reaches only tenants owned by that name", async ({ page }) => {
    await page.goto("/login");
    await new LoginPage(page).signInWith(IDP);
    await signInAtIssuer(page, namesake);

    await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    await expect(page.getByLabel("Signed in as")).toHaveText(ssoName(namesake));
    await page.goto("/tenants");
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    await expect(page.getByRole("link", { name: tenant })).toBeVisible();
    // Owned by the password user of the same name: not theirs.
    await expect(page.getByRole("link", { name: localTenant })).toHaveCount(0);
    const list = await (await page.request.get("/api/trpc/tenants.list")).text();
    expect(list).toContain(`"${tenant}"`);
    expect(list).not.toContain(`"${localTenant}"`);
  });

  test("a user who gives himself another user's preferred_username is still himself: his sub names him", async ({ page }) => {
    await page.goto("/login");
    await new LoginPage(page).signInWith(IDP);
    await signInAtIssuer(page, impostor);

    await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    await expect(page.getByLabel("Signed in as")).toHaveText(ssoName(impostor));
    await page.goto("/tenants");
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    // tina's tenant is not his, whatever name he gave himself.
    await expect(page.getByRole("link", { name: tenant })).toHaveCount(0);
    const list = await (await page.request.get("/api/trpc/tenants.list")).text();
    expect(list).not.toContain(`"${tenant}"`);
  });

  test("a user name that is not printable ASCII is refused with a readable message and gets no session", async ({ page }) => {
    await page.goto("/login");
    await new LoginPage(page).signInWith(IDP);
    await signInAtIssuer(page, accented);

    await expect(page).toHaveURL(/\/login\?error=oidc-bad-name$/);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "Your single sign-on user name cannot be used by the console: it may have at most 200 characters, all printable ASCII (no spaces or accented letters). Ask an administrator to choose another user-name claim.",
    );
    expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(401);
  });

  test("a platform admin disables a single sign-on user: their session ends and sign-in is refused until they are enabled", async ({ page, browser, baseURL }) => {
    // Three sign-ins at the issuer and one of an admin: more than the default minute on a busy machine.
    test.setTimeout(120_000);
    const sso = ssoName(dora);
    const signInBySso = async () => {
      // A fresh sign-in at the issuer too (its session cookie would otherwise skip its login page).
      await page.context().clearCookies();
      await page.goto("/login");
      await new LoginPage(page).signInWith(IDP);
      await signInAtIssuer(page, dora);
    };
    await signInBySso();
    await expect(page.getByLabel("Signed in as")).toHaveText(sso);
    expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(200);

    // The platform admin, in a browser of their own.
    const adminContext = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const admin = await adminContext.newPage();
    await admin.goto("/login");
    await new LoginPage(admin).signIn("admin", adminPassword());
    await expect(admin.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    const users = new UsersPage(admin);
    await users.open();
    const form = admin.getByRole("form", { name: "Disable a single sign-on user" });
    const field = form.getByLabel("Single sign-on name");
    // The shared schema explains a name without the prefix before anything is sent.
    await field.fill(dora);
    await form.getByRole("button", { name: "Disable…" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/Single sign-on names start with "oidc:"/);
    await expect(field).toBeFocused();
    await field.fill(sso);
    await form.getByRole("button", { name: "Disable…" }).click();
    const dialog = users.panel(`Disable ${sso}?`);
    await expect(dialog).toContainText("every session they have open ends at once");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: `Yes, disable ${sso}` }).click();
    await expect(admin.getByText(`${sso} disabled; their sessions have ended`)).toBeVisible();
    await expect(field).toHaveValue("");
    await expect(users.row(sso)).toContainText("single sign-on");
    await expect(users.row(sso)).toContainText("Disabled");
    await expect(users.row(sso).getByRole("button")).toHaveText(["Enable"]); // no roles or password to change here

    // Her next request is refused, and her page goes to the login page.
    await expect.poll(async () => (await page.request.get("/api/trpc/tenants.list")).status(), { timeout: 15_000 }).toBe(401);
    await page.goto("/tenants");
    await expect(page).toHaveURL(/\/login/);
    // Signing in again through the identity provider gets no session, and a reason.
    await signInBySso();
    await expect(page).toHaveURL(/\/login\?error=oidc-disabled$/);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your single sign-on account is disabled in this console. Ask a platform admin to enable it again.");
    expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(401);

    // Enabled again, she can sign in through single sign-on.
    await users.open();
    await users.openAction(sso, "Enable");
    await expect(admin.getByText(`${sso} enabled; they can sign in again`)).toBeVisible();
    await expect(users.row(sso)).toContainText("Enabled");
    await adminContext.close();
    await signInBySso();
    await expect(page.getByLabel("Signed in as")).toHaveText(sso);
    expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(200);
  });
});
