import { afterAll, describe, expect, it } from "vitest";
import { models } from "@/server/kube/models";
import {
  authenticate, createUser, ensureBootstrapAdmin, releaseUserStoreCache, sessionStillCurrent, sessionStillValid, userStoreCache,
} from "@/server/services/users";
import { freshNamespace, testGateway } from "@/test/kube";

// Sessions belong to a user record, not to a name; and each namespace of each API server has its own user-store
// cache, so these tests run in namespaces of their own beside the other user-store tests.
describe("user records and their sessions", () => {
  const spaces: { name: string; cleanup: () => Promise<void> }[] = [];
  const fresh = async (prefix: string) => {
    const ns = await freshNamespace(testGateway(), prefix);
    spaces.push(ns);
    return ns.name;
  };
  afterAll(async () => {
    for (const ns of spaces) {
      await releaseUserStoreCache(testGateway(), ns.name);
      await ns.cleanup();
    }
  });

  it("a user removed and created again under the same name does not inherit the old record's sessions", async () => {
    const kube = testGateway();
    const ns = await fresh("recreated");
    const now = () => Math.floor(Date.now() / 1000);
    await createUser(kube, ns, "alice", "the-first-password", ["platform-admin"]);
    const old = await authenticate(kube, ns, "alice", "the-first-password");
    expect(old?.recordId).toMatch(/^[0-9a-f-]{36}$/);
    const loginAt = now() + 1;
    expect(await sessionStillValid(kube, ns, "alice", "credentials", loginAt, old!.recordId)).toBe(true);

    // Removed (an admin deletes the Secret), then someone else gets the name, with fewer rights.
    await kube.delete(models.Secret, { name: "kmetal-user-alice", namespace: ns });
    await createUser(kube, ns, "alice", "the-second-password", ["platform-admin"]);
    const recreated = await authenticate(kube, ns, "alice", "the-second-password");
    expect(recreated?.recordId).not.toBe(old!.recordId);
    await expect.poll(() => sessionStillValid(kube, ns, "alice", "credentials", now() + 1, recreated!.recordId)).toBe(true);

    // The old session stays void, also with a login time after the new record's creation, and in streams.
    expect(await sessionStillValid(kube, ns, "alice", "credentials", loginAt, old!.recordId)).toBe(false);
    expect(await sessionStillValid(kube, ns, "alice", "credentials", now() + 1, old!.recordId)).toBe(false);
    expect(await sessionStillCurrent(kube, ns, { name: "alice", roles: ["platform-admin"], provider: "credentials", loginAt, recordId: old!.recordId })).toBe(false);
    expect(await sessionStillCurrent(kube, ns, { name: "alice", roles: ["platform-admin"], provider: "credentials", loginAt, recordId: recreated!.recordId })).toBe(true);
  });

  it("the README's reset of the bootstrap admin (delete its Secret, start again) ends the old admin's sessions", async () => {
    const kube = testGateway();
    const ns = await fresh("reset-admin");
    const first = await ensureBootstrapAdmin(kube, ns);
    const old = await authenticate(kube, ns, "admin", first.password!);
    const loginAt = Math.floor(Date.now() / 1000) + 1;
    expect(await sessionStillValid(kube, ns, "admin", "credentials", loginAt, old!.recordId)).toBe(true);
    await kube.delete(models.Secret, { name: "kmetal-user-admin", namespace: ns });
    const second = await ensureBootstrapAdmin(kube, ns);
    const renewed = await authenticate(kube, ns, "admin", second.password!);
    await expect.poll(() => sessionStillValid(kube, ns, "admin", "credentials", loginAt, renewed!.recordId)).toBe(true);
    expect(await sessionStillValid(kube, ns, "admin", "credentials", loginAt, old!.recordId)).toBe(false);
  });

  it("keeps one user-store cache per namespace: a later namespace is not answered from the first one's", async () => {
    const kube = testGateway();
    const [a, b] = [await fresh("store-a"), await fresh("store-b")];
    await createUser(kube, a, "anna", "a-long-enough-password", ["tenant-viewer"]);
    await createUser(kube, b, "bert", "a-long-enough-password", ["tenant-admin"]);
    await expect.poll(() => sessionStillValid(kube, a, "anna", "credentials")).toBe(true);
    await expect.poll(() => sessionStillValid(kube, b, "bert", "credentials")).toBe(true);
    expect(await sessionStillValid(kube, b, "anna", "credentials")).toBe(false);
    expect(await sessionStillValid(kube, a, "bert", "credentials")).toBe(false);
    expect(await userStoreCache(kube, a)).not.toBe(await userStoreCache(kube, b));
    expect(await userStoreCache(kube, a)).toBe(await userStoreCache(testGateway(), a));
  });
});
