import tls from "node:tls";
import AxeBuilder from "@axe-core/playwright";
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
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(/Console›\s*Certificates/);
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

test("a leaf rotation and a CA rotation started from the tenant's PKI tab run to completion with progress", async ({ page, kube }) => {
  test.setTimeout(420_000);
  const name = `rot-${Date.now().toString(36)}`;
  const version = (await kube.get<{ metadata?: { name?: string }; spec: { allowedVersions: string[] } }>(models.PlatformPolicy, { name: "platform" })).spec.allowedVersions[0];
  await kube.create(models.Tenant, { metadata: { name }, spec: {
    owners: [], kubernetesVersion: version, controlPlane: { replicas: 2 },
    network: { mode: "overlay", cidr: `172.28.${Math.floor(Math.random() * 250)}.0/24` },
    workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
  } } as never);
  try {
    await page.goto(`/tenants/${name}?tab=pki`);
    await expect(page.getByRole("tab", { name: "PKI", selected: true })).toBeVisible();
    // The chain appears as the control plane is made: the cluster CA with the leaves it signs.
    const chain = page.getByRole("list", { name: "Signed by Cluster CA" });
    await expect(chain.getByText("API server serving")).toBeVisible({ timeout: 120_000 });
    await page.getByRole("button", { name: "Rotate leaf certificates" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate" }).click();
    const progress = page.getByRole("status").filter({ hasText: /Rotating: \d of 9 leaf certificates|Last rotation/ });
    await expect(progress).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("status").filter({ hasText: "Last rotation: all 9 leaf certificates rotated" })).toBeVisible({ timeout: 180_000 });
    await expect(page.getByRole("button", { name: "Rotate leaf certificates" })).toBeEnabled();

    // The CA in two confirmed phases; each phase arrives by push and marks its step.
    const phases = page.getByRole("list", { name: "Phases of the CA rotation" });
    await expect(page.getByText("The CA has not been rotated yet.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Complete CA rotation…" })).toBeDisabled();
    await page.getByRole("button", { name: "Start CA rotation…" }).click();
    await page.getByRole("dialog", { name: `Start a CA rotation of ${name}?` }).getByRole("button", { name: "Start rotation" }).click();
    await expect(phases.locator('[aria-current="step"]')).toHaveText(/Preparing|Prepared/, { timeout: 30_000 });
    await expect(phases.locator('[aria-current="step"]')).toHaveText(/Prepared/, { timeout: 180_000 });
    // Both CAs are trusted now: two Cluster CA chains, each leaf under the CA that signed it.
    await expect(page.getByRole("list", { name: "Signed by Cluster CA" })).toHaveCount(2);
    await expect(page.getByRole("button", { name: "Start CA rotation…" })).toBeDisabled();
    await page.getByRole("button", { name: "Complete CA rotation…" }).click();
    const confirm = page.getByRole("dialog", { name: `Complete the CA rotation of ${name}?` });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeVisible();
    // The PKI tab with two CAs, its rotation card and this dialog pass the accessibility checks.
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await confirm.getByRole("button", { name: "Complete and revoke the old CA" }).click();
    await expect(phases.locator('[aria-current="step"]')).toHaveText(/Completed/, { timeout: 180_000 });
    await expect(page.getByText("Only the new CA is trusted.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Signed by Cluster CA" })).toHaveCount(1);
  } finally {
    await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  }
});
