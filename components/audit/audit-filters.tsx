"use client";

import { useTranslations } from "next-intl";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

export interface AuditFilterValues {
  user: string;
  tenant: string;
  action: string;
  result: "" | "success" | "denied" | "error";
  /** datetime-local values (the browser's local time). */
  from: string;
  to: string;
}

const TEXT = ["user", "tenant", "action"] as const;

/** The audit view's filters; each change applies at once (the server filters and pages). */
export function AuditFilters({ values, onChange }: { values: AuditFilterValues; onChange: (v: AuditFilterValues) => void }) {
  const t = useTranslations("audit.filters");
  const set = <K extends keyof AuditFilterValues>(k: K, v: AuditFilterValues[K]) => onChange({ ...values, [k]: v });
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label={t("label")}>
      {TEXT.map((f) => (
        <div key={f}>
          <Label htmlFor={`audit-${f}`} className="font-normal text-fg-muted">{t(f)}</Label>
          <Input id={`audit-${f}`} className="w-48" value={values[f]} aria-describedby={f === "action" ? "audit-action-hint" : undefined}
            onChange={(e) => set(f, e.target.value)} />
        </div>
      ))}
      <div>
        <Label htmlFor="audit-result" className="font-normal text-fg-muted">{t("result")}</Label>
        <NativeSelect id="audit-result" value={values.result} onChange={(e) => set("result", e.target.value as AuditFilterValues["result"])}>
          <option value="">{t("allResults")}</option>
          <option value="success">success</option>
          <option value="denied">denied</option>
          <option value="error">error</option>
        </NativeSelect>
      </div>
      <div>
        <Label htmlFor="audit-from" className="font-normal text-fg-muted">{t("from")}</Label>
        <Input id="audit-from" type="datetime-local" className="w-56" value={values.from} onChange={(e) => set("from", e.target.value)} />
      </div>
      <div>
        <Label htmlFor="audit-to" className="font-normal text-fg-muted">{t("to")}</Label>
        <Input id="audit-to" type="datetime-local" className="w-56" value={values.to} onChange={(e) => set("to", e.target.value)} />
      </div>
      <p id="audit-action-hint" className="w-full text-xs text-fg-muted">{t("actionHint")}</p>
    </div>
  );
}
