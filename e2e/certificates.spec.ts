import tls from "node:tls";
import { models } from "@/server/kube/models";
import { expect, test } from "./fixtures";

type Policy = { metadata?: { name?: string }; spec?: { certificateExpiry?: { warning?: string; critical?: string } } };

/** When the under cluster's API server certificate ends, as a TLS client sees it. */
const servingNotAfter = (server: string) => new Promise<number>((resolve, reject) => {
  const u = new URL(server);
  const s = tls.connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
    resolve(Date.parse(s.getPeerCertificate().valid_to));
    s.end();
  });
  s.on("error", reject);
});

/** A duration the policy accepts ("8759h59m40s"). */
const goDuration = (seconds: number) => `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m${Math.floor(seconds % 60)}s`;

test("the expiry timeline shows a certificate entering the warning state live, and the navigation raises its alarm", async ({ page, kube }) => {
  const original = (await kube.get<Policy>(models.PlatformPolicy, { name: "platform" })).spec?.certificateExpiry;
  // The warning threshold set so the under cluster's serving certificate crosses it 25 s from now: the page must
  // turn its mark from OK to Warning by itself, with nothing reloaded.
  const left = (await servingNotAfter(kube.server) - Date.now()) / 1000;
  await kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { certificateExpiry: { warning: goDuration(left - 25), critical: "60s" } } });
  try {
    await page.goto("/certificates");
    await expect(page.getByRole("heading", { name: "Certificates", level: 1 })).toBeVisible();
    await expect(page.getByText("Live")).toBeVisible();
    const timeline = page.getByRole("group", { name: "Time left until each certificate expires, by tenant" });
    const mark = (state: string) => timeline.getByRole("img", { name: new RegExp(`^Under cluster: Under cluster API server serving, ${state},`) });
    await expect(mark("OK")).toBeVisible();
    await expect(page.getByTestId("certificate-alarm")).toHaveCount(0);

    await expect(mark("Warning")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("table", { name: "Certificates" }).getByRole("row").filter({ hasText: "Under cluster API server serving" })).toContainText("Warning");
    await expect(page.getByRole("link", { name: /Certificates.*1 certificate past a threshold/ })).toBeVisible();

    // Filters narrow the timeline and the table alike.
    await page.getByLabel("State").selectOption("ok");
    await expect(mark("Warning")).toHaveCount(0);
  } finally {
    await kube.mergePatch(models.PlatformPolicy, { name: "platform" }, { spec: { certificateExpiry: original ?? null } });
  }
});
