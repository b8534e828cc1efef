"use client";

import { useTranslations } from "next-intl";
import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { OwnersPicker } from "@/components/tenants/create-tenant-wizard/owners-picker";

export function StepIdentity({ onlyVersion }: { onlyVersion?: string }) {
  const t = useTranslations("tenants.wizard.identity");
  return (
    <div className="space-y-4">
      <WizardField name="name" label={t("name")} hint={t("nameHint")} />
      <WizardField name="displayName" label={t("displayName")} />
      <OwnersPicker />
      {onlyVersion && <p className="text-sm">{t.rich("onlyVersion", { version: onlyVersion, code: (chunks) => <span className="font-mono">{chunks}</span> })}</p>}
    </div>
  );
}
