import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("notFound") };
}

/** Inside the shell: the navigation stays, and a link leads back. */
export default function NotFound() {
  const t = useTranslations("errors");
  return (
    <section aria-labelledby="nf-title" className="max-w-xl space-y-3">
      <h1 id="nf-title" className="text-xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="text-fg-muted">{t("notFoundBody")}</p>
      <Link href="/tenants" className="text-accent underline">{t("backToTenants")}</Link>
    </section>
  );
}
