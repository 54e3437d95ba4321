import http from "node:http";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  fromLoopbackPeer,
  listeningAddresses,
  listeningServers,
  noAuthBindProblem,
  PEER_HEADER,
  peerAddress,
  peerStamp,
  stampPeers,
} from "./peer";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe("noAuthBindProblem (TRUSTDECK_AUTH=none needs a loopback bind)", () => {
  it("accepts loopback-only listeners", () => {
    expect(noAuthBindProblem(["127.0.0.1"])).toBeUndefined();
    expect(noAuthBindProblem(["::1", "127.0.0.2"])).toBeUndefined();
  });

  it("refuses every interface, a LAN address, and an unknown bind (fail closed)", () => {
    // next start without -H listens on "::"; the standalone server.js with HOSTNAME unset on 0.0.0.0.
    for (const open of [["::"], ["0.0.0.0"], ["192.168.1.20"], ["127.0.0.1", "::"], ["fe80::1"]]) {
      expect(noAuthBindProblem(open), open.join()).toMatch(/refusing to serve: TRUSTDECK_AUTH=none/);
    }
    expect(noAuthBindProblem([])).toMatch(/listening address is unknown/);
  });

  it("finds this process's real listening addresses", async () => {
    const s = http.createServer();
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    expect(listeningServers()).toContain(s);
    expect(listeningAddresses([s])).toEqual(["127.0.0.1"]);
  });
});

describe("peer address stamp", () => {
  it("judges by the socket, not by headers the client sends", async () => {
    const s = http.createServer((req, res) => {
      const headers = new Headers(req.headers as Record<string, string>);
      res.end(JSON.stringify({ peer: peerAddress(headers) ?? null, loopback: fromLoopbackPeer(headers) }));
    });
    stampPeers(s);
    stampPeers(s); // idempotent
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as net.AddressInfo).port;
    const body = await (
      await fetch(`http://127.0.0.1:${port}/`, {
        headers: {
          [PEER_HEADER]: "forged 203.0.113.7",
          "x-forwarded-for": "203.0.113.7",
          host: "evil.example",
        },
      })
    ).json();
    expect(body).toEqual({ peer: "127.0.0.1", loopback: true });
  });

  it("refuses unstamped and forged headers", () => {
    expect(peerAddress(new Headers())).toBeUndefined();
    expect(peerAddress(new Headers({ [PEER_HEADER]: "guess 127.0.0.1" }))).toBeUndefined();
    expect(fromLoopbackPeer(new Headers({ [PEER_HEADER]: "127.0.0.1" }))).toBe(false);
    expect(peerAddress(new Headers({ [PEER_HEADER]: peerStamp("::ffff:10.0.0.9") }))).toBe("10.0.0.9");
    expect(fromLoopbackPeer(new Headers({ [PEER_HEADER]: peerStamp("::1") }))).toBe(true);
    expect(fromLoopbackPeer(new Headers({ [PEER_HEADER]: peerStamp("10.0.0.9") }))).toBe(false);
    expect(peerAddress(new Headers({ [PEER_HEADER]: peerStamp("not-an-ip") }))).toBeUndefined();
  });
});
