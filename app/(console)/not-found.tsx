import Link from "next/link";

export const metadata = { title: "Not found" };

/** Inside the shell: the navigation stays, and a link leads back. */
export default function NotFound() {
  return (
    <section aria-labelledby="nf-title" className="max-w-xl space-y-3">
      <h1 id="nf-title" className="text-xl font-semibold">Page not found</h1>
      <p className="text-fg-muted">There is no page at this address in the console.</p>
      <Link href="/tenants" className="text-accent underline">Back to tenants</Link>
    </section>
  );
}
