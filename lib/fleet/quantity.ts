/**
 * Kubernetes resource quantities (`500m`, `4Gi`, `1.5`, `2e3`, `128974848`) as plain numbers, in the
 * units the console shows: CPUs for cpu, GiB for memory and storage, a count for everything else.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity's value in base units (cores, bytes, items); undefined when it is not a quantity. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
  if (!q) return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? "";
  return n * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

const GI = 2 ** 30;
/** Bytes (or a byte quantity) in GiB. */
export const toGi = (q: string | number | undefined) => {
  const v = parseQuantity(q);
  return v === undefined ? undefined : v / GI;
};

/** Rounds for display and comparison without float noise (e.g. 0.1 + 0.2). */
export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
