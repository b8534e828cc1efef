import { describe, expect, it } from "vitest";
import { createUser, currentRoles, resetPassword, sessionStillValid, setDisabled, setUserRoles } from "@/server/services/users";
import { freshNamespace, testGateway } from "@/test/kube";

// Its own file: the user store's watch cache is one per process, bound to the first namespace it serves.
describe("sessionStillValid", () => {
  it("needs an enabled record for password users, and sessions newer than a reset or disable; single sign-on users need none", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube, "sessions");
    try {
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
    } finally {
      await ns.cleanup();
    }
  });
});
