// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ClusterBanner } from "@/components/layout/cluster-banner";
import type { HealthDto } from "@/lib/types";

function renderWithHealth(status: number, body: unknown) {
  vi.stubGlobal(
    "fetch",
    vi.fn(
      async () =>
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
    ),
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ClusterBanner />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const down: HealthDto = {
  app: "ok",
  version: "0.1.0",
  cluster: {
    reachable: false,
    context: "kind-dead",
    server: "https://127.0.0.1:1",
    error: "connect ECONNREFUSED 127.0.0.1:1",
  },
  contexts: ["kind-dead"],
};

describe("ClusterBanner", () => {
  it("says what was tried when the cluster is unreachable", async () => {
    renderWithHealth(200, down);
    const banner = await screen.findByTestId("cluster-banner");
    expect(banner.textContent).toContain("Cannot reach the cluster");
    expect(screen.getByTestId("cluster-banner-context").textContent).toBe("kind-dead");
    expect(screen.getByTestId("cluster-banner-server").textContent).toBe("https://127.0.0.1:1");
    expect(screen.getByTestId("cluster-banner-error").textContent).toContain("ECONNREFUSED");
    expect(screen.getByTestId("cluster-banner-retry")).toBeTruthy();
  });

  it("also accepts a 503 answer carrying the health body", async () => {
    renderWithHealth(503, down);
    expect(await screen.findByTestId("cluster-banner")).toBeTruthy();
  });

  it("stays hidden while the cluster is reachable", async () => {
    renderWithHealth(200, { ...down, cluster: { reachable: true, context: "kind" } });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("cluster-banner")).toBeNull();
  });
});
