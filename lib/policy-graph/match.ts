/**
 * The OVN match subset of spec §8.4, parsed once into a tree and evaluated on a box in three-valued logic:
 * a clause outside the subset is "unknown", and a rule whose match comes out unknown is resolved toward
 * reachability by its caller (a drop does not match, an allow/pass/reroute does).
 */
import { ICMP, OTHER, PORTED, SCTP, TCP, UDP, addrIn, portIn, protoIn, type Box } from "@/lib/policy-graph/box";
import { parseNet, type Range } from "@/lib/policy-graph/ip";

export type Expr =
  | { t: "const"; v: boolean }
  | { t: "and" | "or"; a: Expr; b: Expr }
  | { t: "not"; a: Expr }
  | { t: "proto"; mask: number }
  | { t: "addr"; dim: "s" | "d"; ranges: Range[] }
  | { t: "port"; mask: number; ranges: Range[] }
  | { t: "unknown"; text: string };

/** true / false / undefined (unknown). */
export type Tri = boolean | undefined;

export interface ParsedMatch {
  expr: Expr;
  /** Clauses outside the subset, for the UnparsedMatch warning. */
  unknown: string[];
}

const PROTO_WORDS: Record<string, number> = { tcp: TCP, udp: UDP, sctp: SCTP, icmp: ICMP, icmp4: ICMP, ip: TCP | UDP | SCTP | ICMP | OTHER, ip4: TCP | UDP | SCTP | ICMP | OTHER };
const PORT_FIELDS: Record<string, number> = { "tcp.dst": TCP, "udp.dst": UDP, "sctp.dst": SCTP };
const IP_PROTO: Record<number, number> = { 6: TCP, 17: UDP, 132: SCTP, 1: ICMP };

const TOKEN = /\s*(&&|\|\||==|!=|<=|>=|<|>|!|\(|\)|\{|\}|,|"[^"]*"|[^\s&|=!<>(){},"]+)/y;

function tokenize(text: string): string[] | undefined {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    out.push(m[1]!);
  }
  return out;
}

const memo = new Map<string, ParsedMatch>();

export function parseMatch(text: string): ParsedMatch {
  const hit = memo.get(text);
  if (hit) return hit;
  const unknown: string[] = [];
  const tokens = tokenize(text);
  let expr: Expr;
  if (!tokens || tokens.length === 0) {
    expr = { t: "unknown", text };
    unknown.push(text);
  } else {
    let i = 0;
    const peek = () => tokens[i];
    const or = (): Expr => {
      let e = and();
      while (peek() === "||") { i++; e = { t: "or", a: e, b: and() }; }
      return e;
    };
    const and = (): Expr => {
      let e = unary();
      while (peek() === "&&") { i++; e = { t: "and", a: e, b: unary() }; }
      return e;
    };
    const unary = (): Expr => {
      if (peek() === "!") { i++; return { t: "not", a: unary() }; }
      if (peek() === "(") {
        i++;
        const e = or();
        if (peek() !== ")") throw new Error("unbalanced");
        i++;
        return e;
      }
      const start = i;
      let depth = 0;
      while (i < tokens.length) {
        const t = tokens[i]!;
        if (t === "{") depth++;
        else if (t === "}") depth--;
        else if (depth === 0 && (t === "&&" || t === "||" || t === ")")) break;
        i++;
      }
      const clause = tokens.slice(start, i);
      const e = clauseExpr(clause);
      if (e.t === "unknown") unknown.push(e.text);
      return e;
    };
    try {
      expr = or();
      if (i !== tokens.length) throw new Error("trailing");
    } catch {
      expr = { t: "unknown", text };
      unknown.length = 0;
      unknown.push(text);
    }
  }
  const parsed = { expr, unknown };
  memo.set(text, parsed);
  return parsed;
}

function values(tokens: string[]): string[] | undefined {
  if (tokens.length === 1) return [tokens[0]!.replace(/^"|"$/g, "")];
  if (tokens[0] !== "{" || tokens[tokens.length - 1] !== "}") return undefined;
  return tokens.slice(1, -1).filter((t) => t !== ",").map((t) => t.replace(/^"|"$/g, ""));
}

function num(t: string | undefined): number | undefined {
  return t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
}

/** Port set for a comparison operator against one number. */
function portRanges(op: string, n: number): Range[] | undefined {
  switch (op) {
    case "==": return [{ lo: n, hi: n }];
    case "<": return n > 0 ? [{ lo: 0, hi: n - 1 }] : [];
    case "<=": return [{ lo: 0, hi: n }];
    case ">": return [{ lo: n + 1, hi: 65535 }];
    case ">=": return [{ lo: n, hi: 65535 }];
    default: return undefined;
  }
}

