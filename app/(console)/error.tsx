"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";

/** A page that failed keeps the console's shell (this boundary sits inside it) and offers a way on. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" aria-labelledby="error-title" className="max-w-xl space-y-3">
      <h1 id="error-title" className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-fg-muted">{error.message || "An unexpected error occurred."}</p>
      <div className="flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <Link href="/tenants" className="inline-flex h-10 items-center rounded-md border border-border px-4 text-sm font-medium hover:bg-surface-sunken">Back to tenants</Link>
      </div>
    </section>
  );
}
