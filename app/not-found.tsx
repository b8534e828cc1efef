import Link from "next/link";

/** Paths outside the console's own pages (the console's are answered inside its shell). */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl space-y-3 p-10">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <Link href="/tenants" className="text-accent underline">
        Back to the console
      </Link>
    </main>
  );
}
