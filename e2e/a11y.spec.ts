import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { models } from "@/server/kube/models";
import { TenantWizardPage } from "./pages/tenant-wizard-page";
import { expect, test } from "./fixtures";

// axe-core on every page of the console, in light and dark, with wizard steps, dialogs and a tenant page fed
// by live data. Any violation fails, whatever its impact.
const tenant = `a11y-${crypto.randomBytes(3).toString("hex")}`;

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

// axe takes seconds per page on a busy machine; one test covers many pages.
test.describe.configure({ mode: "serial", timeout: 240_000 });
test.beforeAll(async ({ kube }) => {
  await kube.create(models.Tenant, { metadata: { name: tenant }, spec: {
    owners: [], kubernetesVersion: (await kube.get<{ metadata?: { name?: string }; spec: { allowedVersions: string[] } }>(models.PlatformPolicy, { name: "platform" })).spec.allowedVersions[0],
    network: { mode: "overlay", cidr: `172.29.${crypto.randomInt(250)}.0/24` },
    workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
  } } as never);
});
test.afterAll(async ({ kube }) => {
  await kube.delete(models.Tenant, { name: tenant }, { ignoreNotFound: true });
});

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem("kmetal-theme", t), theme);
    });

    test("list pages, the tenant page with live data, and a page that does not exist", async ({ page }) => {
      await page.goto("/tenants");
      await expect(page.getByRole("link", { name: tenant })).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(theme === "dark");
      await expectNoViolations(page, "/tenants");

      await page.goto(`/tenants/${tenant}`);
      await expect(page.getByRole("heading", { name: tenant })).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
      await expectNoViolations(page, "the tenant page");
      await page.getByRole("button", { name: "Delete tenant…" }).click();
      await expect(page.getByRole("dialog", { name: `Delete tenant ${tenant}?` })).toBeVisible();
      await expectNoViolations(page, "the delete dialog");
      await page.keyboard.press("Escape");

      for (const path of ["/", "/network", "/certificates", "/under-cluster", "/audit", "/users", "/displays", "/noc", "/no-such-page"]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expectNoViolations(page, path);
      }
    });

    test("every step of the wizard", async ({ page }) => {
      const wizard = new TenantWizardPage(page);
      await wizard.open();
      await expect(page.getByRole("heading", { name: "Identity" })).toBeVisible();
      await page.getByRole("button", { name: "Next" }).click(); // an empty name: the error state too
      await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expectNoViolations(page, "the identity step with an error");
      await wizard.fillIdentity(`${tenant}-w`);
      await wizard.chooseVersion();
      await expectNoViolations(page, "the network step");
      await wizard.fillNetwork(`172.28.${crypto.randomInt(250)}.0/24`);
      await expectNoViolations(page, "the pools step");
      await wizard.fillPool(1);
      await expectNoViolations(page, "the quota step");
      await wizard.acceptQuota();
      await expectNoViolations(page, "the add-ons step");
      await wizard.acceptAddons();
      await expect(page.getByLabel("Tenant YAML")).toBeVisible();
      await expectNoViolations(page, "the review step");
    });
  });
}

test("the sign-in page", async ({ browser, baseURL }) => {
  for (const theme of ["light", "dark"]) {
    const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.addInitScript((t) => localStorage.setItem("kmetal-theme", t), theme);
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await expectNoViolations(page, `/login (${theme})`);
    await context.close();
  }
});
