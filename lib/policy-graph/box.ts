/**
 * A box is a set of flows: source and destination address intervals, a set of protocols and a destination
 * port interval. The evaluator runs the whole decision procedure on one box; a test that is true for part of
 * the box only throws a Split, the driver cuts the box there and runs both halves again. The boxes that come
 * out are the coarsest atoms (§6) along which the objects actually decide.
 */
export const TCP = 1, UDP = 2, SCTP = 4, ICMP = 8, OTHER = 16;
export const ALL_PROTOS = 31;
export const PORTED = TCP | UDP | SCTP;
export const PROTO_NAMES: [number, string][] = [[TCP, "tcp"], [UDP, "udp"], [SCTP, "sctp"], [ICMP, "icmp"], [OTHER, "other"]];
export const MAX_IP = 0xffffffff;

export interface Box {
  sLo: number;
  sHi: number;
  dLo: number;
  dHi: number;
  protos: number;
  pLo: number;
  pHi: number;
}

export type Dim = "s" | "d" | "port" | "proto";

export class Split {
  constructor(readonly dim: Dim, readonly at: number) {}
}

export const fullBox = (sLo: number, sHi: number, dLo: number, dHi: number): Box => ({ sLo, sHi, dLo, dHi, protos: ALL_PROTOS, pLo: 1, pHi: 65535 });

function intervalTest(lo: number, hi: number, rLo: number, rHi: number, dim: Dim): boolean {
  if (rLo <= lo && hi <= rHi) return true;
  if (rHi < lo || hi < rLo) return false;
  throw new Split(dim, rLo > lo ? rLo : rHi + 1);
}

/** Is the whole box's source (or destination) inside [lo, hi]? Throws a Split when only part is. */
export function addrIn(box: Box, dim: "s" | "d", lo: number, hi: number): boolean {
  return dim === "s" ? intervalTest(box.sLo, box.sHi, lo, hi, "s") : intervalTest(box.dLo, box.dHi, lo, hi, "d");
}

export function protoIn(box: Box, mask: number): boolean {
  const inside = box.protos & mask;
  if (inside === box.protos) return true;
  if (inside === 0) return false;
  throw new Split("proto", mask);
}

/** Destination port inside [lo, hi]; only meaningful once the box holds ported protocols only. */
export function portIn(box: Box, lo: number, hi: number): boolean {
  return intervalTest(box.pLo, box.pHi, lo, hi, "port");
}

/** Cut a box in two at a Split. */
export function cut(box: Box, sp: Split): [Box, Box] {
  switch (sp.dim) {
    case "s": return [{ ...box, sHi: sp.at - 1 }, { ...box, sLo: sp.at }];
    case "d": return [{ ...box, dHi: sp.at - 1 }, { ...box, dLo: sp.at }];
    case "port": return [{ ...box, pHi: sp.at - 1 }, { ...box, pLo: sp.at }];
    case "proto": return [{ ...box, protos: box.protos & sp.at }, { ...box, protos: box.protos & ~sp.at }];
  }
}

/**
 * Runs `fn` on every atom of `start`, splitting as the decisions demand. `fn` must be deterministic: it is
 * re-run from the beginning on each half.
 */
export function forEachAtom<T>(start: Box, fn: (box: Box) => T, out: (box: Box, r: T) => void, limit = 100_000): void {
  const stack: Box[] = [start];
  let runs = 0;
  while (stack.length) {
    const box = stack.pop()!;
    if (++runs > limit) throw new Error("policy graph: too many flow atoms (pathological rule set)");
    try {
      out(box, fn(box));
    } catch (err) {
      if (!(err instanceof Split)) throw err;
      const [a, b] = cut(box, err);
      stack.push(b, a);
    }
  }
}
