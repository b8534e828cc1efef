import { Input } from "@/components/ui/input";

/** A number field whose onChange hands over a number, or undefined when emptied (an optional value is unset). */
export function NumberInput({ value, onChange, ...props }: Omit<React.ComponentProps<"input">, "value" | "onChange" | "type"> & {
  value: number | undefined | null;
  onChange: (value: number | undefined) => void;
}) {
  return (
    <Input data-slot="number-input" type="number" inputMode="numeric" value={value ?? ""} {...props}
      onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.valueAsNumber)} />
  );
}
