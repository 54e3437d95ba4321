import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnose";
import type {
  CertificateObject,
  CertificateRequestObject,
  ChallengeObject,
  ConditionFacts,
  DoctorInput,
  IssuerObject,
  OrderObject,
} from "./types";

// Objects in cert-manager v1.21's shapes, with the reasons and messages its controllers write
// (pkg/controller/certificaterequests/sync.go, acme/acme.go, acmechallenges/sync.go, readiness.go).
const NOW = new Date("2026-11-30T12:00:00Z");
const T0 = "2026-11-30T11:50:00Z";
const NS = "acme";

const cond = (
  type: string,
  status: ConditionFacts["status"],
  reason?: string,
  message?: string,
): ConditionFacts => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: T0,
  observedGeneration: 1,
});

function certificate(
  name: string,
  issuerRef: CertificateObject["spec"]["issuerRef"],
  conditions: ConditionFacts[],
  status: Partial<NonNullable<CertificateObject["status"]>> = {},
): CertificateObject {
  return {
    metadata: { name, namespace: NS, uid: `uid-${name}`, generation: 1, creationTimestamp: T0 },
    spec: { secretName: `${name}-tls`, issuerRef, dnsNames: [`${name}.acme.example.local`] },
    status: { conditions, ...status },
  };
}

const issuing = cond("Issuing", "True", "DoesNotExist", "Issuing certificate as Secret does not exist");
const notReady = cond("Ready", "False", "DoesNotExist", "Issuing certificate as Secret does not exist");

function request(
  certName: string,
  revision: number,
  conditions: ConditionFacts[],
  issuerRef = { name: "acme-dns", kind: "ClusterIssuer", group: "cert-manager.io" },
): CertificateRequestObject {
  return {
    metadata: {
      name: `${certName}-${revision}`,
      namespace: NS,
      uid: `uid-${certName}-${revision}`,
      creationTimestamp: T0,
      annotations: {
        "cert-manager.io/certificate-revision": String(revision),
        "cert-manager.io/certificate-name": certName,
      },
      ownerReferences: [{ kind: "Certificate", name: certName, uid: `uid-${certName}` }],
    },
    spec: { issuerRef },
    status: { conditions },
  };
}

const approved = cond(
  "Approved",
  "True",
  "cert-manager.io",
  "Certificate request has been approved by cert-manager.io",
);

function order(crName: string, state: string, reason?: string): OrderObject {
  return {
    metadata: {
      name: `${crName}-1234`,
      namespace: NS,
      creationTimestamp: T0,
      uid: `uid-${crName}-1234`,
      ownerReferences: [{ kind: "CertificateRequest", name: crName, uid: `uid-${crName}` }],
    },
    spec: { dnsNames: ["x"] },
    status: { state, reason, url: "https://127.0.0.1:14000/my-order/abc" },
  };
}

function challenge(
  orderName: string,
  type: "HTTP-01" | "DNS-01",
  status: NonNullable<ChallengeObject["status"]>,
  created = T0,
): ChallengeObject {
  return {
    metadata: {
      name: `${orderName}-5678`,
      namespace: NS,
      creationTimestamp: created,
      ownerReferences: [{ kind: "Order", name: orderName, uid: `uid-${orderName}` }],
    },
    spec: { type, dnsName: "web.acme.example.local", authorizationURL: "https://127.0.0.1:14000/authZ/xyz" },
    status,
  };
}

const acmeIssuer = (ready: ConditionFacts): IssuerObject => ({
  kind: "ClusterIssuer",
  metadata: { name: "acme-dns" },
  spec: { acme: { server: "https://127.0.0.1:14000/dir", email: "admin@acme.example.local" } },
  status: { conditions: [ready], acme: { uri: "https://127.0.0.1:14000/my-account/1" } },
});
const issuerReady = cond(
  "Ready",
  "True",
  "ACMEAccountRegistered",
  "The ACME account was registered with the ACME server",
);

function input(parts: Partial<DoctorInput> & { certificate: CertificateObject }): DoctorInput {
  return {
    now: NOW,
    issuer: { found: true, issuer: acmeIssuer(issuerReady) },
    secret: { exists: false },
    requests: [],
    orders: [],
    challenges: [],
    events: [],
    ...parts,
  };
}

const stateOf = (d: ReturnType<typeof diagnose>, id: string) => d.steps.find((s) => s.id === id)?.state;
const acmeRef = { name: "acme-dns", kind: "ClusterIssuer", group: "cert-manager.io" };

