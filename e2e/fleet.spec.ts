import crypto from "node:crypto";
import { models } from "@/server/kube/models";
import { expect, test } from "./fixtures";

const name = `fleet-${crypto.randomBytes(3).toString("hex")}`;
const cidr = `172.${16 + crypto.randomInt(16)}.${crypto.randomInt(256)}.0/24`;

test.describe.configure({ mode: "serial" });
test.afterAll(async ({ kube }) => {
  await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
});

test("a worker bigger than any hypervisor shows the scheduler's reason; quota usage shows as bars", async ({ page, kube }) => {
  // The embedded mode's hypervisors have 32 CPUs each: a 40-vCPU worker fits on none of them.
  await kube.create(models.Tenant, {
    metadata: { name },
    spec: {
      owners: ["admin"], kubernetesVersion: (await kube.version()).gitVersion, network: { mode: "overlay", cidr }, quota: { vcpu: 64, memoryGi: 128 },
      workerPools: [{ name: "small", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }, { name: "huge", replicas: 1, vcpu: 40, memoryGi: 4, diskGi: 10, image: "x" }],
    },
  } as never);
  await page.goto(`/tenants/${name}`);
  const workers = page.getByRole("table", { name: "Worker VMs" });
  await expect(workers.getByRole("row", { name: /huge-0/ })).toContainText(/Not placed: 0\/\d+ nodes are available: .*Insufficient cpu/, { timeout: 90_000 });
  await expect(workers.getByRole("row", { name: /small-0/ })).toContainText(/kmetal-hv-\d/);
  const vcpu = page.getByRole("meter", { name: "vCPU in use" });
  // kube-controller-manager counts the placed worker's launcher pod and the pending one's: 41 of 64.
  await expect(vcpu).toHaveAttribute("aria-valuetext", /^41 of 64 vCPU in use, 41 requested$/, { timeout: 60_000 });
  await expect(page.getByRole("meter", { name: "Workers in use" })).toBeVisible();
});

test("the Under cluster page shows the simulated hypervisors' capacity and the VM that cannot be placed", async ({ page }) => {
  await page.goto("/under-cluster");
  await expect(page.getByText("Simulated: Hypervisors")).toBeVisible();
  const nodes = page.getByRole("table", { name: "Hypervisors" });
  await expect(nodes.getByRole("row", { name: /kmetal-hv-0/ })).toContainText("Simulated: hypervisor");
  await expect(nodes.getByRole("row")).toHaveCount(4);
  await expect(page.getByText(/VMs? cannot be placed/)).toBeVisible();
  await expect(page.getByText(new RegExp(`tenant-${name}/huge-0`))).toBeVisible();
  await expect(page.getByRole("meter", { name: "CPU, all Ready nodes in use" })).toHaveAttribute("aria-valuemax", "96");
});
