import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { adminTarget } from "../../scripts/cluster.mjs";
import { apply, call } from "../../scripts/lib/kube-rest.mjs";

const manifests = YAML.parseAllDocuments(
  fs.readFileSync(path.join(__dirname, "../../deploy/trustdeck.yaml"), "utf8"),
)
  .map((d) => d.toJSON())
  .filter(Boolean);

describe("deploy/trustdeck.yaml", () => {
  it("holds the objects a cluster deployment needs", () => {
    const kinds = manifests.map((m) => m.kind).sort();
    expect(kinds).toEqual(
      [
        "ClusterRole",
        "ClusterRoleBinding",
        "Deployment",
        "Namespace",
        "NetworkPolicy",
        "Service",
        "ServiceAccount",
      ].sort(),
    );
    const deployment = manifests.find((m) => m.kind === "Deployment");
    const container = deployment.spec.template.spec.containers[0];
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.readinessProbe.httpGet.path).toBe("/api/healthz");
  });

  it("grants no write on Secrets and no impersonation (least privilege)", () => {
    const role = manifests.find((m) => m.kind === "ClusterRole");
    for (const rule of role.rules) {
      if (rule.resources.includes("secrets")) expect(rule.verbs.sort()).toEqual(["get", "list"]);
      expect(rule.verbs).not.toContain("impersonate");
      expect(rule.verbs).not.toContain("*");
      expect(rule.resources).not.toContain("*");
    }
  });

  it("is accepted by the real kube-apiserver with a server-side dry run", async () => {
    const target = adminTarget();
    // The Namespace is created for real (dry-run objects cannot be placed into a dry-run namespace).
    const ns = manifests.find((m) => m.kind === "Namespace");
    await apply(target, ns);
    for (const obj of manifests.filter((m) => m.kind !== "Namespace")) {
      const accepted = await apply(target, obj, { dryRun: true });
      expect(accepted.kind).toBe(obj.kind);
      expect(accepted.metadata.name).toBe(obj.metadata.name);
    }
    // Dry run means nothing but the namespace was stored.
    const sas = await call(target, "GET", "/api/v1/namespaces/trustdeck/serviceaccounts");
    expect(sas.items.map((s: { metadata: { name: string } }) => s.metadata.name)).not.toContain("trustdeck");
  });
});
