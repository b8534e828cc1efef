import { describe, expect, it } from "vitest";
import { countFleet, FleetTally, needsAttention, recentFailures, severity, tenantHealth, worstFirst, type TenantHealth } from "@/lib/overview/fleet";
import { parseTenantFilter, tenantListHref } from "@/lib/overview/tenant-filter";
import type { TenantObject } from "@/lib/schemas/tenant";

const tenant = (name: string, o: { phase?: NonNullable<TenantObject["status"]>["phase"]; cp?: boolean; etcd?: boolean; ready?: number; desired?: number; deleting?: boolean; endpoint?: string; answering?: boolean } = {}): TenantObject => ({
  metadata: { name, ...(o.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: "10.0.0.0/24" }, workerPools: [{ name: "w", replicas: o.desired ?? 2, vcpu: 2, memoryGi: 4, diskGi: 10, image: "x" }], controlPlane: { replicas: 3 } },
  status: {
    phase: o.phase, readyWorkers: o.ready ?? 0, endpoint: o.endpoint,
    conditions: [
      { type: "ControlPlaneReady", status: o.cp ? "True" : "False" },
      { type: "DatastoreReady", status: o.etcd ? "True" : "False" },
      ...(o.answering === undefined ? [] : [{ type: "APIServerAvailable", status: o.answering ? "True" as const : "False" as const }]),
    ],
  },
} as TenantObject);

const h = (name: string, o: Parameters<typeof tenant>[1] = {}, violations = 0) => tenantHealth(tenant(name, o), violations);

describe("tenantHealth", () => {
  it("reads phase, control plane, etcd, endpoint and workers from the Tenant's status", () => {
    expect(h("a", { phase: "Ready", cp: true, etcd: true, ready: 2, desired: 2, endpoint: "127.0.0.1:6443", answering: true }, 1)).toEqual({
      name: "a", phase: "Ready", controlPlane: { ready: true, replicas: 3 }, etcdReady: true, endpoint: { address: "127.0.0.1:6443", answering: true },
      workers: { ready: 2, desired: 2 }, violations: 1,
    });
  });
  it("a tenant being deleted is Deleting whatever its status says; no status is Pending; the endpoint answers as last probed", () => {
    expect(h("a", { phase: "Ready", deleting: true }).phase).toBe("Deleting");
    expect(tenantHealth({ ...tenant("b"), status: undefined }).phase).toBe("Pending");
    expect(h("c", { endpoint: "127.0.0.1:1", cp: true, answering: false }).endpoint.answering).toBe(false);
    expect(h("d", { endpoint: "127.0.0.1:1", cp: true }).endpoint.answering).toBeUndefined(); // not probed yet
  });
});

describe("fleet totals", () => {
  const rows: TenantHealth[] = [
    h("ready", { phase: "Ready", cp: true, etcd: true, ready: 2 }),
    h("scaling", { phase: "Updating", cp: true, etcd: true, ready: 1 }),
    h("broken", { phase: "Degraded", cp: false, etcd: true, ready: 0 }, 2),
    h("new", { phase: "Provisioning", cp: false, ready: 0 }),
    h("gone", { phase: "Ready", deleting: true, cp: false, ready: 0 }),
    h("refused", { phase: "Refused" }, 1),
  ];

  it("counts phases, control planes and workers not ready (not for tenants being deleted or refused), and violations", () => {
    expect(countFleet(rows)).toEqual({
      tenants: 6, byPhase: { Ready: 1, Updating: 1, Degraded: 1, Provisioning: 1, Deleting: 1, Refused: 1 },
      controlPlanesNotReady: 2, workersNotReady: 3, violations: 3, tenantsWithViolations: 2,
    });
  });

  it("the incremental tally equals a count from scratch after every kind of change", () => {
    const tally = new FleetTally();
    expect(tally.sync(rows)).toBe(6);
    expect(tally.counts()).toEqual(countFleet(rows));
    expect(tally.sync(rows)).toBe(0); // same rows: nothing to do
    const next = [
      h("ready", { phase: "Degraded", cp: false, etcd: true, ready: 2 }), // changed
      ...rows.slice(1, 3), // unchanged
      h("new", { phase: "Ready", cp: true, etcd: true, ready: 2 }), // changed
      h("added", { phase: "Pending" }, 4), // new
      // "gone" and "refused" removed
    ];
    expect(tally.sync(next)).toBe(5);
    expect(tally.counts()).toEqual(countFleet(next));
    expect(tally.counts().byPhase).toEqual({ Degraded: 2, Updating: 1, Ready: 1, Pending: 1 }); // no zero entries left behind
    tally.delete("added");
    tally.delete("unknown");
    expect(tally.counts()).toEqual(countFleet(next.filter((r) => r.name !== "added")));
  });

  it("counts handed out are copies: changing one does not change the tally", () => {
    const tally = new FleetTally();
    tally.sync(rows);
    const c = tally.counts();
    c.byPhase.Ready = 99;
    expect(tally.counts().byPhase.Ready).toBe(1);
  });
});

