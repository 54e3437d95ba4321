import type { KindStatus, LiveStatus } from "@/lib/k8s/watch-cache";
import type { CertificateInfo, CertificateRow, ConditionStatus, ExpiryLevel } from "@/lib/types";
import type { Labels, MetricFamily, Sample } from "./exposition";

/** A TLS Secret as the metrics see it: its leaf, its CA certificates, and whether a Certificate manages it. */
export interface SecretMetricInput {
  namespace: string;
  name: string;
  managed: boolean;
  /** `tls.crt`, leaf first. */
  certificates: readonly CertificateInfo[];
  /** `ca.crt`. */
  ca: readonly CertificateInfo[];
  /** The list's expiry state of the leaf (lib/inventory/expiry.ts), e.g. "not-yet-valid". */
  expiryLevel?: ExpiryLevel;
}

/** Everything one scrape reports. `secrets` is undefined when Secrets could not be read (e.g. 403). */
export interface MetricsInput {
  certificates: readonly CertificateRow[];
  secrets?: readonly SecretMetricInput[];
  /** Problems of the trust audit by severity; undefined when it could not run. */
  chainProblems?: Record<"critical" | "warning" | "info", number>;
  watches: readonly LiveStatus[];
}

const CONDITIONS: readonly ConditionStatus[] = ["True", "False", "Unknown"];
const WATCH_STATES: readonly KindStatus["state"][] = [
  "syncing",
  "live",
  "reconnecting",
  "offline",
  "forbidden",
  "unavailable",
];

/** The `state` label of the expiry-state gauges: the list's ExpiryLevel in Prometheus' snake case. */
export function expiryStateLabel(level: ExpiryLevel): string {
  return level.replace(/-/g, "_");
}

const seconds = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t / 1000;
};

function certLabels(r: CertificateRow): Labels {
  // The label set of cert-manager's own certmanager_certificate_* metrics.
  return {
    name: r.name,
    namespace: r.namespace,
    issuer_name: r.issuerRef.name,
    issuer_kind: r.issuerRef.kind,
    issuer_group: r.issuerRef.group ?? "cert-manager.io",
  };
}

/**
 * The metric families of one scrape, from inventory rows and watch states. Certificate expiry is
 * the Secret's leaf notAfter, falling back to `status.notAfter`. Pure.
 */
