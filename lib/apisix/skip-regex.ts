import type { SkipRegexResult } from "./types";

/**
 * `skip_mtls_uri_regex` support. APISIX matches these (PCRE, via `ngx.re`) against the request
 * URI; JavaScript's RegExp accepts the common subset, so a regex that does not compile here is
 * refused before it reaches the cluster.
 */

/** One regex that does not compile: its index in the list and the engine's message. */
export interface RegexProblem {
  index: number;
  message: string;
}

/** Returns the regexes that do not compile as JavaScript RegExps (empty when all do). */
export function findInvalidRegexes(regexes: readonly string[]): RegexProblem[] {
  const out: RegexProblem[] = [];
  regexes.forEach((source, index) => {
    try {
      new RegExp(source);
    } catch (err) {
      out.push({ index, message: err instanceof Error ? err.message : String(err) });
    }
  });
  return out;
}

/**
 * For each sample path, whether one of `regexes` matches it (so mTLS is skipped for it) and which
 * one first. The query string is ignored, as APISIX matches against the path. Invalid regexes never
 * match (validate with `findInvalidRegexes` first).
 */
export function testSkipRegexes(regexes: readonly string[], paths: readonly string[]): SkipRegexResult[] {
  const compiled = regexes.map((source) => {
    try {
      return new RegExp(source);
    } catch {
      return undefined;
    }
  });
  return paths.map((raw) => {
    const path = raw.split("?")[0] ?? raw;
    const index = compiled.findIndex((re) => re?.test(path) ?? false);
    return index >= 0 ? { path: raw, skipped: true, matchedBy: index } : { path: raw, skipped: false };
  });
}
