import type { V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { models } from "@/server/kube/models";
import {
  authenticate, createUser, currentRoles, listUsers, resetPassword, sessionStillCurrent, sessionStillValid, setDisabled, setUserRoles, ssoSecretName,
} from "@/server/services/users";
import { freshNamespace, testGateway } from "@/test/kube";

// One namespace for all tests of this file (each namespace gets its own user-store cache; see
// user-identity.int.test.ts).
describe("sessionStillValid", () => {
  let ns: { name: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    ns = await freshNamespace(testGateway(), "sessions");
  });
  afterAll(() => ns.cleanup());

  it("needs an enabled record for password users, and sessions newer than a reset or disable; single sign-on users need none", async () => {
    const kube = testGateway();
    await createUser(kube, ns.name, "alice", "a-long-enough-password", ["tenant-admin"]);
    expect(await sessionStillValid(kube, ns.name, "alice")).toBe(true);
    expect(await sessionStillValid(kube, ns.name, "alice", "credentials")).toBe(true);
    expect(await sessionStillValid(kube, ns.name, "olivia")).toBe(false); // no record
    expect(await sessionStillValid(kube, ns.name, "oidc:olivia", "oidc")).toBe(true);
    expect(await sessionStillValid(kube, ns.name, "oidc:olivia@example.com", "oidc")).toBe(true);

    // A role change is seen by the next request's session check.
    expect(await currentRoles(kube, ns.name, "alice")).toEqual(["tenant-admin"]);
    await setUserRoles(kube, ns.name, "alice", ["tenant-viewer"]);
    await expect.poll(() => currentRoles(kube, ns.name, "alice")).toEqual(["tenant-viewer"]);
    expect(await currentRoles(kube, ns.name, "olivia")).toBeUndefined();

    // A password reset ends the sessions that existed before it; later sign-ins are fine.
    const before = Math.floor(Date.now() / 1000) - 5;
    expect(await sessionStillValid(kube, ns.name, "alice", "credentials", before)).toBe(true);
    await resetPassword(kube, ns.name, "alice", "another-long-password");
    await expect.poll(() => sessionStillValid(kube, ns.name, "alice", "credentials", before)).toBe(false);
    expect(await sessionStillValid(kube, ns.name, "alice", "credentials", Math.floor(Date.now() / 1000) + 1)).toBe(true);

    const beforeDisable = Math.floor(Date.now() / 1000) - 1;
    await setDisabled(kube, ns.name, "alice", true);
    // Disabled: even a session newer than the disable is refused.
    await expect.poll(() => sessionStillValid(kube, ns.name, "alice", "credentials", Math.floor(Date.now() / 1000) + 1)).toBe(false);
    // Enabling again does not revive the sessions that the disable ended.
    await setDisabled(kube, ns.name, "alice", false);
    await expect.poll(() => sessionStillValid(kube, ns.name, "alice", "credentials", Math.floor(Date.now() / 1000) + 1)).toBe(true);
    expect(await sessionStillValid(kube, ns.name, "alice", "credentials", beforeDisable)).toBe(false);
  });

  it("disables single sign-on users through a record of their own, which no password user can share", async () => {
    const kube = testGateway();
    const now = () => Math.floor(Date.now() / 1000);
    const olivia = "oidc:sso-olivia@example.com";
    const before = now() - 5;
    expect(await sessionStillValid(kube, ns.name, olivia, "oidc", before)).toBe(true);
    // Enabling a single sign-on user without a record changes nothing and creates nothing.
    await setDisabled(kube, ns.name, olivia, false);
    expect(await kube.find(models.Secret, { name: ssoSecretName(olivia), namespace: ns.name })).toBeUndefined();

    // A password user named like the record (its hash, with or without the prefix) stays a separate user.
    const hashed = ssoSecretName(olivia).replace(/^kmetal-/, "");
    for (const name of [hashed, hashed.replace(/^sso-/, "")]) await createUser(kube, ns.name, name, "a-long-enough-password", ["tenant-viewer"]);

    await setDisabled(kube, ns.name, olivia, true);
    // Disabled: every session ends, also one newer than the disable, and streams stop too.
    await expect.poll(() => sessionStillValid(kube, ns.name, olivia, "oidc", now() + 1)).toBe(false);
    expect(await sessionStillValid(kube, ns.name, olivia, "oidc", before)).toBe(false);
    expect(await sessionStillCurrent(kube, ns.name, { name: olivia, roles: ["platform-viewer"], provider: "oidc", loginAt: now() + 1 })).toBe(false);
    // Other single sign-on users, and the password users named like the hash, go on.
    expect(await sessionStillValid(kube, ns.name, "oidc:olivia@example.com", "oidc", before)).toBe(true);
    expect(await sessionStillValid(kube, ns.name, hashed, "credentials", before)).toBe(true);
    expect(await authenticate(kube, ns.name, hashed, "a-long-enough-password")).toMatchObject({ username: hashed, roles: ["tenant-viewer"] });
    // The record's name is never a password user's: no password lookup finds it.
    expect(await sessionStillValid(kube, ns.name, olivia, "credentials", now() + 1)).toBe(false);
    expect(await currentRoles(kube, ns.name, olivia)).toBeUndefined();

    // The record: the full name, disabled, since when sessions count; no password hash, no roles.
    const record = await kube.find<V1Secret>(models.Secret, { name: ssoSecretName(olivia), namespace: ns.name });
    expect(record?.metadata?.name).toMatch(/^kmetal-sso-[0-9a-f]{20}$/);
    expect(record?.metadata?.labels).toMatchObject({ "kmetal.io/user": "true", "kmetal.io/user-source": "oidc" });
    expect(Object.keys(record?.data ?? {}).sort()).toEqual(["disabled", "sessionsValidAfter", "username"]);
    expect(Buffer.from(record!.data!.username!, "base64").toString()).toBe(olivia);
    const users = await listUsers(kube, ns.name);
    expect(users.find((u) => u.username === olivia)).toEqual({ username: olivia, roles: [], disabled: true, source: "oidc" });
    expect(users.find((u) => u.username === hashed)).toEqual({ username: hashed, roles: ["tenant-viewer"], disabled: false, source: "password" });

    // Disabling the password user leaves the single sign-on user's record alone, and the other way round.
    await setDisabled(kube, ns.name, hashed, true);
    await expect.poll(() => sessionStillValid(kube, ns.name, hashed, "credentials", now() + 1)).toBe(false);
    await setDisabled(kube, ns.name, olivia, false);
    // Enabled again: new sign-ins go on, sessions that the disable ended stay ended.
    await expect.poll(() => sessionStillValid(kube, ns.name, olivia, "oidc", now() + 1)).toBe(true);
    expect(await sessionStillValid(kube, ns.name, olivia, "oidc", before)).toBe(false);
    expect(await sessionStillValid(kube, ns.name, hashed, "credentials", now() + 1)).toBe(false);
    expect((await listUsers(kube, ns.name)).find((u) => u.username === olivia)).toMatchObject({ disabled: false, source: "oidc" });

    // A record under a user's hash that names someone else (a collision) neither refuses them nor is overwritten.
    const mallory = "oidc:mallory";
    await kube.create(models.Secret, {
      metadata: { name: ssoSecretName(mallory), namespace: ns.name, labels: { "kmetal.io/user": "true", "kmetal.io/user-source": "oidc" } },
      data: { username: Buffer.from("oidc:someone-else").toString("base64"), disabled: Buffer.from("true").toString("base64") },
    } satisfies V1Secret);
    await expect.poll(async () => (await listUsers(kube, ns.name)).some((u) => u.username === "oidc:someone-else")).toBe(true);
    expect(await sessionStillValid(kube, ns.name, mallory, "oidc", now())).toBe(true);
    await expect(setDisabled(kube, ns.name, mallory, true)).rejects.toMatchObject({ status: 409 });
  });
});