export function buildMetricFamilies(input: MetricsInput): MetricFamily[] {
  const expiration: Sample[] = [];
  const renewal: Sample[] = [];
  const notBefore: Sample[] = [];
  const ready: Sample[] = [];
  const certState: Sample[] = [];
  for (const r of input.certificates) {
    const labels = certLabels(r);
    certState.push({ labels: { ...labels, state: expiryStateLabel(r.expiryLevel) }, value: 1 });
    const exp = seconds(r.notAfter ?? r.statusNotAfter);
    if (exp !== undefined) expiration.push({ labels, value: exp });
    const nb = seconds(r.notBefore);
    if (nb !== undefined) notBefore.push({ labels, value: nb });
    const ren = seconds(r.renewalTime);
    if (ren !== undefined) renewal.push({ labels, value: ren });
    for (const c of CONDITIONS)
      ready.push({ labels: { ...labels, condition: c }, value: r.ready === c ? 1 : 0 });
  }

  const secretExpiry: Sample[] = [];
  const secretNotBefore: Sample[] = [];
  const secretState: Sample[] = [];
  const caExpiry: Sample[] = [];
  const seenCa = new Set<string>();
  for (const s of input.secrets ?? []) {
    const leaf = s.certificates[0];
    const secretLabels = { namespace: s.namespace, name: s.name, managed: String(s.managed) };
    const exp = seconds(leaf?.notAfter);
    if (exp !== undefined) secretExpiry.push({ labels: secretLabels, value: exp });
    const nb = seconds(leaf?.notBefore);
    if (nb !== undefined) secretNotBefore.push({ labels: secretLabels, value: nb });
    if (s.expiryLevel)
      secretState.push({ labels: { ...secretLabels, state: expiryStateLabel(s.expiryLevel) }, value: 1 });
    // CAs with the same subject are told apart by key (SPKI SHA-256), each with its own series
    // (an old and a new CA of one name in a ca.crt); copies of one key keep the latest notAfter.
    const byKey = new Map<string, Sample>();
    for (const c of [...s.certificates, ...s.ca]) {
      const t = seconds(c.notAfter);
      if (!c.isCA || t === undefined) continue;
      const keyId = (c.publicKeyFingerprint ?? "").replace(/:/g, "").toLowerCase();
      const key = `${s.namespace}/${s.name}/${c.subject}/${keyId}`;
      const prev = byKey.get(key);
      if (prev && prev.value >= t) continue;
      byKey.set(key, {
        labels: { namespace: s.namespace, secret: s.name, subject: c.subject, public_key_sha256: keyId },
        value: t,
      });
    }
    for (const [key, sample] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      if (seenCa.has(key)) continue;
      seenCa.add(key);
      caExpiry.push(sample);
    }
  }

  const families: MetricFamily[] = [
    {
      name: "trustdeck_certificate_expiration_timestamp_seconds",
      help: "The date after which the certificate expires (the Secret's certificate notAfter, else status.notAfter), as a Unix timestamp.",
      type: "gauge",
      samples: expiration,
    },
    {
      name: "trustdeck_certificate_not_before_timestamp_seconds",
      help: "The date from which the certificate is valid (status.notBefore), as a Unix timestamp; with the expiration it gives the certificate's lifetime.",
      type: "gauge",
      samples: notBefore,
    },
    {
      name: "trustdeck_certificate_expiry_state",
      help: "The certificate's expiry state as the list shows it, 1 for its one current state: expired, not_yet_valid (now is before notBefore: every client rejects it), critical (< 7 days left), renewal_window, ok or unknown.",
      type: "gauge",
      samples: certState,
    },
    {
      name: "trustdeck_certificate_renewal_timestamp_seconds",
      help: "The time at which cert-manager will renew the certificate (status.renewalTime), as a Unix timestamp.",
      type: "gauge",
      samples: renewal,
    },
    {
      name: "trustdeck_certificate_ready_status",
      help: "The Ready condition of the certificate, one-hot over True, False and Unknown.",
      type: "gauge",
      samples: ready,
    },
    {
      name: "trustdeck_tls_secret_expiration_timestamp_seconds",
      help: "notAfter of the first certificate of each kubernetes.io/tls Secret, managed by a Certificate or not, as a Unix timestamp.",
      type: "gauge",
      samples: secretExpiry,
    },
    {
      name: "trustdeck_tls_secret_not_before_timestamp_seconds",
      help: "notBefore of the first certificate of each kubernetes.io/tls Secret, as a Unix timestamp; later than now means not yet valid.",
      type: "gauge",
      samples: secretNotBefore,
    },
    {
      name: "trustdeck_tls_secret_expiry_state",
      help: "The TLS Secret's expiry state as the Secrets list shows it, 1 for its one current state: expired, not_yet_valid, critical, renewal_window, ok or unknown.",
      type: "gauge",
      samples: secretState,
    },
    {
      name: "trustdeck_ca_certificate_expiration_timestamp_seconds",
      help: "notAfter of each CA certificate found in a TLS Secret (tls.crt or ca.crt), as a Unix timestamp.",
      type: "gauge",
      samples: caExpiry,
    },
  ];
  if (input.chainProblems) {
    families.push({
      name: "trustdeck_chain_problems",
      help: "Problems found by the trust audit (chains, issuers, APISIX references), by severity.",
      type: "gauge",
      samples: (["critical", "warning", "info"] as const).map((severity) => ({
        labels: { severity },
        value: input.chainProblems?.[severity] ?? 0,
      })),
    });
  }
  const kinds = input.watches.flatMap((w) => w.kinds.map((k) => ({ context: w.context, k })));
  families.push(
    {
      name: "trustdeck_watch_restarts_total",
      help: "Times the watch of a resource kind had to be re-established, per kube context.",
      type: "counter",
      samples: kinds.map(({ context, k }) => ({ labels: { kind: k.kind, context }, value: k.restarts })),
    },
    {
      name: "trustdeck_watch_state",
      help: "State of the watch of a resource kind, one-hot over syncing, live, reconnecting, offline, forbidden and unavailable.",
      type: "gauge",
      samples: kinds.flatMap(({ context, k }) =>
        WATCH_STATES.map((state) => ({
          labels: { kind: k.kind, context, state },
          value: k.state === state ? 1 : 0,
        })),
      ),
    },
  );
  return families;
}
