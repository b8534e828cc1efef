import { describe, expect, it } from "vitest";
import { applyWallDiff, diffTiles, type WallSnapshot } from "@/lib/noc/wall-diff";
import { countFleet, worstFirst, type TenantHealth } from "@/lib/overview/fleet";

const tile = (name: string, phase = "Ready", violations = 0): TenantHealth => ({
  name, phase, controlPlane: { ready: phase === "Ready", replicas: 1 }, etcdReady: true, endpoint: { answering: phase === "Ready" }, workers: { ready: 1, desired: 1 }, violations,
});
const snapshot = (tiles: TenantHealth[]): WallSnapshot => ({ counts: countFleet(tiles), violationEdges: 0, tiles: [...tiles].sort(worstFirst) });
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T; // what crosses the wire

describe("wall diffs", () => {
  it("the first diff carries every tile; an unchanged wall carries none", () => {
    const sent = new Map<string, TenantHealth>();
    const tiles = [tile("a"), tile("b")];
    expect(diffTiles(sent, tiles)).toEqual({ upsert: tiles, remove: [] });
    expect(diffTiles(sent, tiles)).toEqual({ upsert: [], remove: [] });
  });

  it("a change of one tenant in a large fleet sends that tile alone, and the client ends up with the server's wall", () => {
    const fleet = Array.from({ length: 10_000 }, (_, i) => tile(`t-${String(i).padStart(5, "0")}`));
    const sent = new Map<string, TenantHealth>();
    diffTiles(sent, fleet);
    let client = json(snapshot(fleet));
    const next = fleet.slice(0, -1); // t-09999 deleted
    next[5000] = tile("t-05000", "Degraded"); // one changed
    next.push(tile("new", "Provisioning", 2)); // one added
    const d = { counts: countFleet(next), violationEdges: 1, ...diffTiles(sent, next) };
    expect(d.upsert.map((t) => t.name)).toEqual(["t-05000", "new"]);
    expect(d.remove).toEqual(["t-09999"]);
    expect(JSON.stringify(d).length).toBeLessThan(2_048);
    client = applyWallDiff(client, json(d));
    expect(client).toEqual({ ...json(snapshot(next)), violationEdges: 1 });
    expect(client.tiles.slice(0, 2).map((t) => t.name)).toEqual(["new", "t-05000"]); // worst first
  });
});
