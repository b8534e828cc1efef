/**
 * The policy graph as a live, incrementally maintained state. Feed it objects (from files or watch caches)
 * with applyChange; read edges, violations and warnings. After a change only the tenants whose evaluation read
 * something that changed are evaluated again; deny edges are never stored (they are the default) and are
 * computed on demand with their reasons.
 */
import { buildModel } from "@/lib/policy-graph/build";
import { Ctx } from "@/lib/policy-graph/context";
import type { Model, StoredObject } from "@/lib/policy-graph/model";
import { KINDS, kindOf, refOf, type Kind } from "@/lib/policy-graph/objects";
import { computeEdge, computeSource, type SourceResult } from "@/lib/policy-graph/sources";
import type { Edge, GraphOutput, KubeObject, PolicyInput, Warning } from "@/lib/policy-graph/types";
import { assembleOutput, graphNodes, markExceptions } from "@/lib/policy-graph/output";
import { patchModel, type Change } from "@/lib/policy-graph/patch";

export interface RefreshStats {
  /** Tenants evaluated again by the last refresh. */
  recomputed: number;
  tenants: number;
}

export class PolicyGraph {
  private store = new Map<Kind, Map<string, StoredObject>>(KINDS.map((k) => [k, new Map()]));
  private rev = 0;
  private input: PolicyInput;
  private model?: Model;
  private results = new Map<string, SourceResult>();
  private depIndex = new Map<string, Set<string>>();
  private stale = true;
  private pending: Change[] = [];
  private inputChanged = true;
  lastRefresh: RefreshStats = { recomputed: 0, tenants: 0 };

  constructor(input: PolicyInput = { platformCIDRs: [] }) {
    this.input = input;
  }

  /**
   * Replace the input (platform CIDRs, exceptions, join CIDR). Exceptions alone recompute nothing: they only
   * mark edges, when edges and violations are read.
   */
  setInput(input: PolicyInput): void {
    const sameNetworks = same(input.platformCIDRs, this.input.platformCIDRs) && input.joinCIDR === this.input.joinCIDR;
    this.input = input;
    if (sameNetworks) return;
    this.stale = true;
    this.inputChanged = true;
  }

  /**
   * Add, replace or delete one object. `kind` is the engine's kind name (watch events and list items carry
   * no kind of their own); objects of other kinds are ignored. Returns whether the object was taken.
   */
  applyChange(kind: string, obj: KubeObject, deleted = false): boolean {
    if (!(KINDS as readonly string[]).includes(kind)) return false;
    const k = kind as Kind;
    const ref = refOf(k, obj);
    const map = this.store.get(k)!;
    const before = map.get(ref);
    let after: StoredObject | undefined;
    if (deleted) {
      if (!map.delete(ref)) return true;
    } else map.set(ref, (after = { kind: k, ref, obj, rev: ++this.rev }));
    this.pending.push({ kind: k, ref, before, after });
    this.stale = true;
    return true;
  }

  /** An object that carries its own apiVersion/kind (YAML files). */
  applyObject(obj: KubeObject, deleted = false): boolean {
    const k = kindOf(obj);
    return k ? this.applyChange(k, obj, deleted) : false;
  }

  /** Brings the graph up to date with every change applied so far. */
  refresh(): RefreshStats {
    if (!this.stale && this.model) return this.lastRefresh;
    const old = this.model;
    const changes = this.pending;
    this.pending = [];
    // Frequent rule changes patch the model in place; everything else rebuilds it.
    const patched = old && !this.inputChanged && changes.length <= 16 ? patchModel(old, this.store, changes) : undefined;
    if (patched?.ok) return this.recompute(old!, patched.keys);
    const model = buildModel(this.store, this.input);
    let dirty: Set<string>;
    if (!old || this.inputChanged) dirty = new Set(model.tenants);
    else {
      dirty = new Set();
      const touch = (key: string) => {
        for (const t of this.depIndex.get(key) ?? []) dirty.add(t);
      };
      for (const [key, v] of model.sig) if (old.sig.get(key) !== v) touch(key);
      for (const key of old.sig.keys()) if (!model.sig.has(key)) touch(key);
      for (const key of patched?.keys ?? []) touch(key);
      for (const t of model.tenants) if (!this.results.has(t)) dirty.add(t);
    }
    return this.recompute(model, undefined, dirty);
  }

