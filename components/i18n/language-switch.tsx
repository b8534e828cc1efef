"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useOptimistic, useTransition } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { LOCALES, LOCALE_NAMES, isLocale } from "@/lib/i18n/locales";
import { cn } from "@/lib/utils";

/**
 * English or Deutsch. The choice goes to a cookie through a server action (app/set-locale.ts), then the page is
 * rendered again on the server with the other catalog; form input and the query cache stay as they were. The
 * select stays enabled while that runs: disabling it would drop keyboard focus.
 */
export function LanguageSwitch({ action, className }: { action: (locale: string) => Promise<void>; className?: string }) {
  const t = useTranslations("shell");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The new choice shows at once, not only when the page in that language has arrived.
  const [shown, setShown] = useOptimistic(locale);
  const id = useId();
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <label htmlFor={id} className="text-fg-muted">{t("language")}</label>
      <NativeSelect id={id} className="h-8 py-0 text-sm" value={shown} aria-busy={pending || undefined}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLocale(next)) return;
          startTransition(async () => {
            setShown(next);
            await action(next);
            router.refresh();
          });
        }}>
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </NativeSelect>
    </span>
  );
}