function clauseExpr(c: string[]): Expr {
  const text = c.join(" ");
  const unknown: Expr = { t: "unknown", text };
  if (c.length === 1) {
    const mask = PROTO_WORDS[c[0]!];
    return mask !== undefined ? { t: "proto", mask } : c[0] === "1" ? { t: "const", v: true } : unknown;
  }
  // a <= tcp.dst <= b (or <)
  if (c.length === 5 && PORT_FIELDS[c[2]!] !== undefined && (c[1] === "<=" || c[1] === "<") && (c[3] === "<=" || c[3] === "<")) {
    const a = num(c[0]), b = num(c[4]);
    if (a === undefined || b === undefined) return unknown;
    return { t: "port", mask: PORT_FIELDS[c[2]!]!, ranges: [{ lo: c[1] === "<" ? a + 1 : a, hi: c[3] === "<" ? b - 1 : b }] };
  }
  const [field, op, ...rest] = c;
  const vals = values(rest);
  if (!field || !op || !vals || vals.length === 0) return unknown;
  const negate = (e: Expr): Expr => (op === "!=" ? { t: "not", a: e } : e);
  if (field === "ip4.src" || field === "ip4.dst") {
    if (op !== "==" && op !== "!=") return unknown;
    const ranges: Range[] = [];
    for (const v of vals) {
      const r = parseNet(v);
      if (!r) return unknown;
      ranges.push(r);
    }
    return negate({ t: "addr", dim: field === "ip4.src" ? "s" : "d", ranges });
  }
  const pmask = PORT_FIELDS[field];
  if (pmask !== undefined) {
    if (op === "==" || op === "!=") {
      const ranges: Range[] = [];
      for (const v of vals) {
        const n = num(v);
        if (n === undefined) return unknown;
        ranges.push({ lo: n, hi: n });
      }
      // OVN: "tcp.dst != 80" still requires tcp.
      return op === "!=" ? { t: "and", a: { t: "proto", mask: pmask }, b: { t: "not", a: { t: "port", mask: pmask, ranges } } } : { t: "port", mask: pmask, ranges };
    }
    const n = vals.length === 1 ? num(vals[0]) : undefined;
    const ranges = n === undefined ? undefined : portRanges(op, n);
    return ranges ? { t: "port", mask: pmask, ranges } : unknown;
  }
  if (field === "ip.proto" && (op === "==" || op === "!=")) {
    let mask = 0;
    for (const v of vals) {
      const n = num(v);
      if (n === undefined) return unknown;
      const m = IP_PROTO[n];
      // Any other protocol number is part of the single "other" atom: it may or may not match it.
      if (m === undefined) return unknown;
      mask |= m;
    }
    return negate({ t: "proto", mask });
  }
  return unknown;
}

const triAnd = (a: Tri, b: () => Tri): Tri => (a === false ? false : ((x) => (x === false ? false : a === true && x === true ? true : undefined))(b()));
const triOr = (a: Tri, b: () => Tri): Tri => (a === true ? true : ((x) => (x === true ? true : a === false && x === false ? false : undefined))(b()));

export interface EvalOptions {
  /** Replies: destination ports are the client's, which are not modelled. */
  reply?: boolean;
}

/** Evaluates on a box; throws a Split when the answer differs within the box. */
export function evalExpr(e: Expr, box: Box, opts: EvalOptions = {}): Tri {
  switch (e.t) {
    case "const": return e.v;
    case "and": return triAnd(evalExpr(e.a, box, opts), () => evalExpr(e.b, box, opts));
    case "or": return triOr(evalExpr(e.a, box, opts), () => evalExpr(e.b, box, opts));
    case "not": {
      const v = evalExpr(e.a, box, opts);
      return v === undefined ? undefined : !v;
    }
    case "proto": return protoIn(box, e.mask);
    case "addr": return inRanges(box, e.dim, e.ranges);
    case "port": {
      if (!protoIn(box, e.mask)) return false;
      if (opts.reply) return undefined;
      for (const r of e.ranges) if (portIn(box, r.lo, r.hi)) return true;
      return false;
    }
    case "unknown": return undefined;
  }
}

/** Whole box dimension inside the union of ranges (split at the first range that cuts it). */
export function inRanges(box: Box, dim: "s" | "d", ranges: Range[]): boolean {
  for (const r of ranges) if (addrIn(box, dim, r.lo, r.hi)) return true;
  return false;
}

/** A rule with a match resolves unknown toward reachability: drops do not match, others do. */
export function ruleMatches(e: Expr, box: Box, isDrop: boolean, opts: EvalOptions = {}): boolean {
  const v = evalExpr(e, box, opts);
  return v === undefined ? !isDrop : v;
}

export const PORTED_MASK = PORTED;
