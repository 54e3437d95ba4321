"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { stringify } from "yaml";
import { IssuerLink } from "@/components/acme/acme-view";
import { CertificateOrders } from "@/components/acme/certificate-orders";
import { ExpiryLevelBadge, MismatchMarker, OverdueBadge, StateBadge } from "@/components/certificates/badges";
import { CertificateInfoCard } from "@/components/certificates/certificate-info-card";
import { DiagnosisLadder } from "@/components/certificates/diagnosis-ladder";
import { ChainPanel } from "@/components/chain/chain-panel";
import { inCluster, secretHref } from "@/components/links";
import { ApprovalBadge, RequestReadyBadge } from "@/components/requests/request-badges";
import { requestHref } from "@/components/requests/request-links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { DataTable, Td, trClass } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { EventList } from "@/components/ui/event-list";
import { Chips, Fact, Facts, Mono } from "@/components/ui/facts";
import { AlertIcon, CheckIcon, ChevronLeftIcon, XIcon } from "@/components/ui/icons";
import { useListHref } from "@/components/ui/list-return";
import { SanList, typedSans } from "@/components/ui/san-list";
import { Skeleton } from "@/components/ui/skeleton";
import { ViewYamlButton } from "@/components/ui/view-yaml";
import { ApiError } from "@/lib/api-client";
import { useCertificate } from "@/lib/client/inventory";
import { formatAge, formatDateTime, formatDaysLeft, formatRelative } from "@/lib/format";
import type { CertificateDetail } from "@/lib/types";

function BackLink() {
  // Back to the list as it was left (its filters and sort).
  const href = useListHref("/certificates");
  return (
    <Link
      href={href}
      data-testid="breadcrumb-certificates"
      className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      <ChevronLeftIcon size={14} />
      Certificates
    </Link>
  );
}

function Section({
  id,
  title,
  description,
  children,
  actions,
}: {
  id?: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section id={id} aria-label={title} className="scroll-mt-20">
      <Card className="overflow-hidden">
        <CardHeader title={title} description={description} actions={actions} />
        {children}
      </Card>
    </section>
  );
}

function NotReadyCallout({ detail }: { detail: CertificateDetail }) {
  const { row } = detail;
  if (row.ready === "True") return null;
  const issuing = row.ready !== "False" && row.issuing;
  return (
    <div
      role="status"
      data-testid="not-ready-reason"
      className={`flex gap-3 rounded-xl border p-4 ${
        issuing
          ? "border-sky-300/70 bg-sky-50 dark:border-sky-500/30 dark:bg-sky-500/[0.07]"
          : "border-red-300/70 bg-red-50 dark:border-red-500/30 dark:bg-red-500/[0.07]"
      }`}
    >
      <AlertIcon
        size={18}
        className={`mt-0.5 shrink-0 ${issuing ? "text-sky-600" : "text-red-600 dark:text-red-400"}`}
      />
      <div className="min-w-0">
        <p className="font-semibold text-sm text-zinc-900 dark:text-zinc-100">
          {issuing ? "Being issued" : row.issuing ? "Not ready (issuance in progress)" : "Not ready"}
          {row.readyReason ? (
            <span
              className="ml-2 font-mono font-normal text-red-700 text-xs dark:text-red-300"
              data-testid="ready-reason"
            >
              {row.readyReason}
            </span>
          ) : null}
        </p>
        <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300" data-testid="ready-message">
          {row.readyMessage ?? "cert-manager has not reported why."}
        </p>
        {row.secretProblem ? (
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Secret: {row.secretProblem}</p>
        ) : null}
      </div>
    </div>
  );
}

