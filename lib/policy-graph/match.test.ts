import { describe, expect, it } from "vitest";
import { ICMP, OTHER, TCP, UDP, fullBox, forEachAtom, type Box } from "@/lib/policy-graph/box";
import { evalExpr, parseMatch, ruleMatches } from "@/lib/policy-graph/match";
import { parseIPv4 } from "@/lib/policy-graph/ip";

const ip = (s: string) => parseIPv4(s)!;
const point = (src: string, dst: string, protos: number, port = 1): Box => ({ sLo: ip(src), sHi: ip(src), dLo: ip(dst), dHi: ip(dst), protos, pLo: port, pHi: port });

describe("OVN match subset (§8.4)", () => {
  it("evaluates addresses, CIDRs, sets and negation", () => {
    const e = parseMatch("ip4.src == {10.0.0.0/24, 10.9.9.9} && ip4.dst != 192.168.0.0/16").expr;
    expect(evalExpr(e, point("10.0.0.7", "8.8.8.8", TCP))).toBe(true);
    expect(evalExpr(e, point("10.9.9.9", "8.8.8.8", TCP))).toBe(true);
    expect(evalExpr(e, point("10.0.1.7", "8.8.8.8", TCP))).toBe(false);
    expect(evalExpr(e, point("10.0.0.7", "192.168.3.3", TCP))).toBe(false);
  });
  it("evaluates protocols, port comparisons, ranges, ip.proto and parentheses", () => {
    const e = parseMatch("(tcp && tcp.dst >= 8000 && tcp.dst <= 8080) || (udp && 50 <= udp.dst <= 53) || ip.proto == 1").expr;
    expect(evalExpr(e, point("1.1.1.1", "2.2.2.2", TCP, 8080))).toBe(true);
    expect(evalExpr(e, point("1.1.1.1", "2.2.2.2", TCP, 8081))).toBe(false);
    expect(evalExpr(e, point("1.1.1.1", "2.2.2.2", UDP, 53))).toBe(true);
    expect(evalExpr(e, point("1.1.1.1", "2.2.2.2", UDP, 54))).toBe(false);
    expect(evalExpr(e, point("1.1.1.1", "2.2.2.2", ICMP))).toBe(true);
    expect(evalExpr(e, point("1.1.1.1", "2.2.2.2", OTHER))).toBe(false);
    // "tcp.dst != 80" still requires tcp.
    expect(evalExpr(parseMatch("tcp.dst != 80").expr, point("1.1.1.1", "2.2.2.2", UDP, 81))).toBe(false);
    expect(evalExpr(parseMatch("!(tcp.dst == 80)").expr, point("1.1.1.1", "2.2.2.2", UDP, 81))).toBe(true);
  });
  it("marks clauses outside the subset unknown, and resolves rules toward reachability", () => {
    const m = parseMatch('inport == "x" && ip4.dst == 10.0.0.0/8');
    expect(m.unknown).toEqual(['inport == "x"']);
    const b = point("1.1.1.1", "10.1.1.1", TCP);
    expect(evalExpr(m.expr, b)).toBeUndefined();
    expect(ruleMatches(m.expr, b, true)).toBe(false); // a drop with an unknown clause does not match
    expect(ruleMatches(m.expr, b, false)).toBe(true); // an allow/reroute does
    // Kleene logic: a known false side decides.
    expect(evalExpr(m.expr, point("1.1.1.1", "11.1.1.1", TCP))).toBe(false);
    expect(parseMatch("ip4.src == $as_x").unknown).toEqual(["ip4.src == $as_x"]);
    expect(parseMatch("tcp.src == 80").unknown).toHaveLength(1);
    expect(parseMatch("ip4.dst == ").unknown).toHaveLength(1);
  });
  it("splits a box exactly at the boundaries the expression uses", () => {
    const e = parseMatch("ip4.dst == 10.0.0.0/25 && tcp.dst == 443").expr;
    const atoms: [Box, boolean][] = [];
    forEachAtom(fullBox(ip("1.0.0.0"), ip("1.0.0.0"), ip("10.0.0.0"), ip("10.0.0.255")), (b) => evalExpr(e, b) === true, (b, r) => atoms.push([b, r]));
    const hits = atoms.filter(([, r]) => r);
    expect(hits).toHaveLength(1);
    expect(hits[0]![0]).toMatchObject({ dLo: ip("10.0.0.0"), dHi: ip("10.0.0.127"), protos: TCP, pLo: 443, pHi: 443 });
  });
});
