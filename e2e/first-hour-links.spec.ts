import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createPendingRequest, kubectl } from "./cluster";
import { expect, test } from "./fixtures";

// Issue 17, the rest of "the operator's first hour": link, copy, export what is on screen; the
// timeline and calendar with unmanaged Secrets; table semantics; honest previews and diffs.
// kubectl and openssl are the oracles.

const run = Date.now().toString(36);
const LEGACY = `e2e-legacy-${run}`;
const SANS = {
  DNS: "legacy.example.com",
  IP: "10.1.2.3",
  URI: "spiffe://cluster.local/ns/payments/sa/legacy",
  email: "ops@example.com",
};
let legacyNotAfter = "";

function openssl(args: string[], input?: string): string {
  return execFileSync("openssl", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

/** The Secret's `data[key]` as kubectl sees it (base64). */
function secretData(namespace: string, name: string, key: string): string {
  return kubectl([
    "-n",
    namespace,
    "get",
    "secret",
    name,
    "-o",
    `jsonpath={.data.${key.replace(".", "\\.")}}`,
  ]);
}

/** openssl's SHA-256 fingerprint of the first certificate of a Secret's tls.crt ("AB:CD:..."). */
function opensslFingerprint(namespace: string, name: string): string {
  const pem = Buffer.from(secretData(namespace, name, "tls.crt"), "base64").toString("utf8");
  return openssl(["x509", "-noout", "-fingerprint", "-sha256"], pem).trim().replace(/^.*=/, "");
}

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  // An unmanaged TLS Secret expiring tomorrow (nothing renews it), with one SAN of each type.
  // Its key is made here, at test time, and never leaves the tmp folder but into the cluster.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-legacy-"));
  try {
    openssl([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${SANS.DNS}`,
      "-addext",
      `subjectAltName=DNS:${SANS.DNS},IP:${SANS.IP},URI:${SANS.URI},email:${SANS.email}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ]);
    legacyNotAfter = openssl(["x509", "-noout", "-enddate", "-in", path.join(dir, "cert.pem")])
      .trim()
      .replace(/^notAfter=/, "");
    kubectl([
      "-n",
      "payments",
      "create",
      "secret",
      "tls",
      LEGACY,
      `--cert=${path.join(dir, "cert.pem")}`,
      `--key=${path.join(dir, "key.pem")}`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.afterAll(() => {
  kubectl(["-n", "payments", "delete", "secret", LEGACY, "--ignore-not-found"]);
});

test("obs 5 + 7: the timeline and calendar show an unmanaged Secret expiring tomorrow; at 390 px the now line sits where the bars' axis says now and tick labels never overlap", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const bar = page.locator(`[data-testid="timeline-bar"][data-kind="secret"][data-name="${LEGACY}"]`);
  await expect(bar).toBeVisible();
  await expect(bar.getByRole("link")).toHaveAttribute("href", `/secrets/payments/${LEGACY}`);
  const day = new Date(legacyNotAfter).toISOString().slice(0, 10);
  await expect(page.locator(`[data-testid="heatmap-day"][data-date="${day}"]`)).toHaveAttribute(
    "aria-label",
    new RegExp(`Secret payments/${LEGACY} \\(unmanaged\\)`),
  );

  // "now" is 25 % along the axis (the first quarter is the past): the line must be there.
  const track = await page.getByTestId("timeline-track").first().boundingBox();
  const now = await page.getByTestId("timeline-now").boundingBox();
  expect(track && now).toBeTruthy();
  if (!track || !now) return;
  expect(Math.abs(now.x - (track.x + 0.25 * track.width))).toBeLessThanOrEqual(3);

  const labels = await page.locator('[data-testid="timeline-tick"]:visible').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right };
    }),
  );
  expect(labels.length).toBeGreaterThan(1);
  const sorted = labels.sort((a, b) => a.left - b.left);
  for (let i = 1; i < sorted.length; i++)
    expect(sorted[i]!.left, "tick labels overlap").toBeGreaterThanOrEqual(sorted[i - 1]!.right);
});

