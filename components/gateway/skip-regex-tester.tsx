"use client";

import { useId, useMemo, useState } from "react";
import { controlClass } from "@/components/ui/field";
import { findInvalidRegexes, testSkipRegexes } from "@/lib/apisix/skip-regex";

const area = `${controlClass} h-auto w-full px-2.5 py-1.5 font-mono text-xs`;

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** Enter skip_mtls_uri_regex entries and sample paths; see which paths skip client mTLS. */
export function SkipRegexTester({ initialRegexes = ["/healthz"] }: { initialRegexes?: string[] }) {
  const [regexText, setRegexText] = useState(initialRegexes.join("\n"));
  const [pathText, setPathText] = useState("/healthz\n/api/orders\n/healthz/deep");
  const id = useId();
  const regexes = lines(regexText);
  const invalid = useMemo(() => findInvalidRegexes(regexes), [regexes]);
  const results = useMemo(() => testSkipRegexes(regexes, [...new Set(lines(pathText))]), [regexes, pathText]);
  return (
    <div className="grid gap-4 md:grid-cols-3" data-testid="skip-regex-tester">
      <label className="block" htmlFor={`${id}-re`}>
        <span className="mb-1 block text-xs text-zinc-500">skip_mtls_uri_regex (one per line)</span>
        <textarea
          id={`${id}-re`}
          rows={4}
          className={area}
          value={regexText}
          onChange={(e) => setRegexText(e.target.value)}
          data-testid="skip-regex-input"
        />
        {invalid.map((p) => (
          <span key={p.index} className="mt-1 block text-red-600 text-xs dark:text-red-400">
            #{p.index}: {p.message}
          </span>
        ))}
      </label>
      <label className="block" htmlFor={`${id}-paths`}>
        <span className="mb-1 block text-xs text-zinc-500">Sample paths (one per line)</span>
        <textarea
          id={`${id}-paths`}
          rows={4}
          className={area}
          value={pathText}
          onChange={(e) => setPathText(e.target.value)}
          data-testid="skip-path-input"
        />
      </label>
      <div>
        <span className="mb-1 block text-xs text-zinc-500">Result</span>
        <ul className="space-y-1 text-xs" data-testid="skip-results">
          {results.map((r) => (
            <li
              key={r.path}
              data-testid="skip-result"
              data-skipped={String(r.skipped)}
              className="flex items-center gap-2"
            >
              <span
                className={`rounded px-1.5 py-0.5 font-medium ${
                  r.skipped
                    ? "bg-amber-100 text-amber-800 dark:bg-amber-400/15 dark:text-amber-300"
                    : "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300"
                }`}
              >
                {r.skipped ? `skips mTLS (#${r.matchedBy})` : "mTLS enforced"}
              </span>
              <code className="truncate">{r.path}</code>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
