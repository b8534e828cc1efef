import crypto from "node:crypto";
import { models } from "@/server/kube/models";
import { createUser } from "@/server/services/users";
import { LoginPage } from "./pages/login-page";
import { adminPassword, expect, test } from "./fixtures";

test("every page needs a session", async ({ page }) => {
  await page.goto("/under-cluster");
  await expect(page).toHaveURL(/\/login\?callbackUrl=(%2F|\/)under-cluster$/);
  const res = await page.request.get("/api/trpc/underCluster.status");
  expect(res.status()).toBe(401);
});

test("a wrong password is refused with a clear message and keeps the user name", async ({ page }) => {
  await page.goto("/login");
  const login = new LoginPage(page);
  await login.signIn("admin", `${adminPassword()}-wrong`);
  await expect(login.error).toHaveText("Wrong user name or password.");
  await expect(page.getByLabel("User name")).toHaveValue("admin");
  await expect(page).toHaveURL(/\/login/);
});

test("empty fields get field errors next to them", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Enter your user name")).toBeVisible();
  await expect(page.getByText("Enter your password")).toBeVisible();
});

test("a callbackUrl that leads off the console is ignored, before and after signing in", async ({ page, baseURL }) => {
  // "/%5Cexample.com" arrives as "/\example.com": it starts with "/", and browsers read it as //example.com.
  await page.goto("/login?callbackUrl=/%5Cexample.com");
  await new LoginPage(page).signIn("admin", adminPassword());
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/`);
  // Signed in, the login page sends the user on at once: to the console, not to example.com.
  await page.goto("/login?callbackUrl=/%5Cexample.com");
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
});

test("a flood of wrong passwords from other browsers does not lock a user out of a browser they signed in from before", async ({ page, browser, baseURL, kube, playwright }) => {
  const victim = { name: `victim-${crypto.randomBytes(3).toString("hex")}`, password: crypto.randomBytes(12).toString("base64url") };
  await createUser(kube, "kmetal-system", victim.name, victim.password, ["platform-viewer"]);
  const attacker = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  const attackerBrowser = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    // The victim signs in once: the browser gets an HttpOnly device cookie for them, which outlives the session.
    await page.goto("/login");
    await new LoginPage(page).signIn(victim.name, victim.password);
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "authjs.session-token")).toBeUndefined();
    expect(cookies.find((c) => c.name === "kmetal-device")).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    // The attacker posts wrong passwords for the victim straight to the sign-in endpoint until refused.
    const csrfToken = ((await (await attacker.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
    const attempt = async (password: string) => {
      const res = await attacker.post("/api/auth/callback/credentials", { form: { username: victim.name, password, csrfToken, callbackUrl: "/" } });
      return new URL(res.headers().location ?? "/", baseURL).searchParams.get("code");
    };
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push(await attempt(`guess-${i}`));
    expect(codes).toContain("rate_limited");
    // Refused even with the right password, from any browser the victim never used...
    expect(await attempt(victim.password)).toBe("rate_limited");
    const unknown = await attackerBrowser.newPage();
    await unknown.goto("/login");
    await new LoginPage(unknown).signIn(victim.name, victim.password);
    await expect(new LoginPage(unknown).error).toHaveText("Too many failed sign-ins. Wait a few minutes and try again.");

    // ...but the victim's own browser signs in with it.
    await page.goto("/login");
    await new LoginPage(page).signIn(victim.name, victim.password);
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    expect((await page.request.get("/api/trpc/underCluster.status")).status()).toBe(200);
  } finally {
    await attacker.dispose();
    await attackerBrowser.close();
    await kube.delete(models.Secret, { name: `kmetal-user-${victim.name}`, namespace: "kmetal-system" }, { ignoreNotFound: true });
  }
});
