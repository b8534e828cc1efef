import { describe, expect, it } from "vitest";
import { createUser, currentRoles, sessionStillValid, setDisabled, setUserRoles } from "@/server/services/users";
import { freshNamespace, testGateway } from "@/test/kube";

// Its own file: the user store's watch cache is one per process, bound to the first namespace it serves.
describe("sessionStillValid", () => {
  it("needs an enabled record for password users; single sign-on users need none, but a disabled one ends them", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube, "sessions");
    try {
      await createUser(kube, ns.name, "alice", "a-long-enough-password", ["tenant-admin"]);
      expect(await sessionStillValid(kube, ns.name, "alice")).toBe(true);
      expect(await sessionStillValid(kube, ns.name, "alice", "credentials")).toBe(true);
      expect(await sessionStillValid(kube, ns.name, "olivia")).toBe(false); // no record
      expect(await sessionStillValid(kube, ns.name, "olivia", "oidc")).toBe(true);
      expect(await sessionStillValid(kube, ns.name, "olivia@example.com", "oidc")).toBe(true); // no valid record name at all

      // A role change is seen by the next request's session check.
      expect(await currentRoles(kube, ns.name, "alice")).toEqual(["tenant-admin"]);
      await setUserRoles(kube, ns.name, "alice", ["tenant-viewer"]);
      await expect.poll(() => currentRoles(kube, ns.name, "alice")).toEqual(["tenant-viewer"]);
      expect(await currentRoles(kube, ns.name, "olivia")).toBeUndefined();

      await setDisabled(kube, ns.name, "alice", true);
      await expect.poll(() => sessionStillValid(kube, ns.name, "alice", "oidc")).toBe(false);
      expect(await sessionStillValid(kube, ns.name, "alice")).toBe(false);
    } finally {
      await ns.cleanup();
    }
  });
});
