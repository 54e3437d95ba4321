/**
 * The fleet: which clusters Trustdeck shows together (issue 18, "many clusters in one view").
 *
 * A cluster of the fleet is a kubeconfig context: its name is the context's name, and every read or
 * action for an object goes to the context of the object's `cluster`. Remote API servers listed in
 * `TRUSTDECK_CLUSTERS_FILE` become contexts of their own (lib/k8s/config.ts adds them to the loaded
 * kubeconfig). Pure: no file or network access here.
 */
import YAML from "yaml";
import { z } from "zod";
import { EnvError } from "./env";

/** A DNS label (RFC 1123), the shape of a cluster name from the clusters file. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** One remote API server of `TRUSTDECK_CLUSTERS_FILE`. */
export interface RemoteCluster {
  /** The cluster's name in the fleet (a DNS label); also the name of the context it becomes. */
  name: string;
  /** The API server's URL (https). */
  server: string;
  /** A bearer token, or `tokenFile` (re-read with the configuration each minute). */
  token?: string;
  tokenFile?: string;
  /** PEM bundle that signs the API server's certificate (relative paths: to the clusters file). */
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
}

const remoteSchema = z
  .object({
    name: z.string().regex(DNS_LABEL, "expected a DNS label (lower-case letters, digits, '-')"),
    server: z.string().refine((v) => {
      try {
        return new URL(v).protocol === "https:";
      } catch {
        return false;
      }
    }, "expected an https URL"),
    token: z.string().min(1).optional(),
    tokenFile: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
  })
  .strict()
  .refine((c) => !!c.token !== !!c.tokenFile, { message: "set exactly one of token or tokenFile" });

const fileSchema = z.union([
  z.array(remoteSchema),
  z.object({ clusters: z.array(remoteSchema) }).transform((o) => o.clusters),
]);

/**
 * Parses the text of `TRUSTDECK_CLUSTERS_FILE`: a YAML (or JSON) list of remote clusters, or an
 * object `{ clusters: [...] }`. Relative `tokenFile` / `caFile` paths are kept as written (the caller
 * resolves them against the file's folder).
 * @throws EnvError naming TRUSTDECK_CLUSTERS_FILE and the bad field (e.g. `clusters[1].server`).
 */
export function parseClustersFile(text: string): RemoteCluster[] {
  const setting = "TRUSTDECK_CLUSTERS_FILE";
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new EnvError([{ name: setting, message: `not YAML or JSON: ${(err as Error).message}` }]);
  }
  const result = fileSchema.safeParse(doc ?? []);
  if (!result.success) {
    // The union reports each branch; the list branch's issues say the most.
    const issues = result.error.issues.flatMap((i) =>
      i.code === "invalid_union" ? (i.errors[0] ?? []) : [i],
    );
    throw new EnvError(
      issues.map((i) => ({
        name: setting,
        message: `${formatPath(i.path)}: ${i.message}`,
      })),
    );
  }
  const seen = new Set<string>();
  for (const c of result.data) {
    if (seen.has(c.name)) {
      throw new EnvError([{ name: setting, message: `names cluster "${c.name}" twice` }]);
    }
    seen.add(c.name);
  }
  return result.data;
}

function formatPath(p: readonly PropertyKey[]): string {
  let out = "clusters";
  for (const part of p) out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  return out;
}

/** What `selectFleet` needs to know about one context of the loaded kubeconfig. */
export interface ContextFacts {
  name: string;
  /** The URL of the context's API server (undefined when the context names no cluster). */
  server?: string;
}

/**
 * Which contexts form the fleet, in display order:
 * - `listed` (TRUSTDECK_CLUSTERS) given: exactly those, in that order; each must exist;
 * - else `pinned` (TRUSTDECK_CONTEXT) given: only that context (a single-cluster view, as before);
 * - else every context, the current one first, one per API server URL (two contexts for the same
 *   server, e.g. an admin and a viewer identity, would count every object twice: the first wins).
 * Contexts of `remote` (from the clusters file) are always added after.
 * @throws EnvError naming TRUSTDECK_CLUSTERS when it lists an unknown context.
 */
export function selectFleet(opts: {
  contexts: readonly ContextFacts[];
  current: string;
  listed?: readonly string[];
  pinned?: string;
  remote?: readonly string[];
}): string[] {
  const remote = new Set(opts.remote ?? []);
  const local = opts.contexts.filter((c) => !remote.has(c.name));
  let picked: string[];
  if (opts.listed) {
    const known = new Set(opts.contexts.map((c) => c.name));
    const unknown = opts.listed.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new EnvError([
        {
          name: "TRUSTDECK_CLUSTERS",
          message: `names ${unknown.map((n) => `"${n}"`).join(", ")}, not a context of the kubeconfig (it has: ${opts.contexts
            .map((c) => c.name)
            .join(", ")})`,
        },
      ]);
    }
    return [...opts.listed];
  }
  if (opts.pinned) {
    picked = [opts.pinned];
  } else {
    const ordered = [
      ...local.filter((c) => c.name === opts.current),
      ...local.filter((c) => c.name !== opts.current),
    ];
    const servers = new Set<string>();
    picked = [];
    for (const c of ordered) {
      const key = c.server ?? `context:${c.name}`;
      if (servers.has(key)) continue;
      servers.add(key);
      picked.push(c.name);
    }
  }
  for (const r of opts.remote ?? []) if (!picked.includes(r)) picked.push(r);
  return picked;
}

/** The `cluster` of a row or object: the name of the fleet cluster it was read from. */
export interface Clustered {
  cluster: string;
}

/**
 * Tags every item of one cluster's list with its `cluster` (a new object per item; the input is
 * shared with caches and never mutated).
 */
export function tagCluster<T extends object>(items: readonly T[], cluster: string): (T & Clustered)[] {
  return items.map((i) => ({ ...i, cluster }));
}
