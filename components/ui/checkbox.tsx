"use client";

import * as CheckboxPrimitive from "@radix-ui/react-checkbox";
import { cn } from "@/lib/utils";

/** A role="checkbox" button (aria-checked); label it with <Label htmlFor={id}>. */
export function Checkbox({ className, ...props }: React.ComponentProps<typeof CheckboxPrimitive.Root>) {
  return (
    <CheckboxPrimitive.Root data-slot="checkbox"
      className={cn("peer inline-flex h-4 w-4 shrink-0 items-center justify-center rounded border border-fg-muted bg-surface disabled:cursor-not-allowed disabled:opacity-60 data-[state=checked]:border-accent data-[state=checked]:bg-accent data-[state=checked]:text-accent-fg aria-[invalid=true]:border-alarm", className)}
      {...props}>
      <CheckboxPrimitive.Indicator data-slot="checkbox-indicator" className="text-[10px] leading-none">✓</CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  );
}
