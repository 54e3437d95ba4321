import { describe, expect, it } from "vitest";
import {
  dnsNameProblem,
  emailProblem,
  formatGoDuration,
  isIP,
  parseGoDuration,
  uriProblem,
} from "./validation";

describe("parseGoDuration", () => {
  it.each([
    ["2160h", 2160 * 3_600_000],
    ["1h30m", 5_400_000],
    ["90m", 5_400_000],
    ["0.5h", 1_800_000],
    ["1h0m0s", 3_600_000],
    ["300ms", 300],
    ["0", 0],
    ["-5m", -300_000],
  ])("%s -> %d ms", (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(["", "30", "1d", "h", "1 h", "1h-5m", "abc"])("refuses %j", (text) =>
    expect(parseGoDuration(text)).toBeUndefined(),
  );

  it("formats back", () => {
    expect(formatGoDuration(3_600_000)).toBe("1h");
    expect(formatGoDuration(300_000)).toBe("5m");
    expect(formatGoDuration(5_430_000)).toBe("1h30m30s");
  });
});

describe("dnsNameProblem", () => {
  it.each([
    "example.com",
    "a.b.example.com",
    "*.example.com",
    "xn--bcher-kva.example",
    "localhost",
    "A-1.Example.COM",
  ])("accepts %s", (n) => expect(dnsNameProblem(n)).toBeUndefined());
  it.each([
    ["bad_name.example.com", /may contain only/],
    ["-lead.example.com", /may contain only/],
    ["a..b", /empty labels/],
    ["www.*.example.com", /first label/],
    ["w*.example.com", /whole label/],
    ["*", /domain after/],
    ["example.com.", /dot/],
    [`${"a".repeat(64)}.com`, /63/],
    ["", /empty/],
  ])("refuses %s", (n, why) => expect(dnsNameProblem(n)).toMatch(why));
});

describe("isIP", () => {
  it.each([
    "10.0.0.1",
    "255.255.255.255",
    "::1",
    "2001:db8::1",
    "fe80::1:2:3:4",
    "::ffff:10.0.0.1",
    "1:2:3:4:5:6:7:8",
  ])("accepts %s", (ip) => expect(isIP(ip)).toBe(true));
  it.each(["256.0.0.1", "10.0.0", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1", "example.com", ""])(
    "refuses %s",
    (ip) => expect(isIP(ip)).toBe(false),
  );
});

describe("uriProblem and emailProblem", () => {
  it("accepts absolute URIs and bare addresses", () => {
    expect(uriProblem("spiffe://cluster.local/ns/tls/sa/api")).toBeUndefined();
    expect(uriProblem("https://example.com/x")).toBeUndefined();
    expect(emailProblem("apisix@apache.org")).toBeUndefined();
  });
  it("refuses relative URIs, display names and domain-less addresses", () => {
    expect(uriProblem("/relative/path")).toMatch(/scheme/);
    expect(uriProblem("spiffe://a b")).toMatch(/spaces/);
    expect(emailProblem("Curl <curl@localhost.dev>")).toMatch(/address itself/);
    expect(emailProblem("nobody")).toMatch(/user@example.com/);
    expect(emailProblem("a@bad_domain")).toMatch(/domain/);
  });
});
