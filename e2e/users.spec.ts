import crypto from "node:crypto";
import type { V1Secret } from "@kubernetes/client-node";
import type { Browser } from "@playwright/test";
import { models } from "@/server/kube/models";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";
import { expect, test } from "./fixtures";

// Runs as the bootstrap platform admin; every user made here has a name unique to this run.
const id = crypto.randomBytes(3).toString("hex");
const name = `e2e-user-${id}`;
const password = crypto.randomBytes(18).toString("base64url");
const newPassword = crypto.randomBytes(18).toString("base64url");
const secret = { name: `kmetal-user-${name}`, namespace: "kmetal-system" };
const decoded = (data: Record<string, string> | undefined, key: string) => Buffer.from(data?.[key] ?? "", "base64").toString("utf8");

/** A browser context with no session, signed in as someone else. */
async function signInElsewhere(browser: Browser, baseURL: string | undefined, username: string, pw: string) {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  const login = new LoginPage(page);
  await login.signIn(username, pw);
  return { context, page, login };
}

test.describe.configure({ mode: "serial" });
test.afterAll(async ({ kube }) => {
  await kube.delete(models.Secret, secret, { ignoreNotFound: true });
});

test("a short password and no role are refused in the browser; nothing is sent or created", async ({ page, kube }) => {
  let sent = 0;
  page.on("request", (r) => { if (r.url().includes("users.create")) sent++; });
  await page.goto("/tenants");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const users = new UsersPage(page);
  await expect(users.heading).toBeVisible();
  await users.fillNewUser(name, "short", []);
  await users.submitNewUser();
  await expect(users.newPassword).toHaveAttribute("aria-invalid", "true");
  await expect(users.newPassword).toHaveAccessibleDescription(/At least 12 characters/);
  await expect(users.newPassword).toBeFocused(); // the first field in error
  await expect(page.getByText("Choose at least one role")).toBeVisible();
  await expect(users.newUsername).toHaveValue(name);
  await expect(users.newUsername).toHaveAttribute("aria-invalid", "false");
  expect(sent).toBe(0);
  expect(await kube.find(models.Secret, secret)).toBeUndefined();
});

test("create a user in the form; they can sign in", async ({ page, browser, baseURL, kube }) => {
  const users = new UsersPage(page);
  await users.open();
  await users.fillNewUser(name, password, ["tenant-viewer"]);
  await users.submitNewUser();
  await expect(page.getByText(`User ${name} created`)).toBeVisible();
  await expect(users.row(name)).toContainText("tenant-viewer");
  await expect(users.row(name)).toContainText("Enabled");
  await expect(users.newUsername).toHaveValue("");
  expect(decoded((await kube.find<V1Secret>(models.Secret, secret))?.data, "roles")).toBe("tenant-viewer");
  // One's own account cannot be disabled from here.
  await expect(page.getByRole("button", { name: "Disable admin" })).toHaveCount(0);

  const other = await signInElsewhere(browser, baseURL, name, password);
  await expect(other.page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(other.page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await other.context.close();
});

test("a name that is taken gives a readable error beside the field and keeps the input", async ({ page }) => {
  const users = new UsersPage(page);
  await users.open();
  await users.fillNewUser(name, newPassword, ["platform-viewer"]);
  await users.submitNewUser();
  await expect(users.newUsername).toHaveAccessibleDescription(new RegExp(`A user named ${name} already exists`));
  await expect(users.newUsername).toHaveAttribute("aria-invalid", "true");
  await expect(users.newUsername).toHaveValue(name);
  await expect(users.newPassword).toHaveValue(newPassword);
  await expect(page.getByRole("form", { name: "New user" }).getByLabel("platform-viewer", { exact: true })).toBeChecked();
  await expect(users.table.getByRole("rowheader", { name, exact: true })).toHaveCount(1);
});

test("change a user's roles", async ({ page, kube }) => {
  const users = new UsersPage(page);
  await users.open();
  // No role at all is refused by the shared schema before anything is sent.
  await users.changeRoles(name, { "tenant-viewer": false });
  const panel = users.panel(`Change roles of ${name}`);
  await expect(panel.getByText("Choose at least one role")).toBeVisible();
  await panel.getByLabel("platform-viewer", { exact: true }).check();
  await panel.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByText(`Roles of ${name}: platform-viewer`)).toBeVisible();
  await expect(panel).toHaveCount(0);
  await expect(users.row(name).getByRole("button", { name: `Change roles of ${name}` })).toBeFocused();
  await expect(users.row(name)).toContainText("platform-viewer");
  await expect.poll(async () => decoded((await kube.find<V1Secret>(models.Secret, secret))?.data, "roles")).toBe("platform-viewer");
});

test("reset a user's password", async ({ page, browser, baseURL }) => {
  const users = new UsersPage(page);
  await users.open();
  await users.resetPassword(name, "too-short");
  const field = users.panel(`Reset the password of ${name}`).getByLabel(`New password for ${name}`);
  await expect(field).toHaveAccessibleDescription(/At least 12 characters/);
  await users.resetPassword(name, newPassword);
  await expect(page.getByText(`Password of ${name} reset`)).toBeVisible();

  const old = await signInElsewhere(browser, baseURL, name, password);
  await expect(old.login.error).toHaveText("Wrong user name or password.");
  await old.context.close();
  const fresh = await signInElsewhere(browser, baseURL, name, newPassword);
  await expect(fresh.page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await fresh.context.close();
});

test("disabling a user needs a confirmation, ends their session at once and stops sign-in", async ({ page, browser, baseURL }) => {
  const victim = await signInElsewhere(browser, baseURL, name, newPassword);
  await expect(victim.page.getByRole("heading", { name: "Tenants" })).toBeVisible();

  const users = new UsersPage(page);
  await users.open();
  const opener = users.row(name).getByRole("button", { name: `Disable ${name}` });
  const dialog = users.panel(`Disable ${name}?`);
  // Keyboard: the dialog opens with focus on Cancel, and Escape closes it, returning focus.
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("every session they have open ends at once");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(users.row(name)).toContainText("Enabled");

  await opener.click();
  await dialog.getByRole("button", { name: `Yes, disable ${name}` }).click();
  await expect(page.getByText(`${name} disabled; their sessions have ended`)).toBeVisible();
  await expect(users.row(name)).toContainText("Disabled");

  await expect.poll(async () => {
    await victim.page.goto("/tenants");
    return new URL(victim.page.url()).pathname;
  }, { timeout: 15_000 }).toBe("/login");
  await victim.login.signIn(name, newPassword);
  await expect(victim.login.error).toHaveText("Wrong user name or password.");
  await victim.context.close();

  await users.openAction(name, "Enable");
  await expect(page.getByText(`${name} enabled; they can sign in again`)).toBeVisible();
  await expect(users.row(name)).toContainText("Enabled");
});
