import type { Role } from "@/lib/schemas/auth";

/** Who is asking: the signed-in user, as the session says (never a request header). */
export interface Principal {
  name: string;
  roles: Role[];
}

export type TenantAccess = "admin" | "viewer" | "none";

export const isPlatformAdmin = (p: Principal) => p.roles.includes("platform-admin");
export const canReadFleet = (p: Principal) => p.roles.includes("platform-admin") || p.roles.includes("platform-viewer");

/**
 * What a user may do with one tenant. Platform admins may do everything, platform viewers may read every
 * tenant; a tenant-admin or tenant-viewer reaches only the tenants that list them among their owners.
 */
export function tenantAccess(p: Principal, tenant: { spec: { owners?: string[] } }): TenantAccess {
  if (isPlatformAdmin(p)) return "admin";
  const owner = tenant.spec.owners?.includes(p.name) ?? false;
  if (owner && p.roles.includes("tenant-admin")) return "admin";
  if (canReadFleet(p) || (owner && p.roles.includes("tenant-viewer"))) return "viewer";
  return "none";
}

/**
 * A key shared by every principal who sees exactly the same tenants with the same access, so live views
 * can share one computation: all platform admins alike, all pure platform viewers alike, anyone else alone.
 */
export function scopeKey(p: Principal): string {
  if (isPlatformAdmin(p)) return "platform-admin";
  if (canReadFleet(p) && !p.roles.includes("tenant-admin")) return "platform-viewer";
  return `user:${p.name}:${[...p.roles].sort().join(",")}`;
}
