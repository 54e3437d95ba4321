import { kubectl } from "./cluster";
import { expect, test } from "./fixtures";
import { shots } from "./screenshots";

// The ACME inventory (issue 14.4) on the seeded cases (scripts/seed/acme.mjs): Orders, Challenges,
// ACME issuers, linked both ways with their Certificate and CertificateRequest. kubectl is the oracle.

test.describe.configure({ timeout: 180_000 });

interface KubeObject {
  metadata: {
    name: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec: Record<string, unknown>;
  status?: { state?: string; reason?: string };
}
const list = (args: string[]) =>
  (JSON.parse(kubectl([...args, "-o", "json"])) as { items: KubeObject[] }).items;
const owner = (o: KubeObject, kind: string) => o.metadata.ownerReferences?.find((r) => r.kind === kind)?.name;

test("ACME page lists Orders and Challenges; an Order links to its Certificate, request, issuer and back", async ({
  page,
}) => {
  const orders = list(["-n", "acme", "get", "orders"]);
  const www = orders
    .filter((o) => o.metadata.annotations?.["cert-manager.io/certificate-name"] === "www")
    .sort(
      (a, b) =>
        Number(b.metadata.annotations?.["cert-manager.io/certificate-revision"]) -
        Number(a.metadata.annotations?.["cert-manager.io/certificate-revision"]),
    )[0]!;
  await page.goto("/acme?namespace=acme");
  await expect(page.getByTestId("nav-acme")).toHaveAttribute("aria-current", "page");
  const rows = page.getByTestId("order-row");
  await expect(rows).toHaveCount(orders.length);
  await expect(page.getByTestId("challenge-row")).toHaveCount(
    list(["-n", "acme", "get", "challenges"]).length,
  );
  const row = page.locator(`[data-testid="order-row"][data-name="${www.metadata.name}"]`);
  await expect(row.getByTestId("acme-state")).toHaveAttribute("data-state", www.status!.state!);
  await shots(page, "acme-list");

  await row.getByTestId("order-link").click();
  await expect(page).toHaveURL(new RegExp(`/acme/orders/acme/${www.metadata.name}$`));
  const detail = page.getByTestId("order-detail");
  await expect(detail).toHaveAttribute("data-state", "valid");
  await expect(page.getByTestId("order-request").getByRole("link")).toHaveText(
    owner(www, "CertificateRequest")!,
  );
  await expect(page.getByTestId("authorization")).toHaveCount(1);
  await expect(page.getByTestId("no-challenges")).toContainText("cleaned up");
  await shots(page, "acme-order");

  // Order → Certificate → its ACME orders section links back to the Order
  await page.getByTestId("order-certificate").getByRole("link").click();
  await expect(page).toHaveURL(/\/certificates\/acme\/www$/);
  const section = page.locator(`[data-testid="certificate-order"][data-name="${www.metadata.name}"]`);
  await expect(section).toHaveAttribute("data-state", "valid");
  await shots(page, "acme-certificate-orders");
  // Certificate → its ClusterIssuer's page
  await page.getByTestId("fact-issuer").getByTestId("issuer-link").click();
  await expect(page).toHaveURL(/\/clusterissuers\/acme-dns$/);
  const issuer = JSON.parse(kubectl(["get", "clusterissuer", "acme-dns", "-o", "json"]));
  await expect(page.getByTestId("acme-account-status").locator("[data-status]")).toHaveAttribute(
    "data-status",
    "registered",
  );
  await expect(page.getByTestId("acme-account-uri").locator("dd")).toHaveText(issuer.status.acme.uri);
  await expect(page.getByTestId("acme-email").locator("dd")).toHaveText(issuer.spec.acme.email);
  await expect(page.getByTestId("acme-solver")).toHaveText(
    `DNS-01 via RFC 2136 (${issuer.spec.acme.solvers[0].dns01.rfc2136.nameserver})`,
  );
  await expect(page.locator('[data-testid="issuer-certificate"][data-name="www"]')).toBeVisible();
  await shots(page, "acme-clusterissuer");
  // ... and back to the Certificate
  await page.locator('[data-testid="issuer-certificate"][data-name="www"]').getByRole("link").click();
  await expect(page).toHaveURL(/\/certificates\/acme\/www$/);
});

test("a stuck HTTP-01 Challenge shows why, and links to its Order, request and Certificate", async ({
  page,
}) => {
  const ch = list(["-n", "acme", "get", "challenges"]).find(
    (c) => c.spec.dnsName === "web.acme.example.local",
  )!;
  const order = owner(ch, "Order")!;
  const cr = owner(
    JSON.parse(kubectl(["-n", "acme", "get", "order", order, "-o", "json"])),
    "CertificateRequest",
  )!;
  await page.goto(`/acme/challenges/acme/${ch.metadata.name}`);
  await expect(page.getByTestId("challenge-detail")).toHaveAttribute("data-state", ch.status!.state!);
  await expect(page.getByTestId("challenge-reason")).toContainText("failed to perform self check");
  await expect(page.getByTestId("challenge-solver")).toContainText("HTTP-01 via Ingress (class nginx)");
  await expect(page.getByTestId("challenge-authorization-url").locator("dd")).toHaveText(
    ch.spec.authorizationURL as string,
  );
  await expect(page.getByTestId("challenge-request").getByRole("link")).toHaveText(cr);
  await shots(page, "acme-challenge");

  await page.getByTestId("challenge-request").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/requests/acme/${cr}$`));
  // request → its Order and Challenge
  await expect(page.getByTestId("request-orders").getByTestId("order-link")).toHaveText(order);
  await shots(page, "acme-request");
  await page.getByTestId("request-orders").getByTestId("challenge-link").click();
  await expect(page).toHaveURL(new RegExp(`/acme/challenges/acme/${ch.metadata.name}$`));
  await page.getByTestId("challenge-order").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/acme/orders/acme/${order}$`));
  await expect(page.locator(`[data-testid="challenge-row"][data-name="${ch.metadata.name}"]`)).toBeVisible();
  await page.getByTestId("order-certificate").getByRole("link").click();
  await expect(page).toHaveURL(/\/certificates\/acme\/http01-stuck$/);
  await expect(page.getByTestId("certificate-challenge").first()).toContainText("web.acme.example.local");
});

