import Link from "next/link";
import { useTranslations } from "next-intl";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { MainNav } from "@/components/layout/main-nav";
import { ThemeToggle } from "@/components/providers/theme-provider";
import { Button } from "@/components/ui/button";
import { ViolationsBanner } from "@/components/network/violations-banner";
import { canReadFleet, isPlatformAdmin, type Principal } from "@/lib/authz/scope";

/**
 * The console's frame, rendered once by app/(console)/layout.tsx. The signed-in user decides which admin-only
 * links appear; each page and procedure checks again. Without a user (the page is about to redirect to the
 * login page) only the frame is drawn.
 */
export function AppShell({ user, signOutAction, setLocaleAction, children }: {
  user?: Principal; signOutAction: () => Promise<void>; setLocaleAction: (locale: string) => Promise<void>; children: React.ReactNode;
}) {
  const t = useTranslations("shell");
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("skipToContent")}
      </a>
      <header className="border-b border-border bg-surface-raised">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-6 py-3">
          <Link href="/" className="font-semibold">
            {t("product")}
          </Link>
          {user && <MainNav isPlatformAdmin={isPlatformAdmin(user)} />}
          <div className="ml-auto flex items-center gap-2 text-sm">
            <LanguageSwitch action={setLocaleAction} />
            <ThemeToggle />
            {user && (
              <>
                <span className="text-fg-muted" aria-label={t("signedInAs")}>
                  {user.name}
                </span>
                <form action={signOutAction}>
                  <Button variant="secondary" size="sm" type="submit">
                    {t("signOut")}
                  </Button>
                </form>
              </>
            )}
          </div>
        </div>
      </header>
      {user && canReadFleet(user) && <ViolationsBanner />}
      <main id="main" className="mx-auto max-w-6xl px-6 py-6">
        <Breadcrumbs />
        {children}
      </main>
    </div>
  );
}
