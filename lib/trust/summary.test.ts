import { describe, expect, it } from "vitest";
import { buildViewGraph, GROUP_NODE_PREFIX, groupKeys, type ViewGraph } from "./layout";
import {
  groupDetail,
  type SummaryGroupBy,
  searchGraph,
  summarizeGraph,
  summaryView,
  type TrustGroupDetail,
} from "./summary";
import type { TrustEdge, TrustGraph, TrustNode, TrustNodeKind, TrustProblem } from "./types";

const crit: TrustProblem = { code: "expired", severity: "critical", message: "expired", fix: "renew" };
const warn: TrustProblem = { code: "expiring-soon", severity: "warning", message: "soon", fix: "renew" };
const info: TrustProblem = {
  code: "leaf-outlives-ca",
  severity: "info",
  message: "outlives its CA",
  fix: "reissue",
};

function node(
  cluster: string,
  kind: TrustNodeKind,
  ns: string | undefined,
  name: string,
  problems: TrustProblem[] = [],
): TrustNode {
  const status = problems.some((p) => p.severity === "critical")
    ? "critical"
    : problems.some((p) => p.severity === "warning")
      ? "warning"
      : problems.some((p) => p.severity === "info")
        ? "info"
        : "ok";
  return {
    id: `${cluster}|${kind}:${ns ?? ""}/${name}`,
    cluster,
    kind,
    name,
    ...(ns ? { namespace: ns } : {}),
    problems,
    status,
  };
}

/**
 * A fleet of two clusters, each: a ClusterIssuer → CA Certificate → CA Secret ← CA Issuer per
 * namespace → leaves → Secrets → ApisixTls → hosts (shared host names), an ApisixUpstream, a
 * Secret no Certificate manages signed by the CA, problems of every severity, and a dangling edge.
 */
function fleet(perNamespace: number): TrustGraph {
  const nodes: TrustNode[] = [];
  const edges: TrustEdge[] = [];
  const add = (n: TrustNode) => {
    nodes.push(n);
    return n;
  };
  const link = (kind: TrustEdge["kind"], from: TrustNode | string, to: TrustNode | string) => {
    const f = typeof from === "string" ? from : from.id;
    const t = typeof to === "string" ? to : to.id;
    edges.push({ id: `${kind}:${f}->${t}`, kind, from: f, to: t });
  };
  for (const c of ["east", "west"]) {
    const self = add(node(c, "clusterissuer", undefined, "selfsigned"));
    for (const ns of ["apps", "payments", "tls"]) {
      const ca = add(node(c, "ca-certificate", ns, "ca"));
      const caSecret = add(node(c, "secret", ns, "ca-secret"));
      const issuer = add(node(c, "issuer", ns, "ca-issuer", ns === "payments" ? [warn] : []));
      link("issued-by", ca, self);
      link("stored-in", ca, caSecret);
      link("signed-by", issuer, caSecret);
      for (let i = 0; i < perNamespace; i++) {
        const leaf = add(node(c, "leaf-certificate", ns, `svc-${i}`, i % 3 === 0 ? [crit, warn] : []));
        const secret = add(node(c, "secret", ns, `svc-${i}-tls`, i % 4 === 1 ? [info] : []));
        link("issued-by", leaf, issuer);
        link("stored-in", leaf, secret);
        link("signed-by", secret, caSecret);
        if (i % 2 === 0) {
          const tls = add(node(c, "apisix-tls", ns, `route-${i}`));
          const host = add(node(c, "host", undefined, `svc-${i}.${ns}.example`));
          link("served-for-host", secret, tls);
          link("served-for-host", tls, host);
          link("trusted-as-client-ca-by", caSecret, tls);
        }
      }
      const upstream = add(node(c, "apisix-upstream", ns, "backend"));
      link("presented-to-upstream", `${c}|secret:${ns}/svc-0-tls`, upstream);
      const unmanaged = add(node(c, "secret", ns, "hand-made", [crit]));
      link("signed-by", unmanaged, caSecret);
    }
    // A cross-namespace reference, and an edge to an object that is not in the graph.
    link("trusted-as-client-ca-by", `${c}|secret:tls/ca-secret`, `${c}|apisix-tls:apps/route-0`);
    link("stored-in", `${c}|leaf-certificate:apps/svc-1`, `${c}|secret:gone/missing`);
  }
  return { nodes, edges };
}

