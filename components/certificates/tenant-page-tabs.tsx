"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { TenantPki } from "@/components/certificates/tenant-pki";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

/** The tenant page's tabs: its overview and its PKI; the tab is kept in the address (?tab=pki) so it can be linked. */
export function TenantPageTabs({ name, overview, isPlatformAdmin }: { name: string; overview: React.ReactNode; isPlatformAdmin: boolean }) {
  const t = useTranslations("certificates.tabs");
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const tab = params.get("tab") === "pki" ? "pki" : "overview";
  return (
    <Tabs value={tab} onValueChange={(v) => router.replace(v === "pki" ? `${path}?tab=pki` : path, { scroll: false })}>
      <TabsList aria-label={t("label")}>
        <TabsTrigger value="overview">{t("overview")}</TabsTrigger>
        <TabsTrigger value="pki">{t("pki")}</TabsTrigger>
      </TabsList>
      <TabsContent value="overview">{overview}</TabsContent>
      <TabsContent value="pki"><TenantPki name={name} isPlatformAdmin={isPlatformAdmin} /></TabsContent>
    </Tabs>
  );
}
