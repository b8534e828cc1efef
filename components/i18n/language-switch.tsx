"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { LOCALES, LOCALE_NAMES } from "@/lib/i18n/locales";
import { cn } from "@/lib/utils";

/**
 * English or Deutsch. The choice goes to a cookie through a server action (app/set-locale.ts), then the page is
 * rendered again on the server with the other catalog; form input and the query cache stay as they were.
 */
export function LanguageSwitch({ action, className }: { action: (locale: string) => Promise<void>; className?: string }) {
  const t = useTranslations("shell");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const id = useId();
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <label htmlFor={id} className="text-fg-muted">{t("language")}</label>
      <NativeSelect id={id} className="h-8 py-0 text-sm" value={locale} aria-busy={pending || undefined} disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            await action(next);
            router.refresh();
          });
        }}>
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </NativeSelect>
    </span>
  );
}
