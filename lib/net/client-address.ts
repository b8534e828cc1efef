const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4, 6 or 0 like node:net's isIP, without Node: the WHATWG URL parser (browsers and Node alike) checks IPv6. */
function isIP(a: string): 0 | 4 | 6 {
  if (V4.test(a)) return 4;
  if (!a.includes(":") || /[^0-9a-f:.]/i.test(a)) return 0;
  try {
    new URL(`http://[${a}]/`);
    return 6;
  } catch {
    return 0;
  }
}

/**
 * The address of the client of a request, as far as the console can know it, or undefined.
 *
 * `next start` does not append the socket's peer to X-Forwarded-For: it sets the header to the peer's address
 * only when the request has none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress` in
 * next/dist/server/base-server.js), and keeps a header the client sent as it is. So no entry is the console's
 * own; each is only as good as whoever wrote it. Every reverse proxy in front of the console appends the address
 * it got the request from, the nearest one last: with `trustedProxies` such proxies, the client is the
 * `trustedProxies`-th entry from the right, and whatever stands left of it is the client's own claim and
 * ignored. With 0 trusted proxies the header may be entirely the client's, so the address is unknown.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string | undefined {
  if (trustedProxies < 1) return undefined;
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  if (!entries.length) return undefined;
  // Fewer entries than proxies: all of them were written by trusted hops, the leftmost nearest the client.
  return normalizeAddress(entries[Math.max(0, entries.length - trustedProxies)]!);
}

/** An IP address without brackets, port or IPv4-mapped prefix; undefined for anything else ("unknown", names). */
export function normalizeAddress(entry: string): string | undefined {
  let a = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  a = a.toLowerCase();
  if (a.startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a : undefined;
}
