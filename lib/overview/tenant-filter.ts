import { ATTENTIONS, type Attention } from "@/lib/overview/fleet";

// Phases are the Tenant's status.phase, an API value (the tenant list's phase facet offers the same ones).
export const FILTER_PHASES = ["Ready", "Updating", "Provisioning", "Pending", "Degraded", "Refused", "Deleting"] as const;

/** What a link can narrow the tenant list to: `/tenants?phase=Degraded`, `/tenants?attention=workers`. */
export interface TenantListFilter {
  phase?: (typeof FILTER_PHASES)[number];
  attention?: Attention;
  /** Tenants with a quota line at least this full (per cent). */
  quota?: (typeof QUOTA_LEVELS)[number];
}

export const QUOTA_LEVELS = ["80", "95"] as const;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The filter a URL's query asks for; unknown values are ignored rather than showing an empty list. */
export function parseTenantFilter(q: Record<string, string | string[] | undefined>): TenantListFilter {
  const phase = one(q.phase);
  const attention = one(q.attention);
  const quota = one(q.quota);
  return {
    ...(QUOTA_LEVELS.includes(quota as never) ? { quota: quota as TenantListFilter["quota"] } : {}),
    ...(FILTER_PHASES.includes(phase as never) ? { phase: phase as TenantListFilter["phase"] } : {}),
    ...(ATTENTIONS.includes(attention as never) ? { attention: attention as Attention } : {}),
  };
}

/** The link to the tenant list narrowed by `f`. */
export function tenantListHref(f: TenantListFilter): string {
  const q = new URLSearchParams();
  if (f.phase) q.set("phase", f.phase);
  if (f.attention) q.set("attention", f.attention);
  if (f.quota) q.set("quota", f.quota);
  const s = q.toString();
  return s ? `/tenants?${s}` : "/tenants";
}
