"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Skeleton } from "@/components/ui/skeleton";
import { useObjectYaml } from "@/lib/client/inventory";
import type { YamlKind } from "@/lib/client/keys";

/**
 * "View YAML": the object as the server may show it (`GET /api/yaml`: no managedFields, scrubbed;
 * a Secret's data as key names only), in a dialog with a copy button. Fetched on open.
 */
export function ViewYamlButton({
  kind,
  namespace,
  name,
}: {
  kind: YamlKind;
  namespace?: string;
  name: string;
}) {
  const [open, setOpen] = useState(false);
  const { data, error, isPending } = useObjectYaml({ kind, namespace, name }, open);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} data-testid="view-yaml">
        View YAML
      </Button>
      {open ? (
        <Dialog
          onClose={() => setOpen(false)}
          size="xl"
          testId="yaml-dialog"
          title={
            <span className="font-mono">
              {kind} {namespace ? `${namespace}/` : ""}
              {name}
            </span>
          }
          footer={data ? <CopyButton text={data.yaml} label="YAML" testId="copy-yaml" /> : undefined}
        >
          {kind === "Secret" ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              A Secret's data is never shown: only the names of its keys.
            </p>
          ) : null}
          {error ? (
            <ErrorPanel error={error} />
          ) : isPending || !data ? (
            <Skeleton className="h-40 w-full" />
          ) : (
            <pre
              data-testid="yaml-text"
              className="scroll-thin overflow-x-auto rounded-lg bg-zinc-50 p-3 font-mono text-[12.5px] text-zinc-800 leading-relaxed dark:bg-zinc-950/60 dark:text-zinc-300"
            >
              {data.yaml}
            </pre>
          )}
        </Dialog>
      ) : null}
    </>
  );
}
