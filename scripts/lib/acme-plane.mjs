// @ts-check
// Real ACME for the local control plane: Pebble (Let's Encrypt's ACME test server) and BIND 9 as
// the authoritative nameserver of one zone that accepts RFC 2136 updates signed with a TSIG key.
// scripts/cluster.mjs starts both as plain processes on 127.0.0.1 and wires cert-manager to them;
// this module writes their configuration into the cluster state folder and waits for them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import path from "node:path";

/** The zone BIND serves and cert-manager's RFC 2136 solver updates. */
export const ACME_ZONE = "acme.example.local";
/** TSIG key name (the key itself is made per `up` with tsig-keygen). */
export const TSIG_KEY_NAME = "trustdeck-acme";

/** @param {string} cmd */
function which(cmd) {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/sbin"])) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.realpathSync(p);
    } catch {}
  }
  return undefined;
}

/**
 * `named` and `tsig-keygen` from Debian's bind9 package (bind9-utils brings tsig-keygen). Installs
 * them with apt-get when missing and we are root (a fresh CI machine); otherwise names the package.
 * @returns {{ named: string, tsigKeygen: string }} absolute, symlink-resolved paths
 */
export function ensureBind(log = console.log) {
  let named = which("named");
  let tsigKeygen = which("tsig-keygen");
  if (!named || !tsigKeygen) {
    if (process.getuid?.() !== 0)
      throw new Error("BIND 9 is missing: install the Debian package bind9 (apt-get install bind9)");
    log("BIND 9 is missing: apt-get install -y bind9 bind9-utils");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const res = spawnSync("apt-get", ["install", "-y", "-qq", "bind9", "bind9-utils"], {
      stdio: "inherit",
      env,
    });
    named = which("named");
    tsigKeygen = which("tsig-keygen");
    if (res.status !== 0 || !named || !tsigKeygen)
      throw new Error(`apt-get install bind9 bind9-utils failed (exit ${res.status}); install it by hand`);
  }
  return { named, tsigKeygen };
}

/**
 * Write BIND's configuration into `<dir>`: a TSIG key from tsig-keygen, named.conf listening on
 * 127.0.0.1:`port` only (no recursion, no rndc control channel) and the zone file.
 * @param {string} dir @param {number} port @param {string} tsigKeygen
 * @returns {{ conf: string, tsigSecret: string }} the config path and the key's base64 secret
 */
export function writeBindConfig(dir, port, tsigKeygen) {
  fs.mkdirSync(dir, { recursive: true });
  const key = spawnSync(tsigKeygen, ["-a", "hmac-sha256", TSIG_KEY_NAME], { encoding: "utf8" });
  if (key.status !== 0) throw new Error(`tsig-keygen failed: ${key.stderr}`);
  const secret = /secret\s+"([^"]+)"/.exec(key.stdout)?.[1];
  if (!secret) throw new Error(`tsig-keygen printed no secret:\n${key.stdout}`);
  fs.writeFileSync(path.join(dir, "tsig.key"), key.stdout, { mode: 0o600 });
  fs.writeFileSync(
    path.join(dir, `${ACME_ZONE}.db`),
    [
      "$TTL 5",
      `@ IN SOA ns.${ACME_ZONE}. hostmaster.${ACME_ZONE}. ( 1 60 60 3600 5 )`,
      `@ IN NS ns.${ACME_ZONE}.`,
      "ns IN A 127.0.0.1",
      // The HTTP-01 case: the name resolves, but nothing serves /.well-known/acme-challenge/ on it.
      "web IN A 127.0.0.1",
      "",
    ].join("\n"),
  );
  const conf = path.join(dir, "named.conf");
  fs.writeFileSync(
    conf,
    [
      "options {",
      `  directory "${dir}";`,
      `  pid-file "${path.join(dir, "named.pid")}";`,
      `  session-keyfile "${path.join(dir, "session.key")}";`,
      `  listen-on port ${port} { 127.0.0.1; };`,
      "  listen-on-v6 { none; };",
      "  recursion no;",
      "  allow-query { 127.0.0.1; };",
      "  dnssec-validation no;",
      "};",
      "controls { };",
      `include "${path.join(dir, "tsig.key")}";`,
      `zone "${ACME_ZONE}" {`,
      "  type primary;",
      `  file "${path.join(dir, `${ACME_ZONE}.db`)}";`,
      `  allow-update { key "${TSIG_KEY_NAME}"; };`,
      "};",
      "",
    ].join("\n"),
  );
  return { conf, tsigSecret: secret };
}

