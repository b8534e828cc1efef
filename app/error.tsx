"use client";

/** Outside the console (the sign-in page): no shell to keep, but still a way back. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl space-y-3 p-10" role="alert">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-fg-muted">{error.message || "An unexpected error occurred."}</p>
      <button type="button" onClick={reset} className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-fg">Try again</button>{" "}
      <a href="/tenants" className="text-accent underline">Back to the console</a>
    </main>
  );
}
