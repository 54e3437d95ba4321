/**
 * Wire types shared by every kind: the parts of ObjectMeta and conditions Trustdeck reads.
 * These are the API server's shapes (raw), never sent to the browser as-is.
 */
import type { ConditionDto } from "@/lib/types";

export interface RawObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

/** A status condition as the API server stores it: the one condition shape (`ConditionDto`). */
export type RawCondition = ConditionDto;

export interface RawIssuerRef {
  name: string;
  kind?: string;
  group?: string;
}

/** A namespaced object reference as `{namespace, name}`. */
export interface NamespacedName {
  namespace: string;
  name: string;
}
