/**
 * Policy exceptions as the platform keeps them (kmetal.io PolicyException objects): which apply at a given
 * time, when the next one runs out, and whether each one excuses a path that exists (spec §12).
 */
import { isViolating } from "@/lib/policy-graph/graph";
import type { Edge, PolicyInput } from "@/lib/policy-graph/types";

export interface ExceptionRecord {
  /** The object's name. */
  name: string;
  from: string;
  to: string;
  reason: string;
  /** RFC 3339; absent = until removed. */
  expires?: string;
  /** The console user who created it. */
  who: string;
  createdAt?: string;
}

export type ExceptionState = "active" | "unused" | "expired";
export interface ExceptionStatus extends ExceptionRecord {
  state: ExceptionState;
}

const expiresAt = (x: ExceptionRecord) => (x.expires ? Date.parse(x.expires) : Number.POSITIVE_INFINITY);
/** Expired at `nowMs`: the expiry time has come (an unreadable time counts as expired, so it never excuses). */
export const isExpired = (x: ExceptionRecord, nowMs: number) => !(expiresAt(x) > nowMs);

/** The exceptions that apply at `nowMs`, in name order, and the time the first of them stops applying. */
export function activeExceptions(records: ExceptionRecord[], nowMs: number): { active: ExceptionRecord[]; nextExpiryMs?: number } {
  const active = records.filter((x) => !isExpired(x, nowMs)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const times = active.map(expiresAt).filter(Number.isFinite);
  return { active, nextExpiryMs: times.length ? Math.min(...times) : undefined };
}

/** The engine's input with these exceptions (directional, exact ids). */
export function withExceptions(input: PolicyInput, active: ExceptionRecord[]): PolicyInput {
  return { ...input, exceptions: active.map(({ from, to, reason }) => ({ from, to, reason })) };
}

/**
 * Each exception's state: `expired` past its time; `unused` when no path it names is allowed or partial
 * (the engine's UnusedException); `active` when it excuses a path that exists.
 */
export function exceptionStates(records: ExceptionRecord[], edges: Edge[], nowMs: number): ExceptionStatus[] {
  const violating = new Set(edges.filter(isViolating).map((e) => `${e.from}>${e.to}`));
  return records
    .map((x): ExceptionStatus => ({ ...x, state: isExpired(x, nowMs) ? "expired" : violating.has(`${x.from}>${x.to}`) ? "active" : "unused" }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : a.name < b.name ? -1 : 1));
}
