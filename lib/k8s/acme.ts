import "server-only";
import { KINDS } from "@/lib/kinds";
import { type CustomResource, customResource, listCustom } from "./custom";
import type { RawIssuerRef, RawObjectMeta } from "./meta";

export const ORDERS: CustomResource = customResource(KINDS.Order);
export const CHALLENGES: CustomResource = customResource(KINDS.Challenge);

/** acme.cert-manager.io/v1 Order (only the fields Trustdeck reads): one ACME order for one CertificateRequest. */
export interface RawOrder {
  metadata: RawObjectMeta;
  spec: {
    issuerRef: RawIssuerRef;
    commonName?: string;
    dnsNames?: string[];
    ipAddresses?: string[];
    duration?: string;
  };
  status?: {
    state?: string;
    reason?: string;
    url?: string;
    finalizeURL?: string;
    failureTime?: string;
    authorizations?: {
      identifier?: string;
      wildcard?: boolean;
      initialState?: string;
      /** The authorization's URL at the ACME server. */
      url?: string;
      /** The challenges the server offered (never their tokens here). */
      challenges?: { type?: string; url?: string }[];
    }[];
  };
}

/** acme.cert-manager.io/v1 Challenge (only the fields Trustdeck reads; never `spec.key`). */
export interface RawChallenge {
  metadata: RawObjectMeta;
  spec: {
    dnsName: string;
    type: string;
    wildcard?: boolean;
    issuerRef: RawIssuerRef;
    /** The challenge's URL at the ACME server. */
    url?: string;
    /** The authorization it answers, at the ACME server. */
    authorizationURL?: string;
    /** The issuer's solver chosen for it (`http01` / `dns01` with their settings). */
    solver?: Record<string, unknown>;
  };
  status?: {
    state?: string;
    reason?: string;
    presented?: boolean;
    presentedAt?: string;
    processing?: boolean;
  };
}

type ListOpts = { context?: string; namespace?: string };

/** Lists ACME Orders (all namespaces when `namespace` is undefined). */
export function listOrders(opts: ListOpts = {}): Promise<RawOrder[]> {
  return listCustom<RawOrder>(ORDERS, opts);
}

/** Lists ACME Challenges (all namespaces when `namespace` is undefined). */
export function listChallenges(opts: ListOpts = {}): Promise<RawChallenge[]> {
  return listCustom<RawChallenge>(CHALLENGES, opts);
}
