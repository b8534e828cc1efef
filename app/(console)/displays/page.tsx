import { getTranslations } from "next-intl/server";
import { DisplaysView } from "@/components/displays/displays-view";
import { NotAllowed } from "@/components/layout/not-allowed";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const t = await getTranslations("noc.displays");
  return { title: t("title") };
}

export default async function DisplaysPage() {
  const session = await requireSession("/displays");
  const t = await getTranslations("noc.displays");
  // The displays.* procedures refuse everyone but platform admins as well; this only explains the refusal.
  return isPlatformAdmin(session.user) ? <DisplaysView /> : <NotAllowed title={t("notAllowedWhat")} role="platform-admin" />;
}
