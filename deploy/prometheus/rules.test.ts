import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { buildMetricFamilies } from "@/lib/metrics/inventory";

const dir = path.resolve(__dirname);
const read = (f: string) => YAML.parse(fs.readFileSync(path.join(dir, f), "utf8"));
// promtool ships with Debian's `prometheus` package; .ci/run installs it.
const promtool = (...args: string[]) => execFileSync("promtool", args, { cwd: dir, encoding: "utf8" });

interface Rule {
  alert: string;
  expr: string;
}

describe("Prometheus alert rules", () => {
  const plain = read("trustdeck.rules.yaml") as { groups: { rules: Rule[] }[] };

  it("ships the same groups as a plain rules file and as a PrometheusRule", () => {
    const operator = read("trustdeck-prometheusrule.yaml");
    expect(operator.kind).toBe("PrometheusRule");
    expect(operator.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(operator.spec.groups).toEqual(plain.groups);
  });

  it("passes promtool check rules, for both files", () => {
    expect(promtool("check", "rules", "trustdeck.rules.yaml")).toContain("SUCCESS: 7 rules found");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-rules-"));
    try {
      const groups = path.join(tmp, "operator.rules.yaml");
      fs.writeFileSync(groups, YAML.stringify({ groups: read("trustdeck-prometheusrule.yaml").spec.groups }));
      expect(promtool("check", "rules", groups)).toContain("SUCCESS: 7 rules found");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("fires each alert on the series it is for and stays quiet otherwise (promtool test rules)", () => {
    expect(promtool("test", "rules", "trustdeck.rules.test.yaml")).toContain("SUCCESS");
    const tested = new Set(
      (read("trustdeck.rules.test.yaml").tests as { alert_rule_test: { alertname: string }[] }[]).flatMap(
        (t) => t.alert_rule_test.map((a) => a.alertname),
      ),
    );
    for (const rule of plain.groups.flatMap((g) => g.rules)) expect(tested).toContain(rule.alert);
  });

  it("only uses metrics that Trustdeck exports", () => {
    const exported = new Set(
      buildMetricFamilies({
        certificates: [],
        secrets: [],
        chainProblems: { critical: 0, warning: 0, info: 0 },
        watches: [],
      }).map((f) => f.name),
    );
    // Exported by the issuance doctor's collector (issue 14), not by the inventory families.
    exported.add("trustdeck_certificate_issuance_stuck");
    const used = plain.groups
      .flatMap((g) => g.rules)
      .flatMap((r) => r.expr.match(/trustdeck_[a-z_]+/g) ?? []);
    expect(used.length).toBeGreaterThan(5);
    for (const name of used) expect(exported).toContain(name);
  });
});
