import "./globals.css";
import { headers } from "next/headers";
import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { TimeZoneSync } from "@/components/i18n/time-zone-sync";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { themeInitScript } from "@/components/providers/theme-provider";
import { Toaster } from "@/components/ui/toaster";

// Pages name themselves ("acme · Tenants"); the template adds the product, so a tab reads "acme · Tenants · kMetal".
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return {
    title: { template: "%s · kMetal", default: t("appTitle") },
    description: t("description"),
    icons: { icon: [{ url: "/favicon.ico", sizes: "any" }, { url: "/icon.svg", type: "image/svg+xml" }], apple: "/apple-touch-icon.png" },
    manifest: "/manifest.webmanifest",
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The script nonce of this response's Content-Security-Policy (proxy.ts); reading it renders every page per request.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  // The language of this request (i18n/request.ts): the catalog, time zone and formats go to client components too.
  const locale = await getLocale();
  return (
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body>
        <NextIntlClientProvider>
          <TimeZoneSync />
          <TRPCReactProvider>
            {children}
            <Toaster />
          </TRPCReactProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
