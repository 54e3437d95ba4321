import "server-only";
import { KINDS } from "@/lib/kinds";
import { type CustomResource, customResource, listCustom } from "./custom";
import type { RawCondition, RawObjectMeta } from "./meta";

export const APISIX_TLSES: CustomResource = customResource(KINDS.ApisixTls);
export const APISIX_ROUTES: CustomResource = customResource(KINDS.ApisixRoute);
export const APISIX_UPSTREAMS: CustomResource = customResource(KINDS.ApisixUpstream);

export interface RawSecretRef {
  name: string;
  namespace: string;
}

export interface RawApisixStatus {
  conditions?: RawCondition[];
}

/** apisix.apache.org/v2 ApisixTls: the served cert per SNI, and client mTLS when `client` is set. */
export interface RawApisixTls {
  metadata: RawObjectMeta;
  spec: {
    ingressClassName?: string;
    hosts: string[];
    secret: RawSecretRef;
    client?: { caSecret: RawSecretRef; depth?: number; skip_mtls_uri_regex?: string[] };
  };
  status?: RawApisixStatus;
}

/** apisix.apache.org/v2 ApisixRoute (only the fields Trustdeck reads). */
export interface RawApisixRoute {
  metadata: RawObjectMeta;
  spec: {
    ingressClassName?: string;
    http?: {
      name: string;
      match?: { hosts?: string[]; paths?: string[]; methods?: string[] };
      backends?: { serviceName: string; servicePort: number | string; weight?: number }[];
      [key: string]: unknown;
    }[];
    [key: string]: unknown;
  };
  status?: RawApisixStatus;
}

/** apisix.apache.org/v2 ApisixUpstream: `tlsSecret` is the client cert APISIX shows the upstream. */
export interface RawApisixUpstream {
  metadata: RawObjectMeta;
  spec?: { scheme?: string; tlsSecret?: RawSecretRef; [key: string]: unknown };
  status?: RawApisixStatus;
}

type ListOpts = { context?: string; namespace?: string };

/** Lists ApisixTls objects (all namespaces when `namespace` is undefined). */
export function listApisixTls(opts: ListOpts = {}): Promise<RawApisixTls[]> {
  return listCustom<RawApisixTls>(APISIX_TLSES, opts);
}

/** Lists ApisixRoute objects (all namespaces when `namespace` is undefined). */
export function listApisixRoutes(opts: ListOpts = {}): Promise<RawApisixRoute[]> {
  return listCustom<RawApisixRoute>(APISIX_ROUTES, opts);
}

/** Lists ApisixUpstream objects (all namespaces when `namespace` is undefined). */
export function listApisixUpstreams(opts: ListOpts = {}): Promise<RawApisixUpstream[]> {
  return listCustom<RawApisixUpstream>(APISIX_UPSTREAMS, opts);
}
