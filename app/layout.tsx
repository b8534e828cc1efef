import "./globals.css";
import { headers } from "next/headers";
import type { Metadata } from "next";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { themeInitScript } from "@/components/providers/theme-provider";
import { Toaster } from "@/components/ui/toaster";

// Pages name themselves ("acme · Tenants"); the template adds the product, so a tab reads "acme · Tenants · kMetal".
export const metadata: Metadata = {
  title: { template: "%s · kMetal", default: "kMetal Console" },
  description: "Hard multi-tenancy for Kubernetes",
  icons: { icon: [{ url: "/favicon.ico", sizes: "any" }, { url: "/icon.svg", type: "image/svg+xml" }], apple: "/apple-touch-icon.png" },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The script nonce of this response's Content-Security-Policy (proxy.ts); reading it renders every page per request.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body>
        <TRPCReactProvider>
          {children}
          <Toaster />
        </TRPCReactProvider>
      </body>
    </html>
  );
}
