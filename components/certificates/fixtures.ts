import type { CertificateRow } from "@/lib/types";

/** DTO fixtures for component tests, shaped like the seeded `tls` namespace. */
export function certificateRow(overrides: Partial<CertificateRow> = {}): CertificateRow {
  return {
    namespace: "tls",
    name: "etcd-server",
    ready: "True",
    readyReason: "Ready",
    readyMessage: "Certificate is up to date and has not expired",
    issuing: false,
    issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
    secretName: "etcd-secret",
    dnsNames: ["etcd"],
    isCA: false,
    notBefore: "2026-01-01T00:00:00Z",
    statusNotAfter: "2026-04-01T00:00:00Z",
    notAfter: "2026-04-01T00:00:00Z",
    expiryMismatch: false,
    renewalTime: "2026-03-02T00:00:00Z",
    renewalOverdue: false,
    revision: 1,
    daysLeft: 80,
    expiryLevel: "ok",
    labels: {},
    ...overrides,
  };
}

export const seededRows: CertificateRow[] = [
  certificateRow({
    name: "selfsigned-ca",
    secretName: "root-secret",
    isCA: true,
    dnsNames: [],
    issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
  }),
  certificateRow(),
  certificateRow({
    name: "apisix-server",
    secretName: "apisix-server-secret",
    dnsNames: ["admin", "apisix"],
    daysLeft: 5,
    expiryLevel: "critical",
    renewalOverdue: true,
  }),
  certificateRow({
    name: "curl-client",
    secretName: "curl-secret",
    dnsNames: [],
    daysLeft: 20,
    expiryLevel: "renewal-window",
    expiryMismatch: true,
    statusNotAfter: "2026-02-01T00:00:00Z",
  }),
  certificateRow({
    name: "broken-issuer",
    ready: "False",
    readyReason: "DoesNotExist",
    readyMessage: "Issuing certificate as Secret does not exist",
    issuing: false,
    issuerRef: { name: "missing-issuer", kind: "Issuer" },
    secretName: "broken-secret",
    notAfter: undefined,
    statusNotAfter: undefined,
    daysLeft: undefined,
    expiryLevel: "unknown",
    secretProblem: "Secret tls/broken-secret not found",
  }),
];
