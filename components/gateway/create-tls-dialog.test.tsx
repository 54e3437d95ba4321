// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApisixUpstreamSummary, GatewayMatrixDto } from "@/lib/apisix/types";
import { CreateTlsDialog } from "./create-tls-dialog";
import { tlsNameForHost } from "./tls-name";
import { UpstreamMtlsDialog, upstreamSpecs } from "./upstream-mtls-dialog";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const matrix: GatewayMatrixDto = {
  rows: [],
  hostsWithoutTls: [{ namespace: "tls", route: "plain", rule: "r0", host: "plain.example.local" }],
  tlses: [],
  upstreams: [],
  caSecretCandidates: [
    { namespace: "tls", name: "root-secret", isCA: true },
    { namespace: "tls", name: "public-secret", isCA: false },
    { namespace: "tls", name: "apisix-client-secret", isCA: false },
  ],
  generatedAt: "2026-01-01T00:00:00Z",
};

function wrap(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}

function stubFetch(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("tlsNameForHost", () => {
  it("derives a DNS-1123 name", () => {
    expect(tlsNameForHost("plain.example.local")).toBe("plain-example-local-tls");
    expect(tlsNameForHost("*.Example.COM")).toBe("wildcard-example-com-tls");
  });
});

describe("CreateTlsDialog", () => {
  it("shows the exact object, POSTs it and reports success only after the 2xx", async () => {
    const fetch = stubFetch(201, {
      tls: {
        namespace: "tls",
        name: "plain-example-local-tls",
        hosts: ["plain.example.local"],
        secret: { namespace: "tls", name: "public-secret" },
      },
    });
    wrap(<CreateTlsDialog host="plain.example.local" namespace="tls" matrix={matrix} onClose={() => {}} />);
    expect((screen.getByTestId("create-tls-name") as HTMLInputElement).value).toBe("plain-example-local-tls");
    fireEvent.click(screen.getByTestId("create-tls-review"));
    const object = screen.getByTestId("create-tls-object").textContent ?? "";
    expect(object).toContain('"kind": "ApisixTls"');
    expect(object).toContain('"public-secret"');
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("create-tls-confirm"));
    await screen.findByTestId("create-tls-success");
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/apisix/tls");
    expect(JSON.parse(String(init.body))).toEqual({
      namespace: "tls",
      name: "plain-example-local-tls",
      hosts: ["plain.example.local"],
      secret: { namespace: "tls", name: "public-secret" },
      ingressClassName: "apisix",
    });
  });

  it("names the invalid field before sending, and shows a 403 in the dialog", async () => {
    const fetch = stubFetch(403, {
      error: { message: "apisixtlses is forbidden: cannot create", status: 403 },
    });
    wrap(<CreateTlsDialog host="plain.example.local" namespace="tls" matrix={matrix} onClose={() => {}} />);
    fireEvent.change(screen.getByTestId("create-tls-name"), { target: { value: "Bad_Name" } });
    fireEvent.click(screen.getByTestId("create-tls-review"));
    expect(screen.getByTestId("create-tls-issues").textContent).toContain("name");
    fireEvent.change(screen.getByTestId("create-tls-name"), { target: { value: "ok" } });
    fireEvent.click(screen.getByTestId("create-tls-review"));
    fireEvent.click(screen.getByTestId("create-tls-confirm"));
    await waitFor(() => expect(screen.getByTestId("error-panel").dataset.status).toBe("403"));
    expect(screen.queryByTestId("create-tls-success")).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("UpstreamMtlsDialog", () => {
  const on: ApisixUpstreamSummary = {
    namespace: "tls",
    name: "upstream",
    scheme: "https",
    tlsSecret: { namespace: "tls", name: "apisix-client-secret" },
  };

  it("computes before/after: on sets https + tlsSecret, off drops tlsSecret", () => {
    expect(
      upstreamSpecs({ ...on, scheme: "http", tlsSecret: undefined }, { namespace: "tls", name: "x" }).after,
    ).toEqual({
      scheme: "https",
      tlsSecret: { namespace: "tls", name: "x" },
    });
    expect(upstreamSpecs(on, undefined)).toEqual({
      before: { scheme: "https", tlsSecret: { namespace: "tls", name: "apisix-client-secret" } },
      after: { scheme: "https" },
    });
  });

  it("turning off PUTs { enabled: false }", async () => {
    const fetch = stubFetch(200, { upstream: { namespace: "tls", name: "upstream", scheme: "https" } });
    wrap(<UpstreamMtlsDialog upstream={on} matrix={matrix} onClose={() => {}} />);
    expect(screen.getByTestId("upstream-spec-after").textContent).not.toContain("tlsSecret");
    fireEvent.click(screen.getByTestId("upstream-mtls-confirm"));
    await screen.findByTestId("upstream-mtls-success");
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/apisix/upstreams/tls/upstream/mtls");
    expect(init.method).toBe("PUT");
    expect(JSON.parse(String(init.body))).toEqual({ enabled: false });
  });

  it("turning on defaults to apisix-client-secret", async () => {
    const fetch = stubFetch(200, { upstream: on });
    wrap(
      <UpstreamMtlsDialog upstream={{ ...on, tlsSecret: undefined }} matrix={matrix} onClose={() => {}} />,
    );
    fireEvent.click(screen.getByTestId("upstream-mtls-review"));
    fireEvent.click(screen.getByTestId("upstream-mtls-confirm"));
    await screen.findByTestId("upstream-mtls-success");
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({
      enabled: true,
      tlsSecret: { namespace: "tls", name: "apisix-client-secret" },
    });
  });
});