function ChainVerdict({ detail }: { detail: CertificateDetail }) {
  const secret = detail.secret;
  if (!secret || secret.chainVerifies === undefined) {
    return (
      <p
        className="text-sm text-zinc-500 dark:text-zinc-400"
        data-testid="chain-verdict"
        data-verifies="unknown"
      >
        {secret
          ? (secret.chainProblem ?? "No ca.crt in the Secret to verify against.")
          : "No Secret to verify."}
      </p>
    );
  }
  return (
    <div
      data-testid="chain-verdict"
      data-verifies={String(secret.chainVerifies)}
      className={`flex items-start gap-2.5 text-sm ${secret.chainVerifies ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
    >
      <span
        className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full ${
          secret.chainVerifies ? "bg-emerald-100 dark:bg-emerald-500/15" : "bg-red-100 dark:bg-red-500/15"
        }`}
      >
        {secret.chainVerifies ? <CheckIcon size={12} /> : <XIcon size={12} />}
      </span>
      <div>
        <p className="font-medium">
          {secret.chainVerifies
            ? "tls.crt verifies against ca.crt"
            : "tls.crt does not verify against ca.crt"}
        </p>
        {secret.chainProblem ? (
          <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{secret.chainProblem}</p>
        ) : null}
      </div>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div className="space-y-6" data-testid="detail-skeleton">
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-40 w-full rounded-xl" />
      <div className="grid gap-6 md:grid-cols-2">
        <Skeleton className="h-64 rounded-xl" />
        <Skeleton className="h-64 rounded-xl" />
      </div>
    </div>
  );
}

