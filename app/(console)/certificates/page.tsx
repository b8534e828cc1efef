import { getTranslations } from "next-intl/server";
import { Prefetch } from "@/app/prefetch";
import { requireSession } from "@/app/require-session";
import { CertificatesView } from "@/components/certificates/certificates-view";

export async function generateMetadata() {
  const t = await getTranslations("certificates");
  return { title: t("title") };
}

export default async function CertificatesPage() {
  const session = await requireSession("/certificates");
  // certificates.list scopes the inventory on the server (tenant roles: their own tenants only).
  return (
    <Prefetch session={session} queries={(trpc, qc) => qc.prefetchQuery(trpc.certificates.list.queryOptions())}>
      <CertificatesView />
    </Prefetch>
  );
}
