import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { impersonationFor, tenantRbac } from "@/lib/authz/rbac";
import type { Role } from "@/lib/schemas/auth";
import type { TenantObject } from "@/lib/schemas/tenant";
import { tenantNames } from "@/lib/tenants/names";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { installRbac } from "@/server/kube/rbac";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { setWorkerReplicas } from "@/server/services/tenants";
import { outcome, testCaches, testGateway } from "@/test/kube";

// The console's own scope checks are bypassed here on purpose: each write goes straight to the under cluster
// as the impersonated user, and the API server, with the RBAC and admission policies the project installs,
// must refuse whatever is out of that user's scope.
const id = crypto.randomBytes(3).toString("hex");
const alice = `alice-${id}`; // tenant-admin, owner of A
const carol = `carol-${id}`; // tenant-viewer, owner of A
const bob = `bob-${id}`; // tenant-admin, owner of B
const A = `imp-a-${id}`;
const B = `imp-b-${id}`;

const admin = testGateway();
const as = (name: string, roles: Role[]): KubeGateway => admin.as(impersonationFor({ name, roles }));


const tenantSpec = (owners: string[], third: number, quota?: Record<string, number>) => ({
  owners, kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `172.29.${third}.0/24` },
  ...(quota ? { quota } : {}),
  workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
});
const vm = (namespace: string) => ({
  metadata: { name: "w-0", namespace },
  spec: { runStrategy: "Always", template: { spec: { domain: { devices: {}, memory: { guest: "1Gi" } } } } },
});
const getTenant = (name: string) => admin.get<TenantObject>(models.Tenant, { name });