test("obs 9: the requests and secrets namespace menus keep every namespace when one is chosen", async ({
  page,
}) => {
  const name = `e2e-ns-${run}`;
  createPendingRequest("payments", name);
  try {
    await page.goto("/requests?namespace=payments");
    await expect(page.getByTestId("request-row").first()).toBeVisible();
    const options = page.getByTestId("filter-namespace").locator("option");
    await expect(options.filter({ hasText: /^tls$/ })).toHaveCount(1);
    await expect(options.filter({ hasText: /^payments$/ })).toHaveCount(1);
    await expect(page.locator('[data-testid="request-row"]:not([data-namespace="payments"])')).toHaveCount(0);

    await page.goto("/secrets?namespace=payments");
    await expect(page.getByTestId("secret-row").first()).toBeVisible();
    await expect(
      page.getByTestId("filter-namespace").locator("option").filter({ hasText: /^tls$/ }),
    ).toHaveCount(1);
    await expect(page.locator('[data-testid="secret-row"]:not([data-namespace="payments"])')).toHaveCount(0);
  } finally {
    kubectl(["-n", "payments", "delete", "certificaterequest", name, "--ignore-not-found"]);
  }
});

test("deliverable 8: a Secret's page shows its certificates (SANs by type, openssl's fingerprint), chain, who manages and uses it, never its data; the breadcrumb keeps the list's filters", async ({
  page,
}) => {
  await page.goto("/secrets?namespace=tls&managed=true");
  const row = page.locator('[data-testid="secret-row"][data-name="root-secret"]');
  await row.getByTestId("secret-link").click();
  await expect(page).toHaveURL(/\/secrets\/tls\/root-secret$/);
  const detail = page.getByTestId("secret-detail");
  await expect(detail).toBeVisible();

  const leaf = page.getByTestId("certificate-info").first();
  await expect(leaf.getByTestId("sha256-fingerprint")).toContainText(
    opensslFingerprint("tls", "root-secret"),
  );
  await expect(page.getByTestId("chain-verdict")).toBeVisible();
  // Managed by its Certificate (cert-manager's annotation, checked against kubectl).
  const owner = kubectl([
    "-n",
    "tls",
    "get",
    "secret",
    "root-secret",
    "-o",
    "jsonpath={.metadata.annotations.cert-manager\\.io/certificate-name}",
  ]);
  await expect(page.getByTestId("managed-by")).toHaveAttribute("href", `/certificates/tls/${owner}`);
  // Used by: the CA Issuer that signs with it and the ApisixTls that trusts it for client mTLS.
  const users = page.getByTestId("secret-user");
  await expect(users.filter({ hasText: "Issuer tls/ca-issuer" })).toHaveAttribute("data-kind", "Issuer");
  await expect(users.filter({ hasText: "Issuer tls/ca-issuer" }).getByRole("link")).toHaveAttribute(
    "href",
    "/issuers/tls/ca-issuer",
  );
  await expect(
    page.locator('[data-testid="secret-user"][data-kind="ApisixTls"][data-name="mtls-tls"]'),
  ).toContainText("client");
  // The data keys are named; no value of the Secret is on the page.
  await expect(page.getByTestId("secret-data-keys")).toContainText("tls.key");
  const html = await page.content();
  expect(html).not.toContain("PRIVATE KEY");
  expect(html).not.toContain(secretData("tls", "root-secret", "tls.key").slice(0, 40));
  expect(html).not.toContain(secretData("tls", "root-secret", "tls.crt").slice(0, 40));

  await page.getByTestId("breadcrumb-secrets").click();
  await expect(page).toHaveURL(/\/secrets\?namespace=tls&managed=true$/);
});

test("obs 11: SANs are listed with their type (DNS, IP, URI, email)", async ({ page }) => {
  await page.goto(`/secrets/payments/${LEGACY}`);
  const sans = page.getByTestId("certificate-info").first().getByTestId("san");
  for (const [type, value] of Object.entries(SANS))
    await expect(sans.filter({ hasText: value })).toHaveAttribute("data-type", type);
  await expect(page.getByTestId("unmanaged-badge")).toBeVisible();
});

