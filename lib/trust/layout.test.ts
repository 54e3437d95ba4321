import { describe, expect, it } from "vitest";
import {
  buildViewGraph,
  drawnEnds,
  GROUP_NODE_PREFIX,
  groupKeys,
  layoutViewGraph,
  routeTrust,
  searchNodes,
  upstreamOf,
} from "./layout";
import type { TrustEdge, TrustGraph, TrustNode, TrustNodeKind, TrustProblem } from "./types";

function node(
  kind: TrustNodeKind,
  ns: string | undefined,
  name: string,
  problems: TrustProblem[] = [],
): TrustNode {
  const status = problems[0]?.severity ?? "ok";
  return {
    id: `${kind}:${ns ?? ""}/${name}`,
    kind,
    name,
    ...(ns ? { namespace: ns } : {}),
    problems,
    status,
  };
}
function edge(kind: TrustEdge["kind"], from: TrustNode, to: TrustNode): TrustEdge {
  return { id: `${kind}:${from.id}->${to.id}`, kind, from: from.id, to: to.id };
}
const crit: TrustProblem = { code: "expired", severity: "critical", message: "expired", fix: "renew" };
const warn: TrustProblem = { code: "expiring-soon", severity: "warning", message: "soon", fix: "renew" };

// The seeded mTLS PKI, reduced: selfsigned-issuer → selfsigned-ca → root-secret ← ca-issuer → leaves.
const cluster = node("clusterissuer", undefined, "selfsigned-issuer");
const caCert = node("ca-certificate", "tls", "selfsigned-ca");
const root = node("secret", "tls", "root-secret");
const caIssuer = node("issuer", "tls", "ca-issuer");
const server = node("leaf-certificate", "tls", "apisix-server", [warn]);
const serverSecret = node("secret", "tls", "apisix-server-secret");
const client = node("leaf-certificate", "tls", "apisix-client", [crit]);
const clientSecret = node("secret", "tls", "apisix-client-secret");
const tls = node("apisix-tls", "tls", "mtls-tls");
const host = node("host", undefined, "mtls.example.local");
const upstream = node("apisix-upstream", "tls", "upstream");
const other = node("leaf-certificate", "apps", "web");
const otherIssuer = node("issuer", "apps", "apps-ca");

const graph: TrustGraph = {
  nodes: [
    cluster,
    caCert,
    root,
    caIssuer,
    server,
    serverSecret,
    client,
    clientSecret,
    tls,
    host,
    upstream,
    other,
    otherIssuer,
  ],
  edges: [
    edge("issued-by", caCert, cluster),
    edge("stored-in", caCert, root),
    edge("signed-by", caIssuer, root),
    edge("issued-by", server, caIssuer),
    edge("issued-by", client, caIssuer),
    edge("stored-in", server, serverSecret),
    edge("stored-in", client, clientSecret),
    edge("signed-by", serverSecret, root),
    edge("signed-by", clientSecret, root),
    edge("served-for-host", serverSecret, tls),
    edge("served-for-host", tls, host),
    edge("trusted-as-client-ca-by", root, tls),
    edge("presented-to-upstream", clientSecret, upstream),
    edge("issued-by", other, otherIssuer),
  ],
};

describe("drawnEnds", () => {
  it("reverses issued-by and signed-by so dependencies are drawn left of dependents", () => {
    expect(drawnEnds({ kind: "issued-by", from: "cert", to: "issuer" })).toEqual({
      source: "issuer",
      target: "cert",
    });
    expect(drawnEnds({ kind: "signed-by", from: "issuer", to: "secret" })).toEqual({
      source: "secret",
      target: "issuer",
    });
    expect(drawnEnds({ kind: "stored-in", from: "cert", to: "secret" })).toEqual({
      source: "cert",
      target: "secret",
    });
  });
});

describe("groupKeys", () => {
  it("by namespace puts cluster-scoped objects and hosts in one group", () => {
    const keys = groupKeys(graph, "namespace");
    expect(keys.get(server.id)).toBe("tls");
    expect(keys.get(other.id)).toBe("apps");
    expect(keys.get(cluster.id)).toBe(keys.get(host.id));
    expect(keys.get(cluster.id)).not.toBe("tls");
  });

  it("by issuer follows issuerRef, stored-in and the served/presented Secret", () => {
    const keys = groupKeys(graph, "issuer");
    expect(keys.get(caIssuer.id)).toBe(caIssuer.id);
    expect(keys.get(server.id)).toBe(caIssuer.id);
    expect(keys.get(serverSecret.id)).toBe(caIssuer.id);
    expect(keys.get(tls.id)).toBe(caIssuer.id);
    expect(keys.get(host.id)).toBe(caIssuer.id);
    expect(keys.get(upstream.id)).toBe(caIssuer.id);
    expect(keys.get(caCert.id)).toBe(cluster.id);
    expect(keys.get(root.id)).toBe(cluster.id);
    expect(keys.get(other.id)).toBe(otherIssuer.id);
  });
});

