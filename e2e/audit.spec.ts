import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test } from "./fixtures";

test("the audit log shows sign-ins, updates live, filters on the server and exports what it matches", async ({ page }) => {
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit log" });

  // Sign-ins are recorded: the setup project signed in as admin.
  await page.getByLabel("Action", { exact: true }).fill("auth.signIn");
  await expect(table.getByRole("row").filter({ hasText: "admin" }).filter({ hasText: "success" }).first()).toBeVisible();

  // A new record appears by push, without a reload; its input is shown as readable lines.
  const marker = `audit-${crypto.randomBytes(3).toString("hex")}`;
  await page.getByLabel("Action", { exact: true }).fill("tenants.delete");
  await page.getByLabel("Result", { exact: true }).selectOption("denied");
  await expect(page.getByText("Live")).toBeVisible();
  expect((await page.request.post("/api/trpc/tenants.delete", { data: { name: marker } })).status()).toBe(404);
  const row = table.getByRole("row").filter({ hasText: `name: ${marker}` });
  await expect(row).toBeVisible();
  await expect(row).toContainText("denied (NOT_FOUND)");

  // A time range that ended before the record leaves it out.
  await page.getByLabel("To", { exact: true }).fill("2001-01-01T00:00");
  await expect(row).toHaveCount(0);
  await page.getByLabel("To", { exact: true }).fill("");
  await expect(row).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("at,user,roles,action,tenant,result,code,message,input,sourceIp");
  expect(csv).toContain(marker);
  expect(csv.split("\r\n").slice(1).filter(Boolean).every((l) => l.includes('"tenants.delete"') && l.includes('"denied"'))).toBe(true);
});
