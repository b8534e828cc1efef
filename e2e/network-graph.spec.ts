import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { planTenant } from "@/lib/tenants/plan";
import type { TenantObject } from "@/lib/schemas/tenant";
import { models } from "@/server/kube/models";
import { createUser } from "@/server/services/users";
import { LoginPage } from "./pages/login-page";
import { expect, test } from "./fixtures";

// Tenant A as the reconciler provisions it, owned by a tenant admin; tenant B's network written by hand the way
// the reconciler would (B has no Tenant object: only its objects' labels name it); A and B peered by hand, and
// later what breaks isolation towards the platform: a subnet of A without `vpc`.
const id = crypto.randomBytes(3).toString("hex");
const [A, B] = [`ng-a-${id}`, `ng-b-${id}`];
const rogue = `ng-rogue-${id}`;
const alice = { name: `ng-alice-${id}`, password: crypto.randomBytes(12).toString("base64url") };
// Outside the platform CIDR 10.96.0.0/12 that the tenants' VPCs drop.
const third = 120 + crypto.randomInt(100);
const cidr = (n: number) => `10.${third}.${n}.0/24`;
const quota = { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: -1 };

test.describe.configure({ mode: "serial" });

const tenant = (name: string, owner: string, n: number): TenantObject => ({
  metadata: { name }, spec: { owners: [owner], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: cidr(n) }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] },
});

async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test.beforeAll(async ({ kube }) => {
  test.setTimeout(120_000);
  await createUser(kube, "kmetal-system", alice.name, alice.password, ["tenant-admin"]);
  await kube.create(models.Tenant, tenant(A, alice.name, 1) as never);
  const b = tenant(B, `ng-bob-${id}`, 2);
  for (const d of planTenant({ tenant: b, quota, addons: [], platformCidrs: ["10.96.0.0/12"], workerVersion: "v1.36.3" }).filter((x) => ["Namespace", "Vpc", "Subnet"].includes(x.model))) {
    await kube.create(models[d.model], d.object as never);
  }
  await until("the reconciler writes A's network", async () => !!(await kube.find(models.Vpc, { name: tenantNames(A).vpc })) && !!(await kube.find(models.Subnet, { name: tenantNames(A).subnet })));
  // A and B peered both ways, with routes: each reaches the other (what alice must see as "another tenant").
  const [va, vb] = [tenantNames(A).vpc, tenantNames(B).vpc];
  await kube.mergePatch(models.Vpc, { name: va }, { spec: { vpcPeerings: [{ remoteVpc: vb, localConnectIP: "169.254.88.1/30" }], staticRoutes: [{ cidr: cidr(2), nextHopIP: "169.254.88.2", policy: "policyDst" }] } });
  await kube.mergePatch(models.Vpc, { name: vb }, { spec: { vpcPeerings: [{ remoteVpc: va, localConnectIP: "169.254.88.2/30" }], staticRoutes: [{ cidr: cidr(1), nextHopIP: "169.254.88.1", policy: "policyDst" }] } });
});

test.afterAll(async ({ kube }) => {
  const exceptions = await kube.list<{ metadata?: { name?: string }; spec: { from: string } }>(models.PolicyException);
  for (const x of exceptions.items.filter((o) => o.spec.from === `tenant:${A}`)) await kube.delete(models.PolicyException, { name: x.metadata!.name! }, { ignoreNotFound: true });
  await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
  await kube.delete(models.Tenant, { name: A }, { ignoreNotFound: true });
  await kube.delete(models.Subnet, { name: tenantNames(B).subnet }, { ignoreNotFound: true });
  await kube.delete(models.Vpc, { name: tenantNames(B).vpc }, { ignoreNotFound: true });
  await kube.delete(models.Namespace, { name: tenantNames(B).namespace }, { ignoreNotFound: true });
  await kube.delete(models.Secret, { name: `kmetal-user-${alice.name}`, namespace: "kmetal-system" }, { ignoreNotFound: true });
});

/**
 * /network with the drawing pinned to the graph. With more than 40 tenants the view picks the matrix by itself,
 * and the other test files running beside this one create tenants of their own: unpinned, the drawn graph could
 * turn into the matrix in the middle of a test.
 */
async function openGraph(page: Page) {
  await page.goto("/network");
  await page.getByRole("group", { name: "Drawing" }).getByRole("button", { name: "Graph" }).click();
}

/** The drawn edge from one node to another (its accessible name starts with "<from> to <to>:"). */
const drawnEdge = (page: Page, from: string, to: string) => page.locator(`[aria-label^="${from} to ${to}:"]`);

