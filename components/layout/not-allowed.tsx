import Link from "next/link";
import { useTranslations } from "next-intl";

/** What a signed-in user sees on a page their roles do not open: a plain statement, never an empty page. */
export function NotAllowed({ title, role }: { title: string; role: string }) {
  const t = useTranslations("notAllowed");
  return (
    <section aria-labelledby="not-allowed-title" className="max-w-xl space-y-3 rounded-lg border border-alarm/40 bg-alarm/5 p-6">
      <h1 id="not-allowed-title" className="text-xl font-semibold">{t("title")}</h1>
      <p>{t.rich("body", { what: title, role, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <Link href="/tenants" className="text-accent underline">
        {t("back")}
      </Link>
    </section>
  );
}
