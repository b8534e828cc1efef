import Link from "next/link";
import { useTranslations } from "next-intl";

/** Paths outside the console's own pages (the console's are answered inside its shell). */
export default function NotFound() {
  const t = useTranslations("errors");
  return (
    <main className="mx-auto max-w-xl space-y-3 p-10">
      <h1 className="text-xl font-semibold">{t("notFoundTitle")}</h1>
      <Link href="/tenants" className="text-accent underline">
        {t("backToConsole")}
      </Link>
    </main>
  );
}
