"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = ["tenants", "under-cluster", "audit", "network", "users", "new", "certificates", "displays"] as const;
const isSection = (p: string): p is (typeof SECTIONS)[number] => (SECTIONS as readonly string[]).includes(p);

/** Where the page sits in the console, from its path: Console › Tenants › acme. */
export function Breadcrumbs() {
  const t = useTranslations("shell");
  const parts = usePathname().split("/").filter(Boolean);
  if (parts.length === 0) return null;
  const crumbs = parts.map((p, i) => ({ href: `/${parts.slice(0, i + 1).join("/")}`, label: isSection(p) ? t(`sections.${p}`) : decodeURIComponent(p) }));
  return (
    <nav aria-label={t("breadcrumb")} className="mb-4 text-sm text-fg-muted">
      <ol className="flex flex-wrap items-center gap-1">
        <li><Link href="/" className="hover:text-fg hover:underline">{t("console")}</Link></li>
        {crumbs.map((c, i) => (
          <li key={c.href} className="flex items-center gap-1">
            <span aria-hidden>›</span>
            {i === crumbs.length - 1 ? <span aria-current="page" className="text-fg">{c.label}</span> : <Link href={c.href} className="hover:text-fg hover:underline">{c.label}</Link>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
