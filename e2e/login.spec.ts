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
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/tenants`);
  // Signed in, the login page sends the user on at once: to the console, not to example.com.
  await page.goto("/login?callbackUrl=/%5Cexample.com");
  await expect(page).toHaveURL(`${baseURL}/tenants`);
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
});
