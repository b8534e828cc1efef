import crypto from "node:crypto";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { planTenant } from "@/lib/tenants/plan";
import type { TenantObject } from "@/lib/schemas/tenant";
import { models } from "@/server/kube/models";
import { expect, test } from "./fixtures";

const quota = { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: -1 };

test("a violation appears live on the network graph and in the banner, with the object that causes it", async ({ page, kube }) => {
  const id = crypto.randomBytes(3).toString("hex");
  const name = `net-${id}`;
  const rogue = `rogue-${id}`;
  const third = 10 + crypto.randomInt(200);
  const t: TenantObject = { metadata: { name }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.${third}.7.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } };
  // The network objects the reconciler would write, without the reconciler: a tenant on its own VPC.
  for (const d of planTenant({ tenant: t, quota, addons: [], platformCidrs: ["10.96.0.0/12"], workerVersion: "v1.36.3" }).filter((x) => ["Vpc", "Subnet"].includes(x.model))) {
    await kube.create(models[d.model], d.object as never);
  }
  try {
    await page.goto("/network");
    await expect(page.getByRole("heading", { name: "Network policy graph" })).toBeVisible();
    await expect(page.getByText("Live")).toBeVisible();
    await page.getByRole("tab", { name: "Paths" }).click();
    const table = page.getByRole("table", { name: "Reachable paths" });
    await expect(table.getByRole("row").filter({ hasText: `Subnet/${rogue}` })).toHaveCount(0);

    // A subnet of the tenant without `vpc` falls into the platform VPC: the tenant reaches the platform.
    await kube.create(models.Subnet, { metadata: { name: rogue, labels: { [TENANT_LABEL]: name } }, spec: { cidrBlock: `10.${third}.8.0/24`, protocol: "IPv4", namespaces: [tenantNames(name).namespace] } } as never);
    const row = table.getByRole("row").filter({ hasText: name }).filter({ hasText: "violation" }).first();
    await expect(row).toBeVisible();
    await expect(row).toContainText(`Subnet/${rogue}`);
    await expect(page.getByRole("alert").filter({ hasText: "isolation violation" })).toBeVisible();

    await kube.delete(models.Subnet, { name: rogue });
    await expect(table.getByRole("row").filter({ hasText: `Subnet/${rogue}` })).toHaveCount(0);
  } finally {
    await kube.delete(models.Subnet, { name: rogue }, { ignoreNotFound: true });
    await kube.delete(models.Subnet, { name: tenantNames(name).subnet }, { ignoreNotFound: true });
    await kube.delete(models.Vpc, { name: tenantNames(name).vpc }, { ignoreNotFound: true });
  }
});
