"use client";

import { useTranslations } from "next-intl";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Role } from "@/lib/schemas/auth";

/**
 * One checkbox per role; the label is the role's own name, its meaning is the checkbox's description. Used as
 * the control of a react-hook-form field: `ref` goes to the first box, so focus can land on the group.
 */
export function RoleCheckboxes({ idPrefix, value, onChange, error, ref }: {
  idPrefix: string; value: Role[]; onChange: (roles: Role[]) => void; error?: string; ref?: React.Ref<HTMLButtonElement>;
}) {
  const t = useTranslations("users.roleHints");
  const toggle = (role: Role, on: boolean) => onChange(Role.options.filter((r) => (r === role ? on : value.includes(r))));
  return (
    <fieldset aria-describedby={error ? `${idPrefix}-error` : undefined} className="space-y-2">
      <legend className="text-sm font-medium">{t("legend")}</legend>
      {Role.options.map((r, i) => (
        <div key={r} className="flex items-start gap-2">
          <Checkbox id={`${idPrefix}-${r}`} ref={i === 0 ? ref : undefined} className="mt-1" checked={value.includes(r)} aria-invalid={!!error}
            aria-describedby={[`${idPrefix}-${r}-hint`, error && `${idPrefix}-error`].filter(Boolean).join(" ")} onCheckedChange={(v) => toggle(r, v === true)} />
          <div>
            <Label htmlFor={`${idPrefix}-${r}`} className="font-mono font-normal">{r}</Label>
            <p id={`${idPrefix}-${r}-hint`} className="text-xs text-fg-muted">{t(r)}</p>
          </div>
        </div>
      ))}
      {error && <p id={`${idPrefix}-error`} className="text-sm text-alarm">{error}</p>}
    </fieldset>
  );
}
