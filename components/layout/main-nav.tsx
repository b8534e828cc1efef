"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { CertificatesNavLink } from "@/components/certificates/nav-link";
import { cn } from "@/lib/utils";

const LINKS = [
  { href: "/", section: "overview" },
  { href: "/tenants", section: "tenants" },
  { href: "/network", section: "network" },
  { href: "/under-cluster", section: "under-cluster" },
  { href: "/audit", section: "audit" },
  { href: "/users", section: "users", adminOnly: true },
] as const;

/** The main navigation; the section of the current page is marked (aria-current="page"). */
export function MainNav({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const t = useTranslations("shell");
  const tOverview = useTranslations("overview");
  const path = usePathname();
  return (
    <nav aria-label={t("mainNav")} className="flex gap-4 text-sm">
      {LINKS.filter((l) => !("adminOnly" in l) || isPlatformAdmin).map((l) => {
        const current = path === l.href || (l.href !== "/" && path.startsWith(`${l.href}/`));
        return (
          <Link key={l.href} href={l.href} aria-current={current ? "page" : undefined}
            className={cn("border-b-2 py-1 hover:text-fg", current ? "border-accent font-medium text-fg" : "border-transparent text-fg-muted")}>
            {l.section === "overview" ? tOverview("nav") : t(`sections.${l.section}`)}
          </Link>
        );
      })}
      <CertificatesNavLink />
    </nav>
  );
}
