import { AppShell } from "@/components/layout/app-shell";
import { setLocaleAction } from "@/app/set-locale";
import { signOutAction } from "@/app/sign-out";
import { auth } from "@/server/auth";

/**
 * The shell of every console page, drawn once. It only decides what the frame shows; authorization stays in
 * each page.tsx (requireSession) and in every procedure.
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <AppShell user={session?.user} signOutAction={signOutAction} setLocaleAction={setLocaleAction}>
      {children}
    </AppShell>
  );
}
