import type { ChainVerdict, Severity } from "@/lib/x509/chain";
import type { SummaryGroupBy, SummarySearchHit, TrustGroupDetail, TrustSummary } from "./summary";
import type { AuditRow, TrustEdge, TrustNode } from "./types";

/**
 * Shapes of the trust API responses (`/api/trust`, `/api/trust/report`,
 * `/api/certificates/{ns}/{name}/chain`). Certificates appear as parsed public facts only.
 */

/**
 * Where certificate data came from: the TLS Secrets themselves, or, when the identity may not
 * read Secrets, each Certificate's current CertificateRequest (`status.certificate` / `status.ca`).
 */
export type TrustDataSource = "secrets" | "certificate-requests";

export interface TrustGraphDto {
  nodes: TrustNode[];
  edges: TrustEdge[];
  source: TrustDataSource;
  /** Set when the data is partial, e.g. Secrets could not be read. */
  notice?: string;
  /** Namespaces where the workloads mounting trust objects could not be listed, in plain words. */
  workloadsHidden?: string[];
  /** The `?namespace=` filter, when given. */
  namespace?: string;
  /** Every namespace that has a node, for filter menus. */
  namespaces: string[];
  generatedAt: string;
  /**
   * `?view=auto` of a graph of `SUMMARY_AT` objects or more (lib/trust/summary.ts): every group
   * collapsed, with counts; `nodes` and `edges` are then empty and each group is asked for with
   * `?group=`.
   */
  summary?: TrustSummary;
  /** With `summary`: which build of the kept graph it summarises (changes with every rebuild). */
  version?: string;
  /** With `summary`: the graph merges several clusters (the page offers grouping by cluster). */
  fleet?: boolean;
}

/** `/api/trust?group=<key>`: one group of the summarised graph. */
export interface TrustGroupDto extends TrustGroupDetail {
  namespace?: string;
  /** Which build of the kept graph it comes from (see TrustGraphDto `version`). */
  version: string;
  generatedAt: string;
}

/** `/api/trust?search=<text>`: the objects found in the whole graph, each with its group. */
export interface TrustSearchDto {
  groupBy: SummaryGroupBy;
  hits: SummarySearchHit[];
}

export type SeverityCounts = Record<Severity, number>;

export interface TrustReportDto {
  rows: AuditRow[];
  counts: SeverityCounts;
  source: TrustDataSource;
  notice?: string;
  namespace?: string;
  generatedAt: string;
  /** A merged fleet report: each cluster's counts, and the clusters left out (with why). */
  clusters?: { cluster: string; counts: SeverityCounts }[];
  clusterErrors?: { cluster: string; message: string; status: number }[];
}

export interface CertificateChainDto {
  namespace: string;
  name: string;
  secretName: string;
  /** "none" when no certificate has been issued yet (no Secret data and no issued request). */
  source: "secret" | "certificate-request" | "none";
  /** Name of the CertificateRequest the chain was read from, for source "certificate-request". */
  requestName?: string;
  verdict?: ChainVerdict;
  /** `status.renewalTime` of the Certificate, ISO. */
  renewalTime?: string;
  /** Why there is no verdict, or why the data is partial. */
  notice?: string;
  generatedAt: string;
}
