/** IPv4 CIDR arithmetic on plain numbers (no I/O, isomorphic). */
export interface Cidr {
  /** First address as an unsigned 32-bit number. */
  start: number;
  /** Last address. */
  end: number;
  prefix: number;
  text: string;
}

export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export const formatIPv4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

/** Parses "a.b.c.d/len"; the host bits must be zero (10.0.0.0/24, not 10.0.0.5/24). */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const ip = parseIPv4(m[1]!);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (ip % size !== 0) return undefined;
  return { start: ip, end: ip + size - 1, prefix, text: `${m[1]}/${prefix}` };
}

export const overlaps = (a: Cidr, b: Cidr) => a.start <= b.end && b.start <= a.end;

/** Usable host addresses: network, gateway (first host) and broadcast excluded. */
export function hostCapacity(c: Cidr): number {
  return Math.max(0, c.end - c.start + 1 - 3);
}

/** The conventional gateway: the first host address. */
export const gatewayOf = (c: Cidr) => formatIPv4(c.start + 1);

/** The n-th address handed to a workload (0-based), after the gateway. */
export function nthHost(c: Cidr, n: number): string | undefined {
  const ip = c.start + 2 + n;
  return ip < c.end ? formatIPv4(ip) : undefined;
}
