"use client";

import Link from "next/link";
import { AcmeStateBadge } from "@/components/acme/acme-badges";
import { IssuerLink } from "@/components/acme/acme-view";
import { certificateHref, challengeHref, orderHref } from "@/components/acme/links";
import { RequestActions } from "@/components/actions/request-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Fact, Facts } from "@/components/ui/facts";
import { useListHref } from "@/components/ui/list-return";
import { PageHeader } from "@/components/ui/page-header";
import { SanList } from "@/components/ui/san-list";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ViewYamlButton } from "@/components/ui/view-yaml";
import { ApiError } from "@/lib/api-client";
import { useAcmeChallenges, useAcmeOrders } from "@/lib/client/acme";
import { useCertificateRequest } from "@/lib/client/inventory";
import { formatAge } from "@/lib/format";
import { ApprovalBadge, RequestReadyBadge } from "./request-badges";
import { decisionToast } from "./request-links";

const link = "text-sky-700 hover:underline dark:text-sky-400";

/**
 * One CertificateRequest: what its CSR asks for (subject, SANs by type, key, usages, duration,
 * CA flag), who asked, which issuer and Certificate it belongs to, and Approve / Deny with a toast
 * after the decision.
 */
export function RequestDetailView({ namespace, name }: { namespace: string; name: string }) {
  const cluster = usePageClusterParam();
  const { data, error, isPending, refetch } = useCertificateRequest(namespace, name);
  // Back to the list as it was left (its filters), else to the requests of this namespace.
  const back = useListHref("/requests", `/requests?namespace=${encodeURIComponent(namespace)}`);
  const eyebrow = (
    <nav aria-label="Breadcrumb" className="flex gap-1">
      <Link href={back} className={link} data-testid="breadcrumb-requests">
        Requests
      </Link>
      <span aria-hidden="true">/</span>
      <span>{namespace}</span>
      <span aria-hidden="true">/</span>
      <span>{name}</span>
    </nav>
  );
  if (error && !data) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <>
        <PageHeader title={name} eyebrow={eyebrow} />
        <ErrorPanel
          error={error}
          action={
            notFound ? (
              <Link href={back} className={link}>
                Back to the requests
              </Link>
            ) : (
              <Button size="sm" onClick={() => refetch()}>
                Try again
              </Button>
            )
          }
        />
      </>
    );
  }
  if (isPending || !data)
    return (
      <>
        <PageHeader title={name} eyebrow={eyebrow} />
        <Card>
          <TableSkeleton rows={6} columns={2} />
        </Card>
      </>
    );
  const { row, spec, csr } = data;
  const pending = !row.approved && !row.denied;
  return (
    <>
      <PageHeader
        title={name}
        eyebrow={eyebrow}
        description={
          pending
            ? "Waiting for approval: check what it asks for below before you approve or deny."
            : "A CertificateRequest: one issuance attempt of a Certificate."
        }
        // Always mounted: it hides itself once decided, but keeps its dialog open to show the outcome.
        actions={
          <>
            <ViewYamlButton kind="CertificateRequest" namespace={namespace} name={name} />
            <RequestActions request={row} onDecided={decisionToast} />
          </>
        }
      />
      <div className="space-y-6">
        <Card data-testid="request-detail">
          <CardHeader
            title="What it asks for"
            description="Decoded from spec.request (a PKCS#10 CSR; public data only)."
          />
          <div className="px-5 py-4">
            {data.csrProblem ? (
              <p className="text-red-700 text-sm dark:text-red-400" data-testid="csr-problem">
                {data.csrProblem}
              </p>
            ) : null}
            <Facts columns={2}>
              <Fact label="Subject" testId="csr-subject">
                <span className="font-mono text-[13px]">{csr?.subject || "(empty)"}</span>
              </Fact>
              <Fact label="Key" testId="csr-key">
                {csr
                  ? `${csr.keyAlgorithm}${csr.keySize ? ` ${csr.keySize} bit` : ""}${csr.curve ? ` (${csr.curve})` : ""}`
                  : "—"}
                {csr && !csr.signatureValid ? (
                  <Badge tone="red" className="ml-2">
                    CSR signature does not verify
                  </Badge>
                ) : null}
              </Fact>
              <Fact label="Subject alternative names" wide testId="csr-sans">
                <SanList sans={csr?.sans ?? []} testId="csr-san" />
              </Fact>
              <Fact label="Usages (spec.usages)" testId="csr-usages">
                {spec.usages.length
                  ? spec.usages.join(", ")
                  : "cert-manager's default (digital signature, key encipherment)"}
                {csr && (csr.keyUsages.length || csr.extendedKeyUsages.length) ? (
                  <div className="text-xs text-zinc-500">
                    In the CSR: {[...csr.keyUsages, ...csr.extendedKeyUsages].join(", ")}
                  </div>
                ) : null}
              </Fact>
              <Fact label="Duration" testId="csr-duration">
                {spec.duration ?? "the issuer's default"}
              </Fact>
              <Fact label="CA" testId="csr-ca">
                {spec.isCA || csr?.isCA ? <Badge tone="red">Asks for a CA certificate</Badge> : "no"}
              </Fact>
              <Fact label="Requested by" testId="csr-requester">
                <span className="font-mono text-[13px]">{spec.username ?? "unknown"}</span>
                {spec.groups.length ? (
                  <div className="text-xs text-zinc-500">groups: {spec.groups.join(", ")}</div>
                ) : null}
              </Fact>
              <Fact label="Issuer" testId="csr-issuer">
                <IssuerLink issuerRef={row.issuerRef} namespace={namespace} cluster={cluster} />
                {row.issuerRef.group && row.issuerRef.group !== "cert-manager.io" ? (
                  <span className="text-zinc-500"> ({row.issuerRef.group})</span>
                ) : null}
              </Fact>
            </Facts>
          </div>
        </Card>
        <Card>
          <CardHeader title="Status" />
          <div className="px-5 py-4">
            <Facts columns={3}>
              <Fact label="Certificate" testId="request-certificate">
                {row.certificateName ? (
                  <Link
                    href={certificateHref(namespace, row.certificateName, cluster)}
                    className={link}
                    data-testid="certificate-link"
                  >
                    {namespace}/{row.certificateName}
                  </Link>
                ) : (
                  "—"
                )}
                {row.revision !== undefined ? (
                  <span className="text-zinc-500"> · revision {row.revision}</span>
                ) : null}
              </Fact>
              <Fact label="Approval">
                <ApprovalBadge request={row} />
                {row.approvalMessage ? (
                  <div className="text-xs text-zinc-500">{row.approvalMessage}</div>
                ) : null}
              </Fact>
              <Fact label="Ready">
                <RequestReadyBadge request={row} />
                {row.readyMessage ? <div className="text-xs text-zinc-500">{row.readyMessage}</div> : null}
              </Fact>
              <Fact label="Created">
                <span title={row.createdAt}>{formatAge(row.createdAt)} ago</span>
              </Fact>
              <RequestOrders namespace={namespace} name={name} />
            </Facts>
          </div>
        </Card>
      </div>
    </>
  );
}

/** The ACME Order made for this request and its Challenges (nothing for a non-ACME issuer). */
function RequestOrders({ namespace, name }: { namespace: string; name: string }) {
  const cluster = usePageClusterParam();
  const orders = useAcmeOrders({ namespace, certificateRequest: name });
  const challenges = useAcmeChallenges({ namespace, certificateRequest: name });
  const items = orders.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Fact label="ACME order" wide testId="request-orders">
      <ul className="space-y-1">
        {items.map((o) => (
          <li key={o.name} className="flex flex-wrap items-center gap-2">
            <Link
              href={orderHref(namespace, o.name, cluster)}
              className={`font-mono text-xs ${link}`}
              data-testid="order-link"
            >
              {o.name}
            </Link>
            <AcmeStateBadge state={o.state} />
            {(challenges.data?.items ?? [])
              .filter((c) => c.order === o.name)
              .map((c) => (
                <Link
                  key={c.name}
                  href={challengeHref(namespace, c.name, cluster)}
                  className={`text-xs ${link}`}
                  data-testid="challenge-link"
                >
                  {c.type} {c.dnsName} ({c.state ?? "not sent"})
                </Link>
              ))}
          </li>
        ))}
      </ul>
    </Fact>
  );
}
