import { AppShell } from "@/components/layout/app-shell";
import { NotAllowed } from "@/components/layout/not-allowed";
import { UsersView } from "@/components/users/users-view";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { signOutAction } from "@/app/sign-out";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Users · kMetal Console" };

export default async function UsersPage() {
  const session = await requireSession("/users");
  // The users.* procedures refuse everyone but platform admins as well; this only explains the refusal.
  return (
    <AppShell user={session.user} signOutAction={signOutAction}>
      {isPlatformAdmin(session.user) ? <UsersView currentUser={session.user.name} /> : <NotAllowed title="Managing users" role="platform-admin" />}
    </AppShell>
  );
}
