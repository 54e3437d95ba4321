import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { LiveKind } from "@/lib/live/types";
import { allClusterKeys, CLUSTER_AREAS, inPageCluster, queryKeys, staleQueryKeys } from "./keys";
import { apiUrl } from "./urls";

const KINDS: LiveKind[] = [
  "Certificate",
  "CertificateRequest",
  "Issuer",
  "ClusterIssuer",
  "Secret",
  "ApisixTls",
  "ApisixRoute",
  "ApisixUpstream",
];

describe("queryKeys", () => {
  it("puts every key under the app root, then its area", () => {
    expect(queryKeys.certificates.detail("tls", "a").slice(0, 2)).toEqual(queryKeys.certificates.all);
    expect(queryKeys.trust.chain("tls", "a").slice(0, 2)).toEqual(queryKeys.trust.all);
    expect(queryKeys.gateway.matrix().slice(0, 2)).toEqual(queryKeys.gateway.all);
    expect(queryKeys.requests.list({ namespace: "tls" }).slice(0, 2)).toEqual(queryKeys.requests.all);
    expect(queryKeys.overview.audit()[0]).toBe(queryKeys.all[0]);
  });
});

describe("staleQueryKeys", () => {
  it("names only cluster areas, for every live kind", () => {
    for (const kind of KINDS) {
      const keys = staleQueryKeys(kind);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) {
        expect(k[0]).toBe("trustdeck");
        expect(CLUSTER_AREAS).toContain(k[1]);
      }
    }
  });
  it("refreshes the certificate list when its Secret changes, and the gateway when an ApisixTls does", () => {
    expect(staleQueryKeys("Secret")).toContainEqual(queryKeys.certificates.all);
    expect(staleQueryKeys("ApisixTls")).toContainEqual(queryKeys.gateway.all);
    expect(staleQueryKeys("CertificateRequest")).toContainEqual(queryKeys.requests.all);
  });
  it("after a dropped stream, refreshes every cluster area", () => {
    expect(allClusterKeys().map((k) => k[1])).toEqual([...CLUSTER_AREAS]);
  });
});

describe("apiUrl", () => {
  it("encodes path segments and drops empty query values", () => {
    expect(apiUrl.certificate("a b", "c/d")).toBe("/api/certificates/a%20b/c%2Fd");
    expect(apiUrl.certificates({ namespace: "tls", q: "" })).toBe("/api/certificates?namespace=tls");
    expect(apiUrl.requestDecision("tls", "r-1", "deny")).toBe("/api/certificaterequests/tls/r-1/deny");
    expect(apiUrl.tlsMtlsPreview("tls", "public-tls")).toBe("/api/apisix/tls/tls/public-tls/mtls/preview");
    expect(apiUrl.gatewayAccess()).toBe("/api/apisix/access");
    expect(apiUrl.trustReportCsv({ namespace: "tls", severity: "critical" })).toBe(
      "/api/trust/report?format=csv&namespace=tls&severity=critical",
    );
  });
});

describe("inPageCluster", () => {
  it("keeps two clusters' same-named objects apart and stays reachable by the unscoped key", async () => {
    const client = new QueryClient();
    const detail = queryKeys.certificates.detail("tls", "web");
    client.setQueryData(inPageCluster(detail, undefined), "default cluster");
    client.setQueryData(inPageCluster(detail, "east"), "east");
    expect(client.getQueryData(inPageCluster(detail, "east"))).toBe("east");
    expect(client.getQueryData(detail)).toBe("default cluster");
    // An action's invalidation by the plain key (a prefix) marks both stale.
    await client.invalidateQueries({ queryKey: detail, refetchType: "none" });
    expect(client.getQueryState(inPageCluster(detail, "east"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(detail)?.isInvalidated).toBe(true);
  });
});