describe("the issuance doctor", () => {
  it("says Ready when issued and the key matches, every step done or skipped", () => {
    const cert = certificate(
      "www",
      acmeRef,
      [cond("Ready", "True", "Ready", "Certificate is up to date and has not expired")],
      {
        revision: 1,
        renewalTime: "2027-01-30T00:00:00Z",
      },
    );
    const cr = request("www", 1, [
      approved,
      cond("Ready", "True", "Issued", "Certificate fetched from issuer successfully"),
    ]);
    const o = order(cr.metadata.name, "valid");
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        orders: [o],
        secret: { exists: true, hasCertificate: true, hasKey: true, keyMatches: true },
      }),
    );
    expect(d.state).toBe("ready");
    expect(d.stuck).toBe(false);
    expect(d.step).toBeUndefined();
    expect(d.steps.map((s) => s.state)).toEqual(Array(10).fill("done"));
  });

  it("blames a missing Issuer, not the missing Secret that merely triggered issuance", () => {
    const cert = certificate("broken-issuer", { name: "missing-issuer", kind: "Issuer" }, [
      notReady,
      issuing,
    ]);
    const cr = request("broken-issuer", 1, [
      approved,
      cond(
        "Ready",
        "False",
        "Pending",
        'Referenced "Issuer" not found: issuer.cert-manager.io "missing-issuer" not found',
      ),
    ]);
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        issuer: { found: false, kind: "Issuer", name: "missing-issuer", namespace: NS },
      }),
    );
    expect(d.state).toBe("failing");
    expect(d.step).toBe("issuer-ready");
    expect(d.reason).toBe("IssuerNotFound");
    expect(d.summary).not.toMatch(/Secret does not exist/);
    expect(d.trigger?.message).toBe("Issuing certificate as Secret does not exist");
    expect(d.fix).toMatch(/Create the Issuer "missing-issuer" in namespace acme/);
    expect(d.stuckForSeconds).toBe(600);
    expect(stateOf(d, "approved")).toBe("not-reached");
  });

  it("reports an ACME issuer whose server cannot be reached with the issuer's own reason", () => {
    const cert = certificate("unreachable", acmeRef, [notReady, issuing]);
    const iss = acmeIssuer(
      cond(
        "Ready",
        "False",
        "ErrRegisterACMEAccount",
        'Failed to register ACME account: Get "https://127.0.0.1:1/dir": dial tcp 127.0.0.1:1: connect: connection refused',
      ),
    );
    const d = diagnose(input({ certificate: cert, issuer: { found: true, issuer: iss } }));
    expect(d.step).toBe("issuer-ready");
    expect(d.reason).toBe("ErrRegisterACMEAccount");
    expect(d.summary).toMatch(/connection refused/);
    expect(d.fix).toMatch(/spec\.acme\.server/);
  });

  it("waits for approval of a request to an external issuer (step approved, state waiting)", () => {
    const ext = { name: "external-ca", kind: "ExternalIssuer", group: "issuers.example.com" };
    const cert = certificate("awaiting-approval", ext, [notReady, issuing]);
    const cr = request("awaiting-approval", 1, [], ext);
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        issuer: { external: true, group: ext.group, kind: ext.kind, name: ext.name },
      }),
    );
    expect(d.state).toBe("waiting");
    expect(d.stuck).toBe(true);
    expect(d.step).toBe("approved");
    expect(d.reason).toBe("AwaitingApproval");
    expect(stateOf(d, "issuer-ready")).toBe("skipped");
    expect(d.fix).toMatch(/cmctl approve -n acme awaiting-approval-1/);
  });

  it("fails at approval when the request was denied, after cert-manager gave up the attempt", () => {
    const ext = { name: "external-ca", kind: "ExternalIssuer", group: "issuers.example.com" };
    const cert = certificate(
      "denied",
      ext,
      [
        notReady,
        cond(
          "Issuing",
          "False",
          "Failed",
          "The certificate request has failed to complete and will be retried: The CertificateRequest was denied by an approval controller",
        ),
      ],
      { lastFailureTime: T0, failedIssuanceAttempts: 1 },
    );
    const cr = request(
      "denied",
      1,
      [
        cond("Denied", "True", "TrustdeckSeed", "not ours to certify"),
        cond("Ready", "False", "Denied", "The CertificateRequest was denied by an approval controller"),
      ],
      ext,
    );
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        issuer: { external: true, group: ext.group, kind: ext.kind, name: ext.name },
      }),
    );
    expect(d.state).toBe("failing");
    expect(d.step).toBe("approved");
    expect(d.reason).toBe("Denied");
    expect(d.summary).toMatch(/not ours to certify/);
  });

  it("names nobody picking up an approved request to an external issuer", () => {
    const ext = { name: "external-ca", kind: "ExternalIssuer", group: "issuers.example.com" };
    const cert = certificate("ext", ext, [notReady, issuing]);
    const cr = request("ext", 1, [cond("Approved", "True", "trustdeck", "approved")], ext);
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        issuer: { external: true, group: ext.group, kind: ext.kind, name: ext.name },
      }),
    );
    expect(d.step).toBe("issuer-picked-up");
    expect(d.reason).toBe("NotPickedUp");
    expect(d.fix).toMatch(/issuers\.example\.com/);
  });

  it("finds an HTTP-01 challenge whose self check fails behind a pending Order", () => {
    const cert = certificate("http01-stuck", acmeRef, [notReady, issuing]);
    const cr = request("http01-stuck", 1, [
      approved,
      cond(
        "Ready",
        "False",
        "Pending",
        'Waiting on certificate issuance from order acme/http01-stuck-1-1234: "pending"',
      ),
    ]);
    const o = order(cr.metadata.name, "pending");
    const ch = challenge(o.metadata.name, "HTTP-01", {
      processing: true,
      presented: true,
      state: "pending",
      reason:
        "Waiting for HTTP-01 challenge propagation: failed to perform self check GET request 'http://web.acme.example.local/.well-known/acme-challenge/tok': Get \"http://web.acme.example.local/.well-known/acme-challenge/tok\": dial tcp 127.0.0.1:80: connect: connection refused",
    });
    const d = diagnose(input({ certificate: cert, requests: [cr], orders: [o], challenges: [ch] }));
    expect(d.state).toBe("failing");
    expect(d.step).toBe("acme-challenges");
    expect(d.reason).toBe("SelfCheckFailed");
    expect(d.summary).toMatch(/connection refused/);
    expect(d.fix).toMatch(/well-known\/acme-challenge/);
    const step = d.steps.find((s) => s.id === "acme-challenges");
    expect(step?.challenges?.[0]).toMatchObject({ type: "HTTP-01", presented: true, selfCheck: "failing" });
    for (const id of ["issuer-ready", "request-created", "approved", "issuer-picked-up", "acme-order"])
      expect(stateOf(d, id)).toBe("done");
    expect(stateOf(d, "secret-written")).toBe("not-reached");
  });

  it("finds a DNS-01 challenge that cannot be presented (update refused)", () => {
    const cert = certificate("wrong-tsig", acmeRef, [notReady, issuing]);
    const cr = request("wrong-tsig", 1, [
      approved,
      cond("Ready", "False", "Pending", "Waiting on certificate issuance"),
    ]);
    const o = order(cr.metadata.name, "pending");
    const ch = challenge(o.metadata.name, "DNS-01", {
      processing: true,
      presented: false,
      state: "pending",
      reason: "error: dns: bad signature",
    });
    const d = diagnose(input({ certificate: cert, requests: [cr], orders: [o], challenges: [ch] }));
    expect(d.step).toBe("acme-challenges");
    expect(d.reason).toBe("PresentError");
    expect(d.fix).toMatch(/tsigSecretSecretRef/);
  });

  it("lets a fresh DNS-01 record propagate, then calls the wait a failure", () => {
    const cert = certificate("dns", acmeRef, [notReady, issuing]);
    const cr = request("dns", 1, [approved, cond("Ready", "False", "Pending", "Waiting")]);
    const o = order(cr.metadata.name, "pending");
    const reason =
      'Waiting for DNS-01 challenge propagation: DNS record for "dns.acme.example.local" not yet propagated';
    const fresh = challenge(
      o.metadata.name,
      "DNS-01",
      { processing: true, presented: true, state: "pending", reason },
      "2026-11-30T11:59:30Z",
    );
    const d1 = diagnose(input({ certificate: cert, requests: [cr], orders: [o], challenges: [fresh] }));
    expect(d1.state).toBe("progressing");
    expect(d1.stuck).toBe(false);
    expect(d1.reason).toBe("Propagating");
    const old = challenge(o.metadata.name, "DNS-01", {
      processing: true,
      presented: true,
      state: "pending",
      reason,
    });
    const d2 = diagnose(input({ certificate: cert, requests: [cr], orders: [o], challenges: [old] }));
    expect(d2.state).toBe("failing");
    expect(d2.reason).toBe("PropagationCheckFailed");
  });

  it("reports the ACME server's error when it marks the Order invalid", () => {
    const cert = certificate("bad", acmeRef, [
      notReady,
      cond(
        "Issuing",
        "False",
        "Failed",
        'The certificate request has failed to complete and will be retried: Failed to wait for order resource "bad-1-1234" to become ready: order is in "invalid" state: ',
      ),
    ]);
    const cr = request("bad", 1, [
      approved,
      cond(
        "Ready",
        "False",
        "Failed",
        'Failed to wait for order resource "bad-1-1234" to become ready: order is in "invalid" state: ',
      ),
    ]);
    const o = order(
      cr.metadata.name,
      "invalid",
      "urn:ietf:params:acme:error:unauthorized: Incorrect TXT record",
    );
    const d = diagnose(input({ certificate: cert, requests: [cr], orders: [o] }));
    expect(d.step).toBe("issuer-picked-up");
    expect(d.reason).toBe("Failed");
    expect(stateOf(d, "acme-order")).toBe("not-reached");
  });

  it("shows a Secret whose key does not match its certificate, as trigger and as a failing check", () => {
    const ext = { name: "external-ca", kind: "ExternalIssuer", group: "issuers.example.com" };
    const mismatch =
      "Issuing certificate as Secret contains a private key that does not match the certificate";
    const cert = certificate("key-mismatch", ext, [
      cond("Ready", "False", "InvalidKeyPair", mismatch),
      cond("Issuing", "True", "InvalidKeyPair", mismatch),
    ]);
    const cr = request("key-mismatch", 1, [], ext);
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        issuer: { external: true, group: ext.group, kind: ext.kind, name: ext.name },
        secret: { exists: true, hasCertificate: true, hasKey: true, keyMatches: false },
      }),
    );
    expect(d.step).toBe("approved");
    expect(d.trigger?.reason).toBe("InvalidKeyPair");
    expect(stateOf(d, "key-matches")).toBe("failing");
    expect(d.steps.find((s) => s.id === "key-matches")?.fix).toMatch(/never edit tls\.key/);
  });

  it("flags a key mismatch on an otherwise Ready certificate", () => {
    const cert = certificate("www", acmeRef, [cond("Ready", "True", "Ready", "ok")], { revision: 1 });
    const cr = request("www", 1, [approved, cond("Ready", "True", "Issued", "ok")]);
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        orders: [order(cr.metadata.name, "valid")],
        secret: { exists: true, hasCertificate: true, hasKey: true, keyMatches: false },
      }),
    );
    expect(d.state).toBe("failing");
    expect(d.step).toBe("key-matches");
    expect(d.reason).toBe("InvalidKeyPair");
  });

  it("calls a renewal overdue when renewalTime passed and nothing is issuing", () => {
    const cert = certificate("late", acmeRef, [cond("Ready", "True", "Ready", "ok")], {
      revision: 1,
      renewalTime: "2026-11-30T10:00:00Z",
    });
    const cr = request("late", 1, [approved, cond("Ready", "True", "Issued", "ok")]);
    const d = diagnose(
      input({
        certificate: cert,
        requests: [cr],
        orders: [order(cr.metadata.name, "valid")],
        secret: { exists: true, hasCertificate: true, hasKey: true, keyMatches: true },
      }),
    );
    expect(d.renewalOverdue).toBe(true);
    // The current revision's request exists; the doctor still names the overdue renewal.
    expect(d.state).toBe("failing");
    expect(d.step).toBe("request-created");
    expect(d.reason).toBe("RenewalOverdue");
    expect(d.fix).toMatch(/cmctl renew -n acme late/);
  });

  it("turns a step that works too long into a stuck one", () => {
    const cert = certificate("slow", { name: "ca", kind: "Issuer" }, [
      notReady,
      { ...issuing, lastTransitionTime: "2026-11-30T10:00:00Z" },
    ]);
    const d = diagnose(
      input({
        certificate: cert,
        issuer: {
          found: true,
          issuer: {
            kind: "Issuer",
            metadata: { name: "ca", namespace: NS },
            spec: { ca: { secretName: "ca" } },
            status: { conditions: [cond("Ready", "True", "KeyPairVerified", "Signing CA verified")] },
          },
        },
      }),
    );
    expect(d.step).toBe("private-key");
    expect(d.state).toBe("failing");
    expect(d.stuck).toBe(true);
    expect(stateOf(d, "acme-order")).toBe("skipped");
  });

  it("puts the latest events first and never more than ten", () => {
    const cert = certificate("ev", acmeRef, [notReady, issuing]);
    const events = Array.from({ length: 12 }, (_, i) => ({
      involvedObject: { kind: "Certificate", name: "ev", namespace: NS },
      type: "Normal",
      reason: `R${i}`,
      message: `m${i}`,
      lastTimestamp: `2026-11-30T11:${String(10 + i).padStart(2, "0")}:00Z`,
    }));
    const d = diagnose(input({ certificate: cert, events }));
    expect(d.events).toHaveLength(10);
    expect(d.events[0]?.reason).toBe("R11");
  });
});
