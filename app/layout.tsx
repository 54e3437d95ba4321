import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { ClusterBanner } from "@/components/layout/cluster-banner";
import { ClusterStatus } from "@/components/layout/cluster-status";
import { ContextSwitcher } from "@/components/layout/context-switcher";
import { NavLinks } from "@/components/layout/nav-links";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { LiveStatusDot } from "@/components/live/live-status-dot";
import { Providers } from "@/components/providers";
import { LogoIcon } from "@/components/ui/icons";

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
          <div className="flex min-h-screen">
            <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-zinc-200 border-r bg-white md:flex dark:border-zinc-800/80 dark:bg-zinc-950">
              <div className="flex h-14 items-center gap-2.5 border-zinc-200 border-b px-5 dark:border-zinc-800/80">
                <span className="flex size-7 items-center justify-center rounded-lg bg-gradient-to-br from-sky-500 to-indigo-600 text-white shadow-sm">
                  <LogoIcon size={16} />
                </span>
                <span className="font-semibold text-[15px] tracking-tight">Trustdeck</span>
              </div>
              <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
                <NavLinks />
              </nav>
              <div className="border-zinc-200 border-t px-5 py-3 text-[11px] text-zinc-400 dark:border-zinc-800/80 dark:text-zinc-500">
                cert-manager · APISIX mTLS
              </div>
            </aside>
            <div className="flex min-w-0 flex-1 flex-col">
              <header className="sticky top-0 z-30 border-zinc-200 border-b bg-white/85 backdrop-blur-md dark:border-zinc-800/80 dark:bg-zinc-950/80">
                <div className="flex h-14 items-center gap-3 px-4 lg:px-8">
                  <span className="flex size-7 items-center justify-center rounded-lg bg-gradient-to-br from-sky-500 to-indigo-600 text-white md:hidden">
                    <LogoIcon size={16} />
                  </span>
                  <ClusterStatus />
                  <LiveStatusDot />
                  <div className="ml-auto flex items-center gap-2">
                    <ContextSwitcher />
                    <ThemeToggle />
                  </div>
                </div>
                <nav
                  aria-label="Main (compact)"
                  className="scroll-thin overflow-x-auto border-zinc-200 border-t px-2 py-1.5 md:hidden dark:border-zinc-800/80"
                >
                  <NavLinks compact />
                </nav>
              </header>
              <ClusterBanner />
              <main className="mx-auto w-full max-w-[1600px] flex-1 px-4 py-6 lg:px-8 lg:py-8">
                {children}
              </main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
