import { USAGE_KEYS, type UsageKey } from "@/lib/fleet/usage";

/** Where a trend's points come from: Prometheus (the console's own series), or this console's memory since it started. */
export type TrendSource = "prometheus" | "memory";

/** The tenant phases counted by the fleet trend (as `kmetal_tenants` labels them). */
export const TREND_PHASES = ["Pending", "Provisioning", "Ready", "Updating", "Degraded", "Refused", "Deleting"] as const;
export type TrendPhase = (typeof TREND_PHASES)[number];

/** Series ids. Usage: `usage.<key>.used|hard`; capacity: `capacity.cpu|memoryGi.requested|allocatable`; phases: `phase.<phase>`. */
export const usageSeries = (k: UsageKey, which: "used" | "hard") => `usage.${k}.${which}`;
export const capacitySeries = (r: "cpu" | "memoryGi", which: "requested" | "allocatable") => `capacity.${r}.${which}`;
export const phaseSeries = (p: string) => `phase.${p}`;

export const FLEET_SERIES: string[] = [
  ...USAGE_KEYS.flatMap((k) => [usageSeries(k, "used"), usageSeries(k, "hard")]),
  capacitySeries("cpu", "requested"), capacitySeries("cpu", "allocatable"),
  capacitySeries("memoryGi", "requested"), capacitySeries("memoryGi", "allocatable"),
  ...TREND_PHASES.map(phaseSeries),
];
export const TENANT_SERIES: string[] = USAGE_KEYS.flatMap((k) => [usageSeries(k, "used"), usageSeries(k, "hard")]);

/** One sample: a value per series id; a missing value (not reported, unlimited) is absent. */
export interface TrendPoint {
  /** Milliseconds since the epoch. */
  t: number;
  values: Record<string, number>;
}

/**
 * A trend as the views draw it: one time axis (ms) and, per series, a value for each time (null = no value
 * then). `since` is when the history starts (memory: the first sample of this console process).
 */
export interface Trend {
  source: TrendSource;
  since?: number;
  /** Seconds between points after downsampling. */
  stepSeconds: number;
  t: number[];
  series: Record<string, (number | null)[]>;
}

/** Latest, min and max of one series (for the text alternative of a chart). */
export function summarize(values: (number | null)[]): { latest?: number; min?: number; max?: number } {
  let latest: number | undefined;
  let min: number | undefined;
  let max: number | undefined;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    latest = v;
    min = min === undefined || v < min ? v : min;
    max = max === undefined || v > max ? v : max;
  }
  return { latest, min, max };
}