/** A view as a comparable value: nodes and edges by id, without the graph node objects. */
function normal(v: ViewGraph) {
  return {
    nodes: v.nodes.map(({ node: _node, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...v.edges].sort((a, b) => a.id.localeCompare(b.id)),
    groups: v.groups,
  };
}

const graph = fleet(12);
const GROUPINGS: SummaryGroupBy[] = ["namespace", "issuer", "cluster"];

describe("summarizeGraph", () => {
  it.each(GROUPINGS)("by %s: every object and problem is counted once, in its group", (by) => {
    const s = summarizeGraph(graph, by);
    const keys = groupKeys(graph, by);
    const problems = graph.nodes.flatMap((n) => n.problems);
    expect(s.groupBy).toBe(by);
    expect(s.total.nodes).toBe(graph.nodes.length);
    expect(s.total.edges).toBe(graph.edges.length);
    expect(s.total.problemCount).toBe(problems.length);
    expect(s.total.severities).toEqual({
      critical: problems.filter((p) => p.severity === "critical").length,
      warning: problems.filter((p) => p.severity === "warning").length,
      info: problems.filter((p) => p.severity === "info").length,
    });
    expect(s.groups.reduce((a, g) => a + g.size, 0)).toBe(graph.nodes.length);
    expect(s.groups.map((g) => g.key).sort()).toEqual([...new Set(keys.values())].sort());
    for (const g of s.groups) {
      const members = graph.nodes.filter((n) => keys.get(n.id) === g.key);
      expect(g.size).toBe(members.length);
      expect(g.problemCount).toBe(members.reduce((a, n) => a + n.problems.length, 0));
      expect(g.severities.critical).toBe(
        members.flatMap((n) => n.problems).filter((p) => p.severity === "critical").length,
      );
      expect(Object.values(g.kinds).reduce((a, k) => a + (k ?? 0), 0)).toBe(members.length);
      const worst = members.some((n) => n.status === "critical")
        ? "critical"
        : members.some((n) => n.status === "warning")
          ? "warning"
          : members.some((n) => n.status === "info")
            ? "info"
            : "ok";
      expect(g.status).toBe(worst);
    }
  });

  it("draws no edge inside a group and none to an object missing from the graph", () => {
    const s = summarizeGraph(graph, "namespace");
    for (const e of s.edges) expect(e.source).not.toBe(e.target);
    expect(s.edges.some((e) => e.source === "gone" || e.target === "gone")).toBe(false);
    // Certificates are stored in their own namespace: the only cross-namespace edges are the host
    // links (hosts group as cluster-scoped), the issuer chain and the one cross-namespace client CA.
    const crossNs = s.edges.find((e) => e.kind === "trusted-as-client-ca-by" && e.source === "tls");
    expect(crossNs).toMatchObject({ target: "apps", count: 2 });
  });

  it("groups a fleet by cluster: two groups of half the objects each", () => {
    const s = summarizeGraph(graph, "cluster");
    expect(s.groups.map((g) => [g.key, g.size])).toEqual([
      ["east", graph.nodes.length / 2],
      ["west", graph.nodes.length / 2],
    ]);
    expect(s.edges).toEqual([]);
  });
});

describe("groupDetail", () => {
  it.each(GROUPINGS)(
    "by %s: the groups partition the nodes; each edge is in the groups of its ends",
    (by) => {
      const keys = groupKeys(graph, by);
      const details = summarizeGraph(graph, by).groups.map((g) => groupDetail(graph, by, g.key, keys)!);
      expect(details.flatMap((d) => d.nodes.map((n) => n.id)).sort()).toEqual(
        graph.nodes.map((n) => n.id).sort(),
      );
      for (const d of details) {
        for (const e of d.edges) {
          const inside = d.nodes.some((n) => n.id === e.from) || d.nodes.some((n) => n.id === e.to);
          expect(inside).toBe(true);
          for (const end of [e.from, e.to]) {
            if (d.nodes.some((n) => n.id === end)) continue;
            // An end outside: named with its group, unless it is not in the graph at all.
            expect(d.outside[end]).toBe(keys.get(end));
          }
        }
        // Every edge touching the group is there.
        const ids = new Set(d.nodes.map((n) => n.id));
        expect(d.edges.length).toBe(graph.edges.filter((e) => ids.has(e.from) || ids.has(e.to)).length);
      }
    },
  );

  it("answers undefined for a group no object is in", () => {
    expect(groupDetail(graph, "namespace", "no-such-namespace")).toBeUndefined();
    expect(groupDetail(graph, "issuer", "east|issuer:apps/nope")).toBeUndefined();
  });
});

describe("summaryView", () => {
  const cases: [SummaryGroupBy, string[]][] = [
    ["namespace", []],
    ["namespace", ["tls"]],
    ["namespace", ["apps", "tls"]],
    ["namespace", ["(cluster-scoped)", "apps", "payments", "tls"]],
    ["issuer", ["east|issuer:payments/ca-issuer"]],
    ["issuer", ["east|issuer:tls/ca-issuer", "east|clusterissuer:/selfsigned", "west|issuer:apps/ca-issuer"]],
    ["cluster", ["west"]],
  ];
  it.each(cases)(
    "by %s with %j expanded draws what buildViewGraph draws with the rest collapsed",
    (by, open) => {
      const summary = summarizeGraph(graph, by);
      const expanded = new Map<string, TrustGroupDetail>();
      for (const key of open) {
        const d = groupDetail(graph, by, key);
        expect(d).toBeDefined();
        expanded.set(key, d!);
      }
      const collapsed = new Set(summary.groups.map((g) => g.key).filter((k) => !open.includes(k)));
      expect(normal(summaryView(summary, expanded))).toEqual(
        normal(buildViewGraph(graph, { groupBy: by, collapsed })),
      );
    },
  );

  it("shows every group collapsed, with its count, before any is loaded", () => {
    const summary = summarizeGraph(graph, "namespace");
    const v = summaryView(summary, new Map());
    expect(v.nodes.every((n) => n.kind === "group" && n.id === `${GROUP_NODE_PREFIX}${n.group}`)).toBe(true);
    expect(v.nodes.reduce((a, n) => a + (n.count ?? 0), 0)).toBe(graph.nodes.length);
    expect(v.nodes.find((n) => n.group === "payments")).toMatchObject({
      status: "critical",
      sublabel: "namespace",
    });
  });
});

describe("searchGraph", () => {
  it("finds objects of collapsed groups, exact name first, each with its group", () => {
    const hits = searchGraph(graph, "svc-1-tls", "namespace");
    expect(hits[0]).toMatchObject({ label: "svc-1-tls", group: "apps" });
    expect(hits.every((h) => h.label.includes("svc-1") || h.id.includes("svc-1"))).toBe(true);
    expect(searchGraph(graph, "svc", "issuer", 5)).toHaveLength(5);
    expect(searchGraph(graph, "  ", "namespace")).toEqual([]);
    const byIssuer = searchGraph(graph, "svc-3", "issuer");
    expect(byIssuer.find((h) => h.id === "west|leaf-certificate:payments/svc-3")?.group).toBe(
      "west|issuer:payments/ca-issuer",
    );
  });
});
