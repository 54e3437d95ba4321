import type { MetricFamily } from "./exposition";

/**
 * Joins the metric families of several clusters into one scrape: every sample gets a `cluster`
 * label (the fleet cluster's name, first among its labels), families keep their first HELP/TYPE and
 * the order in which they first appear. Pure.
 */
export function labelClusters(
  parts: readonly { cluster: string; families: readonly MetricFamily[] }[],
): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const { cluster, families } of parts) {
    for (const f of families) {
      let merged = byName.get(f.name);
      if (!merged) {
        merged = { name: f.name, help: f.help, type: f.type, samples: [] };
        byName.set(f.name, merged);
      }
      for (const s of f.samples) merged.samples.push({ ...s, labels: { cluster, ...s.labels } });
    }
  }
  return [...byName.values()];
}

/** `trustdeck_cluster_up{cluster}`: 1 when the cluster answered this scrape, 0 when it was left out. */
export function clusterUpFamily(clusters: readonly string[], down: readonly string[]): MetricFamily {
  const failed = new Set(down);
  return {
    name: "trustdeck_cluster_up",
    help: "Whether the fleet cluster answered this scrape (1) or was left out: unreachable, forbidden or too slow (0).",
    type: "gauge",
    samples: clusters.map((cluster) => ({ labels: { cluster }, value: failed.has(cluster) ? 0 : 1 })),
  };
}
