import crypto from "node:crypto";
import { models } from "@/server/kube/models";
import { expect, test } from "./fixtures";

// A walk through the console in German: the language switch, every wizard step, the new tenant and the
// tenant list with German dates and numbers; then back to English. English stays the default.
const name = `i18n-${crypto.randomBytes(3).toString("hex")}`;
const cidr = `172.30.${crypto.randomInt(250)}.0/24`;

test.describe.configure({ mode: "serial" });
test.afterAll(async ({ kube }) => {
  await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
});

test("a browser that asks for German gets the sign-in page in German, without choosing", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "de-DE", storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByText("Melden Sie sich an, um die Plattform zu verwalten.")).toBeVisible();
  await expect(page.getByLabel("Benutzername")).toBeVisible();
  await expect(page.getByRole("button", { name: "Anmelden", exact: true })).toBeVisible();
  await expect(page.getByLabel("Sprache")).toHaveValue("de");
  await context.close();
});

test("switch to Deutsch, create a tenant in the German wizard, see the German list, switch back", async ({ page }) => {
  // Dates and relative times rendered on the server must read the same in the browser (React's #418: hydration).
  const hydration: string[] = [];
  page.on("console", (m) => { if (m.type() === "error" && /hydrat|#418|#423|#425/i.test(m.text())) hydration.push(m.text()); });
  await page.goto("/tenants");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Language").selectOption("de");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByLabel("Sprache")).toHaveValue("de");
  await expect(page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Audit-Protokoll" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();

  // The wizard, step by step: each heading, label and button in German.
  await page.getByRole("link", { name: "Neuer Tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Neuer Tenant" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Identität" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Schritte" }).getByRole("button", { name: "1. Identität" })).toBeVisible();
  await expect(page.getByText("Einen Tenant ohne Owner sehen nur Plattform-Admins.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Anzeigename").fill("Mandant aus dem Test");
  await page.getByLabel(/^Owner \(Benutzernamen/).fill("admin");
  const next = page.getByRole("button", { name: "Weiter" });
  await next.click();

  const version = page.getByRole("heading", { name: "Kubernetes-Version" });
  await version.or(page.getByRole("heading", { name: "Netzwerk" })).first().waitFor();
  if (await version.isVisible()) {
    await expect(page.getByLabel("Kubernetes-Version (von der Plattformrichtlinie erlaubt)")).toBeVisible();
    await next.click();
  }
  await expect(page.getByRole("heading", { name: "Netzwerk" })).toBeVisible();
  await expect(page.getByLabel("Modus")).toBeVisible();
  await expect(page.getByText(/^Bereits belegte Bereiche \(\d+\)$/)).toBeVisible();
  await page.getByLabel(/^CIDR \(darf sich nicht/).fill(cidr);
  await next.click();

  await expect(page.getByRole("heading", { name: "Worker-Pools" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Pool 1" })).toBeVisible();
  await expect(page.getByLabel("Arbeitsspeicher GiB")).toHaveValue("4");
  await page.getByLabel("Worker", { exact: true }).fill("0");
  await expect(page.getByRole("button", { name: "Pool hinzufügen" })).toBeVisible();
  await next.click();

  await expect(page.getByRole("heading", { name: "Kontingent" })).toBeVisible();
  await expect(page.getByText(/^Die Pools belegen 0 von .+ vCPU, 0 von .+ GiB und 0 von .+ Workern\.$/)).toBeVisible();
  await next.click();

  await expect(page.getByRole("heading", { name: "Add-ons" })).toBeVisible();
  await next.click();

  await expect(page.getByRole("heading", { name: "Überprüfen" })).toBeVisible();
  await expect(page.getByText("Dieser Tenant wird angelegt; alles Weitere leitet der Reconciler daraus ab.")).toBeVisible();
  await expect(page.getByLabel("Tenant-YAML")).toContainText(`name: ${name}`);
  await expect(page.getByRole("button", { name: "YAML kopieren" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Zurück" })).toBeVisible();
  await page.getByRole("button", { name: "Tenant anlegen" }).click();

  // The success state: a German toast and the tenant's own page in German.
  await expect(page.getByText(`Tenant ${name} angelegt: Der Reconciler stellt ihn jetzt bereit`)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/tenants/${name}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Übersicht" })).toContainText("Endpunkt");
  await expect(page.getByRole("region", { name: "Bereitstellungsverlauf" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Tenant löschen…" })).toBeVisible();

  // The list: German headers, a German relative time with a German date as its title, German counts.
  await page.goto("/tenants");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  const table = page.getByRole("table", { name: "Tenants" });
  for (const header of ["Name", "Phase", "Netzwerkmodus", "Worker", "Endpunkt", "Angelegt"]) {
    await expect(table.getByRole("columnheader", { name: header, exact: true })).toBeVisible();
  }
  await page.getByRole("textbox", { name: "Tenants durchsuchen" }).fill(name);
  await expect(page.getByText(/^1 von \d+ Tenants$/)).toBeVisible();
  const row = table.getByRole("row", { name: new RegExp(name) });
  const created = row.locator("time");
  await expect(created).toHaveText(/^(vor \d+ (Sekunden?|Minuten?)|jetzt|in \d+ Sekunden?)$/);
  await expect(created).toHaveAttribute("title", /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
  await expect(row).toContainText("0/0");

  // And back: the same page in English, with English dates.
  await page.getByLabel("Sprache").selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "New tenant" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Created", exact: true })).toBeVisible();
  await expect(page.getByText(/^1 of \d+ tenants$/)).toBeVisible();
  await expect(created).toHaveText(/^(\d+ (seconds?|minutes?) ago|now|in \d+ seconds?)$/);
  await expect(created).toHaveAttribute("title", /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s?[AP]M$/);
  await page.reload();
  await expect(page.getByLabel("Language")).toHaveValue("en");
  await expect(created).toHaveText(/ago$|^now$/);
  expect(hydration).toEqual([]);
});
