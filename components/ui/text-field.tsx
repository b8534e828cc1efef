import { cn } from "@/lib/utils";

/**
 * A labelled input with an optional hint and error beside it. The error is tied to the input with
 * aria-describedby and flips aria-invalid, so screen readers announce it when the field gets focus.
 */
export function TextField({ id, label, hint, error, className, ...props }: React.ComponentProps<"input"> & { id: string; label: string; hint?: string; error?: string }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div data-slot="text-field" className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <input id={id} aria-invalid={!!error} aria-describedby={describedBy} className="block w-full rounded-md border border-border bg-surface px-3 py-2 text-sm aria-[invalid=true]:border-alarm" {...props} />
      {hint && <p id={`${id}-hint`} className="text-xs text-fg-muted">{hint}</p>}
      {error && <p id={`${id}-error`} className="text-sm text-alarm">{error}</p>}
    </div>
  );
}
