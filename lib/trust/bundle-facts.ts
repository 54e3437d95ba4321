import type { RawBundle, RawNamespace } from "@/lib/k8s/bundles";
import { parseCertificatesPemWithObjects } from "@/lib/x509/parse";
import type { BundleFacts, BundleSourceFacts, NamespaceFacts } from "./types";

/**
 * A trust-manager Bundle (`trust.cert-manager.io/v1alpha1`) reduced to the trust model's facts. Pure.
 * Sources follow trust-manager's BundleSource: exactly one of `configMap`, `secret`, `inLine`,
 * `useDefaultCAs`. An inLine PEM that does not parse is kept with its error (the Bundle would not
 * sync either).
 */
export function bundleFacts(raw: RawBundle): BundleFacts {
  const sources: BundleSourceFacts[] = [];
  for (const s of raw.spec?.sources ?? []) {
    if (s.inLine !== undefined) {
      try {
        const parsed = parseCertificatesPemWithObjects(s.inLine);
        sources.push({
          kind: "inLine",
          certificates: { certificates: parsed.map((p) => p.info), der: parsed.map((p) => p.der) },
        });
      } catch (err) {
        sources.push({
          kind: "inLine",
          certificates: { certificates: [], der: [] },
          error: err instanceof Error ? err.message : String(err),
        });
      }
    } else if (s.secret || s.configMap) {
      const ref = (s.secret ?? s.configMap)!;
      sources.push({
        kind: s.secret ? "secret" : "configMap",
        ...(ref.name ? { name: ref.name } : {}),
        ...(ref.key ? { key: ref.key } : {}),
        ...(ref.includeAllKeys ? { includeAllKeys: true } : {}),
        ...(ref.selector ? { selector: ref.selector } : {}),
      });
    } else if (s.useDefaultCAs) {
      sources.push({ kind: "useDefaultCAs" });
    }
  }
  const t = raw.spec?.target ?? {};
  const synced = raw.status?.conditions?.find((c) => c.type === "Synced");
  return {
    name: raw.metadata.name,
    sources,
    target: {
      ...(t.configMap?.key ? { configMapKey: t.configMap.key } : {}),
      ...(t.secret?.key ? { secretKey: t.secret.key } : {}),
      ...(t.namespaceSelector ? { namespaceSelector: t.namespaceSelector } : {}),
    },
    ...(synced ? { synced: synced.status } : {}),
    ...(synced?.message ? { syncedMessage: synced.message } : {}),
  };
}

/** A Namespace reduced to its name and labels. */
export function namespaceFacts(raw: RawNamespace): NamespaceFacts {
  return { name: raw.metadata.name, labels: raw.metadata.labels ?? {} };
}
