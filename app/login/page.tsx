import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { OidcSignIn } from "@/components/auth/oidc-sign-in";
import { signInErrorMessage } from "@/components/auth/sign-in-error";
import { login, loginWithOidc } from "@/app/login/actions";
import { setLocaleAction } from "@/app/set-locale";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { auth } from "@/server/auth";
import { oidcName } from "@/server/auth/oidc";

export async function generateMetadata() {
  const t = await getTranslations("login");
  return { title: t("pageTitle") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only a path of this console: "/\evil.com" starts with "/" too, and browsers read it as //evil.com.
  const target = safeCallbackPath(callbackUrl);
  if (await auth()) redirect(target);
  const sso = oidcName();
  const t = await getTranslations("login");
  const errorMessage = signInErrorMessage(error, await getTranslations("login.errors"));
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        <p className="mb-6 text-sm text-fg-muted">{t("subtitle")}</p>
        {errorMessage && (
          <p role="alert" className="mb-4 rounded-md border border-alarm/40 bg-alarm/10 px-3 py-2 text-sm text-alarm">
            {errorMessage}
          </p>
        )}
        <LoginForm action={login} callbackUrl={target} />
        {sso && (
          <>
            <div className="my-6 flex items-center gap-3 text-xs text-fg-muted" aria-hidden>
              <span className="h-px flex-1 bg-border" />
              {t("or")}
              <span className="h-px flex-1 bg-border" />
            </div>
            <OidcSignIn action={loginWithOidc} callbackUrl={target} name={sso} />
          </>
        )}
        <LanguageSwitch action={setLocaleAction} className="mt-6 justify-end text-sm" />
      </div>
    </main>
  );
}
