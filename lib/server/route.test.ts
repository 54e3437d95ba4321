import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { READ_ONLY_MESSAGE, resetEnvCache } from "@/lib/env";
import { KubeError } from "@/lib/k8s/errors";
import { formatExposition } from "@/lib/metrics/exposition";
import { httpMetricFamily, resetHttpMetrics } from "@/lib/metrics/http";
import { route } from "./route";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  vi.restoreAllMocks();
});

const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });
const post = (url: string, body: unknown) =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("route()", () => {
  it("parses params, query and body with zod and hands them to the handler; plain results become JSON", async () => {
    const GET = route({
      route: "/api/x/[name]",
      params: z.object({ name: z.string().min(2) }),
      query: z.object({ n: z.coerce.number().int() }),
      handler: ({ params, query }) => ({ name: params.name, n: query.n }),
    });
    const ok = await GET(new Request("http://127.0.0.1/api/x/ab?n=3"), params({ name: "ab" }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.json()).toEqual({ name: "ab", n: 3 });
    const bad = await GET(new Request("http://127.0.0.1/api/x/a?n=x"), params({ name: "a" }));
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(["name"]);
  });

  it("limits the body to TRUSTDECK_MAX_BODY_BYTES (413) and names bad fields (422)", async () => {
    process.env.TRUSTDECK_MAX_BODY_BYTES = "64";
    resetEnvCache();
    const POST = route({
      route: "/api/y",
      body: z.object({ name: z.string().max(40, "too long") }),
      handler: ({ body }) => body,
    });
    expect((await POST(post("http://127.0.0.1/api/y", { name: "x".repeat(100) }))).status).toBe(413);
    const bad = await POST(post("http://127.0.0.1/api/y", { name: 5 }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/^invalid input: name:/);
    expect(await (await POST(post("http://127.0.0.1/api/y", { name: "ok" }))).json()).toEqual({ name: "ok" });
  });

  it("maps errors once: a cluster status is kept, anything else is a 500 without details", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const denied = route({
      route: "/api/d",
      handler: () => {
        throw new KubeError(403, 'certificates is forbidden: User "v" cannot list resource "certificates"');
      },
    });
    const res = await denied(new Request("http://127.0.0.1/api/d"));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/forbidden/);
    const boom = route({
      route: "/api/b",
      handler: () => {
        throw new Error("secret detail");
      },
    });
    const out = await boom(new Request("http://127.0.0.1/api/b"));
    expect(out.status).toBe(500);
    expect(JSON.stringify(await out.json())).not.toContain("secret detail");
  });

  it("refuses a write in read-only mode with the one message, before the handler runs, and logs it", async () => {
    process.env.TRUSTDECK_READ_ONLY = "true";
    resetEnvCache();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const handler = vi.fn(() => ({ changed: true }));
    const POST = route({ route: "/api/w", writes: "renew", handler });
    const res = await POST(new Request("http://127.0.0.1/api/w", { method: "POST" }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(READ_ONLY_MESSAGE);
    expect(handler).not.toHaveBeenCalled();
    const line = JSON.parse(String(log.mock.calls.at(-1)?.[0]));
    expect(line).toMatchObject({
      audit: true,
      action: "renew",
      result: "refused",
      detail: READ_ONLY_MESSAGE,
    });
  });

  it("lets a request that changes nothing through in read-only mode (a dry run)", async () => {
    process.env.TRUSTDECK_READ_ONLY = "true";
    resetEnvCache();
    vi.spyOn(console, "log").mockImplementation(() => {});
    const POST = route({
      route: "/api/bulk",
      body: z.object({ dryRun: z.boolean() }),
      writes: ({ body }) => (body.dryRun ? undefined : "renew"),
      handler: ({ body }) => ({ dryRun: body.dryRun }),
    });
    expect((await POST(post("http://127.0.0.1/api/bulk", { dryRun: true }))).status).toBe(200);
    expect((await POST(post("http://127.0.0.1/api/bulk", { dryRun: false }))).status).toBe(403);
    expect(POST.spec).toMatchObject({ route: "/api/bulk" });
  });

  it("times every request into the duration histogram under the route pattern, errors included", async () => {
    resetHttpMetrics();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const ok = route({ route: "/api/x", status: 201, handler: () => ({}) });
    const boom = route({
      route: "/api/y",
      handler: () => {
        throw new Error("boom");
      },
    });
    await ok(new Request("http://127.0.0.1/api/x?a=1"));
    await ok(new Request("http://127.0.0.1/api/x?a=2", { method: "POST" }));
    await boom(new Request("http://127.0.0.1/api/y"));
    const text = formatExposition([httpMetricFamily()]);
    expect(text).toContain(
      'trustdeck_http_request_duration_seconds_count{route="/api/x",method="GET",code="201"} 1',
    );
    expect(text).toContain(
      'trustdeck_http_request_duration_seconds_count{route="/api/x",method="POST",code="201"} 1',
    );
    expect(text).toContain(
      'trustdeck_http_request_duration_seconds_count{route="/api/y",method="GET",code="500"} 1',
    );
    expect(text).toMatch(/# TYPE trustdeck_http_request_duration_seconds histogram/);
  });
});
