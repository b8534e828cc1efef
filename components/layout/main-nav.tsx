"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const LINKS = [
  { href: "/tenants", label: "Tenants" },
  { href: "/network", label: "Network" },
  { href: "/under-cluster", label: "Under cluster" },
  { href: "/audit", label: "Audit log" },
  { href: "/users", label: "Users", adminOnly: true },
] as const;

/** The main navigation; the section of the current page is marked (aria-current="page"). */
export function MainNav({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-4 text-sm">
      {LINKS.filter((l) => !("adminOnly" in l) || isPlatformAdmin).map((l) => {
        const current = path === l.href || path.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} aria-current={current ? "page" : undefined}
            className={cn("border-b-2 py-1 hover:text-fg", current ? "border-accent font-medium text-fg" : "border-transparent text-fg-muted")}>
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
