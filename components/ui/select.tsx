"use client";

import * as SelectPrimitive from "@radix-ui/react-select";
import { inputClass } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/** Radix Select: a styled listbox for choices that need rich items. Label it with <Label htmlFor> on the trigger's id. */
export const Select = SelectPrimitive.Root;
export const SelectValue = SelectPrimitive.Value;

export function SelectTrigger({ className, children, ...props }: React.ComponentProps<typeof SelectPrimitive.Trigger>) {
  return (
    <SelectPrimitive.Trigger data-slot="select-trigger" className={cn(inputClass, "flex w-auto items-center justify-between gap-2", className)} {...props}>
      {children}
      <SelectPrimitive.Icon aria-hidden className="text-fg-muted">▾</SelectPrimitive.Icon>
    </SelectPrimitive.Trigger>
  );
}

export function SelectContent({ className, children, position = "popper", ...props }: React.ComponentProps<typeof SelectPrimitive.Content>) {
  return (
    <SelectPrimitive.Portal>
      <SelectPrimitive.Content data-slot="select-content" position={position} sideOffset={4}
        className={cn("z-50 max-h-72 min-w-[8rem] overflow-auto rounded-md border border-border bg-surface-raised p-1 text-sm text-fg shadow-md", className)} {...props}>
        <SelectPrimitive.Viewport>{children}</SelectPrimitive.Viewport>
      </SelectPrimitive.Content>
    </SelectPrimitive.Portal>
  );
}

export function SelectItem({ className, children, ...props }: React.ComponentProps<typeof SelectPrimitive.Item>) {
  return (
    <SelectPrimitive.Item data-slot="select-item"
      className={cn("relative flex cursor-default select-none items-center rounded px-2 py-1.5 outline-none data-[highlighted]:bg-surface-sunken data-[state=checked]:font-semibold", className)} {...props}>
      <SelectPrimitive.ItemText>{children}</SelectPrimitive.ItemText>
    </SelectPrimitive.Item>
  );
}
