import type { CertificateState } from "@/lib/certificates/inventory";
import type { Capacity } from "@/lib/fleet/capacity";
import { ALARM_RATIO, WARN_RATIO, type TenantUsage, type UsageKey } from "@/lib/fleet/usage";

// The overview's and the wall's figures that come from other parts of the console: certificate expiry, quota
// hot spots and hypervisor capacity. Pure: the server feeds them what its services computed for one scope.

/** Per tenant, for its wall tile. */
export interface TenantSlotData {
  /** The soonest end of any of its certificates (ISO time), user certificates aside. */
  certificateExpiry?: string;
  /** Its most used quota line, when at least 80 % used. */
  quotaHotspot?: { resource: UsageKey; percent: number };
}

export interface SlotFigures {
  certificates: { expiringSoon: number; expired: number; withinDays: number };
  quota: { atLeast80: number; atLeast95: number };
  /** Platform roles only. */
  capacity?: { cpuPercent: number; memoryPercent: number; unschedulable: number };
}

interface CertificateLike {
  tenant?: string;
  kind: string;
  notAfter?: string;
  state: CertificateState;
}

/**
 * Counts past the warning threshold (warning and critical) and expired, and each tenant's soonest end. User
 * certificates (kubeconfig downloads) count in neither: they are short-lived by design and end on their own.
 */
export function certificateSlots(certs: readonly CertificateLike[], warningSeconds: number) {
  let expiringSoon = 0, expired = 0;
  const soonest = new Map<string, string>();
  for (const c of certs) {
    if (c.kind === "user") continue;
    if (c.state === "expired") expired++;
    else if (c.state === "warning" || c.state === "critical") expiringSoon++;
    if (c.tenant && c.notAfter) {
      const known = soonest.get(c.tenant);
      if (!known || Date.parse(c.notAfter) < Date.parse(known)) soonest.set(c.tenant, c.notAfter);
    }
  }
  return { figures: { expiringSoon, expired, withinDays: Math.round(warningSeconds / 86_400) }, soonest };
}

/** Tenants with a quota line ≥ 80 % and ≥ 95 % used, and each such tenant's worst line. */
export function quotaSlots(usage: readonly TenantUsage[]) {
  let atLeast80 = 0, atLeast95 = 0;
  const hot = new Map<string, { resource: UsageKey; percent: number }>();
  for (const u of usage) {
    let worst: { resource: UsageKey; ratio: number } | undefined;
    for (const l of u.lines) if (l.ratio !== undefined && (!worst || l.ratio > worst.ratio)) worst = { resource: l.key, ratio: l.ratio };
    if (!worst || worst.ratio < WARN_RATIO) continue;
    atLeast80++;
    if (worst.ratio >= ALARM_RATIO) atLeast95++;
    hot.set(u.tenant, { resource: worst.resource, percent: Math.floor(worst.ratio * 100) });
  }
  return { figures: { atLeast80, atLeast95 }, hot };
}

/** What the tenants' VMs request of the Ready hypervisors, in per cent (above 100: overcommitted). */
export function capacitySlot(c: Capacity): NonNullable<SlotFigures["capacity"]> {
  return { cpuPercent: Math.round(c.overcommit.cpu * 100), memoryPercent: Math.round(c.overcommit.memory * 100), unschedulable: c.unschedulable.length };
}
