"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** A page that failed keeps the console's shell (this boundary sits inside it) and offers a way on. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <section role="alert" aria-labelledby="error-title" className="max-w-xl space-y-3">
      <h1 id="error-title" className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-fg-muted">{error.message || t("unexpected")}</p>
      <div className="flex gap-2">
        <Button onClick={reset}>{t("tryAgain")}</Button>
        <Link href="/tenants" className="inline-flex h-10 items-center rounded-md border border-border px-4 text-sm font-medium hover:bg-surface-sunken">{t("backToTenants")}</Link>
      </div>
    </section>
  );
}
