import crypto from "node:crypto";
import type { TenantObject } from "@/lib/schemas/tenant";
import { models } from "@/server/kube/models";
import { userLabel } from "@/server/services/audit";
import { createUser } from "@/server/services/users";
import { LoginPage } from "./pages/login-page";
import { expect, test } from "./fixtures";

// A tenant-admin who owns one tenant; another tenant belongs to someone else.
const id = crypto.randomBytes(3).toString("hex");
const alice = { name: `alice-${id}`, password: crypto.randomBytes(12).toString("base64url") };
const mine = `acc-mine-${id}`;
const theirs = `acc-theirs-${id}`;
const spec = (owner: string, third: number) => ({
  owners: [owner], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `172.30.${third}.0/24` },
  workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});

test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async ({ kube }) => {
  await createUser(kube, "kmetal-system", alice.name, alice.password, ["tenant-admin"]);
  await kube.create(models.Tenant, { metadata: { name: mine }, spec: spec(alice.name, crypto.randomInt(120)) } as never);
  await kube.create(models.Tenant, { metadata: { name: theirs }, spec: spec("bob", 130 + crypto.randomInt(120)) } as never);
});
test.afterAll(async ({ kube }) => {
  for (const name of [mine, theirs]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  await kube.delete(models.Secret, { name: `kmetal-user-${alice.name}`, namespace: "kmetal-system" }, { ignoreNotFound: true });
});

test("a tenant-admin sees only their tenant; another tenant's page and kubeconfig are refused and audited", async ({ page, kube }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn(alice.name, alice.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await page.goto("/tenants");
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(page.getByRole("link", { name: mine })).toBeVisible();
  await expect(page.getByRole("link", { name: theirs })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New tenant" })).toHaveCount(0);

  await page.goto(`/tenants/${theirs}`);
  await expect(page.getByText(`tenant ${theirs} not found`)).toBeVisible();

  // A crafted request for the other tenant's kubeconfig, with alice's own session.
  const res = await page.request.post("/api/trpc/tenants.kubeconfig", { data: { name: theirs, ttlHours: 8 } });
  expect(res.status()).toBe(404);
  expect(await res.text()).not.toContain("BEGIN");
  // Audited as a platform-only record: an attempt on a tenant outside alice's scope never enters that tenant's log.
  const records = async () => (await kube.list<{ spec: { user: string; result: string; tenant?: string; input?: string } }>(models.AuditRecord, { labelSelector: `kmetal.io/user=${userLabel(alice.name)},kmetal.io/action=tenants.kubeconfig` })).items;
  await expect.poll(async () => (await records()).some((r) => r.spec.result === "denied" && r.spec.tenant === undefined && r.spec.input?.includes(theirs))).toBe(true);
  expect((await kube.list<{ spec: { user: string } }>(models.AuditRecord, { labelSelector: `kmetal.io/tenant=${theirs}` })).items.filter((r) => r.spec.user === alice.name)).toEqual([]);
});

test("a tenant-admin has no Users link and is refused at /users and by users.list", async ({ page }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn(alice.name, alice.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);

  await page.goto("/users");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByText("Managing users needs the platform-admin role")).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "New user" })).toHaveCount(0);
  const res = await page.request.get("/api/trpc/users.list");
  expect(res.status()).toBe(403);
});

test("the fleet list answered from its shared encoding is the caller's own scope, the same as tRPC's answer, and refused without a session", async ({ page }) => {
  expect((await page.request.get("/api/trpc/tenants.list")).status()).toBe(401);
  await page.goto("/login");
  await new LoginPage(page).signIn(alice.name, alice.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  const shared = await page.request.get("/api/trpc/tenants.list", { headers: { "Accept-Encoding": "gzip" } });
  expect(shared.status()).toBe(200);
  const names = ((await shared.json()) as { result: { data: { name: string }[] } }).result.data.map((t) => t.name);
  expect(names).toContain(mine);
  expect(names).not.toContain(theirs);
  // The batched form goes through tRPC's own handler: the same rows.
  const batched = await page.request.get(`/api/trpc/tenants.list?batch=1&input=${encodeURIComponent("{}")}`);
  expect(((await batched.json()) as { result: { data: { name: string }[] } }[])[0]!.result.data.map((t) => t.name)).toEqual(names);
});

test("a mutation from another origin is refused", async ({ page }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn(alice.name, alice.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  const res = await page.request.post("/api/trpc/tenants.setWorkerReplicas", {
    data: { name: mine, pool: "w", replicas: 1 }, headers: { Origin: "https://attacker.example" },
  });
  expect(res.status()).toBe(403);
});

test("impersonation headers sent by a browser are never passed on to the under cluster", async ({ page, kube }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn(alice.name, alice.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  // alice claims to be the under cluster's admin in the headers Kubernetes uses for impersonation.
  const forged = { "Impersonate-User": "kmetal-admin", "Impersonate-Group": "system:masters" };
  const del = await page.request.post("/api/trpc/tenants.delete", { data: { name: theirs }, headers: forged });
  expect(del.status()).toBe(403);
  const quota = await page.request.post("/api/trpc/tenants.setQuota", { data: { name: mine, quota: { vcpu: 999 } }, headers: forged });
  expect(quota.status()).toBe(403);
  expect(await kube.find(models.Tenant, { name: theirs })).toBeTruthy();
  expect((await kube.get<TenantObject>(models.Tenant, { name: mine })).spec.quota?.vcpu).not.toBe(999);
  // Her own scale still works. (What goes on the wire to the API server is checked in server/kube/gateway.test.ts.)
  const scale = await page.request.post("/api/trpc/tenants.setWorkerReplicas", { data: { name: mine, pool: "w", replicas: 1 }, headers: forged });
  expect(scale.status()).toBe(200);
  await expect.poll(async () => (await kube.get<TenantObject>(models.Tenant, { name: mine })).spec.workerPools[0]!.replicas).toBe(1);
});

test("repeated wrong passwords are rate-limited", async ({ page }) => {
  await page.goto("/login");
  const login = new LoginPage(page);
  const victim = `victim-${id}`;
  for (let i = 0; i < 5; i++) {
    await page.goto("/login"); // a fresh form each time, so one answer is never mistaken for the next
    await login.signIn(victim, `wrong-${i}`);
    await expect(login.error).toHaveText("Wrong user name or password.");
  }
  await page.goto("/login");
  await login.signIn(victim, "wrong-again");
  await expect(page.getByText("Too many failed sign-ins. Wait a few minutes and try again.")).toBeVisible();
});

test("disabling a user ends their session at once", async ({ page, kube }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn(alice.name, alice.password);
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  await kube.mergePatch(models.Secret, { name: `kmetal-user-${alice.name}`, namespace: "kmetal-system" }, { data: { disabled: Buffer.from("true").toString("base64") } });
  await expect.poll(async () => {
    // The open page's live stream may send it to the login page by itself, aborting this navigation: either way
    // the browser must end on the login page.
    await page.goto("/tenants").catch((err: Error) => { if (!/ERR_ABORTED|interrupted/.test(err.message)) throw err; });
    return new URL(page.url()).pathname;
  }, { timeout: 15_000 }).toBe("/login");
  const res = await page.request.get("/api/trpc/tenants.list");
  expect(res.status()).toBe(401);
});