describe("buildViewGraph", () => {
  it("without grouping draws every node and edge, issuer on the left", () => {
    const view = buildViewGraph(graph, { groupBy: "none" });
    expect(view.nodes).toHaveLength(graph.nodes.length);
    expect(view.edges).toHaveLength(graph.edges.length);
    expect(view.edges.find((e) => e.kind === "issued-by" && e.target === server.id)?.source).toBe(
      caIssuer.id,
    );
    expect(view.groups).toEqual([]);
  });

  it("collapses a group into one node with its count, worst status and problem total", () => {
    const view = buildViewGraph(graph, { groupBy: "issuer", collapsed: new Set([caIssuer.id]) });
    const g = view.nodes.find((n) => n.id === `${GROUP_NODE_PREFIX}${caIssuer.id}`);
    expect(g).toMatchObject({ kind: "group", count: 8, status: "critical", problemCount: 2 });
    expect(view.nodes.find((n) => n.id === server.id)).toBeUndefined();
    // Edges into the group are re-pointed and deduplicated; edges inside it are gone.
    const fromRoot = view.edges.filter((e) => e.source === root.id && e.target === g!.id);
    expect(fromRoot.map((e) => e.kind).sort()).toEqual(["signed-by", "trusted-as-client-ca-by"]);
    expect(fromRoot.find((e) => e.kind === "signed-by")?.count).toBe(3);
    expect(view.edges.some((e) => e.source === g!.id && e.target === g!.id)).toBe(false);
    expect(view.groups.find((x) => x.key === caIssuer.id)?.size).toBe(8);
  });
});

describe("layoutViewGraph", () => {
  it("lays out left to right: issuer < CA certificate < its Secret < leaf < leaf Secret < ApisixTls < host", () => {
    const pos = layoutViewGraph(buildViewGraph(graph, { groupBy: "none" }));
    const x = (n: TrustNode) => pos.nodes.get(n.id)!.x;
    expect(x(cluster)).toBeLessThan(x(caCert));
    expect(x(caCert)).toBeLessThan(x(root));
    expect(x(root)).toBeLessThan(x(caIssuer));
    expect(x(caIssuer)).toBeLessThan(x(server));
    expect(x(server)).toBeLessThan(x(serverSecret));
    expect(x(serverSecret)).toBeLessThan(x(tls));
    expect(x(tls)).toBeLessThan(x(host));
  });

  it("does not overlap nodes, and frames each group around its members", () => {
    const view = buildViewGraph(graph, { groupBy: "namespace" });
    const pos = layoutViewGraph(view, { frameGroups: true });
    const boxes = [...pos.nodes.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap =
          a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
    const frame = pos.groups.get("tls")!;
    for (const n of view.nodes.filter((v) => v.group === "tls")) {
      const b = pos.nodes.get(n.id)!;
      expect(b.x).toBeGreaterThanOrEqual(frame.x);
      expect(b.y).toBeGreaterThanOrEqual(frame.y);
      expect(b.x + b.width).toBeLessThanOrEqual(frame.x + frame.width);
      expect(b.y + b.height).toBeLessThanOrEqual(frame.y + frame.height);
    }
  });

  it("handles a few hundred nodes", () => {
    const nodes: TrustNode[] = [cluster];
    const edges: TrustEdge[] = [];
    for (let i = 0; i < 300; i++) {
      const leaf = node("leaf-certificate", `ns-${i % 10}`, `leaf-${i}`);
      nodes.push(leaf);
      edges.push(edge("issued-by", leaf, cluster));
    }
    const pos = layoutViewGraph(buildViewGraph({ nodes, edges }, { groupBy: "namespace" }), {
      frameGroups: true,
    });
    expect(pos.nodes.size).toBe(301);
    expect(pos.groups.size).toBe(11); // ten namespaces + the cluster-scoped group
  });
});

describe("searchNodes", () => {
  it("ranks the exact name first, then prefixes, then substrings", () => {
    const view = buildViewGraph(graph, { groupBy: "none" });
    expect(searchNodes(view.nodes, "root-secret")[0]?.id).toBe(root.id);
    expect(
      searchNodes(view.nodes, "APISIX-")
        .map((n) => n.label)
        .slice(0, 2),
    ).toEqual(["apisix-client", "apisix-client-secret"]);
    expect(searchNodes(view.nodes, "  ")).toEqual([]);
  });
});

describe("upstreamOf / routeTrust", () => {
  it("a leaf Secret relies on its Certificate, its issuer, the CA Secret, the CA Certificate and the ClusterIssuer", () => {
    expect(new Set(upstreamOf(graph, serverSecret.id))).toEqual(
      new Set([server.id, caIssuer.id, root.id, caCert.id, cluster.id]),
    );
  });

  it("the mTLS ApisixTls trusts root-secret (and its chain); a host answers through its ApisixTls", () => {
    const t = routeTrust(graph, tls.id)!;
    expect(t.clientCas).toEqual([root.id]);
    expect(new Set(t.chain)).toEqual(new Set([caCert.id, cluster.id]));
    expect(routeTrust(graph, host.id)?.clientCas).toEqual([root.id]);
    expect(routeTrust(graph, server.id)).toBeUndefined();
  });
});
