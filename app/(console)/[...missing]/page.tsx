import { notFound } from "next/navigation";
import { requireSession } from "@/app/require-session";

/** Any other path of the console: signed in, it is answered by (console)/not-found.tsx within the shell. */
export default async function Missing({ params }: { params: Promise<{ missing: string[] }> }) {
  await requireSession(`/${(await params).missing.map(encodeURIComponent).join("/")}`);
  notFound();
}
