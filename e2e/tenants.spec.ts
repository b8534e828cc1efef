import { execFile } from "node:child_process";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { models } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import { TenantWizardPage } from "./pages/tenant-wizard-page";
import { expect, test } from "./fixtures";

const run = promisify(execFile);
const name = `e2e-${crypto.randomBytes(3).toString("hex")}`;
const cidr = `172.${16 + crypto.randomInt(16)}.${crypto.randomInt(256)}.0/24`;

test.describe.configure({ mode: "serial" });

test("invalid input in the wizard gives field errors and creates nothing", async ({ page, kube }) => {
  const wizard = new TenantWizardPage(page);
  await wizard.open();
  await wizard.fillIdentity("Bad_Name");
  await expect(page.getByText(/Lower-case letters, digits and '-'/)).toBeVisible();
  await wizard.fillIdentity(`${name}-x`);
  await wizard.chooseVersion();
  await wizard.fillNetwork("");
  await expect(page.getByText("Required")).toBeVisible();
  // A CIDR inside the platform's service network: the schema compiled from the live policy refuses it at this step.
  await wizard.fillNetwork("10.96.5.0/24");
  await expect(page.getByText(/overlaps the platform network 10\.96\.0\.0\/12/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Network" })).toBeVisible();
  // Too many workers for the default quota: refused on the pools step.
  await wizard.fillNetwork(cidr.replace(/\.0\/24$/, ".0/25"));
  await wizard.fillPool(50);
  await expect(page.getByText(/the worker pools need \d+ vcpu, above the quota/)).toBeVisible();
  // A quota above the platform maximum is refused on the quota step.
  await wizard.fillPool(1);
  await page.getByLabel(/^vcpu/).fill("100000");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText(/vcpu quota 100000 is above the platform maximum/)).toBeVisible();
  expect(await kube.find(models.Tenant, { name: `${name}-x` })).toBeUndefined();
});

test("create a tenant in the wizard and watch it become Ready without a reload", async ({ page }) => {
  const wizard = new TenantWizardPage(page);
  await wizard.open();
  await wizard.fillIdentity(name, "admin");
  await wizard.chooseVersion();
  await wizard.fillNetwork(cidr);
  await wizard.fillPool(2);
  await wizard.acceptQuota();
  await wizard.acceptAddons();
  await expect(page.getByLabel("Tenant YAML")).toContainText(`name: ${name}`);
  let reloaded = false;
  await wizard.submit();
  await expect(page).toHaveURL(new RegExp(`/tenants/${name}$`));
  page.on("load", () => (reloaded = true));
  await expect(page.getByText("Ready", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("table", { name: "Worker VMs" }).getByRole("row")).toHaveCount(3);
  await expect(page.getByText("TenantControlPlaneReady").first()).toBeVisible(); // recent events
  // The reconciler probed the endpoint and found the API server answering there.
  await expect(page.getByText("HealthzOK").first()).toBeVisible({ timeout: 15_000 });
  expect(reloaded).toBe(false);
});

test("download a kubeconfig and use it with kubectl; scale a pool and see the new Node", async ({ page }) => {
  const kubectl = (await resolveBinaries()).kubectl!;
  await page.goto(`/tenants/${name}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download kubeconfig" }).click();
  const file = await (await downloading).path();
  const nodes = async () => (await run(kubectl, ["--kubeconfig", file, "get", "nodes", "-o", "name"])).stdout.trim().split("\n").sort();
  expect(await nodes()).toEqual(["node/default-0", "node/default-1"]);

  await page.getByLabel("Workers in pool default").fill("3");
  await page.getByRole("button", { name: "Scale" }).click();
  // The toast tells of the work while it runs, then of its end, and then goes.
  await expect(page.getByText(`Scaling pool default of ${name} to 3…`)).toBeVisible();
  await expect(page.getByRole("table", { name: "Worker VMs" }).getByRole("row")).toHaveCount(4, { timeout: 60_000 });
  await expect.poll(nodes, { timeout: 60_000 }).toEqual(["node/default-0", "node/default-1", "node/default-2"]);
  await expect(page.getByText(`Pool default of ${name} scaled to 3`)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Scaling .*to 3…/)).toHaveCount(0);
  await expect(page.getByText(`Pool default of ${name} scaled to 3`)).toHaveCount(0, { timeout: 15_000 });
});

test("stopping or restarting a worker VM asks first", async ({ page }) => {
  await page.goto(`/tenants/${name}`);
  const row = page.getByRole("table", { name: "Worker VMs" }).getByRole("row", { name: /default-2/ });
  await expect(row).toContainText("Running");
  await row.getByRole("button", { name: "Stop default-2" }).click();
  const dialog = page.getByRole("dialog", { name: "Stop default-2?" });
  await expect(dialog).toContainText("pods on it stop");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await row.getByRole("button", { name: "Restart default-2" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(row).toContainText("Running"); // nothing was sent
  await row.getByRole("button", { name: "Stop default-2" }).click();
  await page.getByRole("dialog", { name: "Stop default-2?" }).getByRole("button", { name: "Yes, stop default-2" }).click();
  await expect(page.getByText("Stop requested for default-2")).toBeVisible();
});

test("delete the tenant after typing its name", async ({ page, kube }) => {
  await page.goto(`/tenants/${name}`);
  await page.getByRole("button", { name: "Delete tenant…" }).click();
  const confirm = page.getByRole("button", { name: "Delete permanently" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel(/Type .* to confirm/).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/tenants$/);
  await expect.poll(() => kube.find(models.Tenant, { name }), { timeout: 90_000 }).toBeUndefined();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});
