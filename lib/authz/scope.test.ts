import { describe, expect, it } from "vitest";
import { canReadFleet, tenantAccess, type Principal } from "@/lib/authz/scope";

const t = { spec: { owners: ["alice"] } };
const p = (name: string, ...roles: Principal["roles"]): Principal => ({ name, roles });

describe("tenant scope", () => {
  it("gives platform admins everything and platform viewers read access", () => {
    expect(tenantAccess(p("root", "platform-admin"), t)).toBe("admin");
    expect(tenantAccess(p("noc", "platform-viewer"), t)).toBe("viewer");
    expect(canReadFleet(p("noc", "platform-viewer"))).toBe(true);
  });
  it("limits tenant roles to the tenants that list the user as owner", () => {
    expect(tenantAccess(p("alice", "tenant-admin"), t)).toBe("admin");
    expect(tenantAccess(p("alice", "tenant-viewer"), t)).toBe("viewer");
    expect(tenantAccess(p("bob", "tenant-admin"), t)).toBe("none");
    expect(tenantAccess(p("alice"), t)).toBe("none"); // owner without a role
    expect(canReadFleet(p("alice", "tenant-admin"))).toBe(false);
  });
});
