"use client";

import Link from "next/link";
import { certificateHref, issuerHref, secretHref } from "@/components/links";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Fact, Facts, Mono } from "@/components/ui/facts";
import { XIcon } from "@/components/ui/icons";
import { formatDate, formatDaysLeft } from "@/lib/format";
import { KIND_LABEL, type RouteTrust } from "@/lib/trust/layout";
import type { TrustGraph, TrustNode } from "@/lib/trust/types";
import { ProblemList, SeverityBadge } from "./problems";

export type Answer =
  | { kind: "downstream"; origin: string; ids: string[] }
  | { kind: "trusted"; origin: string; trust: RouteTrust };

const DAY = 86_400_000;

function canBreakDownstream(n: TrustNode): boolean {
  return (
    n.kind === "clusterissuer" ||
    n.kind === "issuer" ||
    n.kind === "ca-certificate" ||
    (n.kind === "secret" && n.certificate?.isCA === true)
  );
}

/** The page of a node's object, and the button's words; undefined for kinds without a page. */
function pageOf(n: TrustNode): { href: string; label: string } | undefined {
  if (n.missing) return undefined;
  if ((n.kind === "ca-certificate" || n.kind === "leaf-certificate") && n.namespace)
    return { href: `${certificateHref(n.namespace, n.name)}#chain`, label: "Open certificate" };
  if (n.kind === "secret" && n.namespace)
    return { href: secretHref(n.namespace, n.name), label: "Open Secret" };
  if (n.kind === "issuer" || n.kind === "clusterissuer") {
    const href = issuerHref(
      { kind: n.kind === "issuer" ? "Issuer" : "ClusterIssuer", name: n.name },
      n.namespace,
    );
    return href ? { href, label: "Open issuer" } : undefined;
  }
  return undefined;
}

function nameOf(graph: TrustGraph, id: string): string {
  const n = graph.nodes.find((x) => x.id === id);
  if (!n) return id;
  return `${n.namespace ? `${n.namespace}/` : ""}${n.name}`;
}

