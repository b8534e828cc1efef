import Link from "next/link";
import { ThemeToggle } from "@/components/providers/theme-provider";
import { Button } from "@/components/ui/button";
import { isPlatformAdmin, type Principal } from "@/lib/authz/scope";

/** The signed-in user decides which admin-only links appear; the pages and procedures check again. */
export function AppShell({ user, signOutAction, children }: { user: Principal; signOutAction: () => Promise<void>; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-border bg-surface-raised">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <Link href="/" className="font-semibold">
            kMetal Console
          </Link>
          <nav aria-label="Main" className="flex gap-4 text-sm">
            <Link href="/tenants" className="text-fg-muted hover:text-fg">
              Tenants
            </Link>
            <Link href="/under-cluster" className="text-fg-muted hover:text-fg">
              Under cluster
            </Link>
            <Link href="/audit" className="text-fg-muted hover:text-fg">
              Audit log
            </Link>
            {isPlatformAdmin(user) && (
              <Link href="/users" className="text-fg-muted hover:text-fg">
                Users
              </Link>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm">
            <ThemeToggle />
            <span className="text-fg-muted" aria-label="Signed in as">
              {user.name}
            </span>
            <form action={signOutAction}>
              <Button variant="secondary" size="sm" type="submit">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-8">
        {children}
      </main>
    </div>
  );
}
