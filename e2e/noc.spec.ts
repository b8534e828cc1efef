import crypto from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { models } from "@/server/kube/models";
import { expect, runState, test } from "./fixtures";

// The overview, the NOC wall and display links, against the console `kmetal up` runs (real under cluster and
// reconciler). Tenants here are refused on purpose (a version the policy does not allow): the reconciler gives
// them a status at once and starts no control plane, so they cost nothing.
const id = crypto.randomBytes(3).toString("hex");
const refusedA = `noc-a-${id}`;
const refusedB = `noc-b-${id}`;
const recovered = `noc-c-${id}`;
const refusedSpec = (third: number) => ({
  owners: [], kubernetesVersion: "v1.20.0", network: { mode: "overlay", cidr: `172.26.${third}.0/24` },
  workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});

test.describe.configure({ mode: "serial" });
test.afterAll(async ({ kube }) => {
  for (const name of [refusedA, refusedB, recovered]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
});

const countOf = async (page: Page, testId: string) => {
  const link = page.getByTestId(testId);
  return (await link.count()) ? Number((await link.locator("span").first().textContent())?.replace(/\D/g, "")) : 0;
};

/** A browser with no session at all: only what a display link gives it. */
const bareContext = (browser: Browser, baseURL: string) => browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });

test("overview numbers change live and link to the filtered tenant list", async ({ page, kube }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const before = await countOf(page, "count-phase-Refused");
  const allBefore = await countOf(page, "count-all");
  // The figures other parts of the console feed: the certificate inventory, quota usage, hypervisor capacity.
  await expect(page.getByTestId("slot-certificates")).toContainText(/\d+expire within 30 days/);
  await expect(page.getByTestId("slot-capacity")).toContainText(/\d+ %of allocatable vCPU requested/);
  await expect(page.getByTestId("slot-quota").getByRole("link").first()).toHaveAttribute("href", "/tenants?quota=95");

  await kube.create(models.Tenant, { metadata: { name: refusedA }, spec: refusedSpec(crypto.randomInt(120)) } as never);
  // No reload: the count follows the reconciler's status through the push stream.
  await expect.poll(() => countOf(page, "count-phase-Refused"), { timeout: 30_000 }).toBe(before + 1);
  await expect.poll(() => countOf(page, "count-all")).toBe(allBefore + 1);
  // Recent failures name the refusal (a Warning event of the tenant) and link to it.
  await expect(page.getByRole("link", { name: refusedA })).toBeVisible();

  await page.getByTestId("count-phase-Refused").click();
  await expect(page).toHaveURL(/\/tenants\?phase=Refused$/);
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Phase" })).toHaveValue("Refused");
  await expect(page.getByRole("link", { name: refusedA })).toBeVisible();
  // Every row the list shows is a refused tenant.
  const rows = page.getByRole("table", { name: "Tenants" }).getByRole("row").filter({ has: page.getByRole("rowheader") });
  await expect(rows.first()).toBeVisible();
  for (let i = 0; i < (await rows.count()); i++) await expect(rows.nth(i)).toContainText("Refused");

  // The "not ready" links narrow the list the same way the overview counts (refused tenants count in neither).
  await page.goto("/tenants?attention=workers");
  await expect(page.getByText("Only tenants whose workers are not all ready")).toBeVisible();
  await expect(page.getByRole("link", { name: refusedA })).toHaveCount(0);
});

