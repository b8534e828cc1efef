"use client";

import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

/**
 * An inline, non-modal dialog under a user's row (like the tenant delete confirmation). Focus moves into it
 * when it opens (to a `data-autofocus` control if there is one) and back to the button that opened it
 * (`openerId`) when it closes; Escape closes it.
 */
export function ActionPanel({ id, openerId, title, description, tone = "neutral", onClose, children }: {
  id: string; openerId: string; title: string; description?: React.ReactNode; tone?: "neutral" | "alarm"; onClose: () => void; children: React.ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const panel = ref.current;
    (panel?.querySelector<HTMLElement>("[data-autofocus]") ?? panel?.querySelector<HTMLElement>("input, button"))?.focus();
    return () => document.getElementById(openerId)?.focus();
  }, [openerId]);
  return (
    <div
      ref={ref}
      id={id}
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
      className={cn("space-y-3 rounded-md border p-4", tone === "alarm" ? "border-alarm/50 bg-alarm/5" : "border-border bg-surface")}
    >
      <h3 id={`${id}-title`} className={cn("font-semibold", tone === "alarm" && "text-alarm")}>{title}</h3>
      {description && <div id={`${id}-desc`} className="text-sm">{description}</div>}
      {children}
    </div>
  );
}
