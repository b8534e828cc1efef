import "./globals.css";
import { headers } from "next/headers";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { themeInitScript } from "@/components/providers/theme-provider";
import { Toaster } from "@/components/ui/toaster";

export const metadata = { title: "kMetal Console", description: "Hard multi-tenancy for Kubernetes" };

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
          <Toaster>{children}</Toaster>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
