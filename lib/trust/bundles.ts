import "server-only";
import { listBundles, listNamespaces } from "@/lib/k8s/bundles";
import type { ListResponse } from "@/lib/types";
import { bundleFacts, namespaceFacts } from "./bundle-facts";
import { bundleTargetNamespaces } from "./graph";
import { optional } from "./source";
import type { BundleFacts, NamespaceFacts } from "./types";
import { loadWorkloads } from "./workload-source";
import { bundleMountTargets, visibleFor, type WorkloadVisibility } from "./workloads";

/** One trust-manager Bundle as the Bundles list shows it (public data only). */
export interface BundleRow {
  name: string;
  /** One line per source, e.g. `Secret cert-manager/root-ca (ca.crt)`, `inLine: 2 certificates`. */
  sources: string[];
  /** Certificates of the inLine sources (subjects), where the Bundle carries them itself. */
  inLineSubjects: string[];
  /** Target kinds and keys, e.g. `Secret ca.crt`, `ConfigMap trust-bundle.pem`. */
  targets: string[];
  /** The namespaces its selector matches (empty when namespaces may not be listed). */
  namespaces: string[];
  /** The namespaceSelector, as `key=value` / `key In (a, b)` words; "all namespaces" when unset. */
  selector: string;
  synced?: string;
  syncedMessage?: string;
  /** Workloads whose Pods mount one of its targets (and namespaces where Pods may not be listed). */
  workloads?: WorkloadVisibility;
}

function selectorWords(b: BundleFacts): string {
  const sel = b.target.namespaceSelector;
  if (!sel) return "all namespaces";
  const parts = [
    ...Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(sel.matchExpressions ?? []).map(
      (e) => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(", ")})` : ""}`,
    ),
  ];
  return parts.join(", ") || "all namespaces";
}

/** The list row of a Bundle, given the namespaces with labels (pure). */
export function reshapeBundle(
  b: BundleFacts,
  namespaces: NamespaceFacts[] | undefined,
  trustNamespace: string,
): BundleRow {
  const row: BundleRow = {
    name: b.name,
    sources: b.sources.map((s) => {
      if (s.kind === "inLine")
        return `inLine: ${s.certificates.certificates.length} certificate(s)${s.error ? ` (unreadable: ${s.error})` : ""}`;
      if (s.kind === "useDefaultCAs") return "the default CA package";
      const what = s.kind === "secret" ? "Secret" : "ConfigMap";
      const key = s.includeAllKeys ? "all keys" : (s.key ?? "");
      return `${what} ${trustNamespace}/${s.name ?? "(selector)"}${key ? ` (${key})` : ""}`;
    }),
    inLineSubjects: b.sources.flatMap((s) =>
      s.kind === "inLine" ? s.certificates.certificates.map((c) => c.subject) : [],
    ),
    targets: [
      ...(b.target.secretKey ? [`Secret ${b.target.secretKey}`] : []),
      ...(b.target.configMapKey ? [`ConfigMap ${b.target.configMapKey}`] : []),
    ],
    namespaces: namespaces
      ? bundleTargetNamespaces(b, { issuers: [], certificates: [], secrets: [], namespaces })
      : [],
    selector: selectorWords(b),
  };
  if (b.synced) row.synced = b.synced;
  if (b.syncedMessage) row.syncedMessage = b.syncedMessage;
  return row;
}

/**
 * trust-manager's Bundles, sorted by name. A cluster without the Bundle CRD (404) or an identity
 * that may not list them (403) answers an empty list.
 */
export async function getBundleList(
  opts: { context?: string; trustNamespace?: string } = {},
): Promise<ListResponse<BundleRow>> {
  const [bundles, namespaces] = await Promise.all([
    optional(listBundles({ context: opts.context })),
    optional(listNamespaces({ context: opts.context })),
  ]);
  const nsFacts = namespaces?.map(namespaceFacts);
  const facts = (bundles ?? []).map(bundleFacts);
  const items = facts
    .map((b) => reshapeBundle(b, nsFacts, opts.trustNamespace ?? "cert-manager"))
    .sort((a, b) => a.name.localeCompare(b.name));
  // Who mounts each target: one Pod read for all Bundles, then narrowed per Bundle.
  const targetsOf = new Map(
    items.map((row) => {
      const b = facts.find((f) => f.name === row.name);
      return [row.name, b ? bundleMountTargets(b, row.namespaces) : []];
    }),
  );
  const all = await loadWorkloads([...targetsOf.values()].flat(), { context: opts.context });
  for (const row of items) row.workloads = visibleFor(all, targetsOf.get(row.name) ?? []);
  return { items, total: items.length };
}
