import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCallerFactory, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { freshNamespace, testContext, testGateway } from "@/test/kube";

// A VirtualMachine that breaks the upstream kubevirt.io/v1 schema twice: no spec.template, and a
// string where spec.running must be a boolean.
const invalidVm = (namespace: string) => ({
  metadata: { name: "bad-vm", namespace },
  spec: { running: "yes" },
});

describe("the gateway against a real API server with the upstream CRDs", () => {
  let kube: KubeGateway;
  let ns: { name: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    kube = testGateway();
    ns = await freshNamespace(kube);
  });
  afterEach(() => ns.cleanup());

  it("rejects a VirtualMachine that violates the schema with the API server's own message", async () => {
    const err = await kube.create(models.VirtualMachine, invalidVm(ns.name) as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    const k = err as KubeError;
    expect(k.status).toBe(422);
    expect(k.reason).toBe("Invalid");
    expect(k.message).toMatch(/^VirtualMachine\.kubevirt\.io "bad-vm" is invalid/);
    expect(k.message).toContain("spec.template: Required value");
    expect(k.message).toContain("spec.running");
    expect(k.message).not.toMatch(/content-type|headers/i);
    expect(k.causes.map((c) => c.field)).toEqual(expect.arrayContaining(["spec.template", "spec.running"]));
    expect(await kube.find(models.VirtualMachine, { name: "bad-vm", namespace: ns.name })).toBeUndefined();
  });

  it("passes the rejection through tRPC intact: code, message and field causes", async () => {
    const router = createTRPCRouter({
      createVm: protectedProcedure.mutation(() => kube.create(models.VirtualMachine, invalidVm(ns.name) as never)),
    });
    const caller = createCallerFactory(router)(testContext({ identity: { name: "admin", roles: ["platform-admin"] } }));
    const err = await caller.createVm().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    const t = err as TRPCError;
    expect(t.code).toBe("UNPROCESSABLE_CONTENT");
    expect(t.message).toContain("spec.template: Required value");
    expect((t.cause as KubeError).causes.some((c) => c.field === "spec.template")).toBe(true);
  });

  it("accepts a valid VirtualMachine and reads it back", async () => {
    const vm = {
      metadata: { name: "ok-vm", namespace: ns.name },
      spec: {
        runStrategy: "Halted",
        template: { spec: { domain: { devices: {}, memory: { guest: "1Gi" } } } },
      },
    };
    await kube.create(models.VirtualMachine, vm as never);
    const back = await kube.get<{ metadata?: object; spec: { runStrategy: string } }>(models.VirtualMachine, { name: "ok-vm", namespace: ns.name });
    expect(back.spec.runStrategy).toBe("Halted");
  });

  it("reports 404 and 409 as typed errors", async () => {
    const missing = await kube.get(models.ConfigMap, { name: "nope", namespace: ns.name }).catch((e: unknown) => e);
    expect((missing as KubeError).status).toBe(404);
    expect((missing as KubeError).message).toBe('configmaps "nope" not found');
    await kube.create(models.ConfigMap, { metadata: { name: "dup", namespace: ns.name } });
    const dup = await kube.create(models.ConfigMap, { metadata: { name: "dup", namespace: ns.name } }).catch((e: unknown) => e);
    expect((dup as KubeError).status).toBe(409);
    expect((dup as KubeError).reason).toBe("AlreadyExists");
  });
});
