import type { RawApisixRoute, RawApisixTls, RawApisixUpstream } from "@/lib/k8s/apisix";
import { EKU, makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import type { GatewaySecret } from "./secrets";

/** Test-only: the seeded "mTLS everywhere" PKI, generated at test time (no committed keys). */
export interface SeedPki {
  root: TestCert;
  server: TestCert;
  curl: TestCert;
  apisixClient: TestCert;
  etcd: TestCert;
  otherRoot: TestCert;
  foreign: TestCert;
  secrets: GatewaySecret[];
}

const DAY = 86_400_000;

export async function makeSeedPki(opts: { serverNotAfter?: Date } = {}): Promise<SeedPki> {
  const root = await makeRoot("CN=selfsigned-ca");
  const server = await makeLeaf(root, "CN=apisix", {
    ekus: [EKU.server],
    dnsNames: ["admin", "apisix", "public.example.local", "mtls.example.local"],
    ...(opts.serverNotAfter ? { notAfter: opts.serverNotAfter } : {}),
  });
  const curl = await makeLeaf(root, "CN=curl", {
    ekus: [EKU.client],
    dnsNames: [],
    emails: ["curl@localhost.dev"],
  });
  const apisixClient = await makeLeaf(root, "CN=apisix", { ekus: [EKU.client], dnsNames: [] });
  const etcd = await makeLeaf(root, "CN=etcd", { ekus: [EKU.client, EKU.server], dnsNames: ["etcd"] });
  const otherRoot = await makeRoot("CN=payments-ca");
  const foreign = await makeLeaf(otherRoot, "CN=payments-api", { dnsNames: ["api.payments.local"] });
  const leafSecret = (name: string, c: TestCert, ns = "tls", ca = root): GatewaySecret => ({
    namespace: ns,
    name,
    tlsCrt: c.pem,
    caCrt: ca.pem,
    dataKeys: ["ca.crt", "tls.crt", "tls.key"],
  });
  return {
    root,
    server,
    curl,
    apisixClient,
    etcd,
    otherRoot,
    foreign,
    secrets: [
      leafSecret("root-secret", root),
      leafSecret("apisix-server-secret", server),
      leafSecret("curl-secret", curl),
      leafSecret("apisix-client-secret", apisixClient),
      leafSecret("etcd-secret", etcd),
      leafSecret("payments-api-tls", foreign, "payments", otherRoot),
      leafSecret("payments-ca-secret", otherRoot, "payments", otherRoot),
    ],
  };
}

export const inDays = (n: number) => new Date(Date.now() + n * DAY);

export function seedRoutes(): RawApisixRoute[] {
  return [
    {
      metadata: { name: "public-route", namespace: "tls" },
      spec: {
        http: [
          {
            name: "public",
            match: { hosts: ["public.example.local"], paths: ["/*"] },
            backends: [{ serviceName: "upstream", servicePort: 443 }],
          },
          {
            name: "plain",
            match: { hosts: ["plain.example.local"], paths: ["/status"] },
            backends: [{ serviceName: "upstream", servicePort: 443 }],
          },
        ],
      },
    },
    {
      metadata: { name: "mtls-route", namespace: "tls" },
      spec: {
        http: [
          {
            name: "secure",
            match: { hosts: ["mtls.example.local"], paths: ["/api/*", "/healthz"] },
            backends: [{ serviceName: "upstream", servicePort: 443 }],
          },
        ],
      },
    },
  ];
}

export function seedTlses(): RawApisixTls[] {
  return [
    {
      metadata: { name: "public-tls", namespace: "tls" },
      spec: { hosts: ["public.example.local"], secret: { name: "apisix-server-secret", namespace: "tls" } },
    },
    {
      metadata: { name: "mtls-tls", namespace: "tls" },
      spec: {
        hosts: ["mtls.example.local"],
        secret: { name: "apisix-server-secret", namespace: "tls" },
        client: {
          caSecret: { name: "root-secret", namespace: "tls" },
          depth: 1,
          skip_mtls_uri_regex: ["/healthz"],
        },
      },
    },
  ];
}

export function seedUpstreams(): RawApisixUpstream[] {
  return [
    {
      metadata: { name: "upstream", namespace: "tls" },
      spec: { scheme: "https", tlsSecret: { name: "apisix-client-secret", namespace: "tls" } },
    },
  ];
}