test("the issuers table links to each Issuer and ClusterIssuer page; an unreachable ACME server reads as not registered, with its Events", async ({
  page,
}) => {
  await page.goto("/issuers");
  const down = page.locator('[data-testid="issuer-row"][data-name="acme-unreachable"]');
  await expect(down.getByTestId("acme-account")).toHaveAttribute("data-status", "failed");
  await shots(page, "issuers-list");
  await down.getByTestId("issuer-link").click();
  await expect(page).toHaveURL(/\/clusterissuers\/acme-unreachable$/);
  await expect(page.getByTestId("acme-account-status").locator("[data-status]")).toHaveAttribute(
    "data-status",
    "failed",
  );
  // cert-manager records a ClusterIssuer's Events in 'default' (kubectl as the oracle)
  const events = JSON.parse(
    kubectl([
      "-n",
      "default",
      "get",
      "events",
      "--field-selector",
      "involvedObject.kind=ClusterIssuer,involvedObject.name=acme-unreachable",
      "-o",
      "json",
    ]),
  ).items as { reason: string }[];
  expect(events.length).toBeGreaterThan(0);
  await expect(
    page.locator(`[data-testid="event"][data-reason="${events[0]!.reason}"]`).first(),
  ).toBeVisible();
  await shots(page, "acme-clusterissuer-unreachable");

  await page.goto("/issuers");
  await page.locator('[data-testid="issuer-row"][data-name="ca-issuer"]').getByTestId("issuer-link").click();
  await expect(page).toHaveURL(/\/issuers\/tls\/ca-issuer$/);
  await expect(page.getByTestId("issuer-detail")).toHaveAttribute("data-type", "ca");
  await expect(page.getByTestId("issuer-ca-secret")).toContainText("root-secret");
  await shots(page, "issuer-ca");
  await page.goto("/issuers/tls/no-such-issuer");
  await expect(page.getByTestId("error-message")).toHaveText(
    'issuers.cert-manager.io "no-such-issuer" not found',
  );
});
