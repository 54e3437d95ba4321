"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckIcon } from "@/components/ui/icons";

/**
 * Copies `text` to the clipboard and says so for two seconds. For public values only (fingerprints,
 * certificate PEM, YAML the server already scrubbed): never a key.
 */
export function CopyButton({
  text,
  label,
  testId = "copy-button",
}: {
  text: string;
  /** What is copied, for the accessible name ("Copy SHA-256 fingerprint"). */
  label: string;
  testId?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  };
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={copy}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      data-testid={testId}
      data-state={state}
      className="h-6 px-1.5"
    >
      {state === "copied" ? (
        <>
          <CheckIcon size={12} /> Copied
        </>
      ) : state === "failed" ? (
        "Copy failed"
      ) : (
        "Copy"
      )}
    </Button>
  );
}
