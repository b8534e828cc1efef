/** What one evaluation records: reasons and trace hops of the current atom, dependencies read, warnings. */
import type { Model } from "@/lib/policy-graph/model";
import type { Reason, Warning } from "@/lib/policy-graph/types";

export interface Hop {
  step: string;
  ref?: string;
  path?: string;
  effect?: Reason["effect"];
  detail?: string;
}

export class Ctx {
  reasons: Reason[] = [];
  hops: Hop[] = [];

  constructor(
    readonly model: Model,
    readonly deps: Set<string> = new Set(),
    readonly warnings: Map<string, Warning> = new Map(),
    readonly tracing = false,
  ) {}

  /** Start a new atom (a Split re-runs the evaluation from the beginning). */
  reset(): void {
    this.reasons = [];
    this.hops = [];
  }

  read(key: string): void {
    this.deps.add(key);
  }

  warn(w: Warning): void {
    this.warnings.set(`${w.code}|${w.ref}|${w.path ?? ""}|${w.detail ?? ""}`, w);
  }

  reason(r: Reason, step?: string): void {
    this.reasons.push(r);
    if (this.tracing) this.hops.push({ step: step ?? r.effect, ref: r.ref, path: r.path, effect: r.effect, detail: r.detail });
  }

  hop(step: string, detail?: string): void {
    if (this.tracing) this.hops.push({ step, detail });
  }
}
