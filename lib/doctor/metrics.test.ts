import { describe, expect, it } from "vitest";
import { issuanceStuckFamily } from "./metrics";
import type { Diagnosis } from "./types";

const d = (name: string, over: Partial<Diagnosis>): Diagnosis => ({
  certificate: { namespace: "acme", name },
  state: "failing",
  stuck: true,
  summary: "",
  renewalOverdue: false,
  steps: [],
  events: [],
  ...over,
});

describe("trustdeck_certificate_issuance_stuck", () => {
  it("has one sample per stuck certificate, labelled by step and reason, none for ready or progressing", () => {
    const f = issuanceStuckFamily([
      d("web", { step: "acme-challenges", reason: "SelfCheckFailed" }),
      d("ok", { state: "ready", stuck: false }),
      d("busy", { state: "progressing", stuck: false, step: "acme-challenges", reason: "Propagating" }),
      d("ask", { state: "waiting", step: "approved", reason: "AwaitingApproval" }),
    ]);
    expect(f.type).toBe("gauge");
    expect(f.samples).toEqual([
      {
        labels: { namespace: "acme", name: "web", step: "acme-challenges", reason: "SelfCheckFailed" },
        value: 1,
      },
      { labels: { namespace: "acme", name: "ask", step: "approved", reason: "AwaitingApproval" }, value: 1 },
    ]);
  });
});

describe("summariseStuck", () => {
  it("counts stuck certificates per step in cert-manager's order, longest stuck first", async () => {
    const { summariseStuck } = await import("./summary");
    const s = summariseStuck([
      d("web", { step: "acme-challenges", reason: "SelfCheckFailed", stuckForSeconds: 60 }),
      d("gone", { step: "issuer-ready", reason: "IssuerNotFound", stuckForSeconds: 600 }),
      d("ok", { state: "ready", stuck: false }),
      d("ask", { state: "waiting", step: "approved", reason: "AwaitingApproval", stuckForSeconds: 5 }),
      d("dns", { step: "acme-challenges", reason: "PresentError", stuckForSeconds: 30 }),
    ]);
    expect(s.total).toBe(4);
    expect(s.byStep).toEqual([
      { step: "issuer-ready", title: "Issuer Ready", count: 1 },
      { step: "approved", title: "Request approved", count: 1 },
      { step: "acme-challenges", title: "ACME Challenges", count: 2 },
    ]);
    expect(s.items.map((i) => i.name)).toEqual(["gone", "web", "dns", "ask"]);
    // A single-cluster summary carries no cluster.
    expect(s.items.every((i) => !("cluster" in i))).toBe(true);
  });

  it("keeps each diagnosis's cluster in a merged summary, and keys same-named items apart", async () => {
    const { summariseStuck, stuckKey } = await import("./summary");
    const west = d("web", { step: "issuer-ready", reason: "IssuerNotFound", stuckForSeconds: 60 });
    const s = summariseStuck([
      { ...west, cluster: "west" },
      {
        ...d("web", { step: "acme-challenges", reason: "SelfCheckFailed", stuckForSeconds: 30 }),
        cluster: "east",
      },
    ]);
    expect(s.items.map((i) => [i.cluster, i.step])).toEqual([
      ["west", "issuer-ready"],
      ["east", "acme-challenges"],
    ]);
    expect(s.byStep.map((b) => b.count)).toEqual([1, 1]);
    const keys = s.items.map(stuckKey);
    expect(new Set(keys).size).toBe(2);
    expect(keys[0]).toBe(`west|${s.items[0]?.namespace}/web`);
    expect(stuckKey({ namespace: "tls", name: "web" })).toBe("tls/web");
  });
});
