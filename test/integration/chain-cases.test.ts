import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getGateway } from "@/app/api/apisix/routes/route";
import { GET as exportSecretsCsv } from "@/app/api/export/secrets.csv/route";
import { GET as exportSecretsJson } from "@/app/api/export/secrets.json/route";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { GET as getSecrets } from "@/app/api/secrets/tls/route";
import { GET as getReport } from "@/app/api/trust/report/route";
import type { GatewayMatrixDto } from "@/lib/apisix/types";
import type { TrustReportDto } from "@/lib/trust/dto";
import type { ListResponse, TlsSecretRow } from "@/lib/types";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// Issue 13 a-h against the real control plane: each real-world shape is built by the shared
// case scripts with openssl (../shared/cases/NN-*/apply.sh) into namespace case-NN, and what
// Trustdeck's routes say is compared with the oracle each case's expect.md names.

const CASES = path.resolve(__dirname, "../../../shared/cases");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "chain-cases-"));
const HOST_NS = "case-13h";

function apply(dir: string): void {
  execFileSync("bash", [path.join(CASES, dir, "apply.sh")], {
    env: { ...process.env, KUBECONFIG_PATH: KUBECONFIG, CASES_OUT: out },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  });
}

const req = (url: string) =>
  new Request(`http://127.0.0.1${url}`, { headers: { cookie: "trustdeck-context=trustdeck-admin" } });

async function report(namespace: string): Promise<TrustReportDto> {
  const res = await getReport(req(`/api/trust/report?namespace=${namespace}`));
  expect(res.status).toBe(200);
  return (await res.json()) as TrustReportDto;
}

async function secrets(namespace: string): Promise<TlsSecretRow[]> {
  const res = await getSecrets(req(`/api/secrets/tls?namespace=${namespace}`));
  expect(res.status).toBe(200);
  return ((await res.json()) as ListResponse<TlsSecretRow>).items;
}