/** Full status of one Certificate: why it is (not) Ready, its Secret's certificates, requests and events. */
export function CertificateDetailView({
  namespace,
  name,
  actions,
}: {
  namespace: string;
  name: string;
  /** Slot for renew / rotate buttons. */
  actions?: ReactNode;
}) {
  const { data, error, isPending, refetch } = useCertificate(namespace, name);
  // Links to related objects stay in this certificate's cluster (a fleet page names it).
  const cluster = usePageClusterParam();

  if (isPending)
    return (
      <div className="space-y-4">
        <BackLink />
        <DetailSkeleton />
      </div>
    );
  if (error || !data)
    return (
      <div className="space-y-4">
        <BackLink />
        <h1 className="font-semibold text-2xl tracking-tight">
          <span className="text-zinc-400">{namespace}/</span>
          {name}
        </h1>
        <ErrorPanel
          error={error}
          action={
            error instanceof ApiError && error.status === 404 ? (
              <Link
                href="/certificates"
                className="text-sky-700 text-sm hover:underline dark:text-sky-400"
                data-testid="not-found-back"
              >
                Back to the certificates
              </Link>
            ) : (
              <Button size="sm" onClick={() => refetch()}>
                Try again
              </Button>
            )
          }
        />
      </div>
    );

  const { row } = data;
  const leaf = data.secret?.certificates ?? [];
  const ca = data.secret?.ca ?? [];
  const requests = [...data.requests].sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));

  return (
    <div
      className="space-y-6"
      data-testid="certificate-detail"
      data-name={row.name}
      data-namespace={row.namespace}
    >
      <div>
        <BackLink />
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="flex flex-wrap items-center gap-3 font-semibold text-2xl tracking-tight">
              <span className="min-w-0 break-all">
                <span className="font-normal text-zinc-400 dark:text-zinc-500">{row.namespace}/</span>
                {row.name}
              </span>
              <StateBadge row={row} />
              <ExpiryLevelBadge level={row.expiryLevel} />
              {row.renewalOverdue ? <OverdueBadge /> : null}
              {row.expiryMismatch ? <MismatchMarker /> : null}
            </h1>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
              {row.isCA ? "CA certificate" : "Certificate"} issued by{" "}
              <IssuerLink issuerRef={row.issuerRef} namespace={row.namespace} cluster={cluster} />
              {row.revision !== undefined ? ` · revision ${row.revision}` : ""}
            </p>
          </div>
          <div data-slot="certificate-actions" className="flex flex-wrap items-center gap-2">
            <ViewYamlButton kind="Certificate" namespace={row.namespace} name={row.name} />
            {actions}
          </div>
        </div>
      </div>

      <NotReadyCallout detail={data} />

      <DiagnosisLadder namespace={row.namespace} name={row.name} />

      <div className="grid gap-6 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <Section title="Overview">
            <div className="px-5 py-4">
              <Facts>
                <Fact label="Issuer" testId="fact-issuer">
                  <IssuerLink issuerRef={row.issuerRef} namespace={row.namespace} cluster={cluster} />
                  {row.issuerRef.group && row.issuerRef.group !== "cert-manager.io" ? (
                    <span className="ml-1 text-xs text-zinc-500">({row.issuerRef.group})</span>
                  ) : null}
                </Fact>
                <Fact label="Secret" testId="fact-secret">
                  {data.secret ? (
                    <Link
                      href={secretHref(row.namespace, row.secretName, cluster)}
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      data-testid="secret-link"
                    >
                      <Mono>{row.secretName}</Mono>
                    </Link>
                  ) : (
                    <Mono>{row.secretName}</Mono>
                  )}
                  {row.secretProblem ? (
                    <span className="mt-0.5 block text-amber-700 text-xs dark:text-amber-400">
                      {row.secretProblem}
                    </span>
                  ) : null}
                </Fact>
                <Fact label="Common name">{row.commonName ? <Mono>{row.commonName}</Mono> : "—"}</Fact>
                <Fact label="Revision">{row.revision ?? "—"}</Fact>
                <Fact label="Subject alternative names (spec)" wide testId="spec-sans">
                  <SanList sans={typedSans(data.spec as Parameters<typeof typedSans>[0])} />
                </Fact>
                <Fact label="Not before">
                  <span title={row.notBefore}>{formatDateTime(row.notBefore)}</span>
                </Fact>
                <Fact label="Not after" testId="fact-not-after">
                  <span title={row.notAfter ?? row.statusNotAfter}>
                    {formatDateTime(row.notAfter ?? row.statusNotAfter)}
                  </span>
                  {row.daysLeft !== undefined ? (
                    <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">
                      ({formatDaysLeft(row.daysLeft)})
                    </span>
                  ) : null}
                </Fact>
                <Fact label="Renewal time">
                  <span title={row.renewalTime}>{formatDateTime(row.renewalTime)}</span>
                  {row.renewalTime ? (
                    <span
                      className={`ml-2 text-xs ${row.renewalOverdue ? "text-red-600 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`}
                    >
                      ({formatRelative(row.renewalTime)}
                      {row.renewalOverdue ? ", overdue" : ""})
                    </span>
                  ) : null}
                </Fact>
                <Fact label="Labels">
                  <Chips items={Object.entries(row.labels).map(([k, v]) => `${k}=${v}`)} empty="None" />
                </Fact>
                {row.expiryMismatch ? (
                  <Fact label="Expiry mismatch" wide testId="expiry-mismatch-note">
                    <span className="text-violet-700 dark:text-violet-300">
                      cert-manager reports notAfter {formatDateTime(row.statusNotAfter)}, but the certificate
                      in the Secret expires {formatDateTime(row.notAfter)}. The Secret may have been replaced
                      by hand, or cert-manager has not caught up yet.
                    </span>
                  </Fact>
                ) : null}
              </Facts>
            </div>
          </Section>
        </div>
        <Section title="Conditions" description="status.conditions">
          {data.conditions.length === 0 ? (
            <p className="px-5 py-4 text-sm text-zinc-500">No conditions reported yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" data-testid="conditions">
              {data.conditions.map((c) => (
                <li
                  key={c.type}
                  className="px-5 py-3"
                  data-testid="condition"
                  data-type={c.type}
                  data-status={c.status}
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium text-sm">{c.type}</span>
                    <Badge
                      tone={
                        c.status === "Unknown"
                          ? "gray"
                          : (c.type === "Ready") === (c.status === "True")
                            ? "green"
                            : c.type === "Issuing"
                              ? "blue"
                              : "red"
                      }
                      dot
                    >
                      {c.status}
                    </Badge>
                  </div>
                  {c.reason ? (
                    <p className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">{c.reason}</p>
                  ) : null}
                  {c.message ? (
                    <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{c.message}</p>
                  ) : null}
                  {c.lastTransitionTime ? (
                    <p
                      className="mt-1 text-[11px] text-zinc-400 dark:text-zinc-500"
                      title={c.lastTransitionTime}
                    >
                      {formatRelative(c.lastTransitionTime)}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      {/* Slot: the chain ladder (trust engineer) renders inside this section. */}
      <section id="chain" aria-label="Chain" data-testid="chain-slot" className="scroll-mt-20">
        <Card className="overflow-hidden">
          <CardHeader title="Chain" description="Does the Secret's tls.crt chain up to its ca.crt?" />
          <div className="px-5 py-4">
            <ChainVerdict detail={data} />
            <ChainPanel namespace={namespace} name={name} />
          </div>
        </Card>
      </section>

      <div className="space-y-4">
        <h2 className="font-semibold text-base">
          Secret{" "}
          {data.secret ? (
            <Link
              href={secretHref(row.namespace, data.secret.name, cluster)}
              className="text-sky-700 hover:underline dark:text-sky-400"
            >
              <Mono className="font-normal">{data.secret.name}</Mono>
            </Link>
          ) : (
            <Mono className="font-normal text-zinc-500 dark:text-zinc-400">{row.secretName}</Mono>
          )}
        </h2>
        {!data.secret ? (
          <Card>
            <EmptyState
              title="No certificate data"
              description={row.secretProblem ?? "The Secret does not exist yet or could not be read."}
            />
          </Card>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2" data-testid="secret-certificates">
            {leaf.map((info, i) => (
              <CertificateInfoCard
                key={info.sha256Fingerprint}
                info={info}
                pem={data.secret?.certificatePems?.[i]}
                label={i === 0 ? "tls.crt · leaf" : `tls.crt · #${i + 1}`}
              />
            ))}
            {ca.map((info, i) => (
              <CertificateInfoCard
                key={`ca-${info.sha256Fingerprint}`}
                info={info}
                pem={data.secret?.caPems?.[i]}
                label="ca.crt"
              />
            ))}
            {leaf.length === 0 && ca.length === 0 ? (
              <Card className="lg:col-span-2">
                <EmptyState title="No certificates in the Secret" description={data.secret.chainProblem} />
              </Card>
            ) : null}
          </div>
        )}
      </div>

      <CertificateOrders namespace={row.namespace} name={row.name} limit={5} />

      <Section
        title="Certificate requests"
        description="One per issuance; the revision annotation ties each to the Certificate."
      >
        {requests.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400">No CertificateRequests found.</p>
        ) : (
          <DataTable
            headers={["Revision", "Name", "Approval", "Ready", "Issuer", "Age"]}
            testId="detail-requests"
          >
            {requests.map((r) => (
              <tr key={r.name} className={trClass} data-testid="detail-request-row" data-name={r.name}>
                <Td className="tabular-nums">{r.revision ?? "—"}</Td>
                <Td className="font-mono text-xs">
                  <Link
                    href={inCluster(requestHref(r.namespace, r.name), cluster)}
                    className="text-sky-700 hover:underline dark:text-sky-400"
                    data-testid="request-link"
                  >
                    {r.name}
                  </Link>
                </Td>
                <Td>
                  <ApprovalBadge request={r} />
                </Td>
                <Td>
                  <RequestReadyBadge request={r} />
                </Td>
                <Td className="text-zinc-600 dark:text-zinc-400">
                  <IssuerLink issuerRef={r.issuerRef} namespace={r.namespace} cluster={cluster} />
                </Td>
                <Td className="text-zinc-500 tabular-nums">
                  <span title={r.createdAt}>{formatAge(r.createdAt)}</span>
                </Td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>

      <Section title="Events" description="Recent Kubernetes events for this Certificate">
        <EventList events={data.events} />
      </Section>

      <Section title="Spec" description="Read-only">
        <pre
          data-testid="certificate-spec"
          className="scroll-thin overflow-x-auto bg-zinc-50 px-5 py-4 font-mono text-[12.5px] text-zinc-800 leading-relaxed dark:bg-zinc-950/60 dark:text-zinc-300"
        >
          {stringify(data.spec, { indent: 2, lineWidth: 0 }).trimEnd()}
        </pre>
      </Section>
    </div>
  );
}
