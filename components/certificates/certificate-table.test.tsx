// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CertificateTable } from "@/components/certificates/certificate-table";
import { certificateRow, seededRows } from "@/components/certificates/fixtures";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

beforeAll(() => {
  // jsdom has no layout: give the scroll container a viewport so the virtualiser renders rows.
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1400 });
});
afterEach(cleanup);

describe("CertificateTable", () => {
  it("renders one row per certificate with its state and level", () => {
    render(<CertificateTable rows={seededRows} />);
    const rows = screen.getAllByTestId("certificate-row");
    expect(rows).toHaveLength(seededRows.length);

    const broken = rows.find((r) => r.dataset.name === "broken-issuer")!;
    expect(broken.getAttribute("href")).toBe("/certificates/tls/broken-issuer");
    expect(within(broken).getByTestId("state-badge").dataset.state).toBe("not-ready");
    expect(within(broken).getByTestId("state-badge").textContent).toContain("Not ready");
    expect(within(broken).getByTestId("state-reason").textContent).toContain("DoesNotExist");
    expect(within(broken).getByTestId("expires").textContent).toBe("—");

    const etcd = rows.find((r) => r.dataset.name === "etcd-server")!;
    expect(within(etcd).getByTestId("state-badge").textContent).toContain("Ready");
    expect(within(etcd).getByTestId("expires").textContent).toBe("2026-04-01");
    expect(within(etcd).getByTestId("expires").dataset.value).toBe("2026-04-01T00:00:00Z");
    expect(within(etcd).getByTestId("days-left").textContent).toBe("80 days");
    expect(within(etcd).getByTestId("expiry-level").textContent).toBe("OK");
  });

  it("shows level, overdue and mismatch markers", () => {
    render(<CertificateTable rows={seededRows} />);
    const rows = screen.getAllByTestId("certificate-row");
    const apisix = rows.find((r) => r.dataset.name === "apisix-server")!;
    expect(within(apisix).getByTestId("expiry-level").textContent).toBe("< 7 days");
    expect(within(apisix).getByTestId("overdue-badge")).toBeTruthy();
    expect(within(apisix).getByText("+1")).toBeTruthy();

    const curl = rows.find((r) => r.dataset.name === "curl-client")!;
    expect(within(curl).getByTestId("expiry-level").textContent).toBe("Renewal window");
    expect(within(curl).getByTestId("expiry-mismatch")).toBeTruthy();
    expect(within(curl).queryByTestId("overdue-badge")).toBeNull();
  });

  it("virtualises: 5,000 rows do not all reach the DOM", () => {
    const many = Array.from({ length: 5000 }, (_, i) => certificateRow({ name: `cert-${i}` }));
    render(<CertificateTable rows={many} />);
    const rendered = screen.getAllByTestId("certificate-row").length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    expect(screen.getByTestId("certificate-table").dataset.count).toBe("5000");
  });

  it("calls onSort with the column of the clicked header", () => {
    const onSort = vi.fn();
    render(<CertificateTable rows={seededRows} sort="name" dir="asc" onSort={onSort} />);
    fireEvent.click(screen.getByTestId("sort-expires"));
    expect(onSort).toHaveBeenCalledWith("expires");
    expect(screen.getByTestId("sort-name").getAttribute("aria-pressed")).toBe("true");
  });
});
