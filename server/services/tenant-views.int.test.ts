import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { EVENT_TIME_ANNOTATION, TENANT_LABEL } from "@/lib/tenants/names";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { listTenants, summary, tenantDetail } from "@/server/services/tenant-views";
import { testCaches, testGateway } from "@/test/kube";

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const name = `events-${id}`;
const admin = { name: "root", roles: ["platform-admin" as const] };

describe("a tenant's recent events", () => {
  afterAll(() => kube.delete(models.Tenant, { name }, { ignoreNotFound: true }));

  it("come newest first even within one second, and show the effective quota", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    await kube.create(models.Tenant, { metadata: { name }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.66.${crypto.randomInt(250)}.0/24` }, workerPools: [{ name: "w", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 10, image: "x" }], quota: { vcpu: 8 } } } as never);
    // Three events in the same second, as the reconciler writes them after one status change; created out of order.
    const second = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    for (const [i, reason] of [[2, "Third"], [0, "First"], [1, "Second"]] as const) {
      await kube.create(models.Event, {
        metadata: { name: `${name}.${i}`, namespace: "default", labels: { [TENANT_LABEL]: name }, annotations: { [EVENT_TIME_ANNOTATION]: `${second.replace("Z", ".500Z")}#00000${i}` } },
        involvedObject: { apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", name }, reason, message: reason, type: "Normal", firstTimestamp: second, lastTimestamp: second, count: 1,
      } as never);
    }
    await expect.poll(async () => (await tenantDetail(testCaches(), admin, name)).events.map((e) => e.reason), { timeout: 15_000 }).toEqual(["Third", "Second", "First"]);
    const d = await tenantDetail(testCaches(), admin, name);
    expect(d.effectiveQuota.vcpu).toBe(8); // its own
    expect(d.effectiveQuota.memoryGi).toBe(64); // the platform default
    expect(d.requested).toEqual({ vcpu: 4, memoryGi: 8, storageGi: 20, workers: 2 });
  });

  it("the list is computed once per change of the tenants, per scope, and follows each change", async () => {
    const viewer = { name: "someone", roles: ["platform-viewer" as const] };
    await expect.poll(async () => (await listTenants(testCaches(), admin)).some((t) => t.name === name), { timeout: 15_000 }).toBe(true);
    const caches = testCaches();
    const [a, b] = [await listTenants(caches, admin), await listTenants(caches, admin)];
    expect(b).toBe(a); // no change in between: the same list
    expect(Object.isFrozen(a)).toBe(true);
    const v = await listTenants(caches, viewer);
    expect(v).not.toBe(a); // another scope, its own list
    expect(v.find((t) => t.name === name)?.access).toBe("viewer");
    expect(a.find((t) => t.name === name)?.access).toBe("admin");
    const label = `changed ${id}`;
    await kube.mergePatch(models.Tenant, { name }, { spec: { displayName: label } });
    await expect.poll(async () => (await listTenants(caches, admin)).find((t) => t.name === name)?.displayName, { timeout: 15_000 }).toBe(label);
    const after = await listTenants(caches, admin);
    expect(after).not.toBe(a);
    // A row is one object per tenant object: the changed tenant's row is new, and asking again gives the same one.
    expect(after.find((t) => t.name === name)).not.toBe(a.find((t) => t.name === name));
    const obj = caches.get("tenants").get(name)!;
    expect(summary(obj, "admin")).toBe(after.find((t) => t.name === name));
    expect(summary(obj, "viewer")).not.toBe(summary(obj, "admin"));
    expect(summary({ ...obj }, "admin")).not.toBe(summary(obj, "admin"));
  });
});
