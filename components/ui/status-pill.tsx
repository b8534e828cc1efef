import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/utils";

const pill = cva("inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium", {
  variants: {
    tone: { ok: "bg-ok/15 text-ok", warn: "bg-warn/15 text-warn", alarm: "bg-alarm/15 text-alarm", neutral: "bg-surface-sunken text-fg-muted" },
  },
  defaultVariants: { tone: "neutral" },
});

/** Colour is never the only signal: the text names the state too. */
export function StatusPill({ tone, className, children, ...props }: React.ComponentProps<"span"> & VariantProps<typeof pill>) {
  return (
    <span data-slot="status-pill" className={cn(pill({ tone }), className)} {...props}>
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-current" />
      {children}
    </span>
  );
}