/** Side panel: what the selected object is, its certificate, its problems, and the two questions. */
export function NodeDetails({
  node,
  graph,
  answer,
  onDownstream,
  onTrusted,
  onClear,
  onClose,
  onFocus,
}: {
  node: TrustNode;
  graph: TrustGraph;
  answer?: Answer;
  onDownstream: () => void;
  onTrusted: () => void;
  onClear: () => void;
  onClose: () => void;
  onFocus: (id: string) => void;
}) {
  const cert = node.certificate;
  const page = pageOf(node);
  const daysLeft = cert ? (new Date(cert.notAfter).getTime() - Date.now()) / DAY : undefined;
  const isRoute = node.kind === "apisix-tls" || node.kind === "host";
  const mine = answer && answer.origin === node.id ? answer : undefined;

  return (
    <aside
      data-testid="node-details"
      data-id={node.id}
      className="flex h-full w-full flex-col overflow-hidden rounded-lg bg-white dark:bg-zinc-900"
    >
      <div className="flex items-start justify-between gap-3 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <Badge tone="gray">{KIND_LABEL[node.kind]}</Badge>
            <SeverityBadge severity={node.status} />
            {node.missing ? <Badge tone="red">not found</Badge> : null}
          </div>
          <h2 className="mt-1.5 break-all font-semibold text-sm text-zinc-900 dark:text-zinc-100">
            {node.namespace ? <span className="font-normal text-zinc-500">{node.namespace}/</span> : null}
            {node.name}
          </h2>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close details"
          className="rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <XIcon size={16} />
        </button>
      </div>

      <div className="scroll-thin flex-1 space-y-5 overflow-y-auto px-4 py-4">
        {cert ? (
          <Facts columns={1}>
            <Fact label="Subject">
              <Mono>{cert.subject || "(empty)"}</Mono>
            </Fact>
            <Fact label="Issuer">
              <Mono>{cert.issuer}</Mono>
            </Fact>
            <Fact label="Expires" testId="node-expiry">
              {formatDate(cert.notAfter)}{" "}
              <span className="text-zinc-500 dark:text-zinc-400">({formatDaysLeft(daysLeft)})</span>
            </Fact>
            {node.chain ? (
              <Fact label="Chain">
                <Badge tone={node.chain.valid ? "green" : node.chain.status === "broken" ? "red" : "amber"}>
                  {node.chain.status}
                  {node.chain.valid ? " · valid" : " · invalid"}
                </Badge>
              </Fact>
            ) : null}
          </Facts>
        ) : null}

        <div className="flex flex-wrap gap-2">
          {page ? (
            <Link
              href={page.href}
              className={buttonClass("secondary", "sm")}
              data-testid={page.label === "Open certificate" ? "certificate-link" : "object-link"}
            >
              {page.label}
            </Link>
          ) : null}
          {canBreakDownstream(node) ? (
            <Button size="sm" variant="primary" onClick={onDownstream} data-testid="highlight-downstream">
              What breaks if this CA expires or rotates?
            </Button>
          ) : null}
          {isRoute ? (
            <Button size="sm" variant="primary" onClick={onTrusted} data-testid="highlight-trusted">
              What does this route trust?
            </Button>
          ) : null}
          {mine ? (
            <Button size="sm" variant="ghost" onClick={onClear} data-testid="clear-highlight">
              Clear highlight
            </Button>
          ) : null}
        </div>

        {mine?.kind === "downstream" ? (
          <section data-testid="downstream-answer" className="text-sm">
            <h3 className="font-medium text-zinc-900 dark:text-zinc-100">
              {mine.ids.length} object{mine.ids.length === 1 ? "" : "s"} depend on it
            </h3>
            <ul className="mt-2 space-y-1">
              {mine.ids.map((id) => {
                const n = graph.nodes.find((x) => x.id === id);
                return (
                  <li key={id}>
                    <button
                      type="button"
                      onClick={() => onFocus(id)}
                      className="text-left text-[13px] text-sky-700 hover:underline dark:text-sky-400"
                    >
                      <span className="text-zinc-500 dark:text-zinc-400">{n ? KIND_LABEL[n.kind] : ""} </span>
                      {nameOf(graph, id)}
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}

        {mine?.kind === "trusted" ? (
          <section data-testid="trusted-answer" className="text-sm">
            {mine.trust.clientCas.length === 0 ? (
              <p className="text-zinc-600 dark:text-zinc-400">
                Client mTLS is off: this route asks for no client certificate (no <Mono>client.caSecret</Mono>
                ).
              </p>
            ) : (
              <>
                <h3 className="font-medium text-zinc-900 dark:text-zinc-100">
                  Accepts client certificates signed by
                </h3>
                <ul className="mt-2 space-y-1">
                  {mine.trust.clientCas.map((id) => (
                    <li key={id} data-testid="trusted-ca">
                      <button
                        type="button"
                        onClick={() => onFocus(id)}
                        className="font-mono text-[13px] text-sky-700 hover:underline dark:text-sky-400"
                      >
                        {nameOf(graph, id)}
                      </button>
                      {(() => {
                        const s = graph.nodes.find((x) => x.id === id)?.certificate;
                        return s ? (
                          <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">({s.subject})</span>
                        ) : null;
                      })()}
                    </li>
                  ))}
                </ul>
                {mine.trust.chain.length > 0 ? (
                  <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
                    which relies on {mine.trust.chain.map((id) => nameOf(graph, id)).join(", ")}.
                  </p>
                ) : null}
              </>
            )}
          </section>
        ) : null}

        <section>
          <h3 className="mb-2 font-medium text-sm text-zinc-900 dark:text-zinc-100">
            Problems <span className="font-normal text-zinc-500">({node.problems.length})</span>
          </h3>
          {node.problems.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">No problems found.</p>
          ) : (
            <ProblemList problems={node.problems} testId="node-problem" />
          )}
        </section>
      </div>
    </aside>
  );
}
