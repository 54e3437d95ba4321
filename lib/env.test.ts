import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, SETTINGS } from "./env";

describe("parseEnv", () => {
  it("applies defaults and the ~/.kube/config fallback", () => {
    const env = parseEnv({});
    expect(env.requestTimeoutMs).toBe(10_000);
    expect(env.maxBodyBytes).toBe(65_536);
    expect(env.readOnly).toBe(false);
    expect(env.clusterResourceNamespace).toBe("cert-manager");
    expect(env.kube).toMatchObject({ mode: "kubeconfig", pathFrom: "default" });
    expect(env.kube.mode === "kubeconfig" && env.kube.path.endsWith("/.kube/config")).toBe(true);
  });

  it("prefers TRUSTDECK_KUBECONFIG over KUBECONFIG and in-cluster", () => {
    const env = parseEnv({
      TRUSTDECK_KUBECONFIG: "/a",
      KUBECONFIG: "/b",
      KUBERNETES_SERVICE_HOST: "10.0.0.1",
    });
    expect(env.kube).toEqual({ mode: "kubeconfig", path: "/a", pathFrom: "TRUSTDECK_KUBECONFIG" });
  });

  it("goes in-cluster automatically only when no kubeconfig is given", () => {
    expect(parseEnv({ KUBERNETES_SERVICE_HOST: "10.0.0.1" }).kube).toEqual({ mode: "in-cluster", root: "" });
    expect(parseEnv({ KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBECONFIG: "/k" }).kube.mode).toBe("kubeconfig");
    expect(parseEnv({ KUBERNETES_SERVICE_HOST: "10.0.0.1", TRUSTDECK_IN_CLUSTER: "false" }).kube.mode).toBe(
      "kubeconfig",
    );
  });

  it("uses explicit server settings first", () => {
    const env = parseEnv({
      TRUSTDECK_K8S_SERVER: "https://k8s.example:6443/",
      TRUSTDECK_K8S_TOKEN_FILE: "/t",
      TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY: "yes",
      TRUSTDECK_KUBECONFIG: "/ignored",
    });
    expect(env.kube).toMatchObject({
      mode: "explicit",
      server: "https://k8s.example:6443",
      tokenFile: "/t",
      insecureSkipTlsVerify: true,
    });
  });

  it("names every bad variable at once", () => {
    let err: unknown;
    try {
      parseEnv({
        TRUSTDECK_REQUEST_TIMEOUT_MS: "soon",
        TRUSTDECK_READ_ONLY: "maybe",
        PORT: "70000",
        TRUSTDECK_K8S_TOKEN: "abc",
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const names = (err as EnvError).problems.map((p) => p.name).sort();
    expect(names).toEqual([
      "PORT",
      "TRUSTDECK_K8S_TOKEN",
      "TRUSTDECK_READ_ONLY",
      "TRUSTDECK_REQUEST_TIMEOUT_MS",
    ]);
    expect((err as Error).message).toContain(
      'TRUSTDECK_REQUEST_TIMEOUT_MS: expected an integer from 100 to 600000, got "soon"',
    );
    // a token value must not be echoed back
    expect((err as Error).message).not.toContain("abc");
  });

  it("rejects a server without credentials and both token kinds together", () => {
    expect(() => parseEnv({ TRUSTDECK_K8S_SERVER: "https://x" })).toThrow(/TRUSTDECK_K8S_SERVER: needs/);
    expect(() =>
      parseEnv({
        TRUSTDECK_K8S_SERVER: "https://x",
        TRUSTDECK_K8S_TOKEN: "a",
        TRUSTDECK_K8S_TOKEN_FILE: "/f",
      }),
    ).toThrow(/TRUSTDECK_K8S_TOKEN_FILE/);
    expect(() => parseEnv({ TRUSTDECK_K8S_SERVER: "ftp://x", TRUSTDECK_K8S_TOKEN: "a" })).toThrow(
      /TRUSTDECK_K8S_SERVER: expected an http\(s\) URL/,
    );
  });

  it("documents every setting it reads", () => {
    const documented = new Set(SETTINGS.map((s) => s.name));
    for (const name of [
      "TRUSTDECK_KUBECONFIG",
      "TRUSTDECK_CONTEXT",
      "TRUSTDECK_IN_CLUSTER",
      "TRUSTDECK_K8S_SERVER",
      "TRUSTDECK_K8S_TOKEN",
      "TRUSTDECK_K8S_TOKEN_FILE",
      "TRUSTDECK_K8S_CA_FILE",
      "TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY",
      "TRUSTDECK_REQUEST_TIMEOUT_MS",
      "TRUSTDECK_READ_ONLY",
      "TRUSTDECK_MAX_BODY_BYTES",
      "TRUSTDECK_CLUSTER_RESOURCE_NAMESPACE",
      "HOST",
      "PORT",
    ]) {
      expect(documented.has(name), name).toBe(true);
    }
    for (const s of SETTINGS) expect(s.description.length).toBeGreaterThan(10);
  });

  it("parses the gateway address the rotation probes, and names the setting when it is not host:port", () => {
    expect(parseEnv({}).gatewayAddress).toBeUndefined();
    expect(parseEnv({ TRUSTDECK_GATEWAY_ADDRESS: " apisix.example.local:9443 " }).gatewayAddress).toEqual({
      host: "apisix.example.local",
      port: 9443,
    });
    expect(parseEnv({ TRUSTDECK_GATEWAY_ADDRESS: "[fd00::5]:443" }).gatewayAddress).toEqual({
      host: "[fd00::5]",
      port: 443,
    });
    for (const bad of ["apisix.example.local", "10.0.0.5:99999", "https://gw:443"])
      expect(() => parseEnv({ TRUSTDECK_GATEWAY_ADDRESS: bad })).toThrow(
        /TRUSTDECK_GATEWAY_ADDRESS: expected host:port/,
      );
  });

  it("parses the watch cache setting and refuses anything but on, off or auto", () => {
    expect(parseEnv({}).watchCache).toEqual({ setting: "auto", autoStart: true });
    expect(parseEnv({ VITEST: "true" }).watchCache).toEqual({ setting: "auto", autoStart: false });
    expect(parseEnv({ VITEST: "true", TRUSTDECK_WATCH_CACHE: "on" }).watchCache.autoStart).toBe(true);
    expect(parseEnv({ TRUSTDECK_WATCH_CACHE: "yes" }).watchCache.setting).toBe("on");
    expect(parseEnv({ TRUSTDECK_WATCH_CACHE: "OFF" }).watchCache).toEqual({
      setting: "off",
      autoStart: false,
    });
    // token sign-in mode: the same shared cache (filtered per person by lib/k8s/access-filter.ts)
    expect(parseEnv({ TRUSTDECK_AUTH: "token" }).watchCache).toEqual({ setting: "auto", autoStart: true });
    expect(parseEnv({ TRUSTDECK_AUTH: "token", TRUSTDECK_WATCH_CACHE: "off" }).watchCache.autoStart).toBe(
      false,
    );
    expect(() => parseEnv({ TRUSTDECK_WATCH_CACHE: "sometimes" })).toThrow(
      /TRUSTDECK_WATCH_CACHE: expected on, off or auto, got "sometimes"/,
    );
  });

  it("parses the access decision time (seconds, 0..3600, default 60) into ms, naming the variable", () => {
    expect(parseEnv({}).accessCacheTtlMs).toBe(60_000);
    expect(parseEnv({ TRUSTDECK_ACCESS_CACHE_SECONDS: "0" }).accessCacheTtlMs).toBe(0);
    expect(parseEnv({ TRUSTDECK_ACCESS_CACHE_SECONDS: "5" }).accessCacheTtlMs).toBe(5000);
    expect(() => parseEnv({ TRUSTDECK_ACCESS_CACHE_SECONDS: "3601" })).toThrow(
      /TRUSTDECK_ACCESS_CACHE_SECONDS/,
    );
    expect(() => parseEnv({ TRUSTDECK_ACCESS_CACHE_SECONDS: "soon" })).toThrow(
      /TRUSTDECK_ACCESS_CACHE_SECONDS/,
    );
  });

  it("parses the probe allow-list, naming the variable and the bad pattern", () => {
    expect(parseEnv({}).probeAllow).toContainEqual(
      expect.objectContaining({ kind: "cidr", network: "127.0.0.1", prefix: 32, port: "*" }),
    );
    expect(parseEnv({ TRUSTDECK_PROBE_ALLOW: "gw.example:443" }).probeAllow).toEqual([
      { kind: "name", host: "gw.example", port: "443", source: "gw.example:443" },
    ]);
    expect(() => parseEnv({ TRUSTDECK_PROBE_ALLOW: "no-port" })).toThrow(/TRUSTDECK_PROBE_ALLOW: .*no-port/);
  });

  it("is the only module of lib/ that reads process.env", () => {
    const root = path.join(__dirname);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (
          /\.tsx?$/.test(entry.name) &&
          !/\.test\.tsx?$/.test(entry.name) &&
          full !== __filename.replace(/\.test\.ts$/, ".ts")
        ) {
          if (/process\.env\b/.test(fs.readFileSync(full, "utf8"))) offenders.push(path.relative(root, full));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});

describe("oidc and session settings", () => {
  it("oidc mode needs an issuer and a client ID, and openid among the scopes", () => {
    expect(() => parseEnv({ TRUSTDECK_AUTH: "oidc" })).toThrow(
      /TRUSTDECK_OIDC_ISSUER: is required when TRUSTDECK_AUTH=oidc.*TRUSTDECK_OIDC_CLIENT_ID: is required/,
    );
    expect(() =>
      parseEnv({
        TRUSTDECK_AUTH: "oidc",
        TRUSTDECK_OIDC_ISSUER: "https://idp.example",
        TRUSTDECK_OIDC_CLIENT_ID: "td",
        TRUSTDECK_OIDC_SCOPES: "email profile",
      }),
    ).toThrow(/TRUSTDECK_OIDC_SCOPES: must include openid/);
    const env = parseEnv({
      TRUSTDECK_AUTH: "oidc",
      TRUSTDECK_OIDC_ISSUER: "https://idp.example/realms/x/",
      TRUSTDECK_OIDC_CLIENT_ID: "td",
    });
    expect(env.oidc).toMatchObject({
      issuer: "https://idp.example/realms/x",
      clientId: "td",
      scopes: ["openid", "email", "profile", "groups", "offline_access"],
      usernameClaim: "preferred_username",
      groupsClaim: "groups",
      providerName: "idp.example",
      refreshBeforeMs: 60_000,
    });
    // oidc mode: the one shared cache too, filtered per person (lib/k8s/access-filter.ts)
    expect(env.watchCache.autoStart).toBe(true);
  });

  it("parses the revocation ConfigMap, the metrics path and refuses two sources of one secret", () => {
    expect(parseEnv({ TRUSTDECK_SESSION_REVOCATIONS: "trustdeck/revoked" }).session.revocations).toEqual({
      namespace: "trustdeck",
      name: "revoked",
    });
    expect(() => parseEnv({ TRUSTDECK_SESSION_REVOCATIONS: "revoked" })).toThrow(/namespace\/name/);
    expect(parseEnv({}).metricsAuthPath).toBe("/metrics");
    expect(parseEnv({ TRUSTDECK_METRICS_AUTH_PATH: "" }).metricsAuthPath).toBeUndefined();
    expect(() => parseEnv({ TRUSTDECK_METRICS_AUTH_PATH: "metrics" })).toThrow(/starting with \//);
    expect(() => parseEnv({ TRUSTDECK_SESSION_KEY: "a", TRUSTDECK_SESSION_KEY_FILE: "/k" })).toThrow(
      /TRUSTDECK_SESSION_KEY_FILE: set either/,
    );
  });
});
