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

test("no secret appears in the client bundles, the pages or the logs", async ({ page, kube }) => {
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
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    const html = await page.content();

    const secrets: Record<string, string> = {
      "session secret": fs.readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim(),
      "under cluster admin token": fs.readFileSync(path.join(dataDir(), "under", "tokens.csv"), "utf8").split(",")[0]!,
      "bootstrap password": adminPassword(),
      "typed password": user.password,
      "single sign-on client secret": process.env.KMETAL_E2E_OIDC_SECRET!,
    };
    for (const [what, value] of Object.entries(secrets)) expect(value.length, what).toBeGreaterThanOrEqual(12);

    const bundles = files(path.join(process.cwd(), ".next", "static"));
    expect(bundles.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(0);
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