describe("writes as the signed-in user: the under cluster itself enforces each role's scope", () => {
  beforeAll(async () => {
    await ensurePlatformPolicy(admin, ["v1.36.3"]);
    const third = crypto.randomInt(120);
    // A has a quota of its own; B has none, so the platform policy's default quota applies to it.
    for (const [name, owners, t, quota] of [[A, [alice, carol], third, { vcpu: 8 }], [B, [bob], third + 120, undefined]] as const) {
      await admin.create(models.Tenant, { metadata: { name }, spec: tenantSpec([...owners], t, quota) } as never);
      await admin.create(models.Namespace, { metadata: { name: tenantNames(name).namespace } });
      // What the reconciler applies for each tenant (children of the Tenant there).
      await installRbac(admin, tenantRbac(name, [...owners]));
      await admin.create(models.VirtualMachine, vm(tenantNames(name).namespace));
    }
    // Admission policies take effect a moment after they are created: wait (with a dry run) until this one bites.
    const probe = () => outcome(as(alice, ["tenant-admin"]).request("PATCH", `/apis/kmetal.io/v1alpha1/tenants/${A}`, {
      body: { spec: { quota: { vcpu: 64 } } }, contentType: "application/merge-patch+json", query: { dryRun: "All" },
    }));
    for (const deadline = Date.now() + 30_000; (await probe()) !== 403; ) {
      if (Date.now() > deadline) throw new Error("the tenant-admin admission policy never took effect");
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 60_000);

  it("sends the user and every group (one header each), as the API server sees them", async () => {
    const review = await as(alice, ["tenant-admin", "tenant-viewer"]).request<{ status: { userInfo: { username: string; groups: string[] } } }>(
      "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } },
    );
    expect(review.status.userInfo.username).toBe(`kmetal:user:${alice}`);
    expect(review.status.userInfo.groups).toEqual(expect.arrayContaining(["kmetal:role:tenant-admin", "kmetal:role:tenant-viewer", `kmetal:tenant-admin:${alice}`]));
  });

  it("refuses a tenant-admin's write to a foreign tenant, and allows the same write to their own", async () => {
    const kube = as(alice, ["tenant-admin"]);
    const foreign = await getTenant(B);
    const err = await setWorkerReplicas(kube, testCaches(), { name: alice, roles: ["tenant-admin"] }, foreign as never, "w", 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).status).toBe(403);
    expect((err as KubeError).message).toContain(`"kmetal:user:${alice}"`);
    expect((await getTenant(B)).spec.workerPools[0]!.replicas).toBe(1);

    await setWorkerReplicas(kube, testCaches(), { name: alice, roles: ["tenant-admin"] }, await getTenant(A) as never, "w", 2);
    expect((await getTenant(A)).spec.workerPools[0]!.replicas).toBe(2);
  });

  it("lets a tenant-admin change only replicas, never quota, owners, version or pools, nor delete", async () => {
    const kube = as(alice, ["tenant-admin"]);
    const quota = await kube.mergePatch(models.Tenant, { name: A }, { spec: { quota: { vcpu: 64 } } }).catch((e: unknown) => e);
    expect((quota as KubeError).status).toBe(403);
    expect((quota as KubeError).message).toContain("only change the replicas");
    expect(await outcome(kube.mergePatch(models.Tenant, { name: A }, { spec: { owners: [alice, carol, bob] } }))).toBe(403);
    expect(await outcome(kube.mergePatch(models.Tenant, { name: A }, { spec: { kubernetesVersion: "v1.37.0" } }))).toBe(403);
    expect(await outcome(kube.jsonPatch(models.Tenant, { name: A }, [{ op: "replace", path: "/spec/workerPools/0/vcpu", value: 32 }]))).toBe(403);
    expect(await outcome(kube.mergePatch(models.Tenant, { name: A }, { metadata: { labels: { sneaky: "yes" } } }))).toBe(403);
    expect(await outcome(kube.mergePatch(models.Tenant, { name: A }, { metadata: { finalizers: ["example.com/block-deletion"] } }))).toBe(403);
    // Within the rules but over the tenant's own quota (8 vCPU; 9 workers of 1 vCPU).
    const overQuota = await kube.jsonPatch(models.Tenant, { name: A }, [{ op: "replace", path: "/spec/workerPools/0/replicas", value: 9 }]).catch((e: unknown) => e);
    expect((overQuota as KubeError).status).toBe(403);
    expect((overQuota as KubeError).message).toContain("would need 9 vcpu, above the tenant quota of 8");
    expect(await outcome(kube.delete(models.Tenant, { name: A }))).toBe(403);
    expect(await outcome(kube.create(models.Tenant, { metadata: { name: `imp-new-${id}` }, spec: tenantSpec([alice], 250) } as never))).toBe(403);
    expect((await getTenant(A)).spec.quota).toEqual({ vcpu: 8 });
  });

  it("holds a tenant without a quota of its own to the platform's default quota", async () => {
    const kube = as(bob, ["tenant-admin"]);
    const err = await kube.jsonPatch(models.Tenant, { name: B }, [{ op: "replace", path: "/spec/workerPools/0/replicas", value: 11 }]).catch((e: unknown) => e);
    expect((err as KubeError).status).toBe(403);
    expect((err as KubeError).message).toContain("would need 11 workers, above the tenant quota of 10");
    expect(await outcome(kube.jsonPatch(models.Tenant, { name: B }, [{ op: "replace", path: "/spec/workerPools/0/replicas", value: 10 }]))).toBe("ok");
  });

  it("lets a tenant-admin power their own worker VMs only, and never change what a VM is", async () => {
    const kube = as(alice, ["tenant-admin"]);
    const own = { name: "w-0", namespace: tenantNames(A).namespace };
    expect(await outcome(kube.mergePatch(models.VirtualMachine, own, { spec: { runStrategy: "Halted" } }))).toBe("ok");
    expect(await outcome(kube.mergePatch(models.VirtualMachine, own, { spec: { template: { spec: { domain: { memory: { guest: "64Gi" } } } } } }))).toBe(403);
    expect(await outcome(kube.mergePatch(models.VirtualMachine, own, { metadata: { labels: { "kmetal.io/tenant": B } } }))).toBe(403);
    expect(await outcome(kube.mergePatch(models.VirtualMachine, { name: "w-0", namespace: tenantNames(B).namespace }, { spec: { runStrategy: "Halted" } }))).toBe(403);
    expect(await outcome(kube.delete(models.VirtualMachineInstance, { name: "w-0", namespace: tenantNames(B).namespace }))).toBe(403);
  });

  it("refuses every write from viewers, and from a tenant-admin role without ownership", async () => {
    const patch = { spec: { workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } };
    expect(await outcome(as(carol, ["tenant-viewer"]).mergePatch(models.Tenant, { name: A }, patch))).toBe(403);
    expect(await outcome(as(carol, ["tenant-viewer"]).mergePatch(models.VirtualMachine, { name: "w-0", namespace: tenantNames(A).namespace }, { spec: { runStrategy: "Always" } }))).toBe(403);
    expect(await outcome(as(`noc-${id}`, ["platform-viewer"]).mergePatch(models.Tenant, { name: A }, patch))).toBe(403);
    expect(await outcome(as(`noc-${id}`, ["platform-viewer"]).delete(models.Tenant, { name: B }))).toBe(403);
    // Claiming alice's name without her role gets nothing more than a viewer: the write group comes with the role.
    expect(await outcome(as(alice, ["tenant-viewer"]).mergePatch(models.Tenant, { name: A }, patch))).toBe(403);
    // Users are platform-admin business.
    expect(await outcome(as(alice, ["tenant-admin"]).create(models.Secret, { metadata: { name: `kmetal-user-x-${id}`, namespace: "kmetal-system" } }))).toBe(403);
  });

  it("lets a platform admin do what the console offers them", async () => {
    const kube = as(`root-${id}`, ["platform-admin"]);
    expect(await outcome(kube.mergePatch(models.Tenant, { name: B }, { spec: { quota: { vcpu: 16 } } }))).toBe("ok");
    expect(await outcome(kube.mergePatch(models.VirtualMachine, { name: "w-0", namespace: tenantNames(B).namespace }, { spec: { runStrategy: "Halted" } }))).toBe("ok");
    const user = `kmetal-user-imp-${id}`;
    expect(await outcome(kube.create(models.Secret, { metadata: { name: user, namespace: "kmetal-system" } }))).toBe("ok");
    await admin.delete(models.Secret, { name: user, namespace: "kmetal-system" });
    expect(await outcome(kube.delete(models.Tenant, { name: B }))).toBe("ok");
    await admin.delete(models.Tenant, { name: A }, { ignoreNotFound: true });
  });
});
