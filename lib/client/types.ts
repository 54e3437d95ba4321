/** Parameter and answer types of the browser data layer (shared by URL builders, keys and hooks). */
import type { CertificateRow, ListResponse } from "@/lib/types";

export type CertificateStateFilter =
  | "ready"
  | "not-ready"
  | "issuing"
  | "expired"
  | "not-yet-valid"
  | "critical"
  | "renewal-window"
  | "overdue"
  | "mismatch";
export type CertificateSort = "name" | "namespace" | "expires" | "state" | "issuer";
export type SortDir = "asc" | "desc";

export interface CertificateListParams {
  namespace?: string;
  q?: string;
  issuer?: string;
  state?: CertificateStateFilter;
  sort?: CertificateSort;
  dir?: SortDir;
  limit?: number;
  offset?: number;
}

/** The certificates list may carry an `issuers` facet besides `namespaces`. */
export type CertificateListResponse = ListResponse<CertificateRow> & { issuers?: string[] };

export interface ContextsDto {
  contexts: string[];
  current: string;
}

export interface SecretListParams {
  namespace?: string;
  managed?: boolean;
}

export interface RequestListParams {
  namespace?: string;
}

/** Filter of the ACME Order and Challenge lists (`/api/acme/orders`, `/api/acme/challenges`). */
export interface AcmeFilter {
  namespace?: string;
  certificate?: string;
  certificateRequest?: string;
}
