import crypto from "node:crypto";
import { microTime } from "@/lib/utils";
import { models } from "@/server/kube/models";
import { TenantWizardPage } from "./pages/tenant-wizard-page";
import { expect, test } from "./fixtures";

// What a new platform admin tripped over; each test failed on the console before its fix.
const id = crypto.randomBytes(3).toString("hex");
const pending = `edge-pend-${id}`;
const doomed = `edge-del-${id}`;
const spec = async (kube: import("@/server/kube/gateway").KubeGateway, third: number) => ({
  owners: [], kubernetesVersion: (await kube.get<{ metadata?: { name?: string }; spec: { allowedVersions: string[] } }>(models.PlatformPolicy, { name: "platform" })).spec.allowedVersions[0],
  network: { mode: "overlay", cidr: `172.27.${third}.0/24` },
  workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});

test.describe.configure({ mode: "serial" });
test.afterAll(async ({ kube }) => {
  for (const name of [pending, doomed]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
});

test("the live badge never says Reconnecting on the first connection", async ({ page }) => {
  // Every text the badge ever shows, from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __badge: string[] }).__badge = []);
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("[role=status]")) if (!seen.includes(el.textContent ?? "")) seen.push(el.textContent ?? "");
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto("/tenants");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const seen = await page.evaluate(() => (window as unknown as { __badge: string[] }).__badge);
  expect(seen.filter((t) => /Reconnecting|stale/.test(t))).toEqual([]);
});

test("a Pending tenant's page has empty states, no half sentences, and says who sees a tenant without owners", async ({ page, kube }) => {
  // A tenant no reconciler has reached yet: the reconciler's Lease is held by another identity (as while a
  // standby has not taken over), so the page the server renders and the browser's queries both see it Pending.
  const lease = { name: "kmetal-reconciler", namespace: process.env.KMETAL_NAMESPACE ?? "kmetal-system" };
  await kube.mergePatch(models.Lease, lease, { spec: { holderIdentity: `e2e-hold-${id}`, leaseDurationSeconds: 3600, renewTime: microTime(), acquireTime: microTime() } });
  try {
    // The leader notices at its next renewal (every 2 s) and stops acting.
    await new Promise((r) => setTimeout(r, 3_000));
    await kube.create(models.Tenant, { metadata: { name: pending }, spec: await spec(kube, 10 + crypto.randomInt(100)) } as never);
    await page.goto(`/tenants/${pending}`);
    await expect(page.getByRole("heading", { name: pending })).toBeVisible();
    await expect(page.getByText("No conditions yet")).toBeVisible();
    await expect(page.getByText("Provisioning has not started yet")).toBeVisible();
    await expect(page.getByText("the control plane is not running yet.")).toBeVisible();
    const text = await page.getByRole("main").innerText();
    expect(text).not.toMatch(/not yet 172\.|\? free|…\.|\.\./);
    await expect(page.getByText("none: only platform admins see this tenant")).toBeVisible();
    // The quota fields show the values in force, not "default".
    await expect(page.getByRole("spinbutton", { name: "vCPU", exact: true })).toHaveAttribute("placeholder", /^\d+$/);
    // Nothing was reconciled meanwhile: the page above was the real Pending state.
    expect((await kube.get<{ metadata?: { name?: string }; status?: unknown }>(models.Tenant, { name: pending })).status).toBeUndefined();
  } finally {
    // Hand the Lease back; the reconciler takes it at its next try and goes on with the tenants.
    await kube.mergePatch(models.Lease, lease, { spec: { holderIdentity: null } });
  }
});

test("wizard: a free network is suggested, steps can be clicked back to, the YAML downloads, Cancel leaves", async ({ page }) => {
  const wizard = new TenantWizardPage(page);
  await wizard.open();
  await expect(page.getByText("A tenant with no owners is visible only to platform admins")).toBeVisible();
  await wizard.fillIdentity(`edge-wiz-${id}`, "admin");
  await wizard.chooseVersion();
  await page.getByText(/Ranges already taken/).click();
  await expect(page.getByText(/10\.96\.0\.0\/12\s*platform/)).toBeVisible();
  await page.getByRole("button", { name: /^Use \d+\.\d+\.\d+\.\d+\/24$/ }).click();
  await expect(page.getByLabel(/^CIDR/)).toHaveValue(/^\d+\.\d+\.\d+\.0\/24$/);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Worker pools" })).toBeVisible();
  await wizard.goToStep("1. Identity");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(`edge-wiz-${id}`);
  await expect(page.getByRole("list", { name: "Chosen owners" })).toContainText("admin");
  await wizard.goToStep("Worker pools");
  await wizard.fillPool(1);
  await wizard.acceptQuota();
  await wizard.acceptAddons();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: `Download edge-wiz-${id}.yaml` }).click();
  expect((await downloading).suggestedFilename()).toBe(`edge-wiz-${id}.yaml`);
  await wizard.cancel();
  await expect(page).toHaveURL(/\/tenants$/);
});

test("after a delete the tenant list never shows the tenant as it was", async ({ page, kube }) => {
  await kube.create(models.Tenant, { metadata: { name: doomed }, spec: await spec(kube, 120 + crypto.randomInt(100)) } as never);
  await page.goto("/tenants");
  await expect(page.getByRole("row", { name: new RegExp(doomed) })).toBeVisible();
  await page.getByRole("link", { name: doomed }).click();
  await expect(page.getByRole("heading", { name: doomed })).toBeVisible();
  // From here on, record what the list shows of the tenant, at every change of the page.
  await page.evaluate((name) => {
    const seen: string[] = ((window as unknown as { __row: string[] }).__row = []);
    new MutationObserver(() => {
      if (location.pathname !== "/tenants") return;
      const row = [...document.querySelectorAll("tr")].find((tr) => tr.querySelector("a")?.textContent === name);
      const now = !row ? "absent" : row.textContent?.includes("Deleting") ? "Deleting" : "as it was";
      if (seen.at(-1) !== now) seen.push(now);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, doomed);
  await page.getByRole("button", { name: "Delete tenant…" }).click();
  await page.getByLabel(/Type .* to confirm/).fill(doomed);
  await page.getByRole("button", { name: "Delete permanently" }).click();
  await expect(page).toHaveURL(/\/tenants$/);
  await expect.poll(() => kube.find(models.Tenant, { name: doomed }), { timeout: 90_000 }).toBeUndefined();
  await expect(page.getByRole("link", { name: doomed })).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { __row: string[] }).__row);
  expect(seen.filter((s) => s === "as it was")).toEqual([]);
  expect(seen.at(-1)).toBe("absent");
  expect(seen.indexOf("absent")).toBe(seen.length - 1); // once gone, it never comes back
});
