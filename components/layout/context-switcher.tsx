"use client";

import { useRouter } from "next/navigation";
import { Select } from "@/components/ui/field";
import { useContexts, useSwitchContext } from "@/lib/client/cluster";

/** Kubernetes context picker; shown only when the kubeconfig offers more than one context. */
export function ContextSwitcher() {
  const router = useRouter();
  const { data } = useContexts();
  const switchContext = useSwitchContext();

  if (!data || data.contexts.length < 2) return null;

  return (
    <div className="flex min-w-0 items-center gap-2">
      <span className="hidden text-xs text-zinc-500 lg:inline dark:text-zinc-400">Context</span>
      <Select
        label="Kubernetes context"
        data-testid="context-switcher"
        value={data.current}
        disabled={switchContext.isPending}
        className="w-24 sm:w-48"
        onChange={(e) =>
          switchContext.mutate(e.target.value, {
            onSuccess: () => router.refresh(),
          })
        }
      >
        {data.contexts.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </Select>
    </div>
  );
}
