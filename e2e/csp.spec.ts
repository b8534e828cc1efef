import { expect, test } from "./fixtures";

// Every page's Content-Security-Policy allows scripts by a nonce that is new for each response, never by
// 'unsafe-inline': an injected inline script has no nonce and does not run, while the console's own scripts
// (Next.js's inline bootstrap, the theme script) carry it and do.
const scriptSrc = (csp: string | undefined) => (csp ?? "").split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
const nonceOf = (csp: string | undefined) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc(csp))?.[1];

test("pages carry a nonce-based script policy without 'unsafe-inline', and their scripts run under it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(e.message));

  // The theme script is inline: with the stored theme "dark" it marks the page dark, if it may run.
  await page.addInitScript(() => localStorage.setItem("kmetal-theme", "dark"));
  const res = await page.goto("/tenants");
  const csp = res!.headers()["content-security-policy"];
  expect(scriptSrc(csp)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
  expect(scriptSrc(csp)).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");

  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  // Every script the server sent carries this response's nonce; Next.js's inline scripts ran (they fill __next_f).
  // Chunks its runtime inserts later (a lazy component) carry none: 'strict-dynamic' trusts them because a
  // nonced script loaded them, and any script the policy refused would show up as a violation below.
  const sent = [...(await res!.text()).matchAll(/<script\b[^>]*>/g)].map((m) => /\snonce="([^"]*)"/.exec(m[0])?.[1] ?? "");
  expect(sent.length).toBeGreaterThan(1);
  expect(new Set(sent)).toEqual(new Set([nonceOf(csp)]));
  const inline = await page.locator("script:not([src])").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(new Set(inline)).toEqual(new Set([nonceOf(csp)]));
  expect(await page.evaluate(() => Array.isArray((window as unknown as { __next_f?: unknown }).__next_f))).toBe(true);
  // The page works: a client-side navigation and its data.
  await page.getByRole("link", { name: "Under cluster" }).first().click();
  await expect(page).toHaveURL(/\/under-cluster$/);
  expect(violations).toEqual([]);
});

test("the nonce is new for every response, also on the login page", async ({ page, browser, baseURL }) => {
  const nonces = [];
  for (let i = 0; i < 2; i++) nonces.push(nonceOf((await page.request.get("/tenants")).headers()["content-security-policy"]));
  const anonymous = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    for (let i = 0; i < 2; i++) nonces.push(nonceOf((await anonymous.request.get("/login")).headers()["content-security-policy"]));
  } finally {
    await anonymous.close();
  }
  expect(nonces.every(Boolean)).toBe(true);
  expect(new Set(nonces).size).toBe(nonces.length);
});
