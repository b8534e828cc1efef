import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { models } from "@/server/kube/models";
import { createUser, setDisabled, setUserRoles } from "@/server/services/users";
import { LoginPage } from "./pages/login-page";
import { expect, test } from "./fixtures";

// Session lifetime: 30 minutes without a request ends a session, and 12 hours after sign-in in any case.
// Waiting that long is no test, so the session token is re-sealed with earlier times, using the secret
// `kmetal up` generated for this run; the console must then refuse it like any expired session.
const COOKIE = "authjs.session-token"; // the name Auth.js uses over http
const id = crypto.randomBytes(3).toString("hex");
const user = { name: `sess-${id}`, password: crypto.randomBytes(12).toString("base64url") };
const secret = () => fs.readFileSync(path.join(process.env.KMETAL_E2E_DATA_DIR!, "auth-secret"), "utf8").trim();
const now = () => Math.floor(Date.now() / 1000);

async function sessionToken(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === COOKIE);
  expect(cookie, "signed in").toBeTruthy();
  const token = await decode({ token: cookie!.value, secret: secret(), salt: COOKIE });
  expect(token?.name).toBe(user.name);
  return { cookie: cookie!, token: token! };
}

/** Replaces the browser's session cookie with the same session, but with other sign-in and last-seen times. */
async function backdate(context: BrowserContext, times: { loginAt: number; seenAt: number }) {
  const { cookie, token } = await sessionToken(context);
  const value = await encode({ token: { ...token, ...times }, secret: secret(), salt: COOKIE, maxAge: 12 * 3600 });
  await context.addCookies([{ ...cookie, value }]);
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async ({ kube }) => {
  await createUser(kube, "kmetal-system", user.name, user.password, ["platform-viewer"]);
});
test.afterAll(async ({ kube }) => {
  await kube.delete(models.Secret, { name: `kmetal-user-${user.name}`, namespace: "kmetal-system" }, { ignoreNotFound: true });
});

test.beforeEach(async ({ page }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn(user.name, user.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  // Then away from the console: the overview keeps asking (its live views, lazily loaded charts, the navigation's
  // certificate alarm), and any answer would re-issue the cookie a test backdates next. Each test opens what it needs.
  await page.goto("about:blank");
});

test("a request within the idle time keeps the session and moves its last-seen time", async ({ page, context }) => {
  await backdate(context, { loginAt: now() - 3600, seenAt: now() - 29 * 60 });
  const res = await page.request.get("/api/trpc/tenants.list");
  expect(res.status()).toBe(200);
  await page.goto("/tenants");
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  const { token } = await sessionToken(context);
  expect(Number(token.seenAt)).toBeGreaterThan(now() - 60);
});

test("a session idle for 30 minutes is refused, and the page asks to sign in again", async ({ page, context }) => {
  await backdate(context, { loginAt: now() - 3600, seenAt: now() - 31 * 60 });
  const res = await page.request.get("/api/trpc/tenants.list");
  expect(res.status()).toBe(401);
  await page.goto("/tenants");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});

test("a session older than 12 hours is refused even while in use", async ({ page, context }) => {
  await backdate(context, { loginAt: now() - 12 * 3600 - 5, seenAt: now() - 10 });
  const res = await page.request.get("/api/trpc/tenants.list");
  expect(res.status()).toBe(401);
  await page.goto("/under-cluster");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});

test("a role change applies to the open session's next request", async ({ page, kube }) => {
  expect((await page.request.get("/api/trpc/underCluster.status")).status()).toBe(200);
  await setUserRoles(kube, "kmetal-system", user.name, ["tenant-viewer"]);
  try {
    await expect.poll(async () => (await page.request.get("/api/trpc/underCluster.status")).status(), { timeout: 15_000 }).toBe(403);
  } finally {
    await setUserRoles(kube, "kmetal-system", user.name, ["platform-viewer"]);
  }
});

test("an open live page of a user who is disabled stops and goes to the login page by itself", async ({ page, kube }) => {
  test.setTimeout(90_000);
  await page.goto("/tenants");
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await setDisabled(kube, "kmetal-system", user.name, true);
  try {
    // No navigation from here: the stream's periodic check (every 15 s) ends it, the page re-subscribes once,
    // is refused, and sends the browser to the login page.
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftenants/, { timeout: 45_000 });
  } finally {
    await setDisabled(kube, "kmetal-system", user.name, false);
  }
});

test("a session of a removed user is not a session of a new user created under the same name", async ({ page, context, kube }) => {
  expect((await page.request.get("/api/trpc/underCluster.status")).status()).toBe(200);
  const { cookie } = await sessionToken(context);
  // The user is removed (their Secret deleted, as the README's admin reset does) and the name given again.
  await kube.delete(models.Secret, { name: `kmetal-user-${user.name}`, namespace: "kmetal-system" });
  await createUser(kube, "kmetal-system", user.name, user.password, ["platform-viewer"]);
  await expect.poll(async () => (await page.request.get("/api/trpc/underCluster.status")).status(), { timeout: 15_000 }).toBe(401);
  // The old cookie stays void (put back as it was, in case the refusal cleared it)...
  await context.addCookies([cookie]);
  expect((await page.request.get("/api/trpc/underCluster.status")).status()).toBe(401);
  // ...while the new user's own sign-in works.
  await page.context().clearCookies();
  await page.goto("/login");
  await new LoginPage(page).signIn(user.name, user.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  expect((await page.request.get("/api/trpc/underCluster.status")).status()).toBe(200);
});
