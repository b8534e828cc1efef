import { describe, expect, it } from "vitest";
import { CreateExceptionSchema, EdgeRefSchema, ObjectRefSchema, TraceQuerySchema, flowSpec, sideSpec } from "@/lib/schemas/network";

const future = () => new Date(Date.now() + 3_600_000).toISOString();

describe("the network view's schemas", () => {
  it("take an exception between two different nodes, never who makes it, with an expiry only in the future", () => {
    const ok = CreateExceptionSchema.parse({ from: "tenant:acme", to: "platform", reason: " shared CI ", expires: future(), who: "mallory" } as never);
    expect(ok).toEqual({ from: "tenant:acme", to: "platform", reason: "shared CI", expires: expect.any(String) });
    expect("who" in ok).toBe(false);
    const issues = (v: unknown) => (CreateExceptionSchema.safeParse(v).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ from: "tenant:acme", to: "tenant:acme", reason: "x" })).toEqual(["to: Pick another node than the source"]);
    expect(issues({ from: "platform", to: "tenant:acme", reason: "x" })).toEqual(["from: A tenant"]);
    expect(issues({ from: "tenant:acme", to: "external", reason: "x" })).toEqual(["to: A tenant or the platform"]);
    expect(issues({ from: "tenant:acme", to: "platform", reason: "  " })).toEqual(["reason: Required"]);
    expect(issues({ from: "tenant:acme", to: "platform", reason: "x", expires: "2020-01-01T00:00:00Z" })).toEqual(["expires: Must lie in the future"]);
    expect(issues({ from: "tenant:acme", to: "platform", reason: "x", expires: "tomorrow" })).toEqual(["expires: A date and time"]);
  });

  it("take a trace from a tenant, subnet, VM or IP to any node, with a port for tcp, udp and sctp", () => {
    const q = TraceQuerySchema.parse({ from: { kind: "vm", value: "tenant-acme/w-0" }, to: { kind: "external" }, protocol: "udp", port: 53 });
    expect([sideSpec(q.from), sideSpec(q.to), flowSpec(q)]).toEqual(["vm:tenant-acme/w-0", "external", "udp/53"]);
    expect(flowSpec({ protocol: "icmp" })).toBe("icmp");
    expect(sideSpec({ kind: "ip", value: "10.1.2.3" })).toBe("10.1.2.3");
    expect(sideSpec({ kind: "subnet", value: "acme-net" })).toBe("subnet:acme-net");
    const issues = (v: unknown) => (TraceQuerySchema.safeParse(v).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ from: { kind: "platform" }, to: { kind: "tenant", value: "acme" }, protocol: "icmp" })).toEqual(["from: Pick a tenant, subnet, VM or IP as the source"]);
    expect(issues({ from: { kind: "tenant", value: "acme" }, to: { kind: "platform" }, protocol: "tcp" })).toEqual(["port: A port from 1 to 65535"]);
    expect(issues({ from: { kind: "ip", value: "10.999.0.1" }, to: { kind: "platform" }, protocol: "icmp" })).toEqual(["from.value: An IPv4 address"]);
    expect(issues({ from: { kind: "tenant", value: "acme" }, to: { kind: "platform" }, protocol: "tcp", port: 70000 })).toEqual(["port: A port from 1 to 65535"]);
  });

  it("name edges by node ids and objects by kind, namespace and name only", () => {
    expect(EdgeRefSchema.safeParse({ from: "tenant:a", to: "external" }).success).toBe(true);
    expect(EdgeRefSchema.safeParse({ from: "another tenant", to: "platform" }).success).toBe(false);
    expect(ObjectRefSchema.safeParse({ ref: "NetworkPolicy/tenant-a/deny-all" }).success).toBe(true);
    expect(ObjectRefSchema.safeParse({ ref: "Subnet/../../secrets" }).success).toBe(false);
  });
});
