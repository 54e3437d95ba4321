import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { requiredGrants } from "@/lib/kinds";
import { kubectl } from "./helpers/kubectl";

// The team deployment (`kubectl apply -k deploy`: deploy/kustomization.yaml over deploy/trustdeck.yaml
// with deploy/team/): rendered by kubectl's own kustomize, checked for least privilege, and accepted
// by the real kube-apiserver with `kubectl apply --dry-run=server`.

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML objects
type Obj = Record<string, any>;

const ROOT = path.join(__dirname, "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "it-deploy-team-"));
const deployDir = path.join(tmp, "deploy");
let objects: Obj[] = [];

beforeAll(() => {
  // The git-ignored inputs an operator creates (README "Deploy for a team"), generated here.
  fs.cpSync(path.join(ROOT, "deploy"), deployDir, { recursive: true });
  fs.writeFileSync(path.join(deployDir, "team", "session-key"), crypto.randomBytes(32).toString("hex"));
  fs.writeFileSync(
    path.join(deployDir, "team", "oidc-client-secret"),
    crypto.randomBytes(16).toString("hex"),
  );
  const rendered = kubectl(["kustomize", deployDir]);
  objects = YAML.parseAllDocuments(rendered)
    .map((d) => d.toJSON())
    .filter(Boolean);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const find = (kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name)) as Obj;

describe("deploy/kustomization.yaml (team mode)", () => {
  it("refuses to render without the session key file (no known key is ever deployed)", () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "it-deploy-team-bare-"));
    try {
      fs.cpSync(path.join(ROOT, "deploy"), path.join(bare, "deploy"), { recursive: true });
      fs.rmSync(path.join(bare, "deploy", "team", "session-key"), { force: true });
      expect(() => kubectl(["kustomize", path.join(bare, "deploy")])).toThrow(/session-key/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it("runs 2 replicas in oidc mode with a PodDisruptionBudget, the session key and OIDC settings", () => {
    const deployment = find("Deployment", "trustdeck");
    expect(deployment.spec.replicas).toBe(2);
    const pdb = find("PodDisruptionBudget", "trustdeck");
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]));
    expect(env.TRUSTDECK_AUTH).toBe("oidc");
    expect(env.TRUSTDECK_SESSION_KEY_FILE).toMatch(/session-key$/);
    expect(env.TRUSTDECK_SESSION_REVOCATIONS).toBe("trustdeck/trustdeck-revoked-sessions");
    const oidc = find("ConfigMap", "trustdeck-oidc");
    expect(container.envFrom[0].configMapRef.name).toBe(oidc.metadata.name);
    expect(Object.keys(oidc.data)).toEqual(
      expect.arrayContaining(["TRUSTDECK_OIDC_ISSUER", "TRUSTDECK_OIDC_CLIENT_ID", "TRUSTDECK_PUBLIC_URL"]),
    );
    const key = find("Secret", "trustdeck-session-key");
    const volume = deployment.spec.template.spec.volumes.find((v: Obj) => v.name === "session-key");
    expect(volume.secret.secretName).toBe(key.metadata.name);
    expect(Buffer.from(key.data["session-key"], "base64").toString()).toMatch(/^[0-9a-f]{64}$/);
    // The pod's own token, projected and short-lived, for the shared cache.
    const projected = deployment.spec.template.spec.volumes.find((v: Obj) => v.name === "cluster-ca");
    expect(projected.projected.sources[0].serviceAccountToken.expirationSeconds).toBe(3600);
  });

  it("gives the ServiceAccount only reads of the shared cache's kinds, token reviews and its sign-out list", () => {
    const binding = find("ClusterRoleBinding", "trustdeck-cache");
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "trustdeck", namespace: "trustdeck" }]);
    const role = find("ClusterRole", "trustdeck-cache");
    const granted = new Set<string>();
    for (const rule of role.rules as Obj[]) {
      expect(rule.resourceNames).toBeUndefined();
      for (const g of rule.apiGroups)
        for (const r of rule.resources) for (const v of rule.verbs) granted.add(`${g}|${r}|${v}`);
    }
    const reviews = new Set([
      "authentication.k8s.io|tokenreviews|create",
      "authorization.k8s.io|subjectaccessreviews|create",
    ]);
    for (const g of granted) {
      if (!reviews.has(g)) expect(["get", "list", "watch"], g).toContain(g.split("|")[2]);
    }
    // Exactly the kind table's reads with watch (lib/kinds.ts), without the person-only self reviews.
    const needed = new Set<string>(reviews);
    for (const g of requiredGrants({ withWatch: true })) {
      if (g.resource.startsWith("selfsubject")) continue;
      for (const v of g.verbs) needed.add(`${g.group}|${g.resource}|${v}`);
    }
    expect([...granted].sort()).toEqual([...needed].sort());
    // Its one write: patching the sign-out list, by name, in its own namespace.
    const sessions = find("Role", "trustdeck-sessions");
    expect(sessions.metadata.namespace).toBe("trustdeck");
    expect(sessions.rules).toEqual([
      {
        apiGroups: [""],
        resources: ["configmaps"],
        resourceNames: ["trustdeck-revoked-sessions"],
        verbs: ["get", "patch"],
      },
    ]);
  });

  it("is accepted by the real kube-apiserver: kubectl apply --dry-run=server", () => {
    // The Namespace is created for real (dry-run objects cannot be placed into a dry-run namespace).
    try {
      kubectl(["create", "namespace", "trustdeck"]);
    } catch (err) {
      if (!String((err as { stderr?: string }).stderr ?? err).includes("AlreadyExists")) throw err;
    }
    const out = kubectl(["apply", "--dry-run=server", "-k", deployDir]);
    for (const o of objects) {
      const kind = o.kind.toLowerCase();
      expect(out, `${o.kind} ${o.metadata.name}`).toMatch(
        new RegExp(`${kind}[\\w./-]*/${o.metadata.name} (created|configured|unchanged) \\(server dry run\\)`),
      );
    }
    // Nothing but the namespace was stored.
    expect(kubectl(["get", "pdb", "-n", "trustdeck", "-o", "name"])).not.toContain("trustdeck");
    expect(kubectl(["get", "clusterrole", "-o", "name"]).split("\n")).not.toContain(
      "clusterrole.rbac.authorization.k8s.io/trustdeck-cache",
    );
  });
});
