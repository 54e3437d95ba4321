import "server-only";
import { KINDS } from "@/lib/kinds";
import { type CustomResource, customResource, listCustom } from "./custom";
import type { RawCondition, RawObjectMeta } from "./meta";

export const ISSUERS: CustomResource = customResource(KINDS.Issuer);
export const CLUSTER_ISSUERS: CustomResource = customResource(KINDS.ClusterIssuer);

export interface RawIssuerSpec {
  selfSigned?: Record<string, unknown>;
  ca?: { secretName: string; crlDistributionPoints?: string[]; ocspServers?: string[] };
  acme?: {
    server?: string;
    email?: string;
    solvers?: Record<string, unknown>[];
    privateKeySecretRef?: { name?: string };
    skipTLSVerify?: boolean;
    caBundle?: string;
    [key: string]: unknown;
  };
  vault?: Record<string, unknown>;
  venafi?: Record<string, unknown>;
  [key: string]: unknown;
}

/** cert-manager.io/v1 Issuer or ClusterIssuer (same spec and status). */
export interface RawIssuer {
  apiVersion?: string;
  kind?: string;
  metadata: RawObjectMeta;
  spec: RawIssuerSpec;
  status?: { conditions?: RawCondition[]; acme?: { uri?: string; lastRegisteredEmail?: string } };
}

/** Lists namespaced Issuers in `namespace`, or in every namespace when undefined. */
export function listIssuers(opts: { context?: string; namespace?: string } = {}): Promise<RawIssuer[]> {
  return listCustom<RawIssuer>(ISSUERS, opts);
}

/** Lists ClusterIssuers. */
export function listClusterIssuers(opts: { context?: string } = {}): Promise<RawIssuer[]> {
  return listCustom<RawIssuer>(CLUSTER_ISSUERS, { context: opts.context });
}
