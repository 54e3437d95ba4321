import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ClusterUnreachableError, KubeError } from "@/lib/k8s/errors";
import { fakePrivateKeyPem } from "@/lib/x509/test-fixtures";
import { HttpError, readJsonBody, redact, toErrorResponse } from "./errors";
import { namespacedNameParams } from "./params";

// Built at run time: a stand-in, not a key (and not a PEM block in the source).
const fakeKeyPem = (body: string, kind = "") =>
  `-----BEGIN ${kind}${"PRIVATE"} KEY-----\n${body}\n-----END ${kind}${"PRIVATE"} KEY-----`;

afterEach(() => vi.restoreAllMocks());

describe("toErrorResponse", () => {
  it("maps a ZodError to 422 with path and message", async () => {
    const err = namespacedNameParams.safeParse({ namespace: "Bad_NS", name: "ok" }).error!;
    const res = toErrorResponse(err);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.status).toBe(422);
    expect(body.error.issues[0].path).toBe("namespace");
    expect(body.error.message).toContain("namespace: must be a DNS-1123 label");
  });

  it("keeps a KubeError's status, message and denied verb/resource", async () => {
    const res = toErrorResponse(
      new KubeError(403, 'secrets is forbidden: User "viewer" cannot list resource "secrets"', "Forbidden", {
        verb: "list",
        resource: "secrets",
        namespace: "tls",
        identity: 'User "viewer"',
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        message: 'secrets is forbidden: User "viewer" cannot list resource "secrets"',
        status: 403,
        denied: { verb: "list", resource: "secrets", namespace: "tls" },
      },
    });
    expect((await toErrorResponse(new KubeError(404, "not found")).json()).error.status).toBe(404);
  });

  it("maps an unreachable cluster to 503 and HttpError to its status", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = toErrorResponse(new ClusterUnreachableError("Kubernetes API at https://x is unreachable"));
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toBe("Kubernetes API at https://x is unreachable");
    expect(toErrorResponse(new HttpError(413, "too big")).status).toBe(413);
  });

  it("hides unexpected errors behind a generic 500 and logs them without key material", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const key = fakePrivateKeyPem();
    const res = toErrorResponse(new Error(`boom with ${key} and {"tls.key":"c2VjcmV0"}`));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { message: "internal error: see the server log", status: 500 },
    });
    expect(text).not.toContain("boom");
    expect(text).not.toContain("at ");
    expect(log).toHaveBeenCalledOnce();
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain("boom");
    expect(logged).not.toContain("PRIVATE KEY");
    expect(logged).not.toContain("c2VjcmV0");
  });

  it("redacts key blocks even from cluster messages", async () => {
    const res = toErrorResponse(new KubeError(422, `Secret invalid: ${fakePrivateKeyPem()}`));
    expect(await res.text()).not.toContain("PRIVATE KEY-----");
    expect(redact(fakeKeyPem("abc", "EC "))).toBe("[redacted private key]");
  });
});

describe("readJsonBody", () => {
  const schema = z.object({ name: z.string().min(1) });
  const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    new Request("http://x/api", { method: "POST", body, headers });

  it("returns the validated body", async () => {
    await expect(readJsonBody(post('{"name":"a"}'), schema, 100)).resolves.toEqual({ name: "a" });
  });

  it("refuses oversized bodies with 413", async () => {
    const big = JSON.stringify({ name: "x".repeat(200) });
    const err = await readJsonBody(post(big), schema, 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(413);
    // without a content-length the streamed size still counts
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = new Request("http://x/api", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(((await readJsonBody(chunked, schema, 100).catch((e: unknown) => e)) as HttpError).status).toBe(
      413,
    );
  });

  it("answers 400 naming the JSON problem and 422 for the wrong shape", async () => {
    const bad = (await readJsonBody(post("{name:"), schema, 100).catch((e: unknown) => e)) as HttpError;
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/^malformed JSON: /);
    const empty = (await readJsonBody(post(""), schema, 100).catch((e: unknown) => e)) as HttpError;
    expect(empty.status).toBe(400);
    const wrong = await readJsonBody(post('{"name":""}'), schema, 100).catch((e: unknown) => e);
    const res = toErrorResponse(wrong);
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues[0].path).toBe("name");
    const type = (await readJsonBody(post("{}", { "content-type": "text/plain" }), schema, 100).catch(
      (e: unknown) => e,
    )) as HttpError;
    expect(type.status).toBe(415);
  });
});