test("a display link opens the wall without a session, reaches nothing else, and stops at once when revoked", async ({ page, browser, baseURL, kube }) => {
  await kube.create(models.Tenant, { metadata: { name: refusedB }, spec: refusedSpec(120 + crypto.randomInt(120)) } as never);
  const name = `Wall ${id}`;
  await page.goto("/displays");
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(/Console›\s*Display links/);
  await page.getByLabel("Display name").fill(name);
  await page.getByRole("button", { name: "Create display" }).click();
  const link = await page.getByLabel("Display link", { exact: true }).inputValue();
  expect(link).toMatch(new RegExp(`^${baseURL}/noc/link/kmd\\.`));
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("active");

  const wallContext = await bareContext(browser, baseURL!);
  const wall = await wallContext.newPage();
  await wall.goto(link);
  await expect(wall).toHaveURL(/\/noc$/); // the token left the address bar
  await expect(wall.getByRole("heading", { name: "NOC wall" })).toBeVisible();
  await expect(wall.getByRole("navigation")).toHaveCount(0);
  await expect(wall.getByTestId(`tile-${refusedB}`)).toContainText("Refused", { timeout: 30_000 });
  await expect(wall.getByTestId("wall-freshness")).toHaveText("Live");
  // The display identity reaches the wall's data and nothing else.
  expect((await wall.request.get("/api/trpc/tenants.list")).status()).toBe(401);
  expect((await wall.request.get("/api/trpc/displays.list")).status()).toBe(401);
  expect((await wall.request.get("/api/trpc/noc.wall")).status()).toBe(200);
  // Live on the wall: a change shows without a reload.
  await kube.delete(models.Tenant, { name: refusedB });
  await expect(wall.getByTestId(`tile-${refusedB}`)).toHaveCount(0, { timeout: 30_000 });

  const t0 = Date.now();
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(wall.getByRole("alert").filter({ hasText: "no longer valid" })).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - t0).toBeLessThan(5_000);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("revoked");
  expect((await wall.request.get("/api/trpc/noc.wall")).status()).toBe(401);
  await wall.goto(link);
  await expect(wall.getByRole("alert").filter({ hasText: "no longer valid" })).toBeVisible();
  // Audited: the creation, the wall's opening by the display, and the revocation.
  const actions = async () => (await kube.list<{ spec: { action: string; input?: string } }>(models.AuditRecord)).items.map((r) => r.spec);
  await expect.poll(async () => (await actions()).filter((e) => e.input?.includes(name)).map((e) => e.action).sort(), { timeout: 10_000 })
    .toEqual(expect.arrayContaining(["display.open", "displays.create"]));
  await expect.poll(async () => (await actions()).some((e) => e.action === "displays.revoke")).toBe(true);
  await wallContext.close();
});

test("the wall says how old its data is while the API server is down, and recovers by itself", async ({ page, kube }) => {
  await page.goto("/noc");
  await expect(page.getByRole("heading", { name: "NOC wall" })).toBeVisible();
  await expect(page.getByTestId("wall-freshness")).toHaveText("Live");
  let reloaded = false;
  page.on("load", () => (reloaded = true));
  const apiserver = runState().processes.find((p) => p.name === "kube-apiserver")!;
  process.kill(apiserver.pid, "SIGKILL"); // kmetal up supervises it and starts it again
  await expect(page.getByTestId("wall-freshness")).toHaveText(/Data is \d+ s old/, { timeout: 30_000 });
  await expect(page.getByTestId("wall-freshness")).toHaveText("Live", { timeout: 90_000 });
  // Back and live: a new tenant appears on the wall without a reload.
  // (Created as soon as the API server answers again; a create that got through before a retry counts too.)
  await expect.poll(() => kube.create(models.Tenant, { metadata: { name: recovered }, spec: refusedSpec(crypto.randomInt(240)) } as never)
    .then(() => true, () => kube.find(models.Tenant, { name: recovered }).then((t) => !!t, () => false)), { timeout: 60_000 }).toBe(true);
  await expect(page.getByTestId(`tile-${recovered}`)).toBeVisible({ timeout: 30_000 });
  expect(reloaded).toBe(false);
  // Leave the API server as later tests expect it: the custom resources' paths served again, not only the Tenants'.
  for (const m of [models.VirtualMachine, models.Subnet, models.TenantControlPlane]) {
    await expect.poll(() => kube.list(m).then(() => true, () => false), { timeout: 60_000 }).toBe(true);
  }
});
