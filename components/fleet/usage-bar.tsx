import { cn } from "@/lib/utils";

const tone = { ok: "bg-ok", warn: "bg-warn", alarm: "bg-alarm" } as const;

/**
 * One resource as a bar: the filled part is what is used, a marker shows what is requested, the whole width
 * is the limit. A meter for assistive technology, with the values in words (`valueText`), never colour alone.
 */
export function UsageBar({ label, meterLabel, valueText, used, requested, hard, level, className }: {
  label: string; meterLabel: string; valueText: string; used?: number; requested?: number; hard?: number; level: keyof typeof tone; className?: string;
}) {
  const max = hard !== undefined && hard > 0 ? hard : Math.max(used ?? 0, requested ?? 0, 1);
  const pct = (v: number | undefined) => `${Math.min(100, Math.max(0, ((v ?? 0) / max) * 100))}%`;
  return (
    <div data-slot="usage-bar" className={cn("space-y-1", className)}>
      <div className="flex justify-between gap-2 text-sm">
        <span>{label}</span>
        <span className="tabular-nums text-fg-muted">{valueText}</span>
      </div>
      <div role="meter" aria-label={meterLabel} aria-valuemin={0} aria-valuemax={max} aria-valuenow={used ?? 0} aria-valuetext={valueText}
        className="relative h-2.5 w-full overflow-hidden rounded-full bg-surface-sunken">
        <div className={cn("h-full rounded-full", tone[level])} style={{ width: pct(used) }} />
        {requested !== undefined && <div aria-hidden className="absolute inset-y-0 w-0.5 bg-fg" style={{ left: `calc(${pct(requested)} - 1px)` }} />}
      </div>
    </div>
  );
}
