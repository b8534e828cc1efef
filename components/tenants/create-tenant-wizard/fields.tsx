"use client";

import type { FieldPath } from "react-hook-form";
import { useFormContext } from "react-hook-form";
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { NumberInput } from "@/components/ui/number-input";
import type { CreateTenantInput } from "@/lib/schemas/tenant";

type Name = FieldPath<CreateTenantInput>;

/** A labelled text or number field of the wizard's form, with its hint and error wired to the control. */
export function WizardField({ name, label, hint, type = "text", className, ...props }: {
  name: Name; label: string; hint?: React.ReactNode; type?: "text" | "number"; className?: string; placeholder?: string; min?: number; max?: number;
}) {
  const { control } = useFormContext<CreateTenantInput>();
  return (
    <FormField control={control} name={name} render={({ field }) => (
      <FormItem className={className}>
        <FormLabel>{label}</FormLabel>
        <FormControl hasHint={!!hint}>
          {type === "number"
            ? <NumberInput {...props} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value as number | undefined} onChange={field.onChange} />
            : <Input {...props} name={field.name} ref={field.ref} onBlur={field.onBlur} value={(field.value as string | undefined) ?? ""} onChange={field.onChange} />}
        </FormControl>
        {hint && <FormDescription>{hint}</FormDescription>}
        <FormMessage />
      </FormItem>
    )} />
  );
}
