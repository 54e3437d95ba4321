import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { AppChrome } from "@/components/layout/app-chrome";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: { default: "Trustdeck", template: "%s · Trustdeck" },
  description: "Certificates, issuers and mTLS for cert-manager and Apache APISIX on Kubernetes",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme class is applied from a client effect (no inline script under the CSP).
    <html lang="en" suppressHydrationWarning>
      <body className="bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers>
          <AppChrome>{children}</AppChrome>
        </Providers>
      </body>
    </html>
  );
}
