import { describe, expect, it } from "vitest";
import type { CertificateInfo, CertificateRow } from "@/lib/types";
import { formatExposition } from "./exposition";
import { buildMetricFamilies } from "./inventory";

const row = (over: Partial<CertificateRow>): CertificateRow => ({
  namespace: "tls",
  name: "etcd-server",
  ready: "True",
  issuing: false,
  issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
  secretName: "etcd-secret",
  dnsNames: [],
  isCA: false,
  expiryMismatch: false,
  renewalOverdue: false,
  expiryLevel: "ok",
  labels: {},
  ...over,
});

const info = (over: Partial<CertificateInfo>): CertificateInfo =>
  ({ subject: "CN=x", notAfter: "2027-01-01T00:00:00Z", isCA: false, ...over }) as CertificateInfo;

describe("buildMetricFamilies", () => {
  const text = formatExposition(
    buildMetricFamilies({
      certificates: [
        row({
          notAfter: "2026-06-01T00:00:00Z",
          statusNotAfter: "2026-05-01T00:00:00Z",
          renewalTime: "2026-05-01T00:00:00Z",
          notBefore: "2026-01-31T00:00:00Z",
        }),
        row({ name: "no-secret", ready: "False", statusNotAfter: "2026-07-01T00:00:00Z" }),
      ],
      secrets: [
        {
          namespace: "tls",
          name: "root-secret",
          managed: true,
          certificates: [
            info({
              subject: "CN=selfsigned-ca",
              isCA: true,
              notAfter: "2026-12-01T00:00:00Z",
              publicKeyFingerprint: "AA:01",
            }),
          ],
          ca: [
            info({
              subject: "CN=selfsigned-ca",
              isCA: true,
              notAfter: "2026-12-01T00:00:00Z",
              publicKeyFingerprint: "AA:01",
            }),
          ],
        },
        { namespace: "legacy", name: "hand-made", managed: false, certificates: [info({})], ca: [] },
      ],
      chainProblems: { critical: 2, warning: 1, info: 0 },
      watches: [
        {
          context: "admin",
          state: "live",
          kinds: [{ kind: "Secret", state: "forbidden", restarts: 3, items: 0, since: "" }],
        },
      ],
    }),
  );
  const labels =
    'name="etcd-server",namespace="tls",issuer_name="ca-issuer",issuer_kind="Issuer",issuer_group="cert-manager.io"';

  it("takes expiry from the Secret's certificate, falling back to status.notAfter", () => {
    expect(text).toContain(`trustdeck_certificate_expiration_timestamp_seconds{${labels}} 1780272000\n`);
    expect(text).toMatch(
      /trustdeck_certificate_expiration_timestamp_seconds\{name="no-secret",[^}]*\} 1782864000\n/,
    );
    expect(text).toContain(`trustdeck_certificate_renewal_timestamp_seconds{${labels}} 1777593600\n`);
    expect(text).not.toMatch(/trustdeck_certificate_renewal_timestamp_seconds\{name="no-secret"/);
  });

  it("reports notBefore, so alerts can measure the share of the lifetime left", () => {
    expect(text).toContain(`trustdeck_certificate_not_before_timestamp_seconds{${labels}} 1769817600\n`);
    expect(text).not.toMatch(/trustdeck_certificate_not_before_timestamp_seconds\{name="no-secret"/);
  });

  it("reports Ready one-hot like certmanager_certificate_ready_status", () => {
    expect(text).toContain(`trustdeck_certificate_ready_status{${labels},condition="True"} 1\n`);
    expect(text).toContain(`trustdeck_certificate_ready_status{${labels},condition="False"} 0\n`);
    expect(text).toMatch(/ready_status\{name="no-secret",[^}]*condition="False"\} 1\n/);
  });

  it("includes unmanaged TLS Secrets and dedupes CA certificates per Secret", () => {
    expect(text).toContain(
      'trustdeck_tls_secret_expiration_timestamp_seconds{namespace="legacy",name="hand-made",managed="false"} 1798761600',
    );
    expect(text).toContain(
      'trustdeck_tls_secret_expiration_timestamp_seconds{namespace="tls",name="root-secret",managed="true"}',
    );
    expect(text.match(/trustdeck_ca_certificate_expiration_timestamp_seconds\{/g)).toHaveLength(1);
    expect(text).toContain(
      'trustdeck_ca_certificate_expiration_timestamp_seconds{namespace="tls",secret="root-secret",subject="CN=selfsigned-ca",public_key_sha256="aa01"} 1796083200',
    );
  });

  it("exposes not yet valid (issue 13 e): the state label and the Secret's notBefore", () => {
    const t = formatExposition(
      buildMetricFamilies({
        certificates: [row({ name: "future", expiryLevel: "not-yet-valid" }), row({})],
        secrets: [
          {
            namespace: "case-10",
            name: "not-yet-valid",
            managed: false,
            certificates: [info({ notBefore: "2026-12-10T00:00:00Z", notAfter: "2027-03-10T00:00:00Z" })],
            ca: [],
            expiryLevel: "not-yet-valid",
          },
        ],
        watches: [],
      }),
    );
    expect(t).toMatch(/^trustdeck_certificate_expiry_state\{name="future",[^}]*,state="not_yet_valid"\} 1$/m);
    expect(t).toContain(`trustdeck_certificate_expiry_state{${labels},state="ok"} 1\n`);
    expect(t.match(/^trustdeck_certificate_expiry_state\{/gm)).toHaveLength(2);
    const secret = 'namespace="case-10",name="not-yet-valid",managed="false"';
    expect(t).toContain(`trustdeck_tls_secret_not_before_timestamp_seconds{${secret}} 1796860800\n`);
    expect(t).toContain(`trustdeck_tls_secret_expiry_state{${secret},state="not_yet_valid"} 1\n`);
  });

  it("tells CAs of the same subject apart by key, each with its own series, whatever their order", () => {
    const old = info({
      subject: "CN=rotating-ca",
      isCA: true,
      notAfter: "2026-12-01T00:00:00Z",
      publicKeyFingerprint: "01:01",
    });
    const renewed = info({
      subject: "CN=rotating-ca",
      isCA: true,
      notAfter: "2027-06-01T00:00:00Z",
      publicKeyFingerprint: "02:02",
    });
    const render = (ca: CertificateInfo[]) =>
      formatExposition(
        buildMetricFamilies({
          certificates: [],
          secrets: [{ namespace: "tls", name: "bundle", managed: false, certificates: [], ca }],
          watches: [],
        } as unknown as Parameters<typeof buildMetricFamilies>[0]),
      );
    const a = render([old, renewed]);
    expect(a.match(/trustdeck_ca_certificate_expiration_timestamp_seconds\{/g)).toHaveLength(2);
    expect(a).toContain('subject="CN=rotating-ca",public_key_sha256="0101"} 1796083200');
    expect(a).toContain('subject="CN=rotating-ca",public_key_sha256="0202"} 1811808000');
    expect(render([renewed, old])).toBe(a);
  });

  it("reports audit problems, watch restarts and one-hot watch states", () => {
    expect(text).toContain('trustdeck_chain_problems{severity="critical"} 2\n');
    expect(text).toContain('trustdeck_chain_problems{severity="info"} 0\n');
    expect(text).toContain('trustdeck_watch_restarts_total{kind="Secret",context="admin"} 3\n');
    expect(text).toContain('trustdeck_watch_state{kind="Secret",context="admin",state="forbidden"} 1\n');
    expect(text).toContain('trustdeck_watch_state{kind="Secret",context="admin",state="live"} 0\n');
    expect(text).toContain("# TYPE trustdeck_watch_restarts_total counter\n");
  });
});
