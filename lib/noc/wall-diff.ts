import { worstFirst, type FleetCounts, type TenantHealth } from "@/lib/overview/fleet";

// The wall's stream sends the whole wall once, then only what changed: at 10,000 tenants a change of one
// tenant is one tile and the totals, not the fleet.

export interface WallSnapshot {
  counts: FleetCounts;
  violationEdges: number;
  tiles: TenantHealth[];
}

export interface WallDiff {
  counts: FleetCounts;
  violationEdges: number;
  upsert: TenantHealth[];
  remove: string[];
}

/**
 * What changed between the tiles a stream last sent (`sent`, updated in place) and `next`. Unchanged tiles are
 * the same objects on the server (rows are made once per change), so comparing identities is enough.
 */
export function diffTiles(sent: Map<string, TenantHealth>, next: readonly TenantHealth[]): { upsert: TenantHealth[]; remove: string[] } {
  const upsert: TenantHealth[] = [];
  const seen = new Set<string>();
  for (const t of next) {
    seen.add(t.name);
    if (sent.get(t.name) !== t) {
      upsert.push(t);
      sent.set(t.name, t);
    }
  }
  const remove: string[] = [];
  for (const name of sent.keys()) if (!seen.has(name)) remove.push(name);
  for (const name of remove) sent.delete(name);
  return { upsert, remove };
}

/** The wall after a diff, worst first again. */
export function applyWallDiff(old: WallSnapshot, d: WallDiff): WallSnapshot {
  const changed = new Map(d.upsert.map((t) => [t.name, t]));
  const gone = new Set(d.remove);
  const tiles = old.tiles.filter((t) => !gone.has(t.name) && !changed.has(t.name)).concat(d.upsert);
  return { counts: d.counts, violationEdges: d.violationEdges, tiles: tiles.sort(worstFirst) };
}
