import { UnderClusterPage } from "./pages/under-cluster-page";
import { expect, runState, test } from "./fixtures";

test("shows the real API server version, readiness and the installed CRDs", async ({ page, kube }) => {
  const version = await kube.version();
  const ui = new UnderClusterPage(page);
  await ui.open();
  await expect(ui.heading).toBeVisible();
  await expect(ui.version).toHaveText(version.gitVersion);
  await expect(ui.connection).toHaveText("Connected");
  await expect(page.getByText("Ready", { exact: true })).toBeVisible();
  await expect(ui.crdTable.getByRole("row", { name: /VirtualMachine kubevirt\.io/ }).first()).toBeVisible();
  await expect(ui.crdTable.getByRole("row", { name: /TenantControlPlane kamaji\.clastix\.io/ })).toContainText("Established");
  await expect(ui.crdTable.getByRole("row", { name: /Tenant kmetal\.io/ })).toContainText("Established");
  // The embedded mode says what it simulates.
  await expect(page.getByText("Simulated: KubeVirt")).toBeVisible();
  await expect(page.getByText("Simulated: Kube-OVN")).toBeVisible();
});

test("says so within seconds when the API server goes away, and recovers without a reload", async ({ page }) => {
  const ui = new UnderClusterPage(page);
  await ui.open();
  await expect(ui.connection).toHaveText("Connected");
  let reloaded = false;
  page.on("load", () => (reloaded = true));
  const apiserver = runState().processes.find((p) => p.name === "kube-apiserver")!;
  process.kill(apiserver.pid, "SIGKILL"); // kmetal up supervises it and starts it again
  await expect(ui.connection).toHaveText("Disconnected", { timeout: 10_000 });
  await expect(ui.connection).toHaveText("Connected", { timeout: 60_000 });
  await expect(ui.version).toHaveText(/^v1\.\d+\.\d+/);
  expect(reloaded).toBe(false);
});
