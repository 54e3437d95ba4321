import type { TrustGraph, TrustNode } from "./types";

/**
 * Graph traversals over a built trust graph. Pure and free of X.509 code, so the browser can
 * run them on the graph it received.
 */

function dependents(graph: TrustGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = out.get(from);
    if (list) list.push(to);
    else out.set(from, [to]);
  };
  for (const e of graph.edges) {
    // issued-by / signed-by point from dependent to dependency; the rest the other way round.
    if (e.kind === "issued-by" || e.kind === "signed-by") add(e.to, e.from);
    else add(e.from, e.to);
  }
  return out;
}

/**
 * Everything that breaks when this node (a CA, its Secret, an issuer) expires or rotates:
 * issuers signing with it, certificates issued through them, their Secrets, the APISIX objects
 * serving, trusting or presenting those Secrets, and their hosts. Breadth-first, start excluded.
 */
export function downstreamOf(graph: TrustGraph, nodeId: string): TrustNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const deps = dependents(graph);
  const seen = new Set<string>([nodeId]);
  const queue = [nodeId];
  const out: TrustNode[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of deps.get(id) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      const n = byId.get(next);
      if (n) out.push(n);
      queue.push(next);
    }
  }
  return out;
}

/**
 * Who trusts this node's certificate: the ApisixTls objects that accept it (directly or through
 * one of its signing CAs) as client CA, and the Secrets whose ca.crt holds it or one of its
 * signing CAs (workloads that would accept it as a peer). For a Certificate or issuer, its
 * Secret is used.
 */
export function trustedBy(graph: TrustGraph, nodeId: string): TrustNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const start = byId.get(nodeId);
  if (!start) return [];
  const secretsOf = (id: string): string[] => {
    const n = byId.get(id);
    if (!n) return [];
    if (n.kind === "secret") return [id];
    const kind = n.kind === "issuer" || n.kind === "clusterissuer" ? "signed-by" : "stored-in";
    return graph.edges.filter((e) => e.kind === kind && e.from === id).map((e) => e.to);
  };
  // The node's Secrets and every CA Secret above them (signed-by Secret -> Secret).
  const chain = new Set<string>();
  const queue = secretsOf(nodeId);
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (chain.has(id)) continue;
    chain.add(id);
    for (const e of graph.edges) {
      if (e.kind === "signed-by" && e.from === id && byId.get(e.to)?.kind === "secret") queue.push(e.to);
    }
  }
  const out = new Map<string, TrustNode>();
  for (const e of graph.edges) {
    if (e.kind === "trusted-as-client-ca-by" && chain.has(e.from)) {
      const n = byId.get(e.to);
      if (n) out.set(n.id, n);
    }
  }
  const fps = new Set<string>();
  for (const id of chain) {
    const first = byId.get(id)?.fingerprints?.tlsCrt[0];
    if (first) fps.add(first);
  }
  for (const n of graph.nodes) {
    if (n.kind !== "secret" || chain.has(n.id)) continue;
    if (n.fingerprints?.caCrt.some((fp) => fps.has(fp))) out.set(n.id, n);
  }
  return [...out.values()];
}
