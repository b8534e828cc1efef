"use client";

import * as TooltipPrimitive from "@radix-ui/react-tooltip";
import { cn } from "@/lib/utils";

/** A hint on hover and keyboard focus; never the only place a piece of information lives. */
export function Tooltip({ content, children, ...props }: React.ComponentProps<typeof TooltipPrimitive.Root> & { content: React.ReactNode }) {
  return (
    <TooltipPrimitive.Provider delayDuration={300}>
      <TooltipPrimitive.Root {...props}>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content data-slot="tooltip-content" sideOffset={4}
            className={cn("z-50 max-w-xs rounded-md bg-fg px-2 py-1 text-xs text-surface shadow-md")}>
            {content}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
