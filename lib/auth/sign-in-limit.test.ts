import { afterEach, describe, expect, it } from "vitest";
import { resetRateLimits, SIGNIN_GLOBAL_LIMIT, SIGNIN_LIMIT } from "@/lib/security/rate-limit";
import { PEER_HEADER, peerStamp } from "./peer";
import { clientAddress, recordSignInFailure, signInAllowed } from "./sign-in-limit";

afterEach(() => resetRateLimits());

const h = (peer: string | undefined, xff?: string) =>
  new Headers({
    ...(peer ? { [PEER_HEADER]: peerStamp(peer) } : {}),
    ...(xff ? { "x-forwarded-for": xff } : {}),
  });

describe("clientAddress", () => {
  it("uses the socket's peer and ignores X-Forwarded-For without trusted proxies", () => {
    expect(clientAddress(h("198.51.100.4", "1.2.3.4"), 0)).toBe("198.51.100.4");
    expect(clientAddress(h(undefined, "1.2.3.4"), 0)).toBe("unknown");
  });

  it("reads X-Forwarded-For from the right through the trusted hops only", () => {
    // client spoofs "6.6.6.6"; the one trusted proxy appends the address it saw (203.0.113.5)
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 203.0.113.5"), 1)).toBe("203.0.113.5");
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1"), 2)).toBe("203.0.113.5");
    // fewer entries than hops: the leftmost known address
    expect(clientAddress(h("10.0.0.2"), 1)).toBe("10.0.0.2");
    expect(clientAddress(h("10.0.0.2", "203.0.113.5"), 3)).toBe("203.0.113.5");
  });
});

describe("sign-in limits count failures only", () => {
  it("60 bad sign-ins from distinct (spoofed) addresses do not lock out a person with the right token", () => {
    const now = 1_000_000;
    for (let i = 0; i < SIGNIN_GLOBAL_LIMIT.capacity; i++) {
      const attacker = clientAddress(h("203.0.113.66", `198.18.${i >> 8}.${i & 255}`), 0);
      // hops = 0: every spoofed X-Forwarded-For collapses onto the attacker's real address
      if (signInAllowed(attacker, now).ok) recordSignInFailure(attacker, now);
    }
    expect(signInAllowed("203.0.113.66", now).ok).toBe(false);
    expect(signInAllowed("192.0.2.10", now)).toEqual({ ok: true });
  });

  it("even when the attacker really has 60 addresses, a new address is still checked", () => {
    const now = 2_000_000;
    for (let i = 0; i < SIGNIN_GLOBAL_LIMIT.capacity + 5; i++) {
      const a = `198.18.0.${i}`;
      if (signInAllowed(a, now).ok) recordSignInFailure(a, now);
    }
    expect(signInAllowed("192.0.2.10", now)).toEqual({ ok: true });
    // an address that has failed once waits while the global budget is spent
    const again = signInAllowed("198.18.0.1", now);
    expect(again.ok).toBe(false);
    expect(again.ok ? 0 : again.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("refuses an address after 10 failures, with a Retry-After, and frees it over time", () => {
    const now = 3_000_000;
    for (let i = 0; i < SIGNIN_LIMIT.capacity; i++) {
      expect(signInAllowed("203.0.113.9", now).ok, `attempt ${i + 1}`).toBe(true);
      recordSignInFailure("203.0.113.9", now);
    }
    const refused = signInAllowed("203.0.113.9", now);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 6 });
    expect(signInAllowed("203.0.113.9", now + 6_000).ok).toBe(true);
  });

  it("successful sign-ins spend nothing", () => {
    for (let i = 0; i < 100; i++) expect(signInAllowed("192.0.2.10").ok).toBe(true);
  });
});
