import Link from "next/link";

/** What a signed-in user sees on a page their roles do not open: a plain statement, never an empty page. */
export function NotAllowed({ title, role }: { title: string; role: string }) {
  return (
    <section aria-labelledby="not-allowed-title" className="max-w-xl space-y-3 rounded-lg border border-alarm/40 bg-alarm/5 p-6">
      <h1 id="not-allowed-title" className="text-xl font-semibold">Not allowed</h1>
      <p>
        {title} needs the <strong>{role}</strong> role, which you do not have. Ask a platform admin if you need it.
      </p>
      <Link href="/tenants" className="text-accent underline">
        Back to tenants
      </Link>
    </section>
  );
}
