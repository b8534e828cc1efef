/** Spec §10–§11: from the atoms of an edge to its verdict, ports, one-way flag and merged reasons. */
import { ICMP, OTHER, PORTED, PROTO_NAMES } from "@/lib/policy-graph/box";
import type { Atom } from "@/lib/policy-graph/evaluate";
import type { Edge, Effect, Reason } from "@/lib/policy-graph/types";

const MAX_DETAILS = 4;

export function mergeReasons(lists: Reason[][]): Reason[] {
  const byKey = new Map<string, { r: Reason; details: string[] }>();
  for (const list of lists) {
    for (const r of list) {
      const key = `${r.ref}\u0000${r.path ?? ""}`;
      const prev = byKey.get(key);
      if (!prev) {
        byKey.set(key, { r: { ref: r.ref, ...(r.path ? { path: r.path } : {}), effect: r.effect }, details: r.detail ? [r.detail] : [] });
        continue;
      }
      prev.r.effect = mergeEffect(prev.r.effect, r.effect);
      if (r.detail && !prev.details.includes(r.detail)) prev.details.push(r.detail);
    }
  }
  return [...byKey.values()].map(({ r, details }) => {
    if (details.length === 0) return r;
    const shown = details.slice(0, MAX_DETAILS).join("; ");
    return { ...r, detail: details.length > MAX_DETAILS ? `${shown}; … (${details.length - MAX_DETAILS} more)` : shown };
  });
}

function mergeEffect(a: Effect, b: Effect): Effect {
  if (a === b) return a;
  if (a === "assumption" || b === "assumption") return "assumption";
  return "narrows";
}

/** Ports as "tcp/443", "udp/53", "tcp/8000-8080", "icmp", "other", merged and sorted. */
export function portsOf(atoms: Atom[]): string[] | undefined {
  const ranges = new Map<number, [number, number][]>();
  let full = true;
  for (const [bit] of PROTO_NAMES) ranges.set(bit, []);
  for (const a of atoms) {
    if (a.result === "blocked") continue;
    for (const [bit] of PROTO_NAMES) if (a.box.protos & bit) ranges.get(bit)!.push(bit & PORTED ? [a.box.pLo, a.box.pHi] : [0, 0]);
  }
  const out: string[] = [];
  for (const [bit, name] of PROTO_NAMES) {
    const list = ranges.get(bit)!.sort((p, q) => p[0] - q[0]);
    if (bit === ICMP || bit === OTHER) {
      if (list.length) out.push(name);
      else full = false;
      continue;
    }
    const merged: [number, number][] = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    if (!(merged.length === 1 && merged[0]![0] <= 1 && merged[0]![1] >= 65535)) full = false;
    for (const [lo, hi] of merged) out.push(lo === hi ? `${name}/${lo}` : `${name}/${lo}-${hi}`);
  }
  return full ? undefined : out;
}

export function edgeOf(from: string, to: string, atoms: Atom[]): Edge {
  let blocked = 0, oneway = 0, connection = 0;
  for (const a of atoms) {
    if (a.result === "blocked") blocked++;
    else if (a.result === "oneway") oneway++;
    else connection++;
  }
  const verdict = atoms.length === 0 || (connection === 0 && oneway === 0) ? "deny" : blocked === 0 && oneway === 0 ? "allow" : "partial";
  const edge: Edge = { from, to, verdict, reasons: mergeReasons(atoms.map((a) => a.reasons)) };
  if (verdict === "partial") {
    const ports = portsOf(atoms);
    if (ports) edge.ports = ports;
    if (blocked === 0 && oneway > 0) edge.oneway = true;
  }
  return edge;
}

export const noEndpoints = (from: string, to: string, empty: string): Edge => ({
  from, to, verdict: "deny", reasons: [{ ref: "NoEndpoints", effect: "blocks", detail: `${empty} has no endpoints` }],
});
