import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-10">
      <h1 className="mb-2 text-xl font-semibold">Page not found</h1>
      <Link href="/" className="text-accent underline">
        Back to the console
      </Link>
    </main>
  );
}
