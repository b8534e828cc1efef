import { describe, expect, it } from "vitest";
import { overlayTenant, platformBase } from "@/lib/policy-graph/builders";
import { activeExceptions, exceptionStates, isExpired, withExceptions, type ExceptionRecord } from "@/lib/policy-graph/exceptions";
import { PolicyGraph } from "@/lib/policy-graph/graph";

const T0 = Date.parse("2026-12-07T12:00:00Z");
const x = (name: string, from: string, to: string, expires?: string): ExceptionRecord => ({ name, from, to, reason: "shared CI", expires, who: "admin" });
const peered = () => [
  ...overlayTenant("a", "10.1.0.0/24", { vpcPeerings: [{ remoteVpc: "b", localConnectIP: "169.254.0.1/30" }], staticRoutes: [{ cidr: "10.2.0.0/24", nextHopIP: "169.254.0.2" }] }),
  ...overlayTenant("b", "10.2.0.0/24", { vpcPeerings: [{ remoteVpc: "a", localConnectIP: "169.254.0.2/30" }], staticRoutes: [{ cidr: "10.1.0.0/24", nextHopIP: "169.254.0.1" }] }),
];

describe("policy exceptions", () => {
  it("apply until their expiry time, and name the first expiry still to come", () => {
    const all = [x("z", "tenant:a", "tenant:b"), x("soon", "tenant:b", "tenant:a", "2026-12-07T12:05:00Z"), x("later", "tenant:a", "platform", "2026-12-07T13:00:00Z"), x("past", "tenant:b", "platform", "2026-12-07T11:00:00Z")];
    const now = activeExceptions(all, T0);
    expect(now.active.map((e) => e.name)).toEqual(["later", "soon", "z"]);
    expect(now.nextExpiryMs).toBe(Date.parse("2026-12-07T12:05:00Z"));
    // At the very expiry time the exception no longer applies.
    const then = activeExceptions(all, Date.parse("2026-12-07T12:05:00Z"));
    expect(then.active.map((e) => e.name)).toEqual(["later", "z"]);
    expect(then.nextExpiryMs).toBe(Date.parse("2026-12-07T13:00:00Z"));
    expect(activeExceptions([x("z", "tenant:a", "tenant:b")], T0).nextExpiryMs).toBeUndefined();
    expect(isExpired(x("bad", "tenant:a", "tenant:b", "not a time"), T0)).toBe(true);
  });

  it("clear a violation in the engine while they hold, and bring it back when they expire", () => {
    const all = [x("ci", "tenant:a", "tenant:b", "2026-12-07T12:05:00Z")];
    const g = new PolicyGraph({ platformCIDRs: [] });
    for (const o of [...platformBase(), ...peered()]) g.applyObject(o);
    g.setInput(withExceptions({ platformCIDRs: [] }, activeExceptions(all, T0).active));
    expect(g.violations().map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:b>tenant:a"]);
    expect(g.edge("tenant:a", "tenant:b").excepted).toBe(true);
    g.setInput(withExceptions({ platformCIDRs: [] }, activeExceptions(all, Date.parse("2026-12-07T12:06:00Z")).active));
    expect(g.violations().map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:a>tenant:b", "tenant:b>tenant:a"]);
    expect(g.edge("tenant:a", "tenant:b").excepted).toBeUndefined();
  });

  it("are active when they excuse a path that exists, unused when none does, expired past their time", () => {
    const all = [x("used", "tenant:a", "tenant:b"), x("idle", "tenant:a", "platform"), x("gone", "tenant:b", "tenant:a", "2026-12-07T11:00:00Z")];
    const g = new PolicyGraph({ platformCIDRs: [] });
    for (const o of [...platformBase(), ...peered()]) g.applyObject(o);
    g.setInput(withExceptions({ platformCIDRs: [] }, activeExceptions(all, T0).active));
    const states = exceptionStates(all, g.edges(), T0);
    expect(states.map((s) => `${s.name}:${s.state}`)).toEqual(["idle:unused", "used:active", "gone:expired"]);
    expect(g.warnings().filter((w) => w.code === "UnusedException").map((w) => w.detail)).toEqual(["tenant:a → platform matches no violating edge"]);
  });
});

describe("changing only the exceptions", () => {
  it("recomputes no tenant, and still marks edges and violations by the new exceptions", () => {
    const g = new PolicyGraph({ platformCIDRs: ["10.96.0.0/12"] });
    for (const o of [...platformBase(), ...peered()]) g.applyObject(o);
    const before = g.refresh();
    g.setInput(withExceptions({ platformCIDRs: ["10.96.0.0/12"] }, [x("ci", "tenant:a", "tenant:b")]));
    // Nothing was refreshed: the stats are those of the last computation.
    expect(g.refresh()).toBe(before);
    expect(g.violations().map((v) => `${v.from}>${v.to}`)).toEqual(["tenant:b>tenant:a"]);
    // A change of the platform's CIDRs is a change of the networks: every tenant again.
    g.setInput(withExceptions({ platformCIDRs: ["10.96.0.0/12", "10.2.0.0/24"] }, [x("ci", "tenant:a", "tenant:b")]));
    const after = g.refresh();
    expect(after).not.toBe(before);
    expect(after.recomputed).toBe(2);
  });
});
