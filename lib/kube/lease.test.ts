import { describe, expect, it } from "vitest";
import { leaseDecision, observeLease, stillLeading, type LeaseObservation, type LeaseRecord } from "@/lib/kube/lease";

const LEASE_MS = 15_000;

/** An elector's view over time: a fake local clock and the records a fake lease store returned. */
function run(identity: string, sightings: [localMs: number, record: LeaseRecord | undefined][]) {
  let obs: LeaseObservation | undefined;
  return sightings.map(([t, r]) => {
    obs = observeLease(obs, r, t, LEASE_MS);
    return leaseDecision(obs, identity, t).do;
  });
}
const other = (renewTime: string, rv: string): LeaseRecord => ({ holder: "other", renewTime, durationSeconds: 15, resourceVersion: rv });

describe("leaseDecision (client-go's rule: local time since the record last changed)", () => {
  it("creates a missing lease, renews its own, takes a released one at once", () => {
    expect(run("me", [[0, undefined]])).toEqual(["create"]);
    expect(run("me", [[0, { holder: "me", renewTime: "2000-01-01T00:00:00Z", resourceVersion: "1" }]])).toEqual(["renew"]);
    expect(run("me", [[0, { holder: "", resourceVersion: "1" }]])).toEqual(["takeOver"]);
  });

  it("never takes a lease that keeps changing, even when the holder's clock is an hour behind ours", () => {
    const behind = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 2000).toISOString();
    const sightings = Array.from({ length: 30 }, (_, i) => [i * 2000, other(behind(i), String(i))] as [number, LeaseRecord]);
    expect(new Set(run("me", sightings))).toEqual(new Set(["wait"]));
  });

  it("takes a lease whose record stopped changing, after the lease duration on our clock, even if its renewTime is in our future", () => {
    const future = other("2999-01-01T00:00:00Z", "5");
    expect(run("me", [[1_000, future], [10_000, future], [16_000, future], [16_001, future]])).toEqual(["wait", "wait", "wait", "takeOver"]);
  });

  it("restarts the wait when the record changes, and counts from the first sighting, not from renewTime", () => {
    const r1 = other("2026-01-01T00:00:00Z", "1");
    const r2 = other("2026-01-01T00:00:02Z", "2");
    expect(run("me", [[0, r1], [14_000, r2], [20_000, r2], [29_001, r2]])).toEqual(["wait", "wait", "wait", "takeOver"]);
  });

  it("lets a leader act only while its last renewal is younger than the renew deadline", () => {
    expect(stillLeading(undefined, 0, 10_000)).toBe(false);
    expect(stillLeading(1_000, 10_999, 10_000)).toBe(true);
    expect(stillLeading(1_000, 11_000, 10_000)).toBe(false);
  });
});