test("a violation appears live on the drawn graph; its reasons link to the object's YAML; an exception clears it and its removal brings it back", async ({ page, kube }) => {
  // The layout worker and the lazily loaded drawing run under the page's Content-Security-Policy.
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|create)/i.test(m.text())) refused.push(m.text());
  });
  page.on("pageerror", (e) => refused.push(e.message));
  await openGraph(page);
  await expect(page.getByRole("heading", { name: "Network policy graph" })).toBeVisible();
  await expect(page.getByText("Live")).toBeVisible();
  await expect(drawnEdge(page, `tenant:${A}`, `tenant:${B}`)).toHaveCount(1);
  await expect(drawnEdge(page, `tenant:${A}`, "platform")).toHaveCount(0);
  // ELK laid the graph out in a worker, not in the page.
  expect(page.workers().length).toBeGreaterThan(0);

  // A's subnet without `vpc` lands in the platform VPC: the edge A → platform appears, as a violation, by push.
  await kube.create(models.Subnet, { metadata: { name: rogue, labels: { [TENANT_LABEL]: A } }, spec: { cidrBlock: cidr(3), protocol: "IPv4", namespaces: [tenantNames(A).namespace] } } as never);
  const edge = drawnEdge(page, `tenant:${A}`, "platform");
  await expect(edge).toHaveAttribute("aria-label", /violation/);

  // Keyboard: focus the edge and press Enter; its details name every reason, each object a link to its YAML.
  await edge.focus();
  await page.keyboard.press("Enter");
  const details = page.getByRole("region", { name: `${A} → platform` });
  await expect(details).toBeVisible();
  await expect(details.getByText("violation", { exact: true })).toBeVisible();
  await details.getByRole("button", { name: `Show the YAML of Subnet/${rogue}` }).first().click();
  const yaml = page.getByRole("dialog", { name: `Subnet/${rogue}` });
  await expect(yaml.getByLabel(`YAML of Subnet/${rogue}`)).toContainText(`name: ${rogue}`);
  await expect(yaml.getByLabel(`YAML of Subnet/${rogue}`)).toContainText(cidr(3));
  await page.keyboard.press("Escape");

  // An exception from the edge: the form opens prefilled, the path stays drawn but is no longer a violation.
  await details.getByRole("button", { name: "Add an exception for this path…" }).click();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(`tenant:${A}`);
  await expect(page.getByLabel("To", { exact: true })).toHaveValue("platform");
  await page.getByRole("button", { name: "Create exception" }).click();
  await expect(page.getByText("Required")).toBeVisible();
  await page.getByLabel("Reason").fill(`migration window ${id}`);
  await page.getByRole("button", { name: "Create exception" }).click();
  const row = page.getByRole("row").filter({ hasText: `migration window ${id}` });
  await expect(row).toContainText("active");
  await expect(row).toContainText("admin");
  await page.getByRole("tab", { name: "Graph" }).click();
  await expect(edge).toHaveAttribute("aria-label", /excepted/);
  await expect(edge).not.toHaveAttribute("aria-label", /violation/);

  // Removal is confirmed first; then the violation is back.
  await page.getByRole("tab", { name: /Exceptions/ }).click();
  await row.getByRole("button", { name: `Remove the exception ${A} → platform` }).click();
  const confirm = page.getByRole("dialog", { name: `Remove the exception ${A} → platform?` });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Remove exception" }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole("tab", { name: "Graph" }).click();
  await expect(edge).toHaveAttribute("aria-label", /violation/);
  expect(refused).toEqual([]);
});

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).toEqual([]);
}

test("the drawn graph, the matrix, an edge's details and the exceptions pass the accessibility checks, light and dark", async ({ page }) => {
  // axe takes seconds per page on a busy machine.
  test.setTimeout(240_000);
  for (const theme of ["light", "dark"] as const) {
    await page.addInitScript((t) => localStorage.setItem("kmetal-theme", t), theme);
    await openGraph(page);
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(theme === "dark");
    await expect(drawnEdge(page, `tenant:${A}`, `tenant:${B}`)).toHaveCount(1);
    await drawnEdge(page, `tenant:${A}`, `tenant:${B}`).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: `${A} → ${B}` })).toBeVisible();
    await expectNoViolations(page, `${theme}: the graph with an edge's details`);
    await page.getByRole("button", { name: "Matrix" }).click();
    const matrix = page.getByRole("img", { name: /Matrix of paths/ });
    await expect(matrix).toBeVisible();
    await page.getByLabel("Find tenants").fill(A);
    await matrix.focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("#matrix-cursor")).toContainText(`From tenant:${A} to`);
    await expectNoViolations(page, `${theme}: the matrix`);
    await page.getByRole("tab", { name: /Exceptions/ }).click();
    await expect(page.getByRole("button", { name: "Create exception" })).toBeVisible();
    await expectNoViolations(page, `${theme}: the exceptions`);
  }
});

