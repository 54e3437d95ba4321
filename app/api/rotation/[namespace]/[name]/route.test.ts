import { describe, expect, it } from "vitest";
import { POST } from "./route";

// Bad bodies are refused before anything reaches the cluster, with each bad field named.
const post = (body: unknown) =>
  POST(
    new Request("http://127.0.0.1/api/rotation/tls/selfsigned-ca", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://127.0.0.1" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ namespace: "tls", name: "selfsigned-ca" }) },
  );

describe("POST /api/rotation/[namespace]/[name] bodies", () => {
  it("names the bad field of a step body and of an endpoint body (422)", async () => {
    const step = await post({ step: "rotate-everything" });
    expect(step.status).toBe(422);
    expect((await step.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(["step"]);

    const endpoint = await post({
      consumer: { namespace: "tls", name: "mtls-tls" },
      endpoint: { host: "gateway local", port: 70_000 },
    });
    expect(endpoint.status).toBe(422);
    expect((await endpoint.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([
      "endpoint.host",
      "endpoint.port",
    ]);
  });
});
