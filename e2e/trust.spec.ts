import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { signInIfNeeded, TrustPage } from "./pages/trust-page";
import { shots } from "./screenshots";

const kubeconfig = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, "..", ".cluster", "kubeconfig");
const brokenNs = `e2e-trust-${crypto.randomBytes(3).toString("hex")}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trust-e2e-"));

function kubectl(args: string[]): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfig, "--context", "trustdeck-admin", ...args], {
    encoding: "utf8",
  });
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { cwd: tmp, stdio: "ignore" });
}

const LEAVES = [
  ["etcd-server", "etcd-secret"],
  ["apisix-client", "apisix-client-secret"],
  ["apisix-server", "apisix-server-secret"],
  ["curl-client", "curl-secret"],
  ["upstream-server", "upstream-secret"],
] as const;

// A TLS Secret whose ca.crt is another CA than the one that issued tls.crt.
test.beforeAll(() => {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl([
    "req",
    "-x509",
    ...ec,
    "-subj",
    "/CN=e2e-root-a",
    "-days",
    "30",
    "-keyout",
    "a.key",
    "-out",
    "a.crt",
  ]);
  openssl([
    "req",
    "-x509",
    ...ec,
    "-subj",
    "/CN=e2e-root-b",
    "-days",
    "30",
    "-keyout",
    "b.key",
    "-out",
    "b.crt",
  ]);
  openssl(["req", "-new", ...ec, "-subj", "/CN=wrong-ca.e2e", "-keyout", "leaf.key", "-out", "leaf.csr"]);
  openssl([
    "x509",
    "-req",
    "-in",
    "leaf.csr",
    "-CA",
    "a.crt",
    "-CAkey",
    "a.key",
    "-CAcreateserial",
    "-days",
    "10",
    "-out",
    "leaf.crt",
  ]);
  kubectl(["create", "namespace", brokenNs]);
  kubectl([
    "-n",
    brokenNs,
    "create",
    "secret",
    "generic",
    "wrong-ca-tls",
    "--type=kubernetes.io/tls",
    `--from-file=tls.crt=${path.join(tmp, "leaf.crt")}`,
    `--from-file=tls.key=${path.join(tmp, "leaf.key")}`,
    `--from-file=ca.crt=${path.join(tmp, "b.crt")}`,
  ]);
});

// No garbage collector runs on the local control plane: delete the Secret, then the namespace.
test.afterAll(() => {
  kubectl(["-n", brokenNs, "delete", "secret", "wrong-ca-tls", "--ignore-not-found", "--wait=false"]);
  kubectl(["delete", "namespace", brokenNs, "--ignore-not-found", "--wait=false"]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await signInIfNeeded(page);
});

test("the graph draws selfsigned-issuer → selfsigned-ca → ca-issuer → leaves → Secrets → ApisixTls/ApisixUpstream", async ({
  page,
}) => {
  const trust = new TrustPage(page);
  await trust.goto("?namespace=tls");
  await expect(trust.node("clusterissuer:/selfsigned-issuer")).toHaveAttribute("data-kind", "clusterissuer");
  await expect(trust.node("ca-certificate:tls/selfsigned-ca")).toHaveAttribute("data-problems", "0");
  await expect(trust.node("issuer:tls/ca-issuer")).toBeVisible();
  await expect(
    trust.edge("issued-by", "clusterissuer:/selfsigned-issuer", "ca-certificate:tls/selfsigned-ca"),
  ).toHaveCount(1);
  await expect(
    trust.edge("stored-in", "ca-certificate:tls/selfsigned-ca", "secret:tls/root-secret"),
  ).toHaveCount(1);
  await expect(trust.edge("signed-by", "secret:tls/root-secret", "issuer:tls/ca-issuer")).toHaveCount(1);
  for (const [cert, secret] of LEAVES) {
    await expect(trust.node(`leaf-certificate:tls/${cert}`)).toHaveAttribute("data-kind", "leaf-certificate");
    await expect(trust.edge("issued-by", "issuer:tls/ca-issuer", `leaf-certificate:tls/${cert}`)).toHaveCount(
      1,
    );
    await expect(trust.edge("stored-in", `leaf-certificate:tls/${cert}`, `secret:tls/${secret}`)).toHaveCount(
      1,
    );
  }
  await expect(
    trust.edge("served-for-host", "secret:tls/apisix-server-secret", "apisix-tls:tls/mtls-tls"),
  ).toHaveCount(1);
  await expect(
    trust.edge("trusted-as-client-ca-by", "secret:tls/root-secret", "apisix-tls:tls/mtls-tls"),
  ).toHaveCount(1);
  await expect(
    trust.edge("presented-to-upstream", "secret:tls/apisix-client-secret", "apisix-upstream:tls/upstream"),
  ).toHaveCount(1);
  // A problem shows as a ring and a count: the seeded Certificate with a missing issuer.
  await expect(trust.node("leaf-certificate:tls/broken-issuer")).toHaveAttribute("data-status", "critical");
});

test("“what breaks” on root-secret's CA highlights the five leaves", async ({ page }) => {
  const trust = new TrustPage(page);
  await trust.goto("?namespace=tls");
  await trust.select("ca-certificate:tls/selfsigned-ca");
  await expect(trust.details).toContainText("CN=selfsigned-ca");
  await trust.details.getByTestId("highlight-downstream").click();
  for (const [cert, secret] of LEAVES) {
    await expect(trust.node(`leaf-certificate:tls/${cert}`)).toHaveAttribute("data-highlighted", "true");
    await expect(trust.node(`secret:tls/${secret}`)).toHaveAttribute("data-highlighted", "true");
  }
  await expect(trust.node("apisix-tls:tls/mtls-tls")).toHaveAttribute("data-highlighted", "true");
  // Not issued through this CA: dimmed, not highlighted.
  await expect(trust.node("leaf-certificate:tls/broken-issuer")).toHaveAttribute("data-dimmed", "true");
  await expect(trust.details.getByTestId("downstream-answer")).toContainText("tls/etcd-server");
});

test("the mtls-tls node shows it trusts root-secret", async ({ page }) => {
  const trust = new TrustPage(page);
  await trust.goto("?namespace=tls");
  await trust.select("apisix-tls:tls/mtls-tls");
  await trust.details.getByTestId("highlight-trusted").click();
  await expect(trust.details.getByTestId("trusted-ca")).toHaveText(/tls\/root-secret/);
  await expect(trust.node("secret:tls/root-secret")).toHaveAttribute("data-highlighted", "true");
  await expect(trust.node("ca-certificate:tls/selfsigned-ca")).toHaveAttribute("data-highlighted", "true");
  await expect(trust.node("leaf-certificate:tls/curl-client")).toHaveAttribute("data-dimmed", "true");
});

test("the search box focuses a node and opens its details", async ({ page }) => {
  const trust = new TrustPage(page);
  await trust.goto("?namespace=tls");
  await page.getByTestId("trust-search").fill("upstream-secret");
  await page.getByTestId("trust-search").press("Enter");
  await expect(trust.details).toHaveAttribute("data-id", "secret:tls/upstream-secret");
});

// Above the summary size (SUMMARY_AT objects; `summaryAt` sets it lower so the seed triggers it)
// the server sends a summary, every group collapsed, and each group the user expands is loaded.
test("a summarised graph opens with its groups collapsed and counted; expanding one loads its objects and edges", async ({
  page,
}) => {
  const trust = new TrustPage(page);
  await trust.goto("?namespace=tls&summaryAt=3");
  const whole = (await (await page.request.get("/api/trust?namespace=tls")).json()) as {
    nodes: { id: string; namespace?: string; problems: { severity: string }[] }[];
  };
  const strip = page.getByTestId("trust-summary");
  await expect(strip).toHaveAttribute("data-nodes", String(whole.nodes.length));
  const critical = whole.nodes.flatMap((n) => n.problems).filter((p) => p.severity === "critical").length;
  expect(critical).toBeGreaterThan(0);
  await expect(strip).toHaveAttribute("data-critical", String(critical));
  await expect(page.getByTestId("group-namespace")).toHaveAttribute("aria-pressed", "true");

  // Every group collapsed: one node per group with its count; no object of the graph drawn yet.
  const group = trust.node("group:tls");
  await expect(group).toHaveAttribute("data-kind", "group");
  await expect(group).toContainText(`${whole.nodes.filter((n) => n.namespace === "tls").length} objects`);
  await expect(group).toHaveAttribute("data-status", "critical");
  await expect(trust.node("leaf-certificate:tls/etcd-server")).toHaveCount(0);

  await group.click();
  await expect(trust.node("leaf-certificate:tls/etcd-server")).toBeVisible();
  await expect(trust.node("group:tls")).toHaveCount(0);
  await expect(
    trust.edge("issued-by", "issuer:tls/ca-issuer", "leaf-certificate:tls/etcd-server"),
  ).toHaveCount(1);
  await expect(
    trust.edge("stored-in", "leaf-certificate:tls/etcd-server", "secret:tls/etcd-secret"),
  ).toHaveCount(1);
  // An edge to a group still collapsed points at that group.
  await expect(
    trust.edge("issued-by", "group:(cluster-scoped)", "ca-certificate:tls/selfsigned-ca"),
  ).toHaveCount(1);
  await expect(trust.node("leaf-certificate:tls/broken-issuer")).toHaveAttribute("data-status", "critical");
  await shots(page, "trust-summary-expanded");

  // A node of the loaded group opens its details; collapsing the group draws it as one node again.
  await trust.select("ca-certificate:tls/selfsigned-ca");
  await expect(trust.details).toContainText("CN=selfsigned-ca");
  await page.getByTestId("collapse-group").first().click();
  await expect(trust.node("group:tls")).toBeVisible();
  await expect(trust.node("leaf-certificate:tls/etcd-server")).toHaveCount(0);
});

test("the search box of a summarised graph finds an object in a collapsed group, expands it and opens its details", async ({
  page,
}) => {
  const trust = new TrustPage(page);
  await trust.goto("?namespace=tls&summaryAt=3");
  await expect(trust.node("group:tls")).toBeVisible();
  await page.getByTestId("trust-search").fill("upstream-secret");
  await expect(page.getByTestId("trust-search-result").first()).toContainText("upstream-secret");
  await page.getByTestId("trust-search").press("Enter");
  await expect(trust.details).toHaveAttribute("data-id", "secret:tls/upstream-secret");
  await expect(trust.node("secret:tls/upstream-secret")).toBeVisible();
});

test("a link to a node of a summarised graph (?node=) expands its group and opens its details", async ({
  page,
}) => {
  const trust = new TrustPage(page);
  await trust.goto(`?namespace=tls&summaryAt=3&node=${encodeURIComponent("secret:tls/root-secret")}`);
  await expect(trust.node("secret:tls/root-secret")).toBeVisible();
  await expect(trust.details).toHaveAttribute("data-id", "secret:tls/root-secret");
  await expect(trust.node("group:tls")).toHaveCount(0);
});

test("the audit page lists the broken chain's problem, filterable by namespace", async ({ page }) => {
  await page.goto(`/audit?namespace=${brokenNs}`);
  const row = page.locator(`[data-testid="audit-row"][data-name="wrong-ca-tls"]`).first();
  await expect(row).toHaveAttribute("data-severity", "critical");
  await expect(row).toHaveAttribute("data-kind", "Secret");
  await expect(row).toHaveAttribute("data-code", /issuer-missing|untrusted-root/);
  await expect(page.getByTestId("audit-count-critical")).not.toHaveAttribute("data-count", "0");
  // The CSV is the rows on screen: only this namespace.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("audit-download-csv").click(),
  ]);
  expect(download.suggestedFilename()).toBe(`trustdeck-trust-audit-${brokenNs}.csv`);
  const csv = fs.readFileSync((await download.path()) ?? "", "utf8");
  const lines = csv.trim().split(/\r?\n/).slice(1);
  expect(lines.length).toBe(await page.getByTestId("audit-row").count());
  expect(csv).toContain("wrong-ca-tls");
  for (const line of lines) expect(line).toContain(brokenNs);
});

test("the certificate page shows the chain ladder with one row per link", async ({ page }) => {
  await page.goto("/certificates/tls/etcd-server");
  const ladder = page.getByTestId("chain-ladder");
  await expect(ladder).toBeVisible();
  await expect(ladder).toHaveAttribute("data-valid", "true");
  await expect(ladder.getByTestId("chain-link")).toHaveCount(2);
  await expect(ladder.getByTestId("validity-bar")).toHaveCount(2);
  await expect(ladder.getByTestId("chain-signature").first()).toContainText("signature verified");
  await expect(ladder.getByTestId("renewal-marker")).toHaveCount(1);
});