describe("the wall's order", () => {
  it("puts violations first, then broken phases, control planes, etcd and workers; ties by name", () => {
    const rows = [
      h("z-ready", { phase: "Ready", cp: true, etcd: true, ready: 2 }),
      h("a-ready", { phase: "Ready", cp: true, etcd: true, ready: 2 }),
      h("scaling", { phase: "Updating", cp: true, etcd: true, ready: 1 }),
      h("degraded", { phase: "Degraded", cp: false, etcd: false }),
      h("violating", { phase: "Ready", cp: true, etcd: true, ready: 2 }, 1),
      h("provisioning", { phase: "Provisioning" }),
    ];
    expect(rows.sort(worstFirst).map((r) => r.name)).toEqual(["violating", "degraded", "provisioning", "scaling", "a-ready", "z-ready"]);
    expect(severity(h("x", { phase: "Ready", cp: true, etcd: true, ready: 2 }))).toBe(0);
  });
});

describe("needsAttention", () => {
  it("is what the overview counts and the tenant list shows for the same link", () => {
    const row = { phase: "Ready", controlPlaneReady: false, readyWorkers: 1, desiredWorkers: 2 };
    expect(needsAttention(row, "control-plane")).toBe(true);
    expect(needsAttention(row, "workers")).toBe(true);
    expect(needsAttention({ ...row, phase: "Deleting" }, "workers")).toBe(false);
    expect(needsAttention({ ...row, controlPlaneReady: true, readyWorkers: 2 }, "control-plane")).toBe(false);
  });
});

describe("recentFailures", () => {
  it("keeps warnings of visible tenants, newest first, at most the limit", () => {
    const events = [
      { tenant: "a", warning: true, reason: "A1", message: "m", at: "2026-01-01T00:00:01Z" },
      { tenant: "a", warning: false, reason: "Normal", message: "m", at: "2026-01-01T00:00:09Z" },
      { tenant: "secret", warning: true, reason: "Hidden", message: "m", at: "2026-01-01T00:00:08Z" },
      { tenant: "b", warning: true, reason: "B1", message: "m", at: "2026-01-01T00:00:03Z" },
      { tenant: "a", warning: true, reason: "A2", message: "m", at: "2026-01-01T00:00:05Z" },
      { warning: true, reason: "NoTenant", message: "m", at: "2026-01-01T00:00:07Z" },
    ];
    expect(recentFailures(events, (t) => t !== "secret", 2).map((f) => f.reason)).toEqual(["A2", "B1"]);
    expect(recentFailures(events, (t) => t === "a").map((f) => `${f.tenant}:${f.reason}`)).toEqual(["a:A2", "a:A1"]);
  });
});

describe("tenant list filters from the URL", () => {
  it("takes a known phase and attention, ignores anything else, and builds the same links back", () => {
    expect(parseTenantFilter({ phase: "Degraded" })).toEqual({ phase: "Degraded" });
    expect(parseTenantFilter({ phase: ["Ready", "Degraded"], attention: "workers" })).toEqual({ phase: "Ready", attention: "workers" });
    expect(parseTenantFilter({ phase: "ready", attention: "everything" })).toEqual({});
    expect(tenantListHref({ phase: "Refused" })).toBe("/tenants?phase=Refused");
    expect(tenantListHref({ attention: "control-plane" })).toBe("/tenants?attention=control-plane");
    expect(tenantListHref({})).toBe("/tenants");
    expect(parseTenantFilter(Object.fromEntries(new URL(`http://x${tenantListHref({ phase: "Pending", attention: "workers" })}`).searchParams))).toEqual({ phase: "Pending", attention: "workers" });
  });
});
