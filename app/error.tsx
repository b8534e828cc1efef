"use client";

import { useTranslations } from "next-intl";

/** Outside the console (the sign-in page): no shell to keep, but still a way back. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <main className="mx-auto max-w-xl space-y-3 p-10" role="alert">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-fg-muted">{error.message || t("unexpected")}</p>
      <button type="button" onClick={reset} className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-fg">{t("tryAgain")}</button>{" "}
      <a href="/tenants" className="text-accent underline">{t("backToConsole")}</a>
    </main>
  );
}
