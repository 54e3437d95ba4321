"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentType } from "react";
import {
  AcmeIcon,
  AuditIcon,
  CertificateIcon,
  GatewayIcon,
  GraphIcon,
  HomeIcon,
  IssuerIcon,
  KeyIcon,
  RequestIcon,
} from "@/components/ui/icons";

interface NavItem {
  href: string;
  label: string;
  icon: ComponentType<{ size?: number }>;
}

const SECTIONS: { title: string; items: NavItem[] }[] = [
  {
    title: "Inventory",
    items: [
      { href: "/", label: "Overview", icon: HomeIcon },
      { href: "/certificates", label: "Certificates", icon: CertificateIcon },
      { href: "/issuers", label: "Issuers", icon: IssuerIcon },
      { href: "/requests", label: "Requests", icon: RequestIcon },
      { href: "/acme", label: "ACME", icon: AcmeIcon },
      { href: "/secrets", label: "Secrets", icon: KeyIcon },
    ],
  },
  {
    title: "Trust & traffic",
    items: [
      { href: "/trust", label: "Trust graph", icon: GraphIcon },
      { href: "/trust/bundles", label: "Bundles", icon: GraphIcon },
      { href: "/audit", label: "Audit", icon: AuditIcon },
      { href: "/gateway", label: "Gateway", icon: GatewayIcon },
    ],
  },
];

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ compact = false }: { compact?: boolean }) {
  const pathname = usePathname() ?? "/";

  if (compact) {
    return (
      <ul className="flex gap-1">
        {SECTIONS.flatMap((s) => s.items).map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap rounded-md px-2.5 py-1 text-sm ${
                  active
                    ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                    : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div className="space-y-6">
      {SECTIONS.map((section) => (
        <div key={section.title}>
          <div className="mb-1.5 px-2.5 font-medium text-[11px] text-zinc-400 uppercase tracking-wider dark:text-zinc-500">
            {section.title}
          </div>
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const active = isActive(pathname, item.href);
              const Icon = item.icon;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    data-testid={`nav-${item.href === "/" ? "overview" : item.href.slice(1)}`}
                    aria-current={active ? "page" : undefined}
                    className={`group flex items-center gap-2.5 rounded-lg px-2.5 py-1.5 text-sm transition-colors ${
                      active
                        ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800/80 dark:text-zinc-50"
                        : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-900 dark:hover:text-zinc-100"
                    }`}
                  >
                    <span
                      className={
                        active
                          ? "text-sky-600 dark:text-sky-400"
                          : "text-zinc-400 group-hover:text-zinc-600 dark:text-zinc-500 dark:group-hover:text-zinc-300"
                      }
                    >
                      <Icon size={16} />
                    </span>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
