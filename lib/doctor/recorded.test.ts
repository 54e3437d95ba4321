import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnose";
import type { DoctorInput } from "./types";

// Objects recorded from the local plane (`npm run cluster -- up && npm run cluster -- seed`: the
// real cert-manager v1.21 controller, Pebble and BIND 9), one file per seeded case. Key material,
// CSRs and certificates are elided; the Secret is reduced to the facts the server computes.
const DIR = path.join(__dirname, "recorded");
function recorded(file: string) {
  const r = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Omit<DoctorInput, "now"> & {
    recordedAt: string;
  };
  return diagnose({ ...r, now: new Date(r.recordedAt) });
}

const CASES: [file: string, state: string, step: string | undefined, reason: string | undefined][] = [
  ["acme-www.json", "ready", undefined, undefined],
  ["acme-http01-stuck.json", "failing", "acme-challenges", "SelfCheckFailed"],
  ["acme-wrong-tsig.json", "failing", "acme-challenges", "PresentError"],
  ["acme-unreachable.json", "failing", "issuer-ready", "ErrRegisterACMEAccount"],
  ["acme-awaiting-approval.json", "waiting", "approved", "AwaitingApproval"],
  ["acme-denied.json", "failing", "approved", "Denied"],
  ["acme-key-mismatch.json", "waiting", "approved", "AwaitingApproval"],
  ["tls-broken-issuer.json", "failing", "issuer-ready", "IssuerNotFound"],
];

describe("the doctor on objects recorded from the real controller, Pebble and BIND", () => {
  it.each(CASES)("%s: %s at %s (%s)", (file, state, step, reason) => {
    const d = recorded(file);
    expect(d.state).toBe(state);
    expect(d.step).toBe(step);
    expect(d.reason).toBe(reason);
  });

  it("never gives the missing Secret as the cause when an earlier step fails", () => {
    for (const [file] of CASES.filter(([, s]) => s !== "ready")) {
      const d = recorded(file);
      expect(d.step).not.toBe("secret-written");
      expect(d.summary).not.toMatch(/Secret does not exist/);
      expect(d.fix).toBeTruthy();
    }
    expect(recorded("tls-broken-issuer.json").trigger?.message).toBe(
      "Issuing certificate as Secret does not exist",
    );
  });

  it("walks the Ready ACME certificate through a valid Order", () => {
    const d = recorded("acme-www.json");
    expect(d.steps.every((s) => s.state === "done")).toBe(true);
    expect(d.steps.find((s) => s.id === "acme-order")?.summary).toMatch(/Order acme\/www-1-\d+ is valid/);
  });

  it("names the HTTP-01 self check's real error and the challenge it comes from", () => {
    const d = recorded("acme-http01-stuck.json");
    const step = d.steps.find((s) => s.id === "acme-challenges");
    expect(step?.challenges).toHaveLength(1);
    expect(step?.challenges?.[0]).toMatchObject({
      type: "HTTP-01",
      dnsName: "web.acme.example.local",
      presented: true,
      selfCheck: "failing",
    });
    expect(step?.challenges?.[0]?.authorizationURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    expect(d.summary).toMatch(/connection refused/);
    expect(d.events.some((e) => e.source.startsWith("Challenge ") && e.reason === "Presented")).toBe(true);
  });

  it("shows BIND's refusal for the wrong TSIG secret", () => {
    expect(recorded("acme-wrong-tsig.json").summary).toMatch(/DNS update failed: dns: bad authentication/);
  });

  it("flags the Secret whose tls.key does not match tls.crt, with cert-manager's InvalidKeyPair", () => {
    const d = recorded("acme-key-mismatch.json");
    expect(d.trigger?.reason).toBe("InvalidKeyPair");
    expect(d.steps.find((s) => s.id === "key-matches")?.state).toBe("failing");
  });

  it("quotes the seed's denial message", () => {
    expect(recorded("acme-denied.json").summary).toMatch(/not ours to certify/);
  });
});
