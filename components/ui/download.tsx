"use client";

import { Button } from "@/components/ui/button";

/** Downloads `text` as a file from the browser (the rows on screen, so every filter applies). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `trustdeck-secrets-tls-unmanaged.csv`: a list's base name and the filter values, for downloads. */
export function exportName(base: string, filters: readonly (string | undefined)[], ext = "csv"): string {
  const parts = filters.filter((f): f is string => !!f).map((f) => f.replace(/[^a-z0-9.-]+/gi, "_"));
  return `trustdeck-${[base, ...parts].join("-")}.${ext}`;
}

/**
 * "Download CSV (n)": exactly the rows on screen, in their order, so every filter and the sort
 * apply (`csv` is built only on click).
 */
export function DownloadCsvButton({
  name,
  count,
  csv,
  testId = "download-csv",
  disabled,
}: {
  name: string;
  count: number;
  csv: () => string;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <Button
      size="sm"
      data-testid={testId}
      disabled={disabled}
      title="The rows shown, with every filter on screen"
      onClick={() => download(name, csv(), "text/csv;charset=utf-8")}
    >
      Download CSV ({count})
    </Button>
  );
}
