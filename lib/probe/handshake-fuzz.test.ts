import net from "node:net";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  parseCertificateRequest12,
  readCertificateRequest,
  ServerFlightReader,
  tlsHandshake,
} from "./handshake";

// The probe reads a hostile server's bytes. Whatever they are, the reader never throws and the
// probe always resolves (issue 16 item 11).

const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);
beforeAll(() => process.on("uncaughtException", onUncaught));
afterAll(() => process.off("uncaughtException", onUncaught));

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A fake TLS server on 127.0.0.1 that answers any connection with `bytes`, then stays silent. */
async function fakeServer(bytes: Buffer): Promise<number> {
  const s = net.createServer((sock) => {
    sock.on("error", () => {});
    sock.on("data", () => {});
    sock.write(bytes);
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as net.AddressInfo).port;
}

const u24 = (n: number) => Buffer.from([(n >> 16) & 255, (n >> 8) & 255, n & 255]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 255, n & 255]);

/** A handshake message whose declared length may lie. */
const handshakeMessage = fc
  .record({
    type: fc.oneof(fc.constantFrom(2, 11, 12, 13, 14), fc.integer({ min: 0, max: 255 })),
    body: fc.uint8Array({ maxLength: 64 }),
    lie: fc.integer({ min: -3, max: 3 }),
  })
  .map(({ type, body, lie }) =>
    Buffer.concat([Buffer.from([type]), u24(Math.max(0, body.length + lie)), Buffer.from(body)]),
  );

/** A TLS record (mostly handshake) whose declared length may lie. */
const record = fc
  .record({
    type: fc.oneof(fc.constant(22), fc.constantFrom(20, 21, 23), fc.integer({ min: 0, max: 255 })),
    payload: fc.oneof(
      fc.array(handshakeMessage, { maxLength: 3 }).map((m) => Buffer.concat(m)),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
    ),
    lie: fc.integer({ min: -2, max: 2 }),
  })
  .map(({ type, payload, lie }) =>
    Buffer.concat([Buffer.from([type, 3, 3]), u16(Math.max(0, payload.length + lie)), payload]),
  );

const stream = fc.array(record, { minLength: 1, maxLength: 6 }).map((r) => Buffer.concat(r));

describe("ServerFlightReader under hostile bytes", () => {
  it("the reported record (a 1-byte ServerHello) is reported as malformed, not thrown", () => {
    const flight = new ServerFlightReader().push(Buffer.from("16030300050200000103", "hex"));
    expect(flight.done).toBe(true);
    expect(flight.malformed).toMatch(/ServerHello of 1 bytes/);
  });

  it("never throws, whatever the records and however they are split", () => {
    fc.assert(
      fc.property(stream, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }), (bytes, cuts) => {
        const reader = new ServerFlightReader();
        let o = 0;
        for (const cut of [...cuts, bytes.length]) {
          reader.push(bytes.subarray(o, o + cut));
          o += cut;
        }
        expect(Array.isArray(reader.flight.caNames)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("parseCertificateRequest12 never throws on random bodies", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        expect(Array.isArray(parseCertificateRequest12(Buffer.from(b)))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the probe against a fake server sending random records", () => {
  const target = (port: number) => ({
    address: "127.0.0.1",
    port,
    servername: "fuzz.example",
    timeoutMs: 1500,
  });

  it("resolves for the reported ServerHello, before its timeout, with no uncaught exception", async () => {
    const port = await fakeServer(Buffer.from("16030300050200000103", "hex"));
    const started = Date.now();
    const info = await readCertificateRequest(target(port));
    expect(info).toEqual({ tls12: false, requested: false, caNames: [] });
    expect(Date.now() - started).toBeLessThan(1500);
    const hs = await tlsHandshake(target(port));
    expect(hs.ok).toBe(false);
    expect(uncaught).toEqual([]);
  });

  it("always resolves, whatever the server sends (bounded: 25 servers)", async () => {
    const samples = fc.sample(stream, { numRuns: 25, seed: 16_011 });
    for (const bytes of samples) {
      const port = await fakeServer(bytes);
      const [info, hs] = await Promise.all([
        readCertificateRequest(target(port)),
        tlsHandshake(target(port)),
      ]);
      expect(Array.isArray(info.caNames)).toBe(true);
      expect(hs.ok).toBe(false);
    }
    expect(uncaught).toEqual([]);
  });
});
