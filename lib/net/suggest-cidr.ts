import { formatIPv4, overlaps, parseCidr, type Cidr } from "@/lib/net/cidr";

/** Private ranges searched in order for a free network: 172.16/12 first (kept clear of common office LANs), then 10/8. */
const POOLS = ["172.16.0.0/12", "10.0.0.0/8", "192.168.0.0/16"];

/**
 * The first network of the given size that overlaps none of `taken` (other tenants' CIDRs and the platform's
 * own), or undefined when the private ranges are full. Unparseable entries are ignored.
 */
export function suggestFreeCidr(taken: string[], prefix = 24): string | undefined {
  const used = taken.map(parseCidr).filter((c): c is Cidr => !!c).sort((a, b) => a.start - b.start);
  const size = 2 ** (32 - prefix);
  for (const text of POOLS) {
    const pool = parseCidr(text)!;
    let start = pool.start;
    while (start + size - 1 <= pool.end) {
      const candidate: Cidr = { start, end: start + size - 1, prefix, text: `${formatIPv4(start)}/${prefix}` };
      const clash = used.find((u) => overlaps(u, candidate));
      if (!clash) return candidate.text;
      // Jump past the clash, aligned to the candidate size.
      start = Math.ceil((clash.end + 1) / size) * size;
    }
  }
  return undefined;
}
