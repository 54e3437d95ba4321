import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";
import { parseClustersFile, selectFleet, tagCluster } from "./fleet";
import { clusterUpFamily, labelClusters } from "./metrics/clusters";
import { formatExposition } from "./metrics/exposition";

function envProblems(fn: () => unknown): { name: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
  throw new Error("expected an EnvError");
}

describe("TRUSTDECK_CLUSTERS", () => {
  it("is a comma list of context names, blanks ignored", () => {
    expect(parseEnv({ TRUSTDECK_CLUSTERS: " east, west ,," }).clusters.contexts).toEqual(["east", "west"]);
    expect(parseEnv({}).clusters).toEqual({ contexts: undefined, file: undefined });
  });
  it("refuses a context listed twice, naming the setting", () => {
    expect(envProblems(() => parseEnv({ TRUSTDECK_CLUSTERS: "east,east" }))).toEqual([
      { name: "TRUSTDECK_CLUSTERS", message: 'lists context "east" twice' },
    ]);
  });
});

describe("parseClustersFile", () => {
  it("reads a YAML list and a { clusters } object, JSON too", () => {
    const yaml =
      "- name: edge-1\n  server: https://edge-1.example.net:6443\n  tokenFile: t\n  caFile: ca.crt\n";
    expect(parseClustersFile(yaml)).toEqual([
      { name: "edge-1", server: "https://edge-1.example.net:6443", tokenFile: "t", caFile: "ca.crt" },
    ]);
    expect(
      parseClustersFile(JSON.stringify({ clusters: [{ name: "b", server: "https://b:6443", token: "x" }] })),
    ).toEqual([{ name: "b", server: "https://b:6443", token: "x" }]);
    expect(parseClustersFile("")).toEqual([]);
  });
  it("names the setting and the bad field", () => {
    const problems = envProblems(() =>
      parseClustersFile(
        "- name: ok\n  server: https://a\n  token: t\n- name: Bad_Name\n  server: http://b\n  token: t\n",
      ),
    );
    expect(problems.every((p) => p.name === "TRUSTDECK_CLUSTERS_FILE")).toBe(true);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clusters\[1\]\.name: expected a DNS label/),
        expect.stringMatching(/^clusters\[1\]\.server: expected an https URL/),
      ]),
    );
  });
  it("wants exactly one of token and tokenFile, no unknown fields, no duplicate names", () => {
    expect(envProblems(() => parseClustersFile("- {name: a, server: 'https://a'}"))[0]?.message).toMatch(
      /exactly one of token or tokenFile/,
    );
    expect(
      envProblems(() => parseClustersFile("- {name: a, server: 'https://a', token: t, tokenFile: f}"))[0]
        ?.message,
    ).toMatch(/exactly one of token or tokenFile/);
    expect(
      envProblems(() => parseClustersFile("- {name: a, server: 'https://a', token: t, password: p}"))[0]
        ?.message,
    ).toMatch(/^clusters\[0\]/);
    expect(
      envProblems(() =>
        parseClustersFile(
          "- {name: a, server: 'https://a', token: t}\n- {name: a, server: 'https://b', token: t}",
        ),
      )[0]?.message,
    ).toBe('names cluster "a" twice');
    expect(envProblems(() => parseClustersFile("- [unclosed"))[0]?.message).toMatch(/^not YAML or JSON/);
  });
});

describe("selectFleet", () => {
  const contexts = [
    { name: "trustdeck-admin", server: "https://127.0.0.1:1" },
    { name: "trustdeck-viewer", server: "https://127.0.0.1:1" },
    { name: "east-admin", server: "https://127.0.0.1:2" },
    { name: "east-viewer", server: "https://127.0.0.1:2" },
  ];
  it("by default: every context, current first, one per API server", () => {
    expect(selectFleet({ contexts, current: "east-viewer" })).toEqual(["east-viewer", "trustdeck-admin"]);
  });
  it("TRUSTDECK_CONTEXT pins one context (the single-cluster view); remote clusters are added", () => {
    expect(selectFleet({ contexts, current: "east-admin", pinned: "trustdeck-admin" })).toEqual([
      "trustdeck-admin",
    ]);
    expect(
      selectFleet({
        contexts: [...contexts, { name: "edge", server: "https://edge" }],
        current: "trustdeck-admin",
        pinned: "trustdeck-admin",
        remote: ["edge"],
      }),
    ).toEqual(["trustdeck-admin", "edge"]);
  });
  it("TRUSTDECK_CLUSTERS: exactly the listed contexts, in order, even two on one server", () => {
    expect(
      selectFleet({
        contexts,
        current: "trustdeck-admin",
        listed: ["east-viewer", "trustdeck-viewer", "east-admin"],
      }),
    ).toEqual(["east-viewer", "trustdeck-viewer", "east-admin"]);
  });
  it("an unknown listed context is an error naming TRUSTDECK_CLUSTERS and the contexts there are", () => {
    const [p] = envProblems(() => selectFleet({ contexts, current: "x", listed: ["west"] }));
    expect(p?.name).toBe("TRUSTDECK_CLUSTERS");
    expect(p?.message).toContain('"west"');
    expect(p?.message).toContain("east-admin");
  });
});

describe("merging clusters", () => {
  it("tagCluster copies, never mutates the shared input", () => {
    const items = [{ name: "a" }];
    expect(tagCluster(items, "east")).toEqual([{ name: "a", cluster: "east" }]);
    expect(items).toEqual([{ name: "a" }]);
  });
  it("labelClusters puts every series under its cluster label, one HELP/TYPE per family", () => {
    const fam = (v: number) => ({
      name: "m",
      help: "h",
      type: "gauge" as const,
      samples: [{ labels: { namespace: "tls" }, value: v }],
    });
    const text = formatExposition([
      ...labelClusters([
        { cluster: "west", families: [fam(1)] },
        { cluster: "east", families: [fam(2)] },
      ]),
      clusterUpFamily(["west", "east", "north"], ["north"]),
    ]);
    expect(text.split("\n").filter((l) => l.startsWith("m{"))).toEqual([
      'm{cluster="west",namespace="tls"} 1',
      'm{cluster="east",namespace="tls"} 2',
    ]);
    expect(text.match(/^# HELP m /gm)).toHaveLength(1);
    expect(text).toContain('trustdeck_cluster_up{cluster="north"} 0');
    expect(text).toContain('trustdeck_cluster_up{cluster="west"} 1');
  });
});
