import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/certificates/[namespace]/[name]/diagnosis/route";
import { GET as listStuck } from "@/app/api/certificates/diagnoses/route";
import type { Diagnosis } from "@/lib/doctor";
import type { StuckSummary } from "@/lib/doctor/summary";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { collectMetrics } from "@/lib/metrics/collect";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// The issuance doctor against the seeded cases (scripts/seed/acme.mjs, tls/broken-issuer): the
// real cert-manager controller, Pebble (ACME) and BIND 9 (DNS-01). The oracle for each verdict is
// what kubectl reads from the same objects.

async function diagnosis(namespace: string, name: string, context = "trustdeck-admin") {
  const res = await GET(
    new Request(`http://127.0.0.1/api/certificates/${namespace}/${name}/diagnosis`, {
      headers: { cookie: `trustdeck-context=${context}` },
    }),
    { params: Promise.resolve({ namespace, name }) },
  );
  const text = await res.text();
  expect(text).not.toMatch(/PRIVATE KEY/);
  return { status: res.status, body: JSON.parse(text) as Diagnosis & { error?: { message: string } } };
}

const json = (args: string[]) => JSON.parse(kubectl([...args, "-o", "json"]));

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("GET /api/certificates/{namespace}/{name}/diagnosis on the seeded cases", () => {
  it.each([
    ["acme", "http01-stuck", "failing", "acme-challenges", "SelfCheckFailed"],
    ["acme", "wrong-tsig", "failing", "acme-challenges", "PresentError"],
    ["acme", "unreachable", "failing", "issuer-ready", "ErrRegisterACMEAccount"],
    ["acme", "awaiting-approval", "waiting", "approved", "AwaitingApproval"],
    ["acme", "denied", "failing", "approved", "Denied"],
    ["acme", "key-mismatch", "waiting", "approved", "AwaitingApproval"],
    ["tls", "broken-issuer", "failing", "issuer-ready", "IssuerNotFound"],
  ])("%s/%s: %s at %s (%s)", async (ns, name, state, step, reason) => {
    const { status, body } = await diagnosis(ns, name);
    expect(status).toBe(200);
    expect(body).toMatchObject({ state, step, reason, stuck: true, certificate: { namespace: ns, name } });
    expect(body.fix).toBeTruthy();
    expect(body.summary).not.toMatch(/Secret does not exist/);
    // cert-manager itself still says the Certificate is not Ready (kubectl as the oracle).
    const cert = json(["-n", ns, "get", "certificate", name]);
    expect(cert.status.conditions.find((c: { type: string }) => c.type === "Ready").status).toBe("False");
  });

  it("walks acme/www, Ready through a real Order, every step done", async () => {
    const { body } = await diagnosis("acme", "www");
    expect(body.state).toBe("ready");
    expect(body.steps.map((s) => s.state)).toEqual(Array(10).fill("done"));
    const order = body.steps.find((s) => s.id === "acme-order");
    // The Order the doctor names is the one kubectl shows as valid.
    const orders = json(["-n", "acme", "get", "orders"]).items.filter((o: { metadata: { name: string } }) =>
      o.metadata.name.startsWith("www-"),
    );
    expect(orders.map((o: { status: { state: string } }) => o.status.state)).toContain("valid");
    expect(order?.object?.name).toBe(orders[0].metadata.name);
    // The certificate really comes from Pebble: its issuer is Pebble's intermediate.
    const crt = Buffer.from(
      kubectl(["-n", "acme", "get", "secret", "www-tls", "-o", "jsonpath={.data.tls\\.crt}"]),
      "base64",
    ).toString();
    const issuer = execFileSync("openssl", ["x509", "-noout", "-issuer"], { input: crt, encoding: "utf8" });
    expect(issuer).toMatch(/Pebble Intermediate CA/);
  });

  it("quotes the Challenge's own status.reason for HTTP-01 and for the wrong TSIG secret", async () => {
    const challenges = json(["-n", "acme", "get", "challenges"]).items as {
      spec: { type: string; dnsName: string };
      status: { reason: string; presented: boolean };
    }[];
    const http = challenges.find((c) => c.spec.dnsName === "web.acme.example.local");
    const dns = challenges.find((c) => c.spec.dnsName === "api.acme.example.local");
    expect(http?.status.reason).toMatch(/self check/);
    expect(dns?.status.presented).toBe(false);

    const h = (await diagnosis("acme", "http01-stuck")).body;
    const hStep = h.steps.find((s) => s.id === "acme-challenges");
    expect(hStep?.challenges?.[0]).toMatchObject({ type: "HTTP-01", presented: true, selfCheck: "failing" });
    expect(hStep?.challenges?.[0]?.reason).toBe(http?.status.reason);

    const d = (await diagnosis("acme", "wrong-tsig")).body;
    const dStep = d.steps.find((s) => s.id === "acme-challenges");
    expect(dStep?.challenges?.[0]).toMatchObject({ type: "DNS-01", presented: false });
    expect(dStep?.challenges?.[0]?.reason).toBe(dns?.status.reason);
    expect(d.fix).toMatch(/tsig/i);
  });

  it("computes the key match on the server, agreeing with openssl", async () => {
    const { body } = await diagnosis("acme", "key-mismatch");
    expect(body.steps.find((s) => s.id === "key-matches")?.state).toBe("failing");
    const data = json(["-n", "acme", "get", "secret", "key-mismatch-tls"]).data as Record<string, string>;
    const pub = (args: string[], pem: string) =>
      execFileSync("openssl", args, { input: pem, encoding: "utf8" });
    const fromCert = pub(
      ["x509", "-noout", "-pubkey"],
      Buffer.from(data["tls.crt"] ?? "", "base64").toString(),
    );
    const fromKey = pub(["pkey", "-pubout"], Buffer.from(data["tls.key"] ?? "", "base64").toString());
    expect(fromCert).not.toBe(fromKey);
    expect((await diagnosis("acme", "www")).body.steps.find((s) => s.id === "key-matches")?.state).toBe(
      "done",
    );
  });

  it("reports the missing issuer as the cause and the missing Secret only as the trigger", async () => {
    const { body } = await diagnosis("tls", "broken-issuer");
    expect(body.trigger?.message).toBe("Issuing certificate as Secret does not exist");
    expect(body.fix).toMatch(/Issuer "missing-issuer"/);
  });

  it("still diagnoses as the viewer, who may not read Secrets", async () => {
    const { status, body } = await diagnosis("acme", "http01-stuck", "trustdeck-viewer");
    expect(status).toBe(200);
    expect(body.step).toBe("acme-challenges");
    expect(body.steps.find((s) => s.id === "secret-written")?.state).not.toBe("done");
  });

  it("answers 404 naming the Certificate, and 422 for a bad name", async () => {
    const missing = await diagnosis("acme", "no-such-certificate");
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toMatch(/no-such-certificate/);
    const bad = await diagnosis("acme", "Not_A_Name");
    expect(bad.status).toBe(422);
  });

  it("exports trustdeck_certificate_issuance_stuck labelled by step for every stuck seeded case, none for www", async () => {
    const text = await collectMetrics("trustdeck-admin");
    const stuck = text.split("\n").filter((l) => l.startsWith("trustdeck_certificate_issuance_stuck{"));
    const has = (ns: string, name: string, step: string) =>
      stuck.some(
        (l) =>
          l.includes(`namespace="${ns}"`) && l.includes(`name="${name}"`) && l.includes(`step="${step}"`),
      );
    expect(has("acme", "http01-stuck", "acme-challenges")).toBe(true);
    expect(has("acme", "wrong-tsig", "acme-challenges")).toBe(true);
    expect(has("acme", "unreachable", "issuer-ready")).toBe(true);
    expect(has("acme", "denied", "approved")).toBe(true);
    expect(has("acme", "awaiting-approval", "approved")).toBe(true);
    expect(has("tls", "broken-issuer", "issuer-ready")).toBe(true);
    expect(stuck.some((l) => l.includes('name="www"'))).toBe(false);
  });

  it("GET /api/certificates/diagnoses counts the stuck seeded cases per failing step", async () => {
    const res = await listStuck(new Request("http://127.0.0.1/api/certificates/diagnoses"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as StuckSummary;
    const count = (step: string) => body.byStep.find((s) => s.step === step)?.count ?? 0;
    expect(count("acme-challenges")).toBeGreaterThanOrEqual(2);
    expect(count("issuer-ready")).toBeGreaterThanOrEqual(2);
    expect(count("approved")).toBeGreaterThanOrEqual(3);
    expect(body.items.some((i) => i.namespace === "acme" && i.name === "www")).toBe(false);
    expect(body.items.find((i) => i.name === "http01-stuck")).toMatchObject({
      step: "acme-challenges",
      reason: "SelfCheckFailed",
    });
  });
});
