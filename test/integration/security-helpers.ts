import fs from "node:fs";
import path from "node:path";

/** Every `app/api/**\/route.ts`, found at test time so new routes are covered, with its URL path. */
export function apiRouteFiles(
  root = path.resolve(__dirname, "../.."),
): { file: string; urlPath: string; params: string[] }[] {
  const base = path.join(root, "app", "api");
  const out: { file: string; urlPath: string; params: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const rel = path.relative(base, dir).split(path.sep).filter(Boolean);
        const params = rel.filter((s) => s.startsWith("[")).map((s) => s.replace(/^\[+\.*|\]+$/g, ""));
        out.push({ file: full, urlPath: `/api/${rel.join("/")}`.replace(/\/$/, ""), params });
      }
    }
  };
  walk(base);
  return out.sort((a, b) => a.urlPath.localeCompare(b.urlPath));
}

/** A concrete URL for a route path: `[namespace]` → `tls`, `[name]` → `x`, catch-alls → `a/b`. */
export function concretePath(
  urlPath: string,
  value: (param: string) => string = (p) => (p === "namespace" ? "tls" : "x"),
): string {
  return urlPath.replace(/\[\[?(\.\.\.)?([^\]]+)\]\]?/g, (_m, _dots, name: string) => value(name));
}
