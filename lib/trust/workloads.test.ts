import { describe, expect, it } from "vitest";
import { bundleFacts } from "./bundle-facts";
import { buildTrustGraph, trustNodeId } from "./graph";
import {
  bundleMountTargets,
  graphMountTargets,
  podMountFacts,
  visibleFor,
  withWorkloads,
  workloadsMounting,
} from "./workloads";

// Pods as the API server returns them (core/v1), trimmed to the fields that matter here.
const deploymentPod = (name: string) => ({
  metadata: {
    name,
    namespace: "shop",
    labels: { app: "web", "pod-template-hash": "7d9f8c6b5" },
    ownerReferences: [
      { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d9f8c6b5", controller: true, uid: "u1" },
    ],
  },
  spec: {
    containers: [{ name: "web", image: "nginx", env: [{ name: "PASSWORD", value: "not kept" }] }],
    volumes: [
      { name: "trust", configMap: { name: "shop-trust" } },
      { name: "token", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } },
    ],
  },
});

describe("workloads mounting trust objects", () => {
  it("reduces a Pod to its controller and mounted Secrets / ConfigMaps (secret, configMap, projected)", () => {
    const facts = podMountFacts({
      metadata: {
        name: "db-0",
        namespace: "shop",
        ownerReferences: [{ kind: "StatefulSet", name: "db", controller: true }],
      },
      spec: {
        volumes: [
          { secret: { secretName: "root-secret" } },
          { projected: { sources: [{ secret: { name: "db-tls" } }, { configMap: { name: "shop-trust" } }] } },
        ],
      },
    });
    expect(facts).toEqual({
      namespace: "shop",
      name: "db-0",
      owner: { kind: "StatefulSet", name: "db" },
      secrets: ["db-tls", "root-secret"],
      configMaps: ["shop-trust"],
    });
    // Nothing but names: the env of a container is not kept.
    expect(JSON.stringify(podMountFacts(deploymentPod("web-7d9f8c6b5-a")))).not.toContain("PASSWORD");
  });

  it("groups Pods by controller (a Deployment through its ReplicaSet's pod-template-hash) and keeps only matching mounts", () => {
    const pods = [
      podMountFacts(deploymentPod("web-7d9f8c6b5-a")),
      podMountFacts(deploymentPod("web-7d9f8c6b5-b")),
      podMountFacts({
        metadata: { name: "debug", namespace: "shop" },
        spec: { volumes: [{ secret: { secretName: "shop-trust" } }, { secret: { secretName: "other" } }] },
      }),
      // Same names in another namespace: not a target there.
      podMountFacts({
        metadata: { name: "x", namespace: "other" },
        spec: { volumes: [{ configMap: { name: "shop-trust" } }] },
      }),
      // A ReplicaSet without the Deployment's hash stays a ReplicaSet.
      podMountFacts({
        metadata: {
          name: "rs-1",
          namespace: "shop",
          ownerReferences: [{ kind: "ReplicaSet", name: "solo", controller: true }],
        },
        spec: { volumes: [{ configMap: { name: "shop-trust" } }] },
      }),
    ];
    const targets = bundleMountTargets(
      { name: "shop-trust", target: { secretKey: "ca.crt", configMapKey: "trust.pem" } },
      ["shop"],
    );
    expect(targets).toEqual([
      { kind: "Secret", namespace: "shop", name: "shop-trust" },
      { kind: "ConfigMap", namespace: "shop", name: "shop-trust" },
    ]);
    expect(workloadsMounting(pods, targets)).toEqual([
      {
        namespace: "shop",
        kind: "Deployment",
        name: "web",
        pods: ["web-7d9f8c6b5-a", "web-7d9f8c6b5-b"],
        mounts: ["ConfigMap shop-trust"],
      },
      { namespace: "shop", kind: "Pod", name: "debug", pods: ["debug"], mounts: ["Secret shop-trust"] },
      {
        namespace: "shop",
        kind: "ReplicaSet",
        name: "solo",
        pods: ["rs-1"],
        mounts: ["ConfigMap shop-trust"],
      },
    ]);
  });

  it("narrows one read to a Bundle's targets and keeps the RBAC note of its namespaces only", () => {
    const all = {
      workloads: [
        { namespace: "shop", kind: "Deployment", name: "web", pods: ["w"], mounts: ["ConfigMap shop-trust"] },
        { namespace: "shop", kind: "Deployment", name: "api", pods: ["a"], mounts: ["Secret root-secret"] },
      ],
      hidden: [
        { namespace: "vault", message: "workloads not visible: RBAC denies list pods in vault" },
        { namespace: "billing", message: "workloads not visible: RBAC denies list pods in billing" },
      ],
    };
    expect(
      visibleFor(all, [
        { kind: "ConfigMap", namespace: "shop", name: "shop-trust" },
        { kind: "ConfigMap", namespace: "vault", name: "shop-trust" },
      ]),
    ).toEqual({
      workloads: [all.workloads[0]],
      hidden: [{ namespace: "vault", message: "workloads not visible: RBAC denies list pods in vault" }],
    });
  });

  it("draws workloads in the trust graph: Bundle target and client CA Secret -> mounted-by -> workload", () => {
    const graph = buildTrustGraph(
      {
        issuers: [],
        certificates: [],
        secrets: [],
        apisixTls: [
          {
            namespace: "shop",
            name: "shop-mtls",
            hosts: ["shop.local"],
            secret: { name: "server-tls" },
            client: { caSecret: { name: "root-secret" } },
          },
        ],
        bundles: [
          bundleFacts({
            metadata: { name: "shop-trust" },
            spec: {
              sources: [{ useDefaultCAs: true }],
              target: {
                configMap: { key: "ca.pem" },
                namespaceSelector: {
                  matchExpressions: [
                    { key: "kubernetes.io/metadata.name", operator: "In", values: ["shop"] },
                  ],
                },
              },
            },
          }),
        ],
        namespaces: [{ name: "shop", labels: { "kubernetes.io/metadata.name": "shop" } }],
      },
      { now: new Date() },
    );
    const targets = graphMountTargets(graph);
    expect(targets).toEqual(
      expect.arrayContaining([
        { kind: "ConfigMap", namespace: "shop", name: "shop-trust" },
        { kind: "Secret", namespace: "shop", name: "root-secret" },
      ]),
    );
    // The served Secret is not a trust object: a Pod mounting it is not drawn.
    expect(targets).not.toContainEqual({ kind: "Secret", namespace: "shop", name: "server-tls" });
    const drawn = withWorkloads(graph, [
      {
        namespace: "shop",
        kind: "Deployment",
        name: "web",
        pods: ["w"],
        mounts: ["ConfigMap shop-trust", "Secret root-secret"],
      },
      { namespace: "shop", kind: "Pod", name: "stray", pods: ["stray"], mounts: ["Secret not-in-graph"] },
    ]);
    const web = "workload:shop/Deployment web";
    expect(drawn.nodes.filter((n) => n.kind === "workload").map((n) => n.id)).toEqual([web]);
    expect(drawn.edges.filter((e) => e.kind === "mounted-by").map((e) => `${e.from} ${e.to}`)).toEqual([
      `${trustNodeId("configmap", "shop", "shop-trust")} ${web}`,
      `${trustNodeId("secret", "shop", "root-secret")} ${web}`,
    ]);
    // The graph it was given is left as it was.
    expect(graph.nodes.some((n) => n.kind === "workload")).toBe(false);
  });
});
