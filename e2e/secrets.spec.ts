import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { models } from "@/server/kube/models";
import { createUser } from "@/server/services/users";
import { LoginPage } from "./pages/login-page";
import { adminPassword, expect, test } from "./fixtures";

// No secret may reach a browser bundle or a log: the session-signing secret, the under cluster's admin
// token, the bootstrap password, the single sign-on client secret, or any password typed into the login form.
const dataDir = () => process.env.KMETAL_E2E_DATA_DIR!;
const files = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];

test.use({ storageState: { cookies: [], origins: [] } });

test("no secret appears in the client bundles, the pages, the logs or the audit records", async ({ page, kube, browser }) => {
  const id = crypto.randomBytes(3).toString("hex");
  const user = { name: `sec-${id}`, password: `typed-${crypto.randomBytes(12).toString("hex")}` };
  await createUser(kube, "kmetal-system", user.name, user.password, ["platform-viewer"]);
  try {
    // A failed and a successful sign-in, so both paths had their chance to log something.
    const login = new LoginPage(page);
    await page.goto("/login");
    await login.signIn(user.name, `${user.password}-wrong`);
    await expect(login.error).toBeVisible();
    await login.signIn(user.name, user.password);
    await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    const html = await page.content();

    // A platform admin creates a user and resets their password: both passwords go through the audited
    // mutations, whose records must keep everything but the secrets.
    const admin = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const adminPage = await admin.newPage();
    await adminPage.goto("/login");
    await new LoginPage(adminPage).signIn("admin", adminPassword());
    await expect(adminPage.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    const other = { name: `sec2-${id}`, password: `created-${crypto.randomBytes(12).toString("hex")}`, reset: `reset-${crypto.randomBytes(12).toString("hex")}` };
    expect((await adminPage.request.post("/api/trpc/users.create", { data: { username: other.name, password: other.password, roles: ["tenant-viewer"] } })).status()).toBe(200);
    expect((await adminPage.request.post("/api/trpc/users.resetPassword", { data: { username: other.name, password: other.reset } })).status()).toBe(200);
    await admin.close();
    await expect.poll(async () => {
      const items = (await kube.list<{ spec: { action: string; input?: unknown } }>(models.AuditRecord, { labelSelector: "kmetal.io/action=users.resetpassword" })).items;
      return items.filter((r) => JSON.stringify(r.spec.input ?? "").includes(other.name)).length;
    }).toBeGreaterThan(0);
    const records = JSON.stringify((await kube.list(models.AuditRecord)).items);
    expect(records).toContain(other.name); // the records are there, with the user name…
    for (const [what, value] of Object.entries({ "created password": other.password, "reset password": other.reset, "typed password": user.password })) {
      expect(records.includes(value), `${what} in an audit record`).toBe(false); // …and without the passwords
    }
    await kube.delete(models.Secret, { name: `kmetal-user-${other.name}`, namespace: "kmetal-system" }, { ignoreNotFound: true });

    const secrets: Record<string, string> = {
      "session secret": fs.readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim(),
      "under cluster admin token": fs.readFileSync(path.join(dataDir(), "under", "tokens.csv"), "utf8").split(",")[0]!,
      "bootstrap password": adminPassword(),
      "typed password": user.password,
      "password set by an admin": other.password,
      "password reset by an admin": other.reset,
      "single sign-on client secret": process.env.KMETAL_E2E_OIDC_SECRET!,
    };
    for (const [what, value] of Object.entries(secrets)) expect(value.length, what).toBeGreaterThanOrEqual(12);

    const bundles = files(path.join(process.cwd(), ".next", "static"));
    expect(bundles.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(0);
    // The secrets above are made per run, after a build the console may have cached; what a build could carry
    // is server code itself, so the bundles must not hold names only the server's user store and gateway use.
    for (const marker of ["passwordHash", "sessionsValidAfter", "Impersonate-Group"]) {
      for (const f of bundles) expect(fs.readFileSync(f).includes(marker), `server-only "${marker}" in ${f}`).toBe(false);
    }
    const logs = [...files(path.join(dataDir(), "logs")), ...files(path.join(dataDir(), "under", "logs"))];
    expect(logs.length).toBeGreaterThan(0);
    for (const [what, value] of Object.entries(secrets)) {
      expect(html.includes(value), `${what} in the page`).toBe(false);
      for (const f of [...bundles, ...logs]) expect(fs.readFileSync(f).includes(value), `${what} in ${f}`).toBe(false);
    }
  } finally {
    await kube.delete(models.Secret, { name: `kmetal-user-${user.name}`, namespace: "kmetal-system" }, { ignoreNotFound: true });
  }
});
