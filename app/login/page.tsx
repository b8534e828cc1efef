import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { login } from "@/app/login/actions";
import { auth } from "@/server/auth";

export const metadata = { title: "Sign in · kMetal Console" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  if (await auth()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">kMetal Console</h1>
        <p className="mb-6 text-sm text-fg-muted">Sign in to manage the platform.</p>
        <LoginForm action={login} callbackUrl={target} />
      </div>
    </main>
  );
}
