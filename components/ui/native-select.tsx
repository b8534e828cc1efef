import { inputClass } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/**
 * A native <select>: for short option lists inside forms and filters, where the platform's own picker is the
 * most accessible choice (keyboard type-ahead, mobile pickers) and Playwright's selectOption works.
 */
export function NativeSelect({ className, ...props }: React.ComponentProps<"select">) {
  return <select data-slot="native-select" className={cn(inputClass, "w-auto pr-8", className)} {...props} />;
}
