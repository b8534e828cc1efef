import { describe, expect, it } from "vitest";
import { gatewayOf, hostCapacity, nthHost, overlaps, parseCidr } from "@/lib/net/cidr";

describe("IPv4 CIDRs", () => {
  it("parses and refuses bad input", () => {
    expect(parseCidr("10.20.0.0/24")).toMatchObject({ prefix: 24, text: "10.20.0.0/24" });
    expect(parseCidr("10.20.0.5/24")).toBeUndefined(); // host bits set
    expect(parseCidr("300.0.0.0/8")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("fd00::/64")).toBeUndefined();
  });
  it("detects overlap, including containment and touching edges", () => {
    const c = (s: string) => parseCidr(s)!;
    expect(overlaps(c("10.0.0.0/16"), c("10.0.5.0/24"))).toBe(true);
    expect(overlaps(c("10.0.0.0/24"), c("10.0.1.0/24"))).toBe(false);
    expect(overlaps(c("10.0.0.0/23"), c("10.0.1.0/24"))).toBe(true);
    expect(overlaps(c("0.0.0.0/0"), c("192.168.1.0/24"))).toBe(true);
  });
  it("computes gateway, capacity and host addresses", () => {
    const c = parseCidr("10.1.2.0/29")!;
    expect(gatewayOf(c)).toBe("10.1.2.1");
    expect(hostCapacity(c)).toBe(5);
    expect(nthHost(c, 0)).toBe("10.1.2.2");
    expect(nthHost(c, 4)).toBe("10.1.2.6");
    expect(nthHost(c, 5)).toBeUndefined(); // .7 is broadcast
  });
});
