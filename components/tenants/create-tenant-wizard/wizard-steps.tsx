"use client";

import { useTranslations } from "next-intl";
import type { Step } from "@/components/tenants/create-tenant-wizard/steps";
import { cn } from "@/lib/utils";

/** The steps as links back (and forward, up to the furthest one reached); the current one is marked. */
export function WizardSteps({ steps, current, furthest, onSelect }: { steps: Step[]; current: number; furthest: number; onSelect: (i: number) => void }) {
  const t = useTranslations("tenants.wizard");
  return (
    <nav aria-label={t("stepsNav")}>
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((s, i) => (
          <li key={s.id}>
            <button type="button" aria-current={i === current ? "step" : undefined} disabled={i > furthest} onClick={() => onSelect(i)}
              className={cn("rounded-md px-2 py-1", i === current ? "bg-accent/10 font-semibold text-accent" : i <= furthest ? "text-fg hover:bg-surface-sunken" : "text-fg-muted")}>
              {t("stepTitle", { n: i + 1, title: t(`steps.${s.id}`) })}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
