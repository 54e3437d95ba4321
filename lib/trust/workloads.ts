/**
 * Which workloads mount a trust object (pure): Pods whose volumes (`secret`, `configMap`, and the
 * `secret` / `configMap` sources of a `projected` volume; Kubernetes core/v1 Volume) name a
 * trust-manager Bundle's target or a CA's Secret, grouped by the controller that owns them
 * (`metadata.ownerReferences` with `controller: true`; a ReplicaSet carrying the Pod's
 * `pod-template-hash` is shown as its Deployment, as the Deployment controller names them).
 */

/** A Pod reduced to what it mounts (nothing else of the Pod is kept). */
export interface PodMountFacts {
  namespace: string;
  name: string;
  /** Its controller, when it has one (`Deployment` when it is a ReplicaSet of a Deployment). */
  owner?: { kind: string; name: string };
  /** Secrets and ConfigMaps its volumes name. */
  secrets: string[];
  configMaps: string[];
}

/** What a Pod object must carry for `podMountFacts` (a structural subset of core/v1 Pod). */
export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: {
    volumes?: {
      secret?: { secretName?: string };
      configMap?: { name?: string };
      projected?: {
        sources?: { secret?: { name?: string }; configMap?: { name?: string }; [other: string]: unknown }[];
      };
    }[];
  };
}

/** A Secret or ConfigMap a workload may mount. */
export interface MountTarget {
  kind: "Secret" | "ConfigMap";
  namespace: string;
  name: string;
}

/** One workload (controller, or a bare Pod) mounting one or more targets. */
export interface WorkloadConsumer {
  namespace: string;
  /** `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, ..., or `Pod` for a Pod without a controller. */
  kind: string;
  name: string;
  /** Its Pods' names, sorted. */
  pods: string[];
  /** What it mounts, e.g. `Secret trust-bundle`, sorted. */
  mounts: string[];
}

/** Workloads found, and where they could not be looked for (in plain words). */
export interface WorkloadVisibility {
  workloads: WorkloadConsumer[];
  /** Namespaces where Pods could not be listed, e.g. "workloads not visible: RBAC denies list pods in shop". */
  hidden: { namespace: string; message: string }[];
}

/** Reduces a Pod to its name, controller and mounted Secrets / ConfigMaps. */
export function podMountFacts(pod: PodLike): PodMountFacts {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) {
      if (s.secret?.name) secrets.add(s.secret.name);
      if (s.configMap?.name) configMaps.add(s.configMap.name);
    }
  }
  const ref = pod.metadata?.ownerReferences?.find((o) => o.controller);
  const hash = pod.metadata?.labels?.["pod-template-hash"];
  let owner: PodMountFacts["owner"];
  if (ref) {
    owner =
      ref.kind === "ReplicaSet" && hash && ref.name.endsWith(`-${hash}`)
        ? { kind: "Deployment", name: ref.name.slice(0, -(hash.length + 1)) }
        : { kind: ref.kind, name: ref.name };
  }
  return {
    namespace: pod.metadata?.namespace ?? "",
    name: pod.metadata?.name ?? "",
    ...(owner ? { owner } : {}),
    secrets: [...secrets].sort(),
    configMaps: [...configMaps].sort(),
  };
}

/** The workloads whose Pods mount any of `targets`, grouped by controller, sorted. */
export function workloadsMounting(pods: PodMountFacts[], targets: MountTarget[]): WorkloadConsumer[] {
  const wanted = new Set(targets.map((t) => `${t.kind}|${t.namespace}|${t.name}`));
  const groups = new Map<string, WorkloadConsumer>();
  for (const p of pods) {
    const mounts = [
      ...p.secrets.filter((n) => wanted.has(`Secret|${p.namespace}|${n}`)).map((n) => `Secret ${n}`),
      ...p.configMaps.filter((n) => wanted.has(`ConfigMap|${p.namespace}|${n}`)).map((n) => `ConfigMap ${n}`),
    ];
    if (mounts.length === 0) continue;
    const kind = p.owner?.kind ?? "Pod";
    const name = p.owner?.name ?? p.name;
    const key = `${p.namespace}|${kind}|${name}`;
    const g = groups.get(key) ?? { namespace: p.namespace, kind, name, pods: [], mounts: [] };
    g.pods.push(p.name);
    g.mounts = [...new Set([...g.mounts, ...mounts])];
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, pods: g.pods.sort(), mounts: g.mounts.sort() }))
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
}

