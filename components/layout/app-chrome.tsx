"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect } from "react";
import { ClusterBanner } from "@/components/layout/cluster-banner";
import { ClusterStatus } from "@/components/layout/cluster-status";
import { ContextSwitcher } from "@/components/layout/context-switcher";
import { Identity } from "@/components/layout/identity";
import { NavLinks } from "@/components/layout/nav-links";
import { SignOut } from "@/components/layout/sign-out";
import { StaleBanner } from "@/components/layout/stale-banner";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { LiveStatusDot } from "@/components/live/live-status-dot";
import { LogoIcon } from "@/components/ui/icons";
import { Toaster } from "@/components/ui/toast";

function Logo({ className = "" }: { className?: string }) {
  return (
    <span
      className={`flex size-7 shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-sky-500 to-indigo-600 text-white shadow-sm ${className}`}
    >
      <LogoIcon size={16} />
    </span>
  );
}

/** `/` (outside a field) focuses the page's search box, marked `data-page-search`. */
function useSlashFocusesSearch() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      const search = document.querySelector<HTMLInputElement>("[data-page-search]");
      if (!search) return;
      e.preventDefault();
      search.focus();
      search.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** Pages shown to a signed-out person: no navigation, no cluster state, no identity. */
const PUBLIC_PATHS = new Set(["/signin"]);

/**
 * The app's frame: sidebar navigation (collapsed into the header row at ≤ 1024 px), the header
 * with cluster state, live updates, identity and context, and the cluster banner. A signed-out
 * person on the sign-in page sees only the logo and the theme toggle.
 */
export function AppChrome({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  useSlashFocusesSearch();
  if (PUBLIC_PATHS.has(pathname)) {
    return (
      <div className="flex min-h-screen flex-col">
        <header className="flex h-14 items-center gap-2.5 border-zinc-200 border-b bg-white px-4 lg:px-8 dark:border-zinc-800/80 dark:bg-zinc-950">
          <Logo />
          <span className="font-semibold text-[15px] tracking-tight">Trustdeck</span>
          <div className="ml-auto">
            <ThemeToggle />
          </div>
        </header>
        <main className="mx-auto w-full max-w-[1600px] flex-1 px-4 py-6 lg:px-8 lg:py-8">{children}</main>
      </div>
    );
  }
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-zinc-200 border-r bg-white min-[1025px]:flex dark:border-zinc-800/80 dark:bg-zinc-950">
        <div className="flex h-14 items-center gap-2.5 border-zinc-200 border-b px-5 dark:border-zinc-800/80">
          <Logo />
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
          <div className="flex h-14 min-w-0 items-center gap-2 px-4 lg:px-8">
            <Logo className="min-[1025px]:hidden" />
            <ClusterStatus />
            <LiveStatusDot />
            <div className="ml-auto flex min-w-0 items-center gap-1.5 sm:gap-2">
              <Identity />
              <ContextSwitcher />
              <ThemeToggle />
              <SignOut />
            </div>
          </div>
          <nav
            aria-label="Main (compact)"
            className="scroll-thin overflow-x-auto border-zinc-200 border-t px-2 py-1.5 min-[1025px]:hidden dark:border-zinc-800/80"
          >
            <NavLinks compact />
          </nav>
        </header>
        <ClusterBanner />
        <StaleBanner />
        <main className="mx-auto w-full min-w-0 max-w-[1600px] flex-1 px-4 py-6 lg:px-8 lg:py-8">
          {children}
        </main>
      </div>
      <Toaster />
    </div>
  );
}
