"use client";

import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl p-10" role="alert">
      <h1 className="mb-2 text-xl font-semibold">Something went wrong</h1>
      <p className="mb-4 text-fg-muted">{error.message || "An unexpected error occurred."}</p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