test("obs 11: copy buttons put the fingerprint and the certificate PEM (never a key) on the clipboard", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/secrets/payments/${LEGACY}`);
  const card = page.getByTestId("certificate-info").first();
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await card.getByTestId("sha256-fingerprint").getByTestId("copy-fingerprint").click();
  await expect(card.getByTestId("sha256-fingerprint").getByTestId("copy-fingerprint")).toHaveAttribute(
    "data-state",
    "copied",
  );
  expect(await clipboard()).toBe(opensslFingerprint("payments", LEGACY));

  await card.getByTestId("copy-pem").click();
  const pem = await clipboard();
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect(pem).not.toContain("PRIVATE KEY");
  // openssl reads the copied PEM as the very certificate of the Secret.
  expect(openssl(["x509", "-noout", "-fingerprint", "-sha256"], pem).trim().replace(/^.*=/, "")).toBe(
    opensslFingerprint("payments", LEGACY),
  );
});

test("obs 11: view YAML of a Secret shows metadata, type and data key names only; of a Certificate, no managedFields", async ({
  page,
  request,
}) => {
  await page.goto(`/secrets/payments/${LEGACY}`);
  await page.getByTestId("view-yaml").click();
  const yaml = page.getByTestId("yaml-dialog").getByTestId("yaml-text");
  await expect(yaml).toContainText("kind: Secret");
  await expect(yaml).toContainText("type: kubernetes.io/tls");
  await expect(yaml).toContainText('tls.crt: "[redacted]"');
  await expect(yaml).toContainText('tls.key: "[redacted]"');
  const text = (await yaml.textContent()) ?? "";
  expect(text).not.toContain(secretData("payments", LEGACY, "tls.key").slice(0, 40));
  expect(text).not.toContain(secretData("payments", LEGACY, "tls.crt").slice(0, 40));
  expect(text).not.toContain("managedFields");
  await page.keyboard.press("Escape");

  // The raw object has managedFields (kubectl shows them); the YAML does not.
  expect(
    kubectl(["-n", "tls", "get", "certificate", "selfsigned-ca", "-o", "yaml", "--show-managed-fields"]),
  ).toContain("managedFields");
  await page.goto("/certificates/tls/selfsigned-ca");
  await page.getByTestId("view-yaml").click();
  const certYaml = page.getByTestId("yaml-dialog").getByTestId("yaml-text");
  await expect(certYaml).toContainText("kind: Certificate");
  await expect(certYaml).toContainText("secretName: root-secret");
  await expect(certYaml).not.toContainText("managedFields");

  // The route names the field at fault.
  const bad = await request.get("/api/yaml?kind=Issuer&name=ca-issuer");
  expect(bad.status()).toBe(422);
  expect(JSON.stringify(await bad.json())).toContain("namespace");
  const issuer = await request.get("/api/yaml?kind=Issuer&namespace=tls&name=ca-issuer");
  expect(((await issuer.json()) as { yaml: string }).yaml).toContain("secretName: root-secret");
});

test("obs 11: names link to their pages: a Certificate's Secret and issuer, a request's issuer", async ({
  page,
}) => {
  await page.goto("/certificates/tls/etcd-server");
  await expect(page.getByTestId("fact-issuer").getByRole("link")).toHaveAttribute(
    "href",
    /^\/(issuers\/tls|clusterissuers)\/[^/]+$/,
  );
  await page.getByTestId("fact-secret").getByTestId("secret-link").click();
  await expect(page).toHaveURL(/\/secrets\/tls\/etcd-secret$/);
  await expect(
    page.locator('[data-testid="secret-user"][data-kind="Certificate"][data-name="etcd-server"]'),
  ).toBeVisible();

  await page.goto("/requests?namespace=tls");
  const issuerLink = page.getByTestId("request-row").first().getByTestId("issuer-link");
  await expect(issuerLink).toHaveAttribute("href", /^\/(issuers\/tls|clusterissuers)\/[^/]+$/);
  await page.goto("/issuers");
  await expect(
    page.locator('[data-testid="issuer-row"][data-name="ca-issuer"]').getByTestId("ca-secret-link"),
  ).toHaveAttribute("href", "/secrets/tls/root-secret");
});

test("obs 11: the Issue form's preview shows no placeholders while the form is empty, only what is missing", async ({
  page,
}) => {
  await page.goto("/certificates/new");
  await expect(page.getByTestId("issue-form")).toBeVisible();
  await expect(page.getByTestId("yaml-preview")).toHaveCount(0);
  const missing = page.getByTestId("yaml-missing");
  await expect(missing).toContainText("Name");
  await expect(missing.locator('[data-field="namespace"]')).toBeVisible();
  await expect(page.locator("body")).not.toContainText("name: name");
  await page.locator("#f-namespace").fill("payments");
  await page.locator("#f-name").fill(`e2e-preview-${run}`);
  await page.locator('#f-issuer option[value="Issuer/payments-issuer"]').waitFor({ state: "attached" });
  await page.locator("#f-issuer").selectOption("Issuer/payments-issuer");
  await page.locator("#f-dnsNames").fill("preview.example.test");
  await expect(page.getByTestId("yaml-preview")).toContainText(`name: e2e-preview-${run}`);
  await expect(page.getByTestId("yaml-missing")).toHaveCount(0);
});

test("obs 6: no message says 'Issuer Issuer'; the missing issuer is named once with its namespace", async ({
  page,
  request,
}) => {
  const report = (await (await request.get("/api/trust/report")).json()) as {
    rows: { name: string; namespace: string; code: string; message: string; fix: string }[];
  };
  const doubled = report.rows.filter((r) => /\b(Cluster)?Issuer (Cluster)?Issuer\b/.test(r.message));
  expect(doubled.map((r) => r.message)).toEqual([]);
  // cert-manager writes the Secret of tls/broken-issuer: the advice is the missing issuer, not "create the Secret".
  const missingSecret = report.rows.find(
    (r) => r.namespace === "tls" && r.name === "broken-issuer" && r.code === "secret-missing",
  );
  expect(missingSecret?.fix).toBeDefined();
  expect(missingSecret?.fix).not.toMatch(/Create the Secret/);
  expect(missingSecret?.fix).toMatch(/missing issuer/);
  await page.goto("/audit?severity=critical");
  await expect(
    page
      .getByTestId("audit-row")
      .filter({ hasText: "Issuer tls/missing-issuer, referenced by Certificate tls/broken-issuer" })
      .first(),
  ).toBeVisible();
});

test("obs 11: the Rotate diff compares notBefore to the second: a re-issue within the same minute is 'changed'", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const name = `e2e-rotate-${run}`;
  // Start early in a minute, so the first issuance and the rotation fall in the same minute.
  const second = new Date().getUTCSeconds();
  if (second > 10) await page.waitForTimeout((60 - second) * 1000);
  kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name, namespace: "payments" },
      spec: {
        secretName: `${name}-tls`,
        issuerRef: { name: "payments-issuer", kind: "Issuer" },
        dnsNames: [`${name}.example.test`],
        privateKey: { rotationPolicy: "Always" },
      },
    }),
  );
  try {
    kubectl(["-n", "payments", "wait", "--for=condition=Ready", `certificate/${name}`, "--timeout=60s"]);
    await page.goto(`/certificates/payments/${name}`);
    await page.getByTestId("rotate-button").click();
    await page.getByTestId("confirm-action").click();
    await expect(page.getByTestId("action-success")).toBeVisible({ timeout: 60_000 });
    const before = (await page.getByTestId("before-not-before").textContent()) ?? "";
    const after = (await page.getByTestId("after-not-before").textContent()) ?? "";
    // Shown to the second, and judged on the instants (kubectl's view of the new certificate).
    expect(before).toMatch(/\d{2}:\d{2}:\d{2} UTC/);
    expect(after).toMatch(/\d{2}:\d{2}:\d{2} UTC/);
    await expect(page.getByTestId("compare-not-before")).toHaveAttribute("data-changed", "true");
    const pem = Buffer.from(secretData("payments", `${name}-tls`, "tls.crt"), "base64").toString("utf8");
    const notBefore = new Date(
      openssl(["x509", "-noout", "-startdate"], pem)
        .trim()
        .replace(/^notBefore=/, ""),
    );
    expect(after).toContain(notBefore.toISOString().slice(0, 19).replace("T", " "));
  } finally {
    kubectl(["-n", "payments", "delete", "certificate", name, "--ignore-not-found"]);
    kubectl(["-n", "payments", "delete", "secret", `${name}-tls`, "--ignore-not-found"]);
  }
});

test("obs 9: Needs attention quotes the issuance doctor's verdict for tls/broken-issuer, not cert-manager's trigger", async ({
  page,
}) => {
  await page.goto("/");
  const row = page.locator(
    '[data-testid="attention-row"][data-kind="not-ready"][data-title="tls/broken-issuer"]',
  );
  await expect(row).toContainText("missing-issuer");
  await expect(row).not.toContainText("Issuing certificate as Secret does not exist");
});

/** The downloaded CSV's lines without its leading `cluster` column (every export has one), so the rest reads as before. */
async function downloadCsv(page: Page): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("download-csv").click(),
  ]);
  const lines = fs
    .readFileSync((await download.path()) ?? "", "utf8")
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toMatch(/^cluster,/);
  return lines.map((l) => l.slice(l.indexOf(",") + 1));
}

test("deliverable 8: every export holds exactly the rows on screen, with every filter", async ({ page }) => {
  // Certificates: namespace + state.
  await page.goto("/certificates?namespace=tls&state=ready");
  // The first load of the whole inventory can be slow on a busy machine.
  await expect(page.getByTestId("certificate-row").first()).toBeVisible({ timeout: 30_000 });
  const certRows = await page.getByTestId("certificate-row").count();
  const certCsv = await downloadCsv(page);
  expect(certCsv.length - 1).toBe(certRows);
  for (const line of certCsv.slice(1)) expect(line).toMatch(/^tls,[^,]+,True,/);

  // Secrets: namespace + managed.
  await page.goto("/secrets?namespace=payments&managed=false");
  await expect(page.getByTestId("secret-row").first()).toBeVisible();
  const secretRows = await page.getByTestId("secret-row").count();
  const secretCsv = await downloadCsv(page);
  expect(secretCsv.length - 1).toBe(secretRows);
  expect(secretCsv.some((l) => l.startsWith(`payments,${LEGACY},false,`))).toBe(true);
  for (const line of secretCsv.slice(1)) expect(line).toMatch(/^payments,[^,]+,false,/);

  // Requests: namespace + approval.
  await page.goto("/requests?namespace=tls&status=approved");
  await expect(page.getByTestId("request-row").first()).toBeVisible();
  const requestRows = await page.getByTestId("request-row").count();
  const requestCsv = await downloadCsv(page);
  expect(requestCsv.length - 1).toBe(requestRows);
  for (const line of requestCsv.slice(1)) expect(line).toMatch(/^tls,.*,approved,/);
});

test("deliverable 8: the certificate breadcrumb goes back to the filtered, sorted list", async ({ page }) => {
  await page.goto("/certificates?namespace=tls&sort=expires&dir=desc");
  await page.getByTestId("certificate-row").first().click();
  await expect(page.getByTestId("certificate-detail")).toBeVisible();
  await page.getByTestId("breadcrumb-certificates").click();
  await expect(page).toHaveURL(/\/certificates\?namespace=tls&sort=expires&dir=desc$/);
});

for (const [url, label] of [
  ["/secrets", "TLS secrets"],
  ["/requests", "Certificate requests"],
  ["/issuers", "Issuers"],
] as const) {
  test(`obs 11: the ${label} table has table semantics and aria-sort on its sortable columns`, async ({
    page,
  }) => {
    await page.goto(url);
    const table = page.getByRole("table", { name: label });
    await expect(table).toBeVisible();
    await expect(table.getByRole("columnheader").first()).toBeVisible();
    const nameHeader = table.getByRole("columnheader").filter({ has: page.getByTestId("sort-name") });
    await expect(nameHeader).toHaveAttribute("aria-sort", "none");
    await table.getByTestId("sort-name").click();
    await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
    await table.getByTestId("sort-name").click();
    await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
    const names = await table
      .getByRole("row")
      .evaluateAll((rows) => rows.slice(1).map((r) => r.getAttribute("data-name") ?? ""));
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
  });
}

test("obs 11: the audit and gateway tables have table semantics; the issuers table fits at 1440 px", async ({
  page,
}) => {
  for (const url of ["/audit", "/gateway"]) {
    await page.goto(url);
    await expect(page.getByRole("table").first()).toBeVisible();
    await expect(page.getByRole("table").first().getByRole("columnheader").first()).toBeVisible();
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/issuers");
  const scroller = page.getByTestId("issuers-table").locator("..");
  await expect(page.getByTestId("issuer-row").first()).toBeVisible();
  const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow, "px of sideways scroll in the issuers table").toBeLessThanOrEqual(0);
});

test("obs 11: a missing Secret or request shows 'not found' with a way back, never 'Try again'", async ({
  page,
}) => {
  for (const [url, back] of [
    ["/secrets/tls/does-not-exist", /\/secrets/],
    ["/requests/tls/does-not-exist", /\/requests/],
    ["/certificates/tls/does-not-exist", /\/certificates/],
  ] as const) {
    await page.goto(url);
    await expect(page.getByTestId("error-panel")).toHaveAttribute("data-status", "404");
    await expect(page.getByTestId("error-panel")).toContainText("Not found");
    await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
    await expect(page.getByTestId("error-panel").getByRole("link")).toHaveAttribute("href", back);
  }
});
