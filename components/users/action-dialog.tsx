"use client";

import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/**
 * A user action's dialog. Focus moves in when it opens (to a `data-autofocus` control if there is one) and back
 * to its trigger, or to `returnFocusTo`, when it closes; Escape closes it.
 */
export function ActionDialog({ title, description, tone = "neutral", open, onOpenChange, trigger, returnFocusTo, children }: {
  title: string; description?: React.ReactNode; tone?: "neutral" | "alarm"; open: boolean; onOpenChange: (open: boolean) => void;
  trigger?: React.ReactNode; returnFocusTo?: string; children: React.ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent tone={tone}
        onOpenAutoFocus={(e) => {
          const target = (e.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>("[data-autofocus]");
          if (target) { e.preventDefault(); target.focus(); }
        }}
        onCloseAutoFocus={(e) => {
          const back = returnFocusTo && document.getElementById(returnFocusTo);
          if (back) { e.preventDefault(); back.focus(); }
        }}>
        <DialogTitle className={tone === "alarm" ? "text-alarm" : undefined}>{title}</DialogTitle>
        {description ? <DialogDescription asChild><div>{description}</div></DialogDescription> : <DialogDescription className="sr-only">{title}</DialogDescription>}
        {children}
      </DialogContent>
    </Dialog>
  );
}
