"use client";

import { type ThemePreference, useTheme } from "@/components/layout/theme-provider";
import { MonitorIcon, MoonIcon, SunIcon } from "@/components/ui/icons";

const OPTIONS: { value: ThemePreference; label: string; Icon: typeof SunIcon }[] = [
  { value: "light", label: "Light theme", Icon: SunIcon },
  { value: "dark", label: "Dark theme", Icon: MoonIcon },
  { value: "system", label: "System theme", Icon: MonitorIcon },
];

export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  return (
    <fieldset
      aria-label="Theme"
      data-testid="theme-toggle"
      className="m-0 flex shrink-0 items-center rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {OPTIONS.map(({ value, label, Icon }) => {
        const active = theme === value;
        return (
          <button
            key={value}
            type="button"
            aria-pressed={active}
            aria-label={label}
            title={label}
            data-theme-option={value}
            onClick={() => setTheme(value)}
            className={`flex size-7 items-center justify-center rounded-md transition-colors ${
              active
                ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-700 dark:text-zinc-50 dark:ring-zinc-600"
                : "text-zinc-400 hover:text-zinc-700 dark:text-zinc-500 dark:hover:text-zinc-200"
            }`}
          >
            <Icon size={15} />
          </button>
        );
      })}
    </fieldset>
  );
}
