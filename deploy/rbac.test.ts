import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { writeGrants } from "@/lib/actions/write-table";
import { requiredGrants } from "@/lib/kinds";

// Least privilege of deploy/trustdeck.yaml (TRUSTDECK_AUTH=token: every call uses the person's token).
// The verbs the ClusterRole grants people are derived from the code: the kind table's reads and the
// write path's writes. Any extra or missing verb fails here; the ServiceAccount holds nothing.

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML objects
type Obj = Record<string, any>;
const manifests: Obj[] = YAML.parseAllDocuments(
  fs.readFileSync(path.join(__dirname, "trustdeck.yaml"), "utf8"),
)
  .map((d) => d.toJSON())
  .filter(Boolean);

const key = (group: string, resource: string, verb: string) => `${group || "core"}|${resource}|${verb}`;

function granted(role: Obj): string[] {
  const out = new Set<string>();
  for (const rule of role.rules as Obj[])
    for (const group of rule.apiGroups as string[])
      for (const resource of rule.resources as string[])
        for (const verb of rule.verbs as string[]) out.add(key(group, resource, verb));
  return [...out].sort();
}

function needed(): string[] {
  const out = new Set<string>();
  // Token mode has no shared watch cache: nothing watches.
  for (const g of requiredGrants({ withWatch: false }))
    for (const v of g.verbs) out.add(key(g.group, g.resource, v));
  for (const c of writeGrants())
    out.add(key(c.group, c.subresource ? `${c.resource}/${c.subresource}` : c.resource, c.verb));
  return [...out].sort();
}

/** Verbs of the client-node calls lib/k8s makes (`listNamespacedSecret` → list, `replace...` → update). */
function verbsTheCodeCalls(): Set<string> {
  const dir = path.join(__dirname, "..", "lib", "k8s");
  const verbs = new Set<string>();
  const map: Record<string, string> = {
    list: "list",
    read: "get",
    get: "get",
    create: "create",
    replace: "update",
    patch: "patch",
    delete: "delete",
  };
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of text.matchAll(
      /\.(list|read|get|create|replace|patch|delete)(Namespaced|Cluster|Self)?\w*?(CustomObject|Secret|Event|SubjectReview|SubjectAccessReview|ForAllNamespaces)\w*\(/g,
    ))
      verbs.add(map[m[1] ?? ""] ?? "?");
    if (/new Watch\(/.test(text)) verbs.add("watch");
  }
  return verbs;
}

describe("deploy/trustdeck.yaml RBAC", () => {
  const role = manifests.find((m) => m.kind === "ClusterRole")!;

  it("grants people exactly the verbs the kind table and the write path call, no more, no fewer", () => {
    expect(granted(role)).toEqual(needed());
  });

  it("grants no verb the code never calls (cross-checked against the client calls in lib/k8s)", () => {
    const called = verbsTheCodeCalls();
    called.delete("watch"); // the shared cache only, off in token mode
    const grantedVerbs = new Set(granted(role).map((k) => k.split("|")[2]));
    grantedVerbs.delete("approve"); // checked by cert-manager's webhook, not an API call of ours
    expect([...grantedVerbs].sort()).toEqual([...called].sort());
  });

  it("gives the pod no credential: no token mounted, no binding for its ServiceAccount", () => {
    const sa = manifests.find((m) => m.kind === "ServiceAccount")!;
    expect(sa.automountServiceAccountToken).toBe(false);
    const pod = manifests.find((m) => m.kind === "Deployment")!.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    const env = pod.containers[0].env as { name: string; value: string }[];
    expect(env.find((e) => e.name === "TRUSTDECK_AUTH")?.value).toBe("token");
    const projected = (pod.volumes as Obj[]).flatMap((v) => v.projected?.sources ?? []);
    expect(JSON.stringify(projected)).not.toContain("serviceAccountToken");
    for (const b of manifests.filter((m) => /RoleBinding$/.test(m.kind))) {
      for (const s of b.subjects as Obj[]) expect(s.kind).not.toBe("ServiceAccount");
    }
  });

  it("never grants Secret writes, wildcards or impersonation", () => {
    for (const k of granted(role)) {
      const [, resource, verb] = k.split("|");
      if (resource === "secrets") expect(["get", "list"]).toContain(verb);
      expect(verb).not.toBe("*");
      expect(verb).not.toBe("impersonate");
      expect(resource).not.toBe("*");
    }
  });
});
