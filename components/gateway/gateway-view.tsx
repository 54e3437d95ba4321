"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { secretHref } from "@/components/links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { GatewayIcon } from "@/components/ui/icons";
import { TableSkeleton } from "@/components/ui/skeleton";
import {
  type ApisixTlsSummary,
  type GatewayRow,
  HOP_KEYS,
  HOP_LABELS,
  type HopKey,
} from "@/lib/apisix/types";
import { usePageCluster } from "@/lib/client/cluster";
import { useGatewayMatrix } from "@/lib/client/gateway";
import { CreateTlsButton } from "./create-tls-button";
import { CreateTlsDialog } from "./create-tls-dialog";
import { useGatewayWrite, WriteDeniedReason } from "./gateway-access";
import { GatewayClusterPicker } from "./gateway-cluster";
import { HopCell, LEVEL_WORD } from "./hop-cell";
import { MtlsToggleDialog } from "./mtls-toggle";
import { ProbePanel, type ProbeTarget } from "./probe-panel";
import { SkipRegexTester } from "./skip-regex-tester";
import { UpstreamList } from "./upstream-list";

const secretLink = "text-sky-700 hover:underline dark:text-sky-400";

const LEVEL_TONE = { green: "green", amber: "amber", red: "red" } as const;

function Details({ row, hop }: { row: GatewayRow; hop: HopKey }) {
  return (
    <div data-testid="hop-details" className="space-y-3 px-5 py-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{row.host}</span>
        <span className="text-xs text-zinc-500">
          ApisixRoute {row.route.namespace}/{row.route.name} · rule {row.rule} ·{" "}
          {row.paths.join(", ") || "all paths"}
        </span>
      </div>
      <ul className="space-y-2">
        {HOP_KEYS.map((k) => (
          <li
            key={k}
            className={`rounded-lg px-3 py-2 ${k === hop ? "bg-zinc-100 dark:bg-zinc-800/70" : ""}`}
          >
            <div className="flex items-center gap-2 text-xs">
              <Badge tone={LEVEL_TONE[row.cells[k].level]} dot data-testid="hop-level">
                {LEVEL_WORD[row.cells[k].level]}
              </Badge>
              <span className="font-medium">{HOP_LABELS[k]}</span>
            </div>
            <p
              className="mt-1 text-xs text-zinc-600 dark:text-zinc-300"
              data-testid={k === hop ? "hop-details-reason" : undefined}
            >
              {row.cells[k].reason}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TlsList({
  tlses,
  onToggle,
}: {
  tlses: ApisixTlsSummary[];
  onToggle: (t: ApisixTlsSummary, enable: boolean) => void;
}) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
      {tlses.map((t) => (
        <TlsItem key={`${t.namespace}/${t.name}`} t={t} onToggle={onToggle} />
      ))}
    </ul>
  );
}

function TlsItem({
  t,
  onToggle,
}: {
  t: ApisixTlsSummary;
  onToggle: (t: ApisixTlsSummary, enable: boolean) => void;
}) {
  const may = useGatewayWrite("toggleTlsMtls", t.namespace);
  // The Secret pages of the gateway's cluster (a fleet page names it).
  const cluster = usePageCluster();
  return (
    <li
      key={`${t.namespace}/${t.name}`}
      data-testid="tls-item"
      data-name={`${t.namespace}/${t.name}`}
      className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm"
    >
      <div className="min-w-0 flex-1">
        <div className="font-medium">
          {t.namespace}/{t.name}
        </div>
        <div className="text-xs text-zinc-500">
          {t.hosts.join(", ")} · serves{" "}
          <Link href={secretHref(t.secret.namespace, t.secret.name, cluster)} className={secretLink}>
            {t.secret.namespace}/{t.secret.name}
          </Link>
          {t.client ? (
            <>
              {" "}
              · trusts{" "}
              <Link
                href={secretHref(t.client.caSecret.namespace, t.client.caSecret.name, cluster)}
                className={secretLink}
              >
                {t.client.caSecret.namespace}/{t.client.caSecret.name}
              </Link>
              , depth {t.client.depth ?? 1}
              {t.client.skipMtlsUriRegex.length ? `, skips ${t.client.skipMtlsUriRegex.join(" ")}` : ""}
            </>
          ) : null}
        </div>
      </div>
      <Badge tone={t.client ? "green" : "amber"} data-testid="tls-mtls-state">
        {t.client ? "mTLS on" : "mTLS off"}
      </Badge>
      {t.client ? (
        <>
          <Button
            size="sm"
            onClick={() => onToggle(t, true)}
            disabled={!may.allowed}
            title={may.reason}
            data-testid="tls-edit"
          >
            Edit
          </Button>
          <Button
            size="sm"
            variant="danger"
            onClick={() => onToggle(t, false)}
            disabled={!may.allowed}
            title={may.reason}
            data-testid="tls-disable"
          >
            Turn mTLS off
          </Button>
        </>
      ) : (
        <Button
          size="sm"
          variant="primary"
          onClick={() => onToggle(t, true)}
          disabled={!may.allowed}
          title={may.reason}
          data-testid="tls-enable"
        >
          Turn mTLS on
        </Button>
      )}
      <WriteDeniedReason reason={may.reason} className="basis-full" />
    </li>
  );
}

/** The /gateway page body: hop matrix, details, mTLS toggles, skip-regex tester and probe. */
export function GatewayView() {
  const { data, error, isPending, refetch } = useGatewayMatrix();
  const [selected, setSelected] = useState<{ id: string; hop: HopKey }>();
  const [toggle, setToggle] = useState<{ tls: ApisixTlsSummary; enable: boolean }>();
  const [createFor, setCreateFor] = useState<{ host: string; namespace: string }>();
  const [probe, setProbe] = useState<ProbeTarget & { n: number }>();

  if (error)
    return (
      <div className="space-y-4">
        <GatewayClusterPicker />
        <ErrorPanel error={error} action={<Button onClick={() => refetch()}>Retry</Button>} />
      </div>
    );
  if (isPending || !data)
    return (
      <div className="space-y-4">
        <GatewayClusterPicker />
        <Card>
          <TableSkeleton columns={6} rows={4} />
        </Card>
      </div>
    );

  const selectedRow = data.rows.find((r) => r.id === selected?.id);
  const clientSecrets = data.caSecretCandidates.filter((c) => !c.isCA);

  return (
    <div className="space-y-6">
      <GatewayClusterPicker />
      {data.secretsUnreadable ? (
        <div
          role="status"
          data-testid="secrets-unreadable"
          className="rounded-xl border border-amber-300/70 bg-amber-50 px-5 py-3 text-amber-900 text-sm dark:border-amber-500/30 dark:bg-amber-500/[0.07] dark:text-amber-200"
        >
          Certificates were not checked: this context cannot read Secrets ({data.secretsUnreadable}).
        </div>
      ) : null}
      {data.hostsWithoutTls.length ? (
        <div
          role="alert"
          data-testid="hosts-without-tls"
          className="rounded-xl border border-red-300/70 bg-red-50 px-5 py-3 text-sm dark:border-red-500/30 dark:bg-red-500/[0.07]"
        >
          <span className="font-medium text-red-800 dark:text-red-300">Served without TLS: </span>
          {data.hostsWithoutTls.map((h, i) => (
            <span key={`${h.namespace}/${h.route}/${h.rule}/${h.host}`} data-testid="host-without-tls">
              {i > 0 ? ", " : ""}
              <span className="font-mono">{h.host}</span>{" "}
              <span className="text-xs text-zinc-500">
                ({h.namespace}/{h.route}, rule {h.rule})
              </span>
            </span>
          ))}
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            {" "}
            — no ApisixTls covers these hosts; create one to serve them over HTTPS.
          </span>
          <div className="mt-2 flex flex-wrap gap-2">
            {[...new Map(data.hostsWithoutTls.map((h) => [`${h.namespace}/${h.host}`, h])).values()].map(
              (h) => (
                <CreateTlsButton
                  key={`${h.namespace}/${h.host}`}
                  host={h.host}
                  namespace={h.namespace}
                  onOpen={() => setCreateFor({ host: h.host, namespace: h.namespace })}
                />
              ),
            )}
          </div>
        </div>
      ) : null}

      <Card>
        <CardHeader
          title="Hop matrix"
          description="Each row is an ApisixRoute rule and host; each cell one hop. Hover a cell for the reason, click it for details."
        />
        {data.rows.length === 0 ? (
          <EmptyState
            icon={<GatewayIcon size={20} />}
            title="No ApisixRoutes"
            description="No ApisixRoute objects were found in the cluster."
          />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[960px] text-sm" data-testid="gateway-matrix">
              <thead>
                <tr className="border-zinc-200 border-b text-left text-xs text-zinc-500 dark:border-zinc-800">
                  <th className="px-4 py-2.5 font-medium">Host</th>
                  <th className="px-4 py-2.5 font-medium">Route / rule</th>
                  {HOP_KEYS.map((k) => (
                    <th key={k} className="w-[18%] px-2 py-2.5 font-medium">
                      {HOP_LABELS[k]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {data.rows.map((row) => (
                  <Fragment key={row.id}>
                    <tr
                      data-testid="gateway-row"
                      data-host={row.host}
                      data-level={row.level}
                      className="align-top"
                    >
                      <td className="px-4 py-2.5">
                        <div className="font-medium">{row.host}</div>
                        <div className="font-mono text-[11px] text-zinc-500">{row.paths.join(" ")}</div>
                        {!row.tls ? (
                          <Badge tone="red" className="mt-1" data-testid="no-tls-flag">
                            no ApisixTls
                          </Badge>
                        ) : (
                          <button
                            type="button"
                            data-testid="probe-row"
                            className="mt-1 text-sky-700 text-xs hover:underline dark:text-sky-400"
                            onClick={() => {
                              setProbe((p) => ({ sni: row.host, n: (p?.n ?? 0) + 1 }));
                              document.getElementById("probe")?.scrollIntoView({ block: "start" });
                            }}
                          >
                            Probe this host
                          </button>
                        )}
                      </td>
                      <td className="px-4 py-2.5 text-xs text-zinc-600 dark:text-zinc-400">
                        {row.route.namespace}/{row.route.name}
                        <div className="text-zinc-500">rule {row.rule}</div>
                      </td>
                      {HOP_KEYS.map((k) => (
                        <td key={k} className="px-2 py-2">
                          <HopCell
                            cell={row.cells[k]}
                            label={HOP_LABELS[k]}
                            testId={`cell-${k}`}
                            selected={selected?.id === row.id && selected.hop === k}
                            onSelect={() => setSelected({ id: row.id, hop: k })}
                          />
                        </td>
                      ))}
                    </tr>
                    {selectedRow && selected && selectedRow.id === row.id ? (
                      <tr className="bg-zinc-50/60 dark:bg-zinc-900/40">
                        <td colSpan={2 + HOP_KEYS.length}>
                          <Details row={selectedRow} hop={selected.hop} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card data-testid="tls-list">
        <CardHeader
          title="Client mTLS per ApisixTls"
          description="Client mTLS is decided per SNI by the ApisixTls covering the host. Every change is previewed, confirmed with the object diff, and recorded as an Event."
        />
        <TlsList tlses={data.tlses} onToggle={(tls, enable) => setToggle({ tls, enable })} />
      </Card>

      <Card data-testid="upstream-list">
        <CardHeader
          title="Upstream mTLS per ApisixUpstream"
          description="The client certificate APISIX presents to the upstream (tlsSecret). Every change is confirmed with the spec before/after and recorded as an Event."
        />
        <UpstreamList matrix={data} />
      </Card>

      <Card>
        <CardHeader
          title="Skip-regex tester"
          description="Which request paths skip client mTLS (skip_mtls_uri_regex)."
        />
        <div className="px-5 py-4">
          <SkipRegexTester
            initialRegexes={
              data.tlses.find((t) => t.client?.skipMtlsUriRegex.length)?.client?.skipMtlsUriRegex ?? [
                "/healthz",
              ]
            }
          />
        </div>
      </Card>

      <Card id="probe" className="scroll-mt-20">
        <CardHeader
          title="Probe a live endpoint"
          description="A real TLS handshake from the server: the served chain, drift against the stored Secret, and whether a client certificate is required."
        />
        <div className="px-5 py-4">
          <ProbePanel key={probe?.n ?? 0} clientSecrets={clientSecrets} target={probe} />
        </div>
      </Card>

      {createFor ? (
        <CreateTlsDialog
          key={`${createFor.namespace}/${createFor.host}`}
          host={createFor.host}
          namespace={createFor.namespace}
          matrix={data}
          onClose={() => setCreateFor(undefined)}
        />
      ) : null}
      {toggle ? (
        <MtlsToggleDialog
          key={`${toggle.tls.namespace}/${toggle.tls.name}/${toggle.enable}`}
          tls={toggle.tls}
          enable={toggle.enable}
          matrix={data}
          onClose={() => setToggle(undefined)}
        />
      ) : null}
    </div>
  );
}
