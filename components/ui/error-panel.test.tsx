// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorPanel } from "@/components/ui/error-panel";
import { ApiError } from "@/lib/api-client";

afterEach(cleanup);

describe("ErrorPanel", () => {
  it("names the identity, verb and resource of a 403", () => {
    const err = new ApiError(
      403,
      'secrets is forbidden: User "system:serviceaccount:tls:trustdeck-viewer" cannot list resource "secrets" in API group "" in the namespace "tls"',
      { denied: { verb: "list", resource: "secrets", namespace: "tls" } },
    );
    render(<ErrorPanel error={err} />);
    const panel = screen.getByTestId("error-panel");
    expect(panel.dataset.status).toBe("403");
    expect(screen.getByTestId("error-message").textContent).toMatch(
      /^Permission denied: secrets is forbidden/,
    );
    expect(screen.getByTestId("denied-resource").textContent).toBe("secrets");
    expect(panel.textContent).toContain("list");
  });

  it("explains an unreachable cluster (503)", () => {
    render(
      <ErrorPanel error={new ApiError(503, "Tried https://127.0.0.1:6443 (context kind): ECONNREFUSED")} />,
    );
    expect(screen.getByText("Cannot reach the cluster")).toBeTruthy();
    expect(screen.getByTestId("error-message").textContent).toContain("ECONNREFUSED");
  });

  it("lists validation issues (422)", () => {
    render(
      <ErrorPanel
        error={new ApiError(422, "Invalid query", { issues: [{ path: "state", message: "Invalid option" }] })}
      />,
    );
    expect(screen.getByText("Invalid request")).toBeTruthy();
    expect(screen.getByText(/Invalid option/)).toBeTruthy();
  });

  it("handles plain errors", () => {
    render(<ErrorPanel error={new Error("boom")} />);
    expect(screen.getByTestId("error-message").textContent).toBe("boom");
  });
});

describe("ErrorPanel for the server's own policy", () => {
  it("words an allow-list refusal as this server's policy: no doubled prefix, no identity", () => {
    const err = new ApiError(
      403,
      "probe target not allowed: 10.1.2.3:443 is not in TRUSTDECK_PROBE_ALLOW (127.0.0.1:*)",
      { policy: "TRUSTDECK_PROBE_ALLOW" },
    );
    render(<ErrorPanel error={err} />);
    const panel = screen.getByTestId("error-panel");
    expect(panel.dataset.kind).toBe("policy");
    expect(screen.getByText("Refused by this server's policy")).toBeTruthy();
    expect(screen.getByTestId("error-message").textContent).toBe(
      "probe target not allowed: 10.1.2.3:443 is not in TRUSTDECK_PROBE_ALLOW (127.0.0.1:*)",
    );
    expect(panel.textContent).not.toMatch(/Permission denied/);
    expect(panel.textContent).not.toMatch(/identity above/);
    expect(screen.getByTestId("policy-hint").textContent).toMatch(/TRUSTDECK_PROBE_ALLOW setting/);
  });
});
