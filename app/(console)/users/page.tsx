import { NotAllowed } from "@/components/layout/not-allowed";
import { UsersView } from "@/components/users/users-view";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const session = await requireSession("/users");
  // The users.* procedures refuse everyone but platform admins as well; this only explains the refusal.
  return isPlatformAdmin(session.user) ? <UsersView currentUser={session.user.name} /> : <NotAllowed title="Managing users" role="platform-admin" />;
}
