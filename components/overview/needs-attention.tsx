"use client";

import Link from "next/link";
import { useState } from "react";
import { certificateHref, inCluster } from "@/components/links";
import { requestHref } from "@/components/requests/request-links";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ClusterBadge } from "@/components/ui/cluster";
import { CheckIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { HOP_KEYS, HOP_LABELS } from "@/lib/apisix/types";
import { useClusters } from "@/lib/client/cluster";
import { useGatewayMatrix } from "@/lib/client/gateway";
import {
  useAllCertificates,
  useCertificateRequests,
  useStuckIssuance,
  useTlsSecrets,
} from "@/lib/client/inventory";
import { useTrustReport } from "@/lib/client/trust";
import { stuckKey } from "@/lib/doctor/summary";
import { formatDate } from "@/lib/format";
import { expiresWithin } from "@/lib/inventory/expiry-window";

type Kind =
  | "not-ready"
  | "pending-approval"
  | "expiring"
  | "not-yet-valid"
  | "unmanaged-expiring"
  | "audit-critical"
  | "broken-hop";

interface Item {
  kind: Kind;
  /** 0 = worst. */
  rank: number;
  title: string;
  cause: string;
  href: string;
  /** The fleet cluster of the object (several clusters only): shown, and the link opens it there. */
  cluster?: string;
}

const LABEL: Record<Kind, { text: string; tone: "red" | "amber" | "blue" }> = {
  "not-ready": { text: "Not ready", tone: "red" },
  "pending-approval": { text: "Awaiting approval", tone: "blue" },
  expiring: { text: "Expiring", tone: "amber" },
  "not-yet-valid": { text: "Not yet valid", tone: "red" },
  "unmanaged-expiring": { text: "Unmanaged, expiring", tone: "red" },
  "audit-critical": { text: "Critical finding", tone: "red" },
  "broken-hop": { text: "Broken hop", tone: "red" },
};

const enc = encodeURIComponent;

/** "valid only from 10 Dec 2026: every client rejects it until then". */
function notYetValidCause(notBefore: string | undefined): string {
  return `valid only from ${notBefore ? formatDate(notBefore) : "a later date"}: every client rejects it until then`;
}
const MAX = 10;

/**
 * "Needs attention": the top problems across the cluster as rows with their cause and a link —
 * not-ready certificates with the reason, pending approvals, certificates and unmanaged TLS
 * Secrets expiring within 30 days or not yet valid (notBefore ahead), critical audit findings, hosts with a broken hop. Worst first;
 * a source that cannot be read (e.g. Secrets forbidden) is left out, not guessed.
 */
export function NeedsAttention() {
  const [all, setAll] = useState(false);
  const certs = useAllCertificates();
  const requests = useCertificateRequests();
  const secrets = useTlsSecrets({ managed: false });
  const report = useTrustReport();
  const gateway = useGatewayMatrix();
  // The issuance doctor's verdict (e.g. "Issuer tls/missing-issuer not found") beats cert-manager's
  // trigger message ("Issuing certificate as Secret does not exist"), which is only a symptom.
  const stuck = useStuckIssuance();
  const verdicts = new Map((stuck.data?.items ?? []).map((i) => [stuckKey(i), i.summary]));
  // Several clusters: every source is merged; each item names its cluster and links into it.
  const fleet = useClusters().data?.fleet === true;
  const on = (o: { cluster?: string }) => (fleet && o.cluster ? o.cluster : undefined);
  const q = (o: { cluster?: string }) => {
    const c = on(o);
    return c ? `&cluster=${enc(c)}` : "";
  };

  const items: Item[] = [];
  for (const r of certs.data?.items ?? []) {
    const verdict = verdicts.get(stuckKey(r));
    const cluster = on(r);
    if (r.ready !== "True")
      items.push({
        kind: "not-ready",
        rank: 0,
        title: `${r.namespace}/${r.name}`,
        cause: verdict ?? `${r.readyReason ?? "Not ready"}${r.readyMessage ? `: ${r.readyMessage}` : ""}`,
        href: certificateHref(r.namespace, r.name, cluster),
        cluster,
      });
    else if (r.expiryLevel === "not-yet-valid")
      items.push({
        kind: "not-yet-valid",
        rank: 1,
        title: `${r.namespace}/${r.name}`,
        cause: notYetValidCause(r.notBefore),
        href: certificateHref(r.namespace, r.name, cluster),
        cluster,
      });
    else if (expiresWithin(r, 30))
      items.push({
        kind: "expiring",
        rank: r.daysLeft !== undefined && r.daysLeft < 7 ? 1 : 3,
        title: `${r.namespace}/${r.name}`,
        cause: `${r.daysLeft} days left${r.renewalOverdue ? ", renewal overdue" : ""}`,
        href: certificateHref(r.namespace, r.name, cluster),
        cluster,
      });
  }
  for (const s of secrets.data?.items ?? []) {
    if (!s.managed && s.expiryLevel === "not-yet-valid")
      items.push({
        kind: "not-yet-valid",
        rank: 1,
        title: `${s.namespace}/${s.name}`,
        cause: `${notYetValidCause(s.certificate?.notBefore)}; unmanaged TLS Secret`,
        href: `/secrets?state=not-yet-valid&namespace=${enc(s.namespace)}${q(s)}`,
        cluster: on(s),
      });
    else if (!s.managed && expiresWithin(s, 30))
      items.push({
        kind: "unmanaged-expiring",
        rank: 1,
        title: `${s.namespace}/${s.name}`,
        cause: `${s.daysLeft} days left and no Certificate renews it`,
        href: `/secrets?managed=false&namespace=${enc(s.namespace)}&within=30${q(s)}`,
        cluster: on(s),
      });
  }
  for (const r of requests.data?.items ?? []) {
    if (!r.approved && !r.denied)
      items.push({
        kind: "pending-approval",
        rank: 2,
        title: `${r.namespace}/${r.name}`,
        cause: `${r.certificateName ? `for Certificate ${r.certificateName}, ` : ""}issuer ${r.issuerRef.kind ?? "Issuer"} ${r.issuerRef.name}${r.username ? `, requested by ${r.username}` : ""}`,
        href: inCluster(requestHref(r.namespace, r.name), on(r)),
        cluster: on(r),
      });
  }
  for (const a of report.data?.rows ?? []) {
    if (a.severity === "critical")
      items.push({
        kind: "audit-critical",
        rank: 1,
        title: `${a.objectKind} ${a.namespace ? `${a.namespace}/` : ""}${a.name}`,
        cause: a.message,
        href: `/audit?severity=critical${a.namespace ? `&namespace=${enc(a.namespace)}` : ""}${q(a)}`,
        cluster: on(a),
      });
  }
  for (const row of gateway.data?.rows ?? []) {
    const broken = HOP_KEYS.filter((k) => row.cells[k].level === "red");
    if (broken.length)
      items.push({
        kind: "broken-hop",
        rank: 1,
        title: row.host,
        cause: broken.map((k) => `${HOP_LABELS[k]}: ${row.cells[k].reason}`).join(" · "),
        href: "/gateway",
      });
  }
  items.sort(
    (a, b) =>
      a.rank - b.rank || a.title.localeCompare(b.title) || (a.cluster ?? "").localeCompare(b.cluster ?? ""),
  );
  const loading = certs.isPending;

  return (
    <Card data-testid="needs-attention">
      <CardHeader
        title="Needs attention"
        description={
          items.length > MAX ? `The ${MAX} worst of ${items.length} problems, worst first.` : "Worst first."
        }
      />
      {loading ? (
        <div className="space-y-2 px-5 py-4">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-5 w-1/2" />
        </div>
      ) : items.length === 0 ? (
        <p className="flex items-center gap-2 px-5 py-4 text-emerald-700 text-sm dark:text-emerald-400">
          <CheckIcon size={16} /> Nothing needs attention.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {(all ? items : items.slice(0, MAX)).map((i) => (
            <li
              key={`${i.cluster ?? ""}:${i.kind}:${i.title}:${i.cause}`}
              data-testid="attention-row"
              data-kind={i.kind}
              data-title={i.title}
              data-cluster={i.cluster}
            >
              <Link
                href={i.href}
                className="flex flex-col gap-1 px-5 py-2.5 hover:bg-zinc-50 sm:flex-row sm:items-baseline sm:gap-3 dark:hover:bg-zinc-800/40"
              >
                <Badge tone={LABEL[i.kind].tone} className="shrink-0 self-start">
                  {LABEL[i.kind].text}
                </Badge>
                {i.cluster ? <ClusterBadge cluster={i.cluster} /> : null}
                <span className="shrink-0 break-all font-mono text-[13px]">{i.title}</span>
                <span className="min-w-0 break-words text-xs text-zinc-600 dark:text-zinc-400">
                  {i.cause}
                </span>
              </Link>
            </li>
          ))}
          {items.length > MAX ? (
            <li className="px-5 py-2.5">
              <button
                type="button"
                data-testid="attention-show-all"
                aria-expanded={all}
                onClick={() => setAll((v) => !v)}
                className="text-sky-700 text-sm hover:underline dark:text-sky-400"
              >
                {all ? `Show the ${MAX} worst` : `Show all ${items.length}`}
              </button>
            </li>
          ) : null}
        </ul>
      )}
    </Card>
  );
}
