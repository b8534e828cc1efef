"use client";

import { Slot } from "@radix-ui/react-slot";
import { createContext, useContext, useId } from "react";
import { Controller, FormProvider, useFormContext, useFormState, type ControllerProps, type FieldPath, type FieldValues } from "react-hook-form";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

/**
 * react-hook-form bound to the kit (shadcn's form pattern): FormField wires one field, FormControl gives its
 * control the id, aria-invalid and aria-describedby (hint and error), FormMessage shows the error in red.
 * Focus on the first invalid field comes from react-hook-form itself (shouldFocusError), so every control
 * must take the field's ref.
 */
export const Form = FormProvider;

const FieldContext = createContext<{ name: string } | null>(null);
const ItemContext = createContext<{ id: string } | null>(null);

export function FormField<V extends FieldValues, N extends FieldPath<V>>(props: ControllerProps<V, N>) {
  return (
    <FieldContext.Provider value={{ name: props.name }}>
      <Controller {...props} />
    </FieldContext.Provider>
  );
}

export function useFormField() {
  const field = useContext(FieldContext);
  const item = useContext(ItemContext);
  const { getFieldState } = useFormContext();
  const state = useFormState({ name: field?.name });
  if (!field || !item) throw new Error("useFormField belongs inside <FormField> and <FormItem>");
  const { error } = getFieldState(field.name, state);
  // A stable id from the field path: e2e tests and labels may refer to it ("network.cidr").
  const id = item.id;
  return { name: field.name, id, hintId: `${id}-hint`, errorId: `${id}-error`, error };
}

/** One field's block. `id` defaults to the field's path, so <label for> and error ids are predictable. */
export function FormItem({ className, id, ...props }: React.ComponentProps<"div">) {
  const field = useContext(FieldContext);
  const fallback = useId();
  return (
    <ItemContext.Provider value={{ id: id ?? field?.name ?? fallback }}>
      <div data-slot="form-item" className={cn("space-y-1", className)} {...props} />
    </ItemContext.Provider>
  );
}

export function FormLabel({ className, ...props }: React.ComponentProps<"label">) {
  const { id, error } = useFormField();
  return <Label data-slot="form-label" data-error={!!error} htmlFor={id} className={className} {...props} />;
}

export function FormControl({ hasHint = false, ...props }: React.ComponentProps<typeof Slot> & { hasHint?: boolean }) {
  const { id, hintId, errorId, error } = useFormField();
  const describedBy = [hasHint && hintId, error && errorId].filter(Boolean).join(" ") || undefined;
  return <Slot data-slot="form-control" id={id} aria-invalid={!!error} aria-describedby={describedBy} {...props} />;
}

export function FormDescription({ className, ...props }: React.ComponentProps<"p">) {
  const { hintId } = useFormField();
  return <p data-slot="form-description" id={hintId} className={cn("text-xs text-fg-muted", className)} {...props} />;
}

export function FormMessage({ className, ...props }: React.ComponentProps<"p">) {
  const { errorId, error } = useFormField();
  if (!error?.message) return null;
  return <p data-slot="form-message" id={errorId} className={cn("text-sm text-alarm", className)} {...props}>{error.message}</p>;
}

/** Problems the server reported for fields this form does not show (set as "root.server"). */
export function FormRootMessage({ className, ...props }: React.ComponentProps<"p">) {
  const { errors } = useFormState();
  const message = (errors.root as { server?: { message?: string } } | undefined)?.server?.message;
  if (!message) return null;
  return <p role="alert" data-slot="form-root-message" className={cn("rounded-md border border-alarm/40 bg-alarm/10 px-3 py-2 text-sm text-alarm", className)} {...props}>{message}</p>;
}
