"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCertificateAlarm } from "@/components/certificates/use-certificates";
import { cn } from "@/lib/utils";

/**
 * The navigation's link to the certificates view, with an alarm badge while any certificate the user may see is
 * past a threshold (warning, critical or expired). Fed by the pushed inventory; the count says it in words too.
 */
export function CertificatesNavLink() {
  const t = useTranslations("certificates");
  const path = usePathname();
  const counts = useCertificateAlarm();
  const alarms = counts ? counts.warning + counts.critical + counts.expired : 0;
  const severe = counts ? counts.critical + counts.expired > 0 : false;
  const current = path === "/certificates" || path.startsWith("/certificates/");
  return (
    <Link href="/certificates" aria-current={current ? "page" : undefined}
      className={cn("inline-flex items-center gap-1.5 border-b-2 py-1 hover:text-fg", current ? "border-accent font-medium text-fg" : "border-transparent text-fg-muted")}>
      {t("nav")}
      {alarms > 0 && (
        <span data-testid="certificate-alarm" className={cn("rounded-full px-1.5 text-xs font-semibold", severe ? "bg-alarm text-surface" : "bg-warn text-surface")}>
          <span aria-hidden>{alarms}</span>
          <span className="sr-only">{t("alarm", { count: alarms })}</span>
        </span>
      )}
    </Link>
  );
}
