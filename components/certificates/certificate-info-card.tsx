import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Chips, Fact, Facts, Mono } from "@/components/ui/facts";
import { SanList, typedSans } from "@/components/ui/san-list";
import { formatDateTime, formatHex, formatRelative } from "@/lib/format";
import type { CertificateInfo } from "@/lib/types";

function ValidityBar({ notBefore, notAfter }: { notBefore: string; notAfter: string }) {
  const start = new Date(notBefore).getTime();
  const end = new Date(notAfter).getTime();
  const now = Date.now();
  const pct = end > start ? Math.min(100, Math.max(0, ((now - start) / (end - start)) * 100)) : 100;
  const expired = now > end;
  const colour = expired
    ? "bg-red-500"
    : pct > 90
      ? "bg-orange-500"
      : pct > 66
        ? "bg-amber-500"
        : "bg-emerald-500";
  return (
    <div>
      <div className="h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        <div className={`h-full rounded-full ${colour}`} style={{ width: `${pct}%` }} />
      </div>
      <div className="mt-1.5 flex justify-between text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
        <span title={notBefore}>{formatDateTime(notBefore)}</span>
        <span title={notAfter} className={expired ? "text-red-600 dark:text-red-400" : ""}>
          {formatDateTime(notAfter)} ({formatRelative(notAfter)})
        </span>
      </div>
    </div>
  );
}

/** A fingerprint with its copy button. */
function Fingerprint({ hex, label }: { hex: string; label: string }) {
  const text = formatHex(hex);
  return (
    <span className="flex items-start gap-1">
      <Mono className="min-w-0 text-zinc-600 dark:text-zinc-400">{text}</Mono>
      <CopyButton text={text} label={label} testId="copy-fingerprint" />
    </span>
  );
}

/**
 * Everything `cmctl inspect secret` prints about one certificate, as a card: SANs by type, copy
 * buttons for the fingerprints, and for the certificate's PEM when `pem` is given (never a key).
 */
export function CertificateInfoCard({
  info,
  label,
  pem,
}: {
  info: CertificateInfo;
  label: string;
  /** This certificate's PEM (a CERTIFICATE block only), for the copy button. */
  pem?: string;
}) {
  const key = info.publicKeySize
    ? `${info.publicKeyAlgorithm} ${info.publicKeySize}`
    : info.publicKeyAlgorithm;
  return (
    <Card className="overflow-hidden" data-testid="certificate-info">
      <div className="flex flex-wrap items-center gap-2 border-zinc-200 border-b px-5 py-3 dark:border-zinc-800">
        <span className="font-medium text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400">
          {label}
        </span>
        <span className="min-w-0 truncate font-semibold text-sm text-zinc-900 dark:text-zinc-100">
          {info.commonName ?? info.subject}
        </span>
        <span className="ml-auto flex gap-1.5">
          {info.isCA ? (
            <Badge tone="violet">
              CA{info.pathLength !== undefined ? ` · pathlen ${info.pathLength}` : ""}
            </Badge>
          ) : null}
          {info.selfSigned ? <Badge tone="gray">Self-signed</Badge> : null}
          {pem ? <CopyButton text={pem} label={`${label} certificate PEM`} testId="copy-pem" /> : null}
        </span>
      </div>
      <div className="space-y-5 px-5 py-4">
        <ValidityBar notBefore={info.notBefore} notAfter={info.notAfter} />
        <Facts>
          <Fact label="Subject">
            <Mono>{info.subject}</Mono>
          </Fact>
          <Fact label="Issuer">
            <Mono>{info.issuer}</Mono>
          </Fact>
          <Fact label="Subject alternative names" wide testId="certificate-sans">
            <SanList sans={typedSans(info)} />
          </Fact>
          <Fact label="Public key">{key}</Fact>
          <Fact label="Signature algorithm">{info.signatureAlgorithm}</Fact>
          <Fact label="Key usages">
            <Chips items={info.keyUsages} />
          </Fact>
          <Fact label="Extended key usages">
            <Chips items={info.extendedKeyUsages} />
          </Fact>
          <Fact label="Serial number" wide>
            <Mono className="text-zinc-600 dark:text-zinc-400">{formatHex(info.serialNumber)}</Mono>
          </Fact>
          <Fact label="SHA-256 fingerprint" wide testId="sha256-fingerprint">
            <Fingerprint hex={info.sha256Fingerprint} label="SHA-256 fingerprint" />
          </Fact>
          <Fact label="Public key SHA-256" wide testId="public-key-fingerprint">
            <Fingerprint hex={info.publicKeyFingerprint} label="public key SHA-256" />
          </Fact>
          {info.crlDistributionPoints.length > 0 || info.ocspServers.length > 0 ? (
            <>
              <Fact label="CRL distribution points">
                <Chips items={info.crlDistributionPoints} />
              </Fact>
              <Fact label="OCSP servers">
                <Chips items={info.ocspServers} />
              </Fact>
            </>
          ) : (
            <Fact label="Revocation">
              <span className="text-zinc-500 dark:text-zinc-400">No CRL or OCSP endpoints</span>
            </Fact>
          )}
        </Facts>
      </div>
    </Card>
  );
}
