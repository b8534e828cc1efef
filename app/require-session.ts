import { redirect } from "next/navigation";
import { auth } from "@/server/auth";

/** Every page needs a session: the signed-in user, or a redirect to the login page that comes back here. */
export async function requireSession(path: string) {
  const session = await auth();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return session;
}