function opensslVerify(
  namespace: string,
  secret: string,
  extra: string[] = [],
): { ok: boolean; out: string } {
  const get = (key: string) =>
    Buffer.from(
      kubectl([
        "-n",
        namespace,
        "get",
        "secret",
        secret,
        "-o",
        `jsonpath={.data.${key.replace(".", "\\.")}}`,
      ]),
      "base64",
    ).toString("utf8");
  const leaf = path.join(out, `${namespace}-${secret}-leaf.pem`);
  const ca = path.join(out, `${namespace}-${secret}-ca.pem`);
  fs.writeFileSync(leaf, get("tls.crt"));
  fs.writeFileSync(ca, get("ca.crt"));
  try {
    const r = execFileSync("openssl", ["verify", ...extra, "-CAfile", ca, leaf], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return { ok: true, out: r };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const NAMESPACES = ["case-03", "case-10", "case-12", "case-15", "case-19", "case-23", "case-26", HOST_NS];

beforeAll(() => {
  for (const dir of [
    "03-ca-bundle-rotation",
    "10-not-yet-valid",
    "12-weak-crypto",
    "15-strict-missing-aki",
    "19-apisix-opaque-cert-key-secrets",
    "23-serial-numbers",
    "26-apisix-two-missing-secrets",
  ]) {
    apply(dir);
  }
  // h: two ApisixTls objects claiming one host (no shared case script builds this shape).
  try {
    kubectl(["create", "namespace", HOST_NS]);
  } catch {
    // exists from an earlier run
  }
  const tls = (name: string) => ({
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixTls",
    metadata: { name, namespace: HOST_NS },
    spec: { hosts: ["shared.example.local"], secret: { name: "shared-tls", namespace: HOST_NS } },
  });
  const route = {
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixRoute",
    metadata: { name: "shared-route", namespace: HOST_NS },
    spec: {
      http: [
        {
          name: "shared",
          match: { hosts: ["shared.example.local"], paths: ["/*"] },
          backends: [{ serviceName: "shared", servicePort: 80 }],
        },
      ],
    },
  };
  const manifest = path.join(out, "h.json");
  fs.writeFileSync(
    manifest,
    JSON.stringify({ apiVersion: "v1", kind: "List", items: [tls("first"), tls("second"), route] }),
  );
  kubectl(["apply", "-f", manifest]);
}, 900_000);

afterAll(() => {
  // The objects go, the namespaces stay: the local plane has no namespace controller, so a deleted
  // namespace would stay Terminating and refuse the next run's objects.
  const kinds =
    "secrets,apisixtls.apisix.apache.org,apisixroutes.apisix.apache.org,apisixupstreams.apisix.apache.org,certificates.cert-manager.io,issuers.cert-manager.io";
  for (const ns of NAMESPACES) {
    try {
      kubectl(["-n", ns, "delete", kinds, "--all", "--wait=false"]);
    } catch {
      // a kind the plane does not serve: nothing of it to delete
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
});

describe("issue 13 a-h against the control plane", () => {
  it("a: strict-mode failures (missing AKI; legacy root) are reported, as openssl -x509_strict fails", async () => {
    const r = await report("case-15");
    expect(opensslVerify("case-15", "missing-aki", ["-x509_strict"]).out).toContain("error 85");
    const legacy = opensslVerify("case-15", "legacy-root", ["-x509_strict"]);
    expect(legacy.ok).toBe(false);
    const all = r.rows.map((x) => x.code);
    expect(all).toContain("missing-aki");
    expect(all).toEqual(expect.arrayContaining(["ca-basic-constraints-not-critical"]));
  });

  it("b: RSASSA-PSS with SHA-1 is a weak signature, as openssl -auth_level 2 says", async () => {
    expect(opensslVerify("case-12", "pss-sha1", ["-auth_level", "2"]).out).toMatch(
      /digest algorithm too weak/,
    );
    const rows = (await report("case-12")).rows.filter((x) => x.code === "sha1-signature");
    expect(rows.some((x) => x.message.includes("pss-sha1") || x.message.includes("rsassaPss"))).toBe(true);
  });

  it("c: APISIX's Opaque cert/key Secrets are present and checked, not 'does not exist'", async () => {
    const r = await report("case-19");
    expect(r.rows.filter((x) => x.code === "secret-missing")).toEqual([]);
    const res = await getGateway(req("/api/apisix/routes"));
    const m = (await res.json()) as GatewayMatrixDto;
    const tls = m.tlses.find((t) => t.namespace === "case-19");
    expect(tls?.name).toBe("mtls-docs-style");
    // The gateway reads `cert` as APISIX's controller does: the served certificate covers the host
    // and the client CA is recognised as a CA.
    const row = m.rows.find((x) => x.route.namespace === "case-19" && x.host === "mtls.example.local");
    expect(row?.tls?.secret.found).toBe(true);
    expect(row?.tls?.secret.certificate?.dnsNames).toContain("mtls.example.local");
    expect(row?.tls?.client?.caSecret.trustedCertificate?.isCA).toBe(true);
    // Green, or amber only because the seeded tls/mtls-tls claims the same host (case h's warning).
    const cell = row?.cells.clientTls;
    expect(cell?.reason).not.toMatch(/does not exist/);
    if (cell?.level !== "green") {
      expect(cell?.level).toBe("amber");
      expect(cell?.reason).toMatch(/claimed by \d+ ApisixTls objects .*tls\/mtls-tls/);
    }
  });

  it("d: both missing Secrets of one ApisixTls and both unreadable keys of one Secret are reported", async () => {
    const r = await report("case-26");
    expect(r.rows.filter((x) => x.code === "secret-missing" && x.name === "two-missing")).toHaveLength(2);
    expect(r.rows.filter((x) => x.code === "secret-unparseable" && x.name === "two-bad-keys")).toHaveLength(
      2,
    );
  });

  it("e: a leaf valid from 10 days ahead is 'not-yet-valid' in the Secrets list, as openssl says (error 9)", async () => {
    expect(opensslVerify("case-10", "not-yet-valid").out).toContain("error 9");
    const row = (await secrets("case-10")).find((s) => s.name === "not-yet-valid");
    expect(row?.expiryLevel).toBe("not-yet-valid");
  });

  it("e: the metrics and the Secret exports say not yet valid too, with openssl's notBefore", async () => {
    const leaf = Buffer.from(
      kubectl(["-n", "case-10", "get", "secret", "not-yet-valid", "-o", "jsonpath={.data.tls\\.crt}"]),
      "base64",
    ).toString("utf8");
    const file = path.join(out, "case-10-leaf.pem");
    fs.writeFileSync(file, leaf);
    const start = execFileSync("openssl", ["x509", "-in", file, "-noout", "-startdate"], {
      encoding: "utf8",
    });
    const notBefore = Date.parse(start.replace("notBefore=", "").trim());
    const text = await (await getMetrics(new Request("http://127.0.0.1/api/metrics"))).text();
    const labels = 'namespace="case-10",name="not-yet-valid",managed="false"';
    expect(text).toContain(`trustdeck_tls_secret_expiry_state{${labels},state="not_yet_valid"} 1\n`);
    expect(text).toContain(
      `trustdeck_tls_secret_not_before_timestamp_seconds{${labels}} ${notBefore / 1000}\n`,
    );

    const csv = await (
      await exportSecretsCsv(req("/api/export/secrets.csv?namespace=case-10&state=not-yet-valid"))
    ).text();
    const [header, ...lines] = csv.trim().split("\r\n");
    const columns = header!.split(",");
    const name = columns.indexOf("name");
    const level = columns.indexOf("expiryLevel");
    expect(name).toBeGreaterThanOrEqual(0);
    expect(lines.map((l) => [l.split(",")[name], l.split(",")[level]])).toEqual([
      ["not-yet-valid", "not-yet-valid"],
    ]);
    const jsonBody = (await (
      await exportSecretsJson(req("/api/export/secrets.json?namespace=case-10"))
    ).json()) as { items: TlsSecretRow[] };
    expect(jsonBody.items.find((s) => s.name === "not-yet-valid")?.expiryLevel).toBe("not-yet-valid");
    expect((await exportSecretsCsv(req("/api/export/secrets.csv?state=soon"))).status).toBe(422);
  });

  it("f: two CAs of one subject in ca.crt each get their own expiry series, whatever the order", async () => {
    const text = await (await getMetrics(new Request("http://127.0.0.1/api/metrics"))).text();
    for (const secret of ["rotation-old-first", "rotation-new-first"]) {
      const series = text
        .split("\n")
        .filter(
          (l) =>
            l.startsWith("trustdeck_ca_certificate_expiration_timestamp_seconds{") &&
            l.includes(`secret="${secret}"`) &&
            l.includes("QA03 Rotating CA"),
        );
      expect(series).toHaveLength(2);
    }
  });

  it("g: serials read as openssl x509 -serial prints them; negative and positive stay distinct", async () => {
    const rows = await secrets("case-23");
    const serial = (name: string) => rows.find((s) => s.name === `serial-${name}`)?.certificate?.serialNumber;
    for (const name of ["highbit", "leadzero", "zero", "negative", "positive"]) {
      const pem = Buffer.from(
        kubectl(["-n", "case-23", "get", "secret", `serial-${name}`, "-o", "jsonpath={.data.tls\\.crt}"]),
        "base64",
      );
      const oracle = execFileSync("openssl", ["x509", "-noout", "-serial"], { input: pem, encoding: "utf8" })
        .trim()
        .replace(/^serial=/, "");
      expect(serial(name), name).toBe(oracle);
    }
    expect(serial("negative")).not.toBe(serial("positive"));
  });

  it("h: a host claimed by two ApisixTls is a warning naming both", async () => {
    const res = await getGateway(req("/api/apisix/routes"));
    const m = (await res.json()) as GatewayMatrixDto;
    const conflict = m.hostConflicts?.find((c) => c.host === "shared.example.local");
    expect(conflict?.claimants).toEqual([
      { namespace: HOST_NS, name: "first" },
      { namespace: HOST_NS, name: "second" },
    ]);
    const row = m.rows.find((r) => r.route.namespace === HOST_NS);
    expect(row?.cells.clientTls.level).not.toBe("green");
  });
});
