import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as events } from "@/app/api/events/route";
import { resetEnvCache } from "@/lib/env";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList } from "@/lib/inventory/service";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { KubeError } from "@/lib/k8s/errors";
import { listTlsSecrets, type TlsSecretFacts } from "@/lib/k8s/secrets";
import {
  ensureWatching,
  getCachedList,
  getLiveStatus,
  liveListenerCount,
  stopAllWatches,
} from "@/lib/k8s/watch-cache";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";
import { readEvents } from "./helpers/sse";

// The live cache against the real local control plane: sync, kubectl changes within 2 s, SSE.
const ns = `it-live-${crypto.randomBytes(3).toString("hex")}`;
type Named = { metadata: { namespace?: string; name: string } };
const names = (items: readonly Named[] | undefined) =>
  (items ?? []).map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`);

async function until<T>(fn: () => T | undefined | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function certificateYaml(name: string): string {
  return JSON.stringify({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: ns },
    spec: {
      secretName: `${name}-tls`,
      commonName: name,
      issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
    },
  });
}

function kubectlApply(json: string) {
  const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
  execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "apply", "-f", "-"], {
    input: json,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

let context = "";

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_AUTH;
  resetEnvCache();
  resetKubeConfigCache();
  kubectl(["create", "namespace", ns]);
  context = ensureWatching()!;
  await until(() => getLiveStatus(context)?.state === "live", 20_000);
});

afterAll(() => {
  stopAllWatches();
  // No garbage collector here: delete what we made, then the (empty) namespace.
  kubectl(["delete", "certificates,secrets", "--all", "-n", ns, "--ignore-not-found", "--wait=false"]);
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

describe("live watch cache on the local control plane", () => {
  it("syncs every kind the admin may watch and holds the seeded objects", () => {
    const status = getLiveStatus(context)!;
    expect(context).toBe("trustdeck-admin");
    for (const k of status.kinds) expect([k.kind, k.state]).toEqual([k.kind, "live"]);
    const certs = names(getCachedList<Named>("Certificate"));
    const direct = kubectl([
      "get",
      "certificates",
      "-A",
      "-o",
      'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
    ])
      .trim()
      .split("\n")
      .sort();
    expect(certs).toEqual(direct);
    expect(certs).toContain("tls/etcd-server");
    expect(names(getCachedList<Named>("ClusterIssuer"))).toContain("/selfsigned-issuer");
    expect(names(getCachedList<Named>("Issuer"))).toContain("tls/ca-issuer");
  });

  it("keeps Secrets as public PEMs only and serves listTlsSecrets from the cache", async () => {
    const cached = getCachedList<TlsSecretFacts>("Secret")!;
    const etcd = cached.find((s) => s.metadata.namespace === "tls" && s.metadata.name === "etcd-secret")!;
    expect(etcd.tlsCrt).toContain("BEGIN CERTIFICATE");
    expect(etcd.dataKeys).toContain("tls.key");
    expect(JSON.stringify(cached)).not.toMatch(/PRIVATE KEY/);
    const listed = await listTlsSecrets({ namespace: "tls" });
    // the very objects of the store: the read did not go to the API server
    expect(listed.find((s) => s.metadata.name === "etcd-secret")).toBe(etcd);
    expect(listed.every((s) => s.metadata.namespace === "tls")).toBe(true);
  });

  it("shows a kubectl-created Certificate within 2 s (cache, inventory and SSE), and its deletion", async () => {
    const abort = new AbortController();
    const res = await events(new Request("http://127.0.0.1/api/events", { signal: abort.signal }));
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const received: { event: string; data: unknown }[] = [];
    const reading = readEvents(res.body!, received);
    await until(() => received.find((m) => m.event === "status"), 2000);
    expect(received[0]).toMatchObject({ event: "status", data: { state: "live" } });

    const name = "live-created";
    const created = Date.now();
    kubectlApply(certificateYaml(name));
    await until(() => names(getCachedList<Named>("Certificate")).includes(`${ns}/${name}`), 2000);
    await until(
      () =>
        received.find(
          (m) =>
            m.event === "change" &&
            JSON.stringify(m.data) ===
              JSON.stringify({ kind: "Certificate", type: "ADDED", namespace: ns, name }),
        ),
      2000 - (Date.now() - created) + 200,
    );
    const list = await getCertificateList(certificateQuerySchema.parse({ namespace: ns }));
    expect(list.items.map((r) => r.name)).toContain(name);
    // change events carry names only, never object bodies
    for (const m of received.filter((x) => x.event === "change")) {
      expect(Object.keys(m.data as object).sort()).toEqual(["kind", "name", "namespace", "type"]);
    }

    const deleted = Date.now();
    kubectl(["delete", "certificate", name, "-n", ns, "--wait=false"]);
    await until(() => !names(getCachedList<Named>("Certificate")).includes(`${ns}/${name}`), 2000);
    await until(
      () =>
        received.find(
          (m) =>
            m.event === "change" &&
            (m.data as { type: string; name: string }).type === "DELETED" &&
            (m.data as { name: string }).name === name,
        ),
      2000 - (Date.now() - deleted) + 200,
    );

    const listeners = liveListenerCount();
    abort.abort();
    await reading;
    expect(liveListenerCount()).toBe(listeners - 2);
  });

  it("reports the viewer's Secret watch as forbidden and falls back to the direct read's 403", async () => {
    const viewer = ensureWatching("trustdeck-viewer")!;
    await until(
      () => getLiveStatus(viewer)?.kinds.find((k) => k.kind === "Secret")?.state === "forbidden",
      10_000,
    );
    // Every kind but Secrets syncs (the viewer may list those), so the context as a whole is live.
    await until(() => getLiveStatus(viewer)?.state === "live", 30_000);
    expect(getLiveStatus(viewer)!.kinds.find((k) => k.kind === "Certificate")?.state).toBe("live");
    expect(getCachedList("Secret", "trustdeck-viewer")).toBeUndefined();
    const err = await listTlsSecrets({ context: "trustdeck-viewer", namespace: "tls" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).status).toBe(403);
  });
});
