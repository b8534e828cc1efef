import { getTranslations } from "next-intl/server";
import { NotAllowed } from "@/components/layout/not-allowed";
import { UsersView } from "@/components/users/users-view";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("users") };
}

export default async function UsersPage() {
  const session = await requireSession("/users");
  const t = await getTranslations("users");
  // The users.* procedures refuse everyone but platform admins as well; this only explains the refusal.
  return isPlatformAdmin(session.user) ? <UsersView currentUser={session.user.name} /> : <NotAllowed title={t("notAllowedWhat")} role="platform-admin" />;
}