  private recompute(model: Model, changedKeys?: Set<string>, dirtySet?: Set<string>): RefreshStats {
    const dirty = dirtySet ?? new Set<string>();
    for (const key of changedKeys ?? []) for (const t of this.depIndex.get(key) ?? []) dirty.add(t);
    // A tenant the patch added has no edges evaluated yet.
    for (const t of model.tenants) if (!this.results.has(t)) dirty.add(t);
    const alive = new Set(model.tenants);
    for (const t of [...this.results.keys()]) if (!alive.has(t)) this.forget(t);
    for (const t of dirty) {
      if (!alive.has(t)) continue;
      this.forget(t);
      const r = computeSource(model, t);
      this.results.set(t, r);
      for (const key of r.deps) {
        let set = this.depIndex.get(key);
        if (!set) this.depIndex.set(key, (set = new Set()));
        set.add(t);
      }
    }
    this.model = model;
    this.stale = false;
    this.inputChanged = false;
    this.lastRefresh = { recomputed: dirty.size, tenants: model.tenants.length };
    return this.lastRefresh;
  }

  private forget(t: string): void {
    const r = this.results.get(t);
    if (!r) return;
    for (const key of r.deps) this.depIndex.get(key)?.delete(t);
    this.results.delete(t);
  }

  private current(): Model {
    this.refresh();
    return this.model!;
  }

  get tenants(): string[] {
    return this.current().tenants;
  }

  /** Every edge that is not deny (allow or partial), without the n² deny edges; sorted by (from, to). */
  edges(): Edge[] {
    const model = this.current();
    const out: Edge[] = [];
    for (const t of model.tenants) for (const e of this.results.get(t)!.edges.values()) out.push(e);
    return markExceptions(out, this.input).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  }

  /** One edge with its verdict and reasons; deny edges are computed here, on demand. */
  edge(from: string, to: string): Edge {
    const model = this.current();
    const cached = from.startsWith("tenant:") ? this.results.get(from.slice(7))?.edges.get(to) : undefined;
    const e = cached ?? computeEdge(new Ctx(model), from, to);
    return markExceptions([e], this.input)[0]!;
  }

  /** Violations: tenant → another tenant or platform, allow or partial, not excepted (§12). */
  violations(): Edge[] {
    return this.edges().filter((e) => isViolating(e) && !e.excepted);
  }

  warnings(): Warning[] {
    const model = this.current();
    const all = new Map<string, Warning>();
    for (const w of model.warnings) all.set(`${w.code}|${w.ref}|${w.path ?? ""}|${w.detail ?? ""}`, w);
    for (const t of model.tenants) for (const [k, w] of this.results.get(t)!.warnings) all.set(k, w);
    const violating = new Set(this.edges().filter(isViolating).map((e) => `${e.from}>${e.to}`));
    (this.input.exceptions ?? []).forEach((x, i) => {
      if (!violating.has(`${x.from}>${x.to}`)) all.set(`UnusedException|${i}`, { code: "UnusedException", ref: "Input", path: `exceptions[${i}]`, detail: `${x.from} → ${x.to} matches no violating edge` });
    });
    return [...all.values()].sort((a, b) => cmp(a.code, b.code) || cmp(a.ref, b.ref) || cmp(a.path ?? "", b.path ?? "") || cmp(a.detail ?? "", b.detail ?? ""));
  }

  nodes() {
    return graphNodes(this.current());
  }

  /** The model the graph was computed from (for the trace and for views that draw topology). */
  modelView(): Model {
    return this.current();
  }

  /** The spec §13 document: every required edge, deny edges included (this is the n² part). */
  output(): GraphOutput {
    const model = this.current();
    return assembleOutput(model, this.nodes(), this.edges(), (from, to) => this.edge(from, to), this.violations(), this.warnings());
  }
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const isViolating = (e: Edge) => e.from.startsWith("tenant:") && e.to !== e.from && (e.to === "platform" || e.to.startsWith("tenant:")) && e.verdict !== "deny";

/** One-shot: the whole graph of a set of objects. */
export function computeAll(objects: KubeObject[], input: PolicyInput): PolicyGraph {
  const g = new PolicyGraph(input);
  for (const o of objects) g.applyObject(o);
  g.refresh();
  return g;
}
