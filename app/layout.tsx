import "./globals.css";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { themeInitScript } from "@/components/providers/theme-provider";
import { Toaster } from "@/components/ui/toaster";

export const metadata = { title: "kMetal Console", description: "Hard multi-tenancy for Kubernetes" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body>
        <TRPCReactProvider>
          <Toaster>{children}</Toaster>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
