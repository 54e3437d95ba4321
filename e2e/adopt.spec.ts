import { execFileSync } from "node:child_process";
import crypto, { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { kubectl } from "./cluster";
import { expect, test } from "./fixtures";
import { shots } from "./shots";

// Adopting an unmanaged TLS Secret (made as `kubectl create secret tls` leaves one) in a namespace of
// its own, from the Secrets list to a Certificate that cert-manager reports Ready.

const ns = `e2e-adopt-${crypto.randomBytes(3).toString("hex")}`;
const SECRET = "hand-made-tls";

// biome-ignore lint/suspicious/noExplicitAny: kubectl JSON
type Json = Record<string, any>;

const getJson = (args: string[]): Json => JSON.parse(kubectl([...args, "-o", "json"])) as Json;

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test.beforeAll(async () => {
  kubectl(["create", "namespace", ns]);
  const apply = (o: Json) => kubectl(["apply", "-f", "-"], JSON.stringify(o));
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "team-ca", namespace: ns },
    spec: {
      isCA: true,
      commonName: "team-ca",
      secretName: "team-ca",
      issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
    },
  });
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "team-ca", namespace: ns },
    spec: { ca: { secretName: "team-ca" } },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-adopt-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "200",
        "-subj",
        "/CN=orders.e2e.local",
        "-addext",
        "subjectAltName=DNS:orders.e2e.local,IP:10.1.2.3",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-keyout",
        path.join(dir, "k"),
        "-out",
        path.join(dir, "c"),
      ],
      { stdio: "pipe" },
    );
    kubectl([
      "-n",
      ns,
      "create",
      "secret",
      "tls",
      SECRET,
      `--cert=${path.join(dir, "c")}`,
      `--key=${path.join(dir, "k")}`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await expect
    .poll(
      () =>
        (getJson(["-n", ns, "get", "issuer", "team-ca"]).status?.conditions ?? []).some(
          (c: Json) => c.type === "Ready" && c.status === "True",
        ),
      { timeout: 90_000 },
    )
    .toBe(true);
});

test.afterAll(() => {
  for (const args of [
    ["-n", ns, "delete", "certificates.cert-manager.io", "--all"],
    ["-n", ns, "delete", "certificaterequests.cert-manager.io", "--all"],
    ["-n", ns, "delete", "issuers.cert-manager.io", "--all"],
    ["-n", ns, "delete", "secrets", "--all"],
    ["delete", "namespace", ns],
  ]) {
    try {
      kubectl([...args, "--ignore-not-found", "--wait=false"]);
    } catch {
      // best effort
    }
  }
});

test("adopts an unmanaged TLS Secret: the matching Certificate, applied on confirm, followed to Ready", async ({
  page,
}) => {
  const before = new X509Certificate(
    Buffer.from(getJson(["-n", ns, "get", "secret", SECRET]).data["tls.crt"], "base64").toString("utf8"),
  );
  await page.goto(`/secrets?namespace=${ns}`);
  const row = page.locator(`[data-testid="secret-row"][data-name="${SECRET}"]`);
  await expect(row).toHaveAttribute("data-managed", "false");
  await row.getByTestId("adopt-link").click();
  await expect(page).toHaveURL(new RegExp(`/secrets/${ns}/${SECRET}/adopt$`));

  // The proposal copies the names and key; the namespace's CA Issuer is chosen, with its reason.
  const yaml = page.getByTestId("adopt-yaml");
  await expect(yaml).toContainText(`secretName: ${SECRET}`);
  await expect(yaml).toContainText("- orders.e2e.local");
  await expect(yaml).toContainText("- 10.1.2.3");
  await expect(yaml).toContainText("algorithm: ECDSA");
  await expect(yaml).toContainText("name: team-ca");
  await expect(page.getByTestId("issuer-Issuer-team-ca")).toBeChecked();
  // cert-manager's trigger: names and key match and no other issuer's annotations → kept until renewal.
  await expect(page.getByTestId("adopt-outcome")).toContainText("keep the current certificate until renewal");
  // A ClusterIssuer would re-issue at once (an unannotated Secret reads as a namespaced Issuer's).
  await page.getByTestId("issuer-ClusterIssuer-selfsigned-issuer").check();
  await expect(page.getByTestId("adopt-outcome")).toContainText("re-issue at once");
  await page.getByTestId("issuer-Issuer-team-ca").check();
  await expect(page.getByTestId("adopt-outcome")).toContainText("keep the current certificate until renewal");
  await shots(page, "adopt", "adopt-view");

  await page.getByTestId("adopt-confirm").click();
  await expect(page.getByTestId("adopt-ready")).toBeVisible({ timeout: 120_000 });

  // Judged by kubectl: a Certificate manages the Secret and is Ready; cert-manager kept the certificate.
  const cert = getJson(["-n", ns, "get", "certificates.cert-manager.io", SECRET]);
  expect(cert.spec.secretName).toBe(SECRET);
  expect(cert.spec.issuerRef).toMatchObject({ name: "team-ca", kind: "Issuer" });
  expect(cert.status.conditions.find((c: Json) => c.type === "Ready")?.status).toBe("True");
  const after = new X509Certificate(
    Buffer.from(getJson(["-n", ns, "get", "secret", SECRET]).data["tls.crt"], "base64").toString("utf8"),
  );
  // Kept until renewal, as the page said, unless cert-manager's Secret cache lagged behind (under load
  // its trigger can report "Issuing certificate as Secret does not exist" for a Secret that exists;
  // see the lead's notes): then the Events must say exactly that, and nothing else triggered it.
  const issuing = (getJson(["-n", ns, "get", "events"]).items as Json[])
    .filter(
      (e) =>
        e.involvedObject.name === SECRET &&
        e.reason === "Issuing" &&
        /^Issuing certificate as/.test(e.message),
    )
    .map((e) => e.message as string);
  if (after.fingerprint256 !== before.fingerprint256)
    expect(issuing.every((m) => m === "Issuing certificate as Secret does not exist")).toBe(true);
  else expect(issuing).toEqual([]);
  const events = (getJson(["-n", ns, "get", "events"]).items as Json[]).filter(
    (e) => e.reason === "TrustdeckAdopt",
  );
  expect(events.map((e) => e.involvedObject.name)).toContain(SECRET);

  // cert-manager adds its certificate-name annotation only when it issues, so a kept Secret is not
  // annotated yet; the Certificate above (Ready, spec.secretName) is what manages it.
  expect(Date.parse(cert.status.notAfter)).toBe(Date.parse(after.validTo));
});
