// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { LiveStatusDot } from "./live-status-dot";
import { setLiveClusters, setLiveConnection } from "./live-store";

afterEach(() => {
  cleanup();
  setLiveConnection("connecting");
  setLiveClusters(undefined);
});

describe("LiveStatusDot", () => {
  it("shows the overall state alone with one cluster", () => {
    render(<LiveStatusDot />);
    act(() => setLiveConnection("live"));
    expect(screen.getByTestId("live-status").dataset.state).toBe("live");
    expect(screen.queryByTestId("live-status-clusters")).toBeNull();
  });

  it("counts the live clusters of a fleet and names the one that is not", () => {
    render(<LiveStatusDot />);
    act(() => {
      setLiveConnection("live");
      setLiveClusters([
        { cluster: "west", state: "live" },
        { cluster: "east", state: "offline" },
      ]);
    });
    const count = screen.getByTestId("live-status-clusters");
    expect(count.dataset.live).toBe("1");
    expect(count.dataset.total).toBe("2");
    expect(count.textContent).toContain("1/2");
    const title = screen.getByTestId("live-status").getAttribute("title") ?? "";
    expect(title).toContain("east: offline");
    expect(title).toContain("west: live");
    // Back to one cluster (a context switch): the count goes away.
    act(() => setLiveClusters(undefined));
    expect(screen.queryByTestId("live-status-clusters")).toBeNull();
  });
});
