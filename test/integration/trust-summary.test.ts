import { beforeAll, describe, expect, it } from "vitest";
import { GET as getReport } from "@/app/api/trust/report/route";
import { GET as getTrust } from "@/app/api/trust/route";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type {
  SeverityCounts,
  TrustGraphDto,
  TrustGroupDto,
  TrustReportDto,
  TrustSearchDto,
} from "@/lib/trust/dto";
import { groupKeys } from "@/lib/trust/layout";
import type { SummaryGroupBy } from "@/lib/trust/summary";
import type { TrustNode } from "@/lib/trust/types";
import { KUBECONFIG } from "./helpers/kubectl";

// The trust graph's summary and per-group answers (lib/trust/summary.ts) against the real control
// plane's seeded mTLS PKI in namespace `tls`: the summary (forced with `summaryAt=1`) counts what
// the whole graph holds, its groups partition it, and the audit report counts the same problems.

const ADMIN = "trustdeck-admin";
const NS = "tls";

function req(url: string): Request {
  return new Request(`http://127.0.0.1${url}`, { headers: { cookie: `trustdeck-context=${ADMIN}` } });
}

async function get<T>(url: string, status = 200): Promise<T> {
  const res = await getTrust(req(url));
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).not.toContain("PRIVATE KEY");
  return JSON.parse(text) as T;
}

function severities(nodes: readonly TrustNode[]): SeverityCounts {
  const c: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const n of nodes) for (const p of n.problems) c[p.severity]++;
  return c;
}

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("/api/trust summary against the seeded PKI", () => {
  it("a graph under the summary size comes whole, as /api/trust does", async () => {
    const whole = await get<TrustGraphDto>(`/api/trust?namespace=${NS}`);
    const auto = await get<TrustGraphDto>(`/api/trust?namespace=${NS}&view=auto`);
    expect(whole.nodes.length).toBeGreaterThan(10);
    expect(auto.summary).toBeUndefined();
    expect(auto.nodes.map((n) => n.id).sort()).toEqual(whole.nodes.map((n) => n.id).sort());
  });

  it.each<SummaryGroupBy>(["namespace", "issuer"])(
    "by %s: the summary counts every object, edge and problem of the whole graph; its groups partition it",
    async (by) => {
      const whole = await get<TrustGraphDto>(`/api/trust?namespace=${NS}`);
      const auto = await get<TrustGraphDto>(`/api/trust?namespace=${NS}&view=auto&summaryAt=1&groupBy=${by}`);
      const s = auto.summary;
      expect(s?.groupBy).toBe(by);
      if (!s) return;
      expect(auto.nodes).toEqual([]);
      expect(s.total.nodes).toBe(whole.nodes.length);
      expect(s.total.edges).toBe(whole.edges.length);
      expect(s.total.severities).toEqual(severities(whole.nodes));
      expect(s.total.severities.critical).toBeGreaterThan(0); // the seeded Certificate with a missing issuer
      expect(s.groups.reduce((a, g) => a + g.size, 0)).toBe(whole.nodes.length);

      // The groups as the page groups the whole graph, each answered on its own.
      const keys = groupKeys(whole, by);
      const seen: string[] = [];
      for (const g of s.groups) {
        const detail = await get<TrustGroupDto>(
          `/api/trust?namespace=${NS}&groupBy=${by}&group=${encodeURIComponent(g.key)}`,
        );
        const expected = whole.nodes.filter((n) => keys.get(n.id) === g.key);
        expect(detail.nodes.map((n) => n.id).sort()).toEqual(expected.map((n) => n.id).sort());
        expect(g.size).toBe(expected.length);
        expect(g.severities).toEqual(severities(expected));
        const inside = new Set(expected.map((n) => n.id));
        expect(detail.edges.map((e) => e.id).sort()).toEqual(
          whole.edges
            .filter((e) => inside.has(e.from) || inside.has(e.to))
            .map((e) => e.id)
            .sort(),
        );
        seen.push(...detail.nodes.map((n) => n.id));
      }
      expect(seen.sort()).toEqual(whole.nodes.map((n) => n.id).sort());
    },
  );

  it("the audit report counts the same problems as the summary's group of the namespace", async () => {
    const auto = await get<TrustGraphDto>(
      `/api/trust?namespace=${NS}&view=auto&summaryAt=1&groupBy=namespace`,
    );
    const res = await getReport(req(`/api/trust/report?namespace=${NS}`));
    expect(res.status).toBe(200);
    const report = (await res.json()) as TrustReportDto;
    const group = auto.summary?.groups.find((g) => g.key === NS);
    expect(group?.severities).toEqual(report.counts);
  });

  it("the issuer grouping puts the leaves under the CA issuer that issued them", async () => {
    const detail = await get<TrustGroupDto>(
      `/api/trust?namespace=${NS}&groupBy=issuer&group=${encodeURIComponent("issuer:tls/ca-issuer")}`,
    );
    const ids = detail.nodes.map((n) => n.id);
    expect(ids).toContain("leaf-certificate:tls/etcd-server");
    expect(ids).toContain("secret:tls/etcd-secret");
    expect(ids).not.toContain("leaf-certificate:tls/broken-issuer");
    // The CA Secret it signs with belongs to the self-signed issuer's group: named as outside.
    expect(detail.outside["secret:tls/root-secret"]).toBe("clusterissuer:/selfsigned-issuer");
  });

  it("search finds an object of a collapsed group and names its group", async () => {
    const found = await get<TrustSearchDto>(
      `/api/trust?namespace=${NS}&groupBy=namespace&search=etcd-server`,
    );
    expect(found.hits[0]).toMatchObject({ id: "leaf-certificate:tls/etcd-server", group: NS });
  });

  it("an unknown group is a 404 naming the field; bad parameters are 422 naming theirs", async () => {
    const missing = await get<{ error: { message: string } }>(
      `/api/trust?namespace=${NS}&groupBy=namespace&group=no-such-group`,
      404,
    );
    expect(missing.error.message).toMatch(/^group: no group "no-such-group"/);
    const bad = await get<{ error: { issues: { path: string }[] } }>(
      `/api/trust?view=auto&groupBy=bogus`,
      422,
    );
    expect(bad.error.issues.map((i) => i.path)).toContain("groupBy");
    const zero = await get<{ error: { issues: { path: string }[] } }>(
      `/api/trust?view=auto&summaryAt=0`,
      422,
    );
    expect(zero.error.issues.map((i) => i.path)).toContain("summaryAt");
    const none = await get<{ error: { issues: { path: string }[] } }>(
      `/api/trust?groupBy=none&group=tls`,
      422,
    );
    expect(none.error.issues.map((i) => i.path)).toContain("groupBy");
  });
});
