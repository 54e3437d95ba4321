import { describe, expect, it } from "vitest";
import { changesNothing } from "./read-only";
import { acquireStream, openStreams } from "./streams";

describe("per-session cap on live-update streams", () => {
  it("allows max streams per key, then refuses until one is released", () => {
    const key = `session:${Math.random()}`;
    const releases = Array.from({ length: 3 }, () => acquireStream(key, 3));
    expect(releases.every(Boolean)).toBe(true);
    expect(acquireStream(key, 3)).toBeUndefined();
    expect(acquireStream(`${key}-other`, 3)).toBeTruthy(); // another session is not affected
    releases[0]?.();
    releases[0]?.(); // idempotent
    expect(openStreams(key)).toBe(2);
    expect(acquireStream(key, 3)).toBeTruthy();
    expect(acquireStream(key, 3)).toBeUndefined();
  });
});

describe("read-only mode lets through what changes nothing", () => {
  it("previews, context switch and bulk renew (whose route allows only the dry run)", () => {
    expect(changesNothing("POST", "/api/contexts")).toBe(true);
    expect(changesNothing("POST", "/api/apisix/tls/tls/x/mtls/preview")).toBe(true);
    expect(changesNothing("POST", "/api/certificates/renew")).toBe(true);
    expect(changesNothing("PUT", "/api/apisix/tls/tls/x/mtls")).toBe(false);
    expect(changesNothing("POST", "/api/certificates/tls/x/renew")).toBe(false);
    expect(changesNothing("DELETE", "/api/contexts")).toBe(false);
    expect(changesNothing("POST", "/preview")).toBe(false);
  });
});
