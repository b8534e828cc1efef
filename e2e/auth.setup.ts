import { LoginPage } from "./pages/login-page";
import { adminPassword, expect, test } from "./fixtures";

test("sign in as the bootstrap admin", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await new LoginPage(page).signIn("admin", adminPassword());
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});