/** The targets a Bundle writes in `namespaces`: a Secret and/or a ConfigMap named like the Bundle. */
export function bundleMountTargets(
  bundle: { name: string; target: { secretKey?: string; configMapKey?: string } },
  namespaces: string[],
): MountTarget[] {
  return namespaces.flatMap((namespace) => [
    ...(bundle.target.secretKey ? [{ kind: "Secret" as const, namespace, name: bundle.name }] : []),
    ...(bundle.target.configMapKey ? [{ kind: "ConfigMap" as const, namespace, name: bundle.name }] : []),
  ]);
}

/** `visibility` narrowed to the workloads mounting `targets` (and the hidden notes of their namespaces). */
export function visibleFor(visibility: WorkloadVisibility, targets: MountTarget[]): WorkloadVisibility {
  const wanted = new Set(targets.map((t) => `${t.kind} ${t.namespace}/${t.name}`));
  const namespaces = new Set(targets.map((t) => t.namespace));
  return {
    workloads: visibility.workloads.filter((w) =>
      w.mounts.some((m) => {
        const [kind, name] = m.split(" ");
        return wanted.has(`${kind} ${w.namespace}/${name}`);
      }),
    ),
    hidden: visibility.hidden.filter((h) => namespaces.has(h.namespace)),
  };
}

/** What `withWorkloads` reads and writes of a trust graph (lib/trust/types.ts TrustGraph). */
interface GraphLike {
  nodes: {
    id: string;
    kind: string;
    namespace?: string;
    name: string;
    problems: unknown[];
    status: string;
  }[];
  edges: { id: string; kind: string; from: string; to: string }[];
}

/**
 * The trust objects a workload may mount to trust or present a CA, from the graph: Bundle targets
 * (Secret or ConfigMap with a `distributed-to` edge in), client CA Secrets (a
 * `trusted-as-client-ca-by` edge out) and CA issuers' Secrets (a `signed-by` edge in from an issuer).
 */
export function graphMountTargets(graph: GraphLike): MountTarget[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const ids = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind === "distributed-to") ids.add(e.to);
    if (e.kind === "trusted-as-client-ca-by") ids.add(e.from);
    const from = byId.get(e.from);
    if (e.kind === "signed-by" && (from?.kind === "issuer" || from?.kind === "clusterissuer")) ids.add(e.to);
  }
  return [...ids].flatMap((id) => {
    const n = byId.get(id);
    if (!n?.namespace || (n.kind !== "secret" && n.kind !== "configmap")) return [];
    return [
      {
        kind: n.kind === "secret" ? ("Secret" as const) : ("ConfigMap" as const),
        namespace: n.namespace,
        name: n.name,
      },
    ];
  });
}

/**
 * Adds each workload as a `workload` node (named `<Kind> <name>`) with a `mounted-by` edge from every
 * Secret / ConfigMap node it mounts (nodes ids as lib/trust/graph.ts `trustNodeId` builds them).
 */
export function withWorkloads<G extends GraphLike>(graph: G, workloads: WorkloadConsumer[]): G {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const nodes = [...graph.nodes];
  const edges = [...graph.edges];
  for (const w of workloads) {
    const name = `${w.kind} ${w.name}`;
    const id = `workload:${w.namespace}/${name}`;
    let linked = false;
    for (const m of w.mounts) {
      const [kind, objName] = m.split(" ");
      const from = `${kind === "Secret" ? "secret" : "configmap"}:${w.namespace}/${objName}`;
      if (!ids.has(from)) continue;
      edges.push({ id: `mounted-by:${from}->${id}`, kind: "mounted-by", from, to: id });
      linked = true;
    }
    if (linked && !ids.has(id)) {
      ids.add(id);
      nodes.push({ id, kind: "workload", namespace: w.namespace, name, problems: [], status: "ok" });
    }
  }
  return { ...graph, nodes, edges };
}