test("a change reaches the drawn graph in the browser within 2 s each time; the p95 is printed", async ({ page, kube }, info) => {
  test.setTimeout(180_000);
  await openGraph(page);
  await expect(drawnEdge(page, `tenant:${A}`, `tenant:${B}`)).toHaveCount(1);
  const probe = `${rogue}-p`;
  const selector = `[aria-label^="tenant:${A} to platform:"][aria-label*="violation"]`;
  const seen = (present: boolean) => page.waitForFunction(([sel, want]) => !!document.querySelector(sel as string) === want, [selector, present] as const, { polling: "raf", timeout: 10_000 })
    .catch(async (err: Error) => {
      // What the page drew instead, and what its live badge says: the failure tells where the change stopped.
      const drawn = await page.evaluate(() => [...document.querySelectorAll("[aria-roledescription=edge]")].map((e) => e.getAttribute("aria-label")));
      const badge = await page.getByRole("status").allInnerTexts().catch(() => []);
      throw new Error(`${err.message}\nedges drawn: ${JSON.stringify(drawn)}\nstatus regions: ${JSON.stringify(badge)}`);
    });
  // Start from no violation towards the platform (the first test's subnet may still be there).
  await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
  await seen(false);
  const times: number[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      // A subnet of A in the platform VPC appears (A reaches the platform), then goes again.
      let t0 = Date.now();
      await kube.create(models.Subnet, { metadata: { name: probe, labels: { [TENANT_LABEL]: A } }, spec: { cidrBlock: cidr(40), protocol: "IPv4" } } as never);
      await seen(true);
      times.push(Date.now() - t0);
      t0 = Date.now();
      await kube.delete(models.Subnet, { name: probe });
      await seen(false);
      times.push(Date.now() - t0);
    }
  } finally {
    await kube.delete(models.Subnet, { name: probe }, { ignoreNotFound: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
  info.annotations.push({ type: "change → drawn graph", description: `p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p95 ${p95} ms over ${times.length} changes` });
  console.log(`change → drawn graph in the browser: p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p95 ${p95} ms, max ${sorted.at(-1)} ms over ${times.length} changes`);
  expect(sorted.at(-1)!).toBeLessThanOrEqual(2_000);
});

test("\"Can A reach B?\" gives the verdict and the path hop by hop with the objects, and the reply path", async ({ page }) => {
  await openGraph(page);
  await page.getByRole("tab", { name: "Can A reach B?" }).click();
  const source = page.getByRole("group", { name: "Source" });
  const destination = page.getByRole("group", { name: "Destination" });
  await source.getByLabel("Tenant", { exact: true }).selectOption(A);
  await destination.getByLabel("Kind").selectOption("tenant");
  await destination.getByLabel("Tenant", { exact: true }).selectOption(B);
  await page.getByLabel("Port").fill("443");
  await page.getByRole("button", { name: "Trace" }).click();
  const answer = page.getByRole("region", { name: "Answer" });
  await expect(answer).toContainText("reachable, with replies");
  await expect(answer).toContainText(`kmetal policy-trace --from tenant:${A} --to tenant:${B} --port tcp/443`);
  await expect(answer.getByRole("button", { name: `Show the YAML of Vpc/${tenantNames(A).vpc} spec.vpcPeerings[0]` }).first()).toBeVisible();
  await expect(answer.getByRole("button", { name: `Show the YAML of Vpc/${tenantNames(B).vpc} spec.vpcPeerings[0]` }).first()).toBeVisible();
  await expect(answer.getByRole("heading", { name: "Reply path" }).first()).toBeVisible();

  // A wrong input is refused beside its field, with the schema the server uses.
  await destination.getByLabel("Kind").selectOption("ip");
  await destination.getByLabel("IPv4 address").fill("10.999.0.1");
  await page.getByRole("button", { name: "Trace" }).click();
  await expect(destination.getByText("An IPv4 address")).toBeVisible();
});

test("a tenant admin sees their tenant and \"another tenant\", never another tenant's name", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const bodies: string[] = [];
  page.on("response", async (r) => {
    if (r.url().includes("/api/trpc/network.")) bodies.push(await r.text().catch(() => ""));
  });
  try {
    await page.goto("/login");
    await new LoginPage(page).signIn(alice.name, alice.password);
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    await page.goto("/network");
    await expect(page.getByRole("heading", { name: "Network policy graph" })).toBeVisible();
    await expect(page.getByRole("tab", { name: /Exceptions/ })).toHaveCount(0);
    const edge = drawnEdge(page, `tenant:${A}`, "another tenant");
    await expect(edge).toHaveCount(1);
    await edge.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: `${A} → another tenant` })).toBeVisible();
    await page.getByRole("tab", { name: "Paths" }).click();
    await expect(page.getByRole("table", { name: "Reachable paths" }).getByRole("row").filter({ hasText: "another tenant" }).first()).toBeVisible();
    await page.getByRole("tab", { name: "Can A reach B?" }).click();
    await page.getByRole("group", { name: "Destination" }).getByLabel("Kind").selectOption("ip");
    await page.getByRole("group", { name: "Destination" }).getByLabel("IPv4 address").fill(`10.${third}.2.9`);
    await page.getByLabel("Port").fill("443");
    await page.getByRole("button", { name: "Trace" }).click();
    await expect(page.getByRole("region", { name: "Answer" })).toContainText("another tenant");

    const html = await page.content();
    for (const text of [html, ...bodies]) {
      for (const foreign of [B, tenantNames(B).vpc, tenantNames(B).subnet, tenantNames(B).namespace]) expect(text).not.toContain(foreign);
    }
    expect(bodies.length).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
});
