"use client";

import Link from "next/link";
import { ExpiryLevelBadge } from "@/components/certificates/badges";
import { CertificateInfoCard } from "@/components/certificates/certificate-info-card";
import { certificateHref, issuerHref } from "@/components/links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Chips, Fact, Facts } from "@/components/ui/facts";
import { CheckIcon, XIcon } from "@/components/ui/icons";
import { useListHref } from "@/components/ui/list-return";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ViewYamlButton } from "@/components/ui/view-yaml";
import { ApiError } from "@/lib/api-client";
import { useSecret } from "@/lib/client/inventory";
import { formatAge, formatDateTime, formatDaysLeft } from "@/lib/format";
import type { SecretDetail, SecretUser } from "@/lib/inventory/secret-detail";

const link = "text-sky-700 hover:underline dark:text-sky-400";

function userHref(u: SecretUser, cluster?: string): string | undefined {
  if (u.kind === "Certificate" && u.namespace) return certificateHref(u.namespace, u.name, cluster);
  if (u.kind === "Issuer" || u.kind === "ClusterIssuer") return issuerHref(u, u.namespace, cluster);
  // APISIX objects have no page of their own: the gateway matrix shows them per host.
  return "/gateway";
}

function ChainVerdict({ detail }: { detail: SecretDetail }) {
  if (detail.chainVerifies === undefined)
    return (
      <p
        className="text-sm text-zinc-500 dark:text-zinc-400"
        data-testid="chain-verdict"
        data-verifies="unknown"
      >
        {detail.chainProblem ?? "No tls.crt to verify."}
      </p>
    );
  const ok = detail.chainVerifies;
  return (
    <div
      data-testid="chain-verdict"
      data-verifies={String(ok)}
      className={`flex items-start gap-2 text-sm ${ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
    >
      {ok ? <CheckIcon size={16} className="mt-0.5" /> : <XIcon size={16} className="mt-0.5" />}
      <div>
        <p className="font-medium">
          {ok
            ? detail.ca.length
              ? "tls.crt verifies against ca.crt"
              : "tls.crt chains up to a self-signed root it carries"
            : detail.ca.length
              ? "tls.crt does not verify against ca.crt"
              : "tls.crt does not verify (no ca.crt to verify against)"}
        </p>
        {detail.chainProblem ? (
          <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{detail.chainProblem}</p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * One TLS Secret: the certificates in it (subject, SANs by type, fingerprints, PEM to copy), the
 * chain verdict, the Certificate that manages it and every object that uses it. Its data is never
 * shown: only the names of its keys.
 */
export function SecretDetailView({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isPending, refetch } = useSecret(namespace, name);
  const back = useListHref("/secrets");
  // Links to related objects stay in this Secret's cluster (a fleet page names it).
  const cluster = usePageClusterParam();
  const eyebrow = (
    <nav aria-label="Breadcrumb" className="flex gap-1">
      <Link href={back} className={link} data-testid="breadcrumb-secrets">
        TLS secrets
      </Link>
      <span aria-hidden="true">/</span>
      <span>{namespace}</span>
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
              <Link href={back} className={`text-sm ${link}`} data-testid="not-found-back">
                Back to the TLS secrets
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
  const { row } = data;
  return (
    <div data-testid="secret-detail" data-namespace={namespace} data-name={name}>
      <PageHeader
        eyebrow={eyebrow}
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span className="break-all">{name}</span>
            {row.managed ? (
              <Badge tone="green">Managed</Badge>
            ) : (
              <Badge tone="amber" data-testid="unmanaged-badge">
                Unmanaged
              </Badge>
            )}
            <ExpiryLevelBadge level={row.expiryLevel} />
          </span>
        }
        description={
          row.managed
            ? "cert-manager renews this Secret through the Certificate below."
            : "No cert-manager Certificate manages this Secret: nothing will renew it."
        }
        actions={<ViewYamlButton kind="Secret" namespace={namespace} name={name} />}
      />
      <div className="space-y-6">
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader title="Overview" />
            <div className="px-5 py-4">
              <Facts>
                <Fact label="Managed by" testId="secret-managed-by">
                  {row.managedBy ? (
                    <Link
                      href={certificateHref(row.managedBy.namespace, row.managedBy.name, cluster)}
                      className={link}
                      data-testid="managed-by"
                    >
                      Certificate {row.managedBy.namespace}/{row.managedBy.name}
                    </Link>
                  ) : (
                    <span className="text-amber-700 dark:text-amber-400">Nothing (unmanaged)</span>
                  )}
                </Fact>
                <Fact label="Type">
                  <span className="font-mono text-[12.5px]">{data.type}</span>
                </Fact>
                <Fact label="Expires" testId="secret-expires">
                  <span title={row.notAfter}>{formatDateTime(row.notAfter)}</span>
                  {row.daysLeft !== undefined ? (
                    <span className="ml-2 text-xs text-zinc-500">({formatDaysLeft(row.daysLeft)})</span>
                  ) : null}
                </Fact>
                <Fact label="Created">
                  <span title={data.createdAt}>
                    {data.createdAt ? `${formatAge(data.createdAt)} ago` : "—"}
                  </span>
                </Fact>
                <Fact label="Data keys (values never shown)" wide testId="secret-data-keys">
                  <Chips items={data.dataKeys} />
                </Fact>
                <Fact label="Labels" wide>
                  <Chips items={Object.entries(data.labels).map(([k, v]) => `${k}=${v}`)} empty="None" />
                </Fact>
                {row.problem ? (
                  <Fact label="Problem" wide>
                    <span className="text-amber-700 dark:text-amber-400">{row.problem}</span>
                  </Fact>
                ) : null}
              </Facts>
            </div>
          </Card>
          <Card>
            <CardHeader title="Used by" description="Objects that point at this Secret." />
            <div className="px-5 py-4">
              {data.users.length === 0 ? (
                <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="secret-users-none">
                  No Certificate, issuer, ApisixTls or ApisixUpstream you can see refers to it.
                </p>
              ) : (
                <ul className="space-y-2" data-testid="secret-users">
                  {data.users.map((u) => {
                    const href = userHref(u, cluster);
                    const label = `${u.kind} ${u.namespace ? `${u.namespace}/` : ""}${u.name}`;
                    return (
                      <li
                        key={`${u.kind}/${u.namespace}/${u.name}/${u.role}`}
                        data-testid="secret-user"
                        data-kind={u.kind}
                        data-name={u.name}
                        className="text-sm"
                      >
                        {href ? (
                          <Link href={href} className={`font-mono text-[13px] ${link}`}>
                            {label}
                          </Link>
                        ) : (
                          <span className="font-mono text-[13px]">{label}</span>
                        )}
                        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{u.role}</span>
                      </li>
                    );
                  })}
                </ul>
              )}
              {data.usersProblem ? (
                <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">{data.usersProblem}</p>
              ) : null}
            </div>
          </Card>
        </div>
        <Card>
          <CardHeader title="Chain" description="Does tls.crt chain up to ca.crt?" />
          <div className="px-5 py-4">
            <ChainVerdict detail={data} />
          </div>
        </Card>
        <div className="grid gap-4 lg:grid-cols-2" data-testid="secret-certificates">
          {data.certificates.map((info, i) => (
            <CertificateInfoCard
              key={`tls-${info.sha256Fingerprint}`}
              info={info}
              pem={data.certificatePems[i]}
              label={i === 0 ? "tls.crt · leaf" : `tls.crt · #${i + 1}`}
            />
          ))}
          {data.ca.map((info, i) => (
            <CertificateInfoCard
              key={`ca-${info.sha256Fingerprint}`}
              info={info}
              pem={data.caPems[i]}
              label="ca.crt"
            />
          ))}
          {data.certificates.length === 0 && data.ca.length === 0 ? (
            <Card className="lg:col-span-2">
              <EmptyState title="No certificates in the Secret" description={data.chainProblem} />
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
