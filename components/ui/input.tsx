import { cn } from "@/lib/utils";

/** The one text input style; `aria-invalid` (set by FormControl or by hand) turns the border red. */
export const inputClass =
  "block w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-fg placeholder:text-fg-muted disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-alarm aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-alarm";

export function Input({ className, type = "text", ...props }: React.ComponentProps<"input">) {
  return <input data-slot="input" type={type} className={cn(inputClass, className)} {...props} />;
}
