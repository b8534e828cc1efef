/** IPv4 parsing for the engine: addresses, CIDRs with host bits (as OVN accepts them), ranges. */
import { formatIPv4, parseIPv4 } from "@/lib/net/cidr";

export interface Range {
  lo: number;
  hi: number;
}

export { formatIPv4, parseIPv4 };

/** "10.0.0.0/24", "10.0.0.5/24" (host bits masked) or a bare address (a /32). IPv6 and junk: undefined. */
export function parseNet(text: string): (Range & { prefix: number }) | undefined {
  const t = text.trim();
  const slash = t.indexOf("/");
  const ip = parseIPv4(slash < 0 ? t : t.slice(0, slash));
  if (ip === undefined) return undefined;
  const prefix = slash < 0 ? 32 : Number(t.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32 || (slash >= 0 && !/^\d{1,2}$/.test(t.slice(slash + 1)))) return undefined;
  const size = 2 ** (32 - prefix);
  const lo = ip - (ip % size);
  return { lo, hi: lo + size - 1, prefix };
}

export const isIpv6 = (text: string) => text.includes(":");

/** The host address of "169.254.0.1/30" (the address itself, not the network). */
export function hostOf(text: string): number | undefined {
  const t = text.trim();
  const slash = t.indexOf("/");
  return parseIPv4(slash < 0 ? t : t.slice(0, slash));
}

/** A range as a CIDR when it is one, else "a-b". */
export function formatRange(lo: number, hi: number): string {
  const size = hi - lo + 1;
  for (let prefix = 0; prefix <= 32; prefix++) {
    const block = 2 ** (32 - prefix);
    if (block === size && lo % block === 0) return prefix === 32 ? formatIPv4(lo) : `${formatIPv4(lo)}/${prefix}`;
  }
  return `${formatIPv4(lo)}-${formatIPv4(hi)}`;
}

export const contains = (r: Range, x: number) => r.lo <= x && x <= r.hi;
export const overlapsRange = (a: Range, b: Range) => a.lo <= b.hi && b.lo <= a.hi;

/** The complement of a set of ranges within 0.0.0.0/0, as sorted disjoint ranges. */
export function complement(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const out: Range[] = [];
  let next = 0;
  for (const r of sorted) {
    if (r.lo > next) out.push({ lo: next, hi: r.lo - 1 });
    next = Math.max(next, r.hi + 1);
  }
  if (next <= 0xffffffff) out.push({ lo: next, hi: 0xffffffff });
  return out;
}
