import { getTranslations } from "next-intl/server";
import { OverviewView } from "@/components/overview/overview-view";
import { canReadFleet, isPlatformAdmin } from "@/lib/authz/scope";
import { Prefetch } from "@/app/prefetch";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const t = await getTranslations("overview");
  return { title: t("title") };
}

/** The home page: the fleet at a glance (tenant roles: their own tenants), every number a link to its list. */
export default async function OverviewPage() {
  const session = await requireSession("/");
  return (
    <Prefetch session={session} queries={(trpc, qc) => qc.prefetchQuery(trpc.overview.get.queryOptions())}>
      <OverviewView canManageDisplays={isPlatformAdmin(session.user)} showTrends={canReadFleet(session.user)} />
    </Prefetch>
  );
}
