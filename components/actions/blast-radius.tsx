"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useTrustGraph } from "@/lib/client/trust";
import { KIND_LABEL } from "@/lib/trust/layout";
import { downstreamOf, trustedBy } from "@/lib/trust/traverse";
import type { TrustNode } from "@/lib/trust/types";

const LIMIT = 12;

/**
 * The trust graph's node id of a Certificate (`lib/trust/graph.ts` trustNodeId, which is
 * server-side); in a graph of several clusters, prefixed by `${cluster}|` (`getFleetTrustGraph`).
 */
const certificateNodeId = (isCA: boolean, namespace: string, name: string, cluster?: string) =>
  `${cluster ? `${cluster}|` : ""}${isCA ? "ca-certificate" : "leaf-certificate"}:${namespace}/${name}`;

function NodeList({ title, nodes, testId }: { title: string; nodes: TrustNode[]; testId: string }) {
  return (
    <div data-testid={testId} data-count={String(nodes.length)}>
      <h4 className="font-medium text-xs">
        {title} ({nodes.length})
      </h4>
      {nodes.length === 0 ? (
        <p className="text-xs text-zinc-500">none</p>
      ) : (
        <ul className="mt-1 space-y-0.5 text-xs">
          {nodes.slice(0, LIMIT).map((n) => (
            <li key={n.id} className="truncate">
              <span className="text-zinc-500 dark:text-zinc-400">{KIND_LABEL[n.kind]} </span>
              <span className="font-mono">{n.namespace ? `${n.namespace}/${n.name}` : n.name}</span>
            </li>
          ))}
          {nodes.length > LIMIT ? <li className="text-zinc-500">and {nodes.length - LIMIT} more</li> : null}
        </ul>
      )}
    </div>
  );
}

/**
 * The blast radius of renewing or rotating one Certificate, from the trust graph: what it signed
 * (issuers signing with it, certificates issued through them, their Secrets, the APISIX objects
 * and hosts serving them) and, separately, what trusts it (ApisixTls client CAs, Secrets whose
 * ca.crt holds it). Renders nothing for a certificate nothing depends on.
 */
export function BlastRadius({
  namespace,
  name,
  isCA,
  cluster,
}: {
  namespace: string;
  name: string;
  isCA: boolean;
  /** The Certificate's cluster when it comes from a list of several clusters (a fleet). */
  cluster?: string;
}) {
  const graph = useTrustGraph();
  const radius = useMemo(() => {
    if (!graph.data) return undefined;
    // A merged graph (nodes carry their cluster) prefixes ids; one cluster's graph does not.
    const merged = graph.data.nodes.some((n) => n.cluster);
    const id = certificateNodeId(isCA, namespace, name, merged ? cluster : undefined);
    const self = new Set([id]);
    const signed = downstreamOf(graph.data, id).filter((n) => !self.has(n.id));
    const trusts = trustedBy(graph.data, id);
    return { signed, trusts };
  }, [graph.data, namespace, name, isCA, cluster]);

  if (graph.error)
    return <p className="text-xs text-zinc-500">The trust graph could not be read: {graph.error.message}</p>;
  if (!radius) return <p className="text-xs text-zinc-500">Reading the trust graph…</p>;
  const total = radius.signed.length + radius.trusts.length;
  return (
    <section
      data-testid="blast-radius"
      data-name={`${namespace}/${name}`}
      className={`space-y-2 rounded-lg border px-3 py-2 ${
        isCA && total > 0
          ? "border-amber-300/70 bg-amber-50/60 dark:border-amber-500/30 dark:bg-amber-500/[0.05]"
          : "border-zinc-200 dark:border-zinc-800"
      }`}
    >
      <h3 className="font-medium text-xs">
        Blast radius of {namespace}/{name}
        {isCA ? " (a CA)" : ""}: {total} object{total === 1 ? "" : "s"}{" "}
        <Link
          href={`/trust?node=${encodeURIComponent(certificateNodeId(isCA, namespace, name))}`}
          className="font-normal text-sky-700 hover:underline dark:text-sky-400"
        >
          open in the trust graph
        </Link>
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <NodeList title="Signed by it, or built on it" nodes={radius.signed} testId="blast-signed" />
        <NodeList title="Trusts it" nodes={radius.trusts} testId="blast-trusts" />
      </div>
      {isCA ? (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          A new CA certificate (and, under rotationPolicy Always, a new CA key) means every object above must
          pick up the new CA: clients and gateways that trust the old one will reject certificates signed by
          the new one until their ca.crt is updated.
        </p>
      ) : null}
    </section>
  );
}