/**
 * A CA and a server certificate (127.0.0.1, localhost) for Pebble's HTTPS listeners, made with
 * openssl. The CA is what ACME issuers need in `caBundle` to talk to this Pebble.
 * @param {string} dir
 * @returns {{ ca: string, cert: string, key: string }} file paths
 */
export function writePebbleTls(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const f = (/** @type {string} */ n) => path.join(dir, n);
  /** @param {string[]} args */
  const ssl = (args) => {
    const res = spawnSync("openssl", args, { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`openssl ${args[0]} failed: ${res.stderr}`);
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  ssl([
    "req",
    "-x509",
    ...ec,
    "-days",
    "30",
    "-subj",
    "/CN=Trustdeck local Pebble TLS CA",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
  ]);
  ssl(["req", "-new", ...ec, "-subj", "/CN=localhost", "-keyout", f("tls.key"), "-out", f("tls.csr")]);
  fs.writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  ssl([
    "x509",
    "-req",
    "-in",
    f("tls.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "30",
    "-extfile",
    f("ext.cnf"),
    "-out",
    f("tls.pem"),
  ]);
  fs.chmodSync(f("tls.key"), 0o600);
  fs.rmSync(f("ca.key"));
  return { ca: f("ca.pem"), cert: f("tls.pem"), key: f("tls.key") };
}

/**
 * Pebble's configuration (shape of upstream's test/config/pebble-config.json).
 * @param {string} dir
 * @param {{ acme: number, acmeManagement: number, http01: number, tlsAlpn01: number }} ports
 * @param {{ cert: string, key: string }} tls
 */
export function writePebbleConfig(dir, ports, tls) {
  const file = path.join(dir, "pebble-config.json");
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        pebble: {
          listenAddress: `127.0.0.1:${ports.acme}`,
          managementListenAddress: `127.0.0.1:${ports.acmeManagement}`,
          certificate: tls.cert,
          privateKey: tls.key,
          httpPort: ports.http01,
          tlsPort: ports.tlsAlpn01,
          ocspResponderURL: "",
          externalAccountBindingRequired: false,
          domainBlocklist: ["blocked-domain.example"],
          retryAfter: { authz: 1, order: 1 },
          keyAlgorithm: "ecdsa",
          profiles: { default: { description: "90 days, as Let's Encrypt", validityPeriod: 7776000 } },
        },
      },
      null,
      2,
    ),
  );
  return file;
}

/**
 * Pebble's switches: deterministic nonces, no artificial validation delay, no authorization reuse.
 * Never PEBBLE_VA_ALWAYS_VALID: the Ready ACME certificate must really pass DNS-01.
 */
export const PEBBLE_ENV = {
  PEBBLE_WFE_NONCEREJECT: "0",
  PEBBLE_VA_NOSLEEP: "1",
  PEBBLE_AUTHZREUSE: "0",
};

/** @param {number} port resolves when a TCP connection to 127.0.0.1:port succeeds */
export function tcpOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/**
 * GET over HTTPS trusting `ca`. Resolves { status, text }; rejects on connection errors.
 * @param {string} url @param {string} ca PEM
 * @returns {Promise<{ status: number, text: string }>}
 */
export function httpsGet(url, ca) {
  return new Promise((resolve, reject) => {
    // Pebble, like Boulder, refuses requests without a User-Agent (RFC 8555 section 6.1).
    const req = https.get(
      url,
      { ca, timeout: 5000, headers: { "User-Agent": "trustdeck-cluster" } },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}
