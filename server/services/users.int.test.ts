import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { models } from "@/server/kube/models";
import { authenticate, ensureBootstrapAdmin } from "@/server/services/users";
import { freshNamespace, testGateway } from "@/test/kube";

describe("the embedded user store on the under cluster", () => {
  it("creates the bootstrap admin once, stores only a hash, and checks logins", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube, "users");
    try {
      const first = await ensureBootstrapAdmin(kube, ns.name);
      expect(first.username).toBe("admin");
      expect(first.password!.length).toBeGreaterThanOrEqual(20);
      const again = await ensureBootstrapAdmin(kube, ns.name);
      expect(again.password).toBeUndefined(); // shown once only

      const secret = await kube.get<V1Secret>(models.Secret, { name: "kmetal-user-admin", namespace: ns.name });
      const stored = Object.values(secret.data ?? {}).map((v) => Buffer.from(v, "base64").toString());
      expect(stored.join(" ")).not.toContain(first.password);
      expect(stored.some((v) => v.startsWith("scrypt$"))).toBe(true);

      expect(await authenticate(kube, ns.name, "admin", first.password!)).toEqual({ username: "admin", roles: ["platform-admin"], disabled: false, source: "password", recordId: secret.metadata!.uid });
      expect(await authenticate(kube, ns.name, "admin", "wrong-password")).toBeUndefined();
      expect(await authenticate(kube, ns.name, "nobody", first.password!)).toBeUndefined();

      await kube.mergePatch(models.Secret, { name: "kmetal-user-admin", namespace: ns.name }, { data: { disabled: Buffer.from("true").toString("base64") } });
      expect(await authenticate(kube, ns.name, "admin", first.password!)).toBeUndefined();
    } finally {
      await ns.cleanup();
    }
  });
});
