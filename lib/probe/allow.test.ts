import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProbeTarget, isAlwaysRefused, normalizeAddress } from "./allow";
import { probeAllowList } from "./settings";

const everything = probeAllowList({ TRUSTDECK_PROBE_ALLOW: "*:*" });

const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** Every way of writing the IPv6 address whose 8 groups are `g`. */
function ipv6Forms(g: number[]): string[] {
  const expanded = g.map(hex4).join(":");
  const short = g.map((x) => x.toString(16)).join(":");
  // compress the longest run of zero groups (RFC 5952 style) and, separately, the first run
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > best[1]! && j - i > 1) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const compressed =
    best[0]! < 0
      ? short
      : `${g
          .slice(0, best[0])
          .map((x) => x.toString(16))
          .join(":")}::${g
          .slice(best[0]! + best[1]!)
          .map((x) => x.toString(16))
          .join(":")}`;
  const forms = [expanded, short, compressed];
  return [...forms, ...forms.map((f) => f.toUpperCase()), ...forms.map((f) => `[${f}]`)];
}

/** Every way of writing an IPv4 address inside IPv6 and alone. */
function ipv4Forms(o: number[]): string[] {
  const dotted = o.join(".");
  const hi = (o[0]! << 8) | o[1]!;
  const lo = (o[2]! << 8) | o[3]!;
  return [
    dotted,
    `::ffff:${dotted}`,
    `::FFFF:${dotted}`,
    `0:0:0:0:0:ffff:${dotted}`,
    `0000:0000:0000:0000:0000:ffff:${dotted}`,
    `[::ffff:${dotted}]`,
    `64:ff9b::${dotted}`,
    ...ipv6Forms([0, 0, 0, 0, 0, 0xffff, hi, lo]),
    ...ipv6Forms([0x64, 0xff9b, 0, 0, 0, 0, hi, lo]),
    `::${dotted}`,
  ];
}

const byte = fc.integer({ min: 0, max: 255 });
const word = fc.integer({ min: 0, max: 0xffff });

function refusedUnderStar(form: string) {
  const bare = form.replace(/^\[|\]$/g, "");
  expect(net.isIP(bare), form).not.toBe(0);
  const r = checkProbeTarget(form, 443, [bare], everything);
  expect(r.ok, form).toBe(false);
  expect(isAlwaysRefused(form), form).toBe(true);
  // the same address returned by DNS for an innocent-looking name
  expect(checkProbeTarget("innocent.example", 443, ["127.0.0.1", bare], everything).ok, form).toBe(false);
}

describe("probe targets never reach link-local or metadata addresses, in any spelling", () => {
  it("169.254.0.0/16 in every textual form is refused under *:*", () => {
    fc.assert(
      fc.property(byte, byte, (c, d) => {
        for (const form of ipv4Forms([169, 254, c, d])) refusedUnderStar(form);
      }),
      { numRuns: 300 },
    );
  });

  it("fe80::/10 in every textual form is refused under *:*", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0xfe80, max: 0xfebf }),
        fc.array(word, { minLength: 7, maxLength: 7 }),
        (first, rest) => {
          for (const form of ipv6Forms([first, ...rest])) refusedUnderStar(form);
        },
      ),
      { numRuns: 300 },
    );
    // with runs of zeros, the likeliest spellings
    for (const form of ipv6Forms([0xfe80, 0, 0, 0, 0, 0, 0, 1])) refusedUnderStar(form);
  });

  it("AWS's fd00:ec2::254 in every textual form is refused under *:*", () => {
    for (const form of ipv6Forms([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254])) refusedUnderStar(form);
    refusedUnderStar("fd00:ec2:0::254");
    refusedUnderStar("FD00:0EC2::0254");
  });

  it("other addresses stay allowed under *:*", () => {
    fc.assert(
      fc.property(byte, byte, byte, byte, (a, b, c, d) => {
        fc.pre(!(a === 169 && b === 254) && !(a === 100 && b === 100 && c === 100 && d === 200));
        expect(checkProbeTarget(`${a}.${b}.${c}.${d}`, 443, [`${a}.${b}.${c}.${d}`], everything).ok).toBe(
          true,
        );
      }),
    );
    expect(checkProbeTarget("::1", 443, ["::1"], everything).ok).toBe(true);
    expect(checkProbeTarget("fd00:ec2::253", 443, ["fd00:ec2::253"], everything).ok).toBe(true);
  });

  it("normalises mapped, compatible and NAT64 forms to IPv4", () => {
    expect(normalizeAddress("::ffff:a9fe:a9fe")).toEqual({ address: "169.254.169.254", family: "ipv4" });
    expect(normalizeAddress("0:0:0:0:0:ffff:169.254.169.254")).toEqual({
      address: "169.254.169.254",
      family: "ipv4",
    });
    expect(normalizeAddress("64:ff9b::a9fe:a9fe")).toEqual({ address: "169.254.169.254", family: "ipv4" });
    expect(normalizeAddress("[FD00:EC2::254]")).toEqual({
      address: "fd00:ec2:0:0:0:0:0:254",
      family: "ipv6",
    });
    expect(normalizeAddress("::1")).toEqual({ address: "0:0:0:0:0:0:0:1", family: "ipv6" });
    expect(normalizeAddress("example.com")).toBeUndefined();
  });
});

