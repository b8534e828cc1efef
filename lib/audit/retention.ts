import { byCodePoint } from "@/lib/compare";

/** How long and how many audit records are kept. */
export interface AuditRetention {
  maxRecords: number;
  maxAgeMs: number;
}

/**
 * The records to delete so that at most `maxRecords` remain and none is older than `maxAgeMs`: the oldest
 * go first. Ties in time are broken by name, so replicas pruning at once pick the same records.
 */
export function recordsToPrune(records: { name: string; at: string }[], r: AuditRetention, nowMs: number): string[] {
  const sorted = [...records].sort((a, b) => byCodePoint(a.at, b.at) || byCodePoint(a.name, b.name));
  const cutoff = new Date(nowMs - r.maxAgeMs).toISOString();
  const overCount = Math.max(0, sorted.length - r.maxRecords);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i < overCount || sorted[i]!.at < cutoff) out.push(sorted[i]!.name);
    else break;
  }
  return out;
}
