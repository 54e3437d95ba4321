import "server-only";
import type { V1Secret } from "@kubernetes/client-node";
import { forgetSecretAnalysis, primeSecretAnalysis } from "@/lib/inventory/secret-certs";
import type { KindName } from "@/lib/kinds";
import { withoutKeystorePasswords } from "@/lib/security/keystore";
import { sanitizeSecretFacts } from "@/lib/security/secret-reduce";
import type { RawObjectMeta } from "./meta";

/**
 * The server-only part of the kind table (`lib/kinds.ts`): how a kind's objects are reduced the
 * moment they arrive from the API server, before anything (the watch cache, a direct list) keeps
 * them. Kinds without a reducer are kept as the API server sent them.
 */

/**
 * The public part of a `kubernetes.io/tls` Secret. `data` is reduced to these PEM strings the
 * moment the Secret arrives: `tls.key` (and every other key) is never kept.
 */
export interface TlsSecretFacts {
  metadata: RawObjectMeta & { namespace: string };
  type: string;
  /** PEM of `tls.crt` (leaf first, then intermediates), when present. */
  tlsCrt?: string;
  /** PEM of `ca.crt`, when present. */
  caCrt?: string;
  /** PEM of `cert`: APISIX's Opaque layout (`cert` / `key`), read before `tls.crt` by its controller. */
  cert?: string;
  /** Keys present in `data`, for diagnostics (names only, never values). */
  dataKeys: string[];
}

function decode(b64: string | undefined): string | undefined {
  if (!b64) return undefined;
  return Buffer.from(b64, "base64").toString("utf8");
}

function toIso(d: Date | string | undefined): string | undefined {
  if (!d) return undefined;
  return d instanceof Date ? d.toISOString() : d;
}

/** Reduces a Secret to public facts (`tls.crt`, `ca.crt`, key names); `tls.key` is dropped. */
export function reduceSecret(s: V1Secret): TlsSecretFacts {
  const data = s.data ?? {};
  const m = s.metadata ?? {};
  return sanitizeSecretFacts({
    metadata: {
      name: m.name ?? "",
      namespace: m.namespace ?? "",
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: toIso(m.creationTimestamp as Date | string | undefined),
      labels: m.labels,
      annotations: m.annotations,
    },
    type: s.type ?? "",
    tlsCrt: decode(data["tls.crt"]),
    caCrt: decode(data["ca.crt"]),
    cert: decode(data.cert),
    dataKeys: Object.keys(data).sort(),
  });
}

/** Reducers by kind; a kind missing here is kept as it arrived. */
const REDUCERS: Partial<Record<KindName, (raw: unknown) => unknown>> = {
  Secret: (raw) => reduceSecret(raw as V1Secret),
  Certificate: (raw) => withoutKeystorePasswords(raw),
};

/**
 * Reduces one object of `kind` as it arrives from a list, a watch or a get. Every path that holds
 * objects (the watch cache, the paging helper) calls this first.
 */
export function reduceObject<T = unknown>(kind: KindName, raw: unknown): T {
  const reduce = REDUCERS[kind];
  return (reduce ? reduce(withoutManagedFields(raw)) : withoutManagedFields(raw)) as T;
}

/**
 * Drops `metadata.managedFields` (server-side apply's bookkeeping: often larger than the object's
 * spec, never shown; "view YAML" drops it too, lib/security/manifest.ts) from a just-received
 * object, in place: nothing else holds it yet.
 */
function withoutManagedFields(raw: unknown): unknown {
  const meta = (raw as { metadata?: { managedFields?: unknown } } | null)?.metadata;
  if (meta && typeof meta === "object" && "managedFields" in meta) delete meta.managedFields;
  return raw;
}

/** Secrets stored but not yet parsed; drained in slices so a list of 50,000 never blocks the event loop. */
let toPrime: TlsSecretFacts[] = [];
let primed = 0;
/** Longest slice of parsing per event-loop turn, ms. */
const PRIME_SLICE_MS = 10;

function drainPrimes(): void {
  const end = performance.now() + PRIME_SLICE_MS;
  while (primed < toPrime.length && performance.now() < end) {
    primeSecretAnalysis(toPrime[primed++] as TlsSecretFacts);
  }
  if (primed < toPrime.length) setImmediate(drainPrimes);
  else {
    toPrime = [];
    primed = 0;
  }
}

/**
 * Called by the watch cache when it stores a reduced object (listed, added or modified): a
 * Secret's certificates are parsed right after, once per resourceVersion, in slices of at most
 * `PRIME_SLICE_MS` between other work, so no request pays for it (lib/inventory/secret-certs.ts
 * keeps the result; a request that needs a Secret not yet parsed parses it then, once).
 */
export function observeStored(kind: KindName, obj: unknown): void {
  if (kind !== "Secret") return;
  toPrime.push(obj as TlsSecretFacts);
  if (toPrime.length === 1) setImmediate(drainPrimes);
}

/** Called by the watch cache when an object leaves the store: a deleted Secret's parse is dropped. */
export function observeRemoved(kind: KindName, obj: unknown): void {
  if (kind === "Secret") forgetSecretAnalysis((obj as TlsSecretFacts).metadata?.uid);
}