describe("IP-shaped patterns are CIDR ranges checked against every resolved address", () => {
  const tenNet = probeAllowList({ TRUSTDECK_PROBE_ALLOW: "10.*:443" });

  it("10.*:443 covers 10.0.0.0/8, not the name 10.attacker.example", () => {
    expect(tenNet[0]).toMatchObject({ kind: "cidr", network: "10.0.0.0", prefix: 8 });
    expect(checkProbeTarget("10.1.2.3", 443, ["10.1.2.3"], tenNet).ok).toBe(true);
    expect(checkProbeTarget("10.attacker.example", 443, ["203.0.113.9"], tenNet)).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /10\.attacker\.example:443 \(203\.0\.113\.9\) is not in TRUSTDECK_PROBE_ALLOW/,
      ),
    });
    // a name resolving inside the range is allowed; one of several addresses outside it is not
    expect(checkProbeTarget("db.internal", 443, ["10.9.9.9"], tenNet).ok).toBe(true);
    expect(checkProbeTarget("db.internal", 443, ["10.9.9.9", "198.51.100.1"], tenNet).ok).toBe(false);
    expect(checkProbeTarget("10.1.2.3", 8443, ["10.1.2.3"], tenNet).ok).toBe(false);
  });

  it("any name resolving outside an IP pattern is refused (property)", () => {
    const list = probeAllowList({ TRUSTDECK_PROBE_ALLOW: "10.0.0.0/8:*,[fd00::/8]:*,192.168.*:443" });
    fc.assert(
      fc.property(
        fc.domain(),
        fc.ipV4().filter((a) => !a.startsWith("10.") && !a.startsWith("192.168.")),
        (name, outside) => {
          expect(checkProbeTarget(name, 443, [outside], list).ok).toBe(false);
          expect(checkProbeTarget(name, 443, ["10.0.0.1", outside], list).ok).toBe(false);
        },
      ),
    );
  });

  it("parses CIDR and refuses patterns that are neither a range nor a name", () => {
    expect(probeAllowList({ TRUSTDECK_PROBE_ALLOW: "[fd00::/8]:443" })[0]).toMatchObject({
      kind: "cidr",
      family: "ipv6",
      prefix: 8,
    });
    for (const bad of ["10.*.3.4:443", "10.0.0.0/40:443", "10.0.0:443", "*.example/8:443"]) {
      expect(() => probeAllowList({ TRUSTDECK_PROBE_ALLOW: bad }), bad).toThrow(/TRUSTDECK_PROBE_ALLOW/);
    }
  });
});
