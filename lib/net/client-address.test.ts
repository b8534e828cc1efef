import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress } from "@/lib/net/client-address";

const xff = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("clientAddress", () => {
  it("knows no address without a trusted proxy, whatever the header says", () => {
    // next start sets the header to the socket's peer only when the client sent none: either way, untrusted.
    expect(clientAddress(xff("127.0.0.1"), 0)).toBeUndefined();
    expect(clientAddress(xff("6.6.6.6"), 0)).toBeUndefined();
    expect(clientAddress(xff("6.6.6.6, 127.0.0.1"), 0)).toBeUndefined();
    expect(clientAddress(xff(), 0)).toBeUndefined();
  });

  it("takes the entry the one trusted proxy appended: the last", () => {
    expect(clientAddress(xff("203.0.113.7"), 1)).toBe("203.0.113.7");
    // The client's own X-Forwarded-For stands left of it and is ignored.
    expect(clientAddress(xff("6.6.6.6, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(xff("6.6.6.6,7.7.7.7,203.0.113.7"), 1)).toBe("203.0.113.7");
  });

  it("counts trusted proxies from the right", () => {
    // client → CDN (appends the client) → ingress (appends the CDN) → console
    expect(clientAddress(xff("6.6.6.6, 203.0.113.7, 192.0.2.10"), 2)).toBe("203.0.113.7");
    expect(clientAddress(xff("6.6.6.6, 203.0.113.7, 192.0.2.10, 10.0.0.5"), 3)).toBe("203.0.113.7");
    // Fewer entries than proxies: all were written by trusted hops; the leftmost is nearest the client.
    expect(clientAddress(xff("203.0.113.7, 192.0.2.10"), 3)).toBe("203.0.113.7");
  });

  it("knows no address when the chosen entry is missing or not an address", () => {
    expect(clientAddress(xff(), 1)).toBeUndefined();
    expect(clientAddress(xff(" , "), 1)).toBeUndefined();
    expect(clientAddress(xff("203.0.113.7, unknown"), 1)).toBeUndefined();
    expect(clientAddress(xff("203.0.113.7, evil.example"), 1)).toBeUndefined();
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:4711", "203.0.113.7"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["::1", "::1"],
  ])("%j is %j", (entry, address) => {
    expect(normalizeAddress(entry)).toBe(address);
  });
  it.each(["unknown", "", "_hidden", "evil.example", "999.1.1.1", "203.0.113.7, 1.1.1.1", "1.2.3"])("%j is no address", (entry) => {
    expect(normalizeAddress(entry)).toBeUndefined();
  });
});
