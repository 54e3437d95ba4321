/**
 * Who is really on the other end of a request, and where the server really listens.
 *
 * Next.js gives neither to the proxy or a route: `X-Forwarded-For` and `Host` are whatever the
 * client sent (Next only fills X-Forwarded-For in when it is absent). So `instrumentation.ts`
 * hooks the HTTP server at start: every request gets {@link PEER_HEADER} set from the socket's
 * remote address, tagged with a per-process secret so that a client cannot send one of its own.
 *
 * No `server-only` import: `proxy.ts` imports this module. State lives on `globalThis` (see
 * session.ts for why).
 */
import crypto from "node:crypto";
import type http from "node:http";
import net from "node:net";
import { isLoopbackHost } from "./settings";

/** Request header carrying `<secret> <remote address>`, set by the server hook, never by a client. */
export const PEER_HEADER = "x-trustdeck-peer";

interface PeerState {
  secret: string;
  hooked: WeakSet<object>;
}

const STATE_KEY = Symbol.for("trustdeck.peer.state");

function state(): PeerState {
  const g = globalThis as unknown as Record<symbol, PeerState | undefined>;
  let s = g[STATE_KEY];
  if (!s) {
    s = { secret: crypto.randomBytes(24).toString("base64url"), hooked: new WeakSet() };
    g[STATE_KEY] = s;
  }
  return s;
}

/** The {@link PEER_HEADER} value the server hook sets for a socket whose remote address is `address`. */
export function peerStamp(address: string): string {
  return `${state().secret} ${address}`;
}

/**
 * The socket's remote address as stamped by the server hook, or undefined when the request was not
 * stamped (no hook installed) or the stamp is forged. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is
 * returned as the IPv4 address.
 */
export function peerAddress(headers: Headers): string | undefined {
  const value = headers.get(PEER_HEADER);
  if (!value) return undefined;
  const space = value.indexOf(" ");
  if (space <= 0) return undefined;
  const secret = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(state().secret);
  if (secret.length !== expected.length || !crypto.timingSafeEqual(secret, expected)) return undefined;
  const address = value.slice(space + 1).trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped ?? (net.isIP(address) ? address : undefined);
}

/** True when the request provably came from this machine's loopback interface. */
export function fromLoopbackPeer(headers: Headers): boolean {
  const peer = peerAddress(headers);
  return !!peer && isLoopbackHost(peer.includes(":") ? `[${peer}]` : peer);
}

/**
 * Hooks `server` so that every request carries a genuine {@link PEER_HEADER} (a client's own
 * header of that name is overwritten). Idempotent.
 */
export function stampPeers(server: http.Server): void {
  const s = state();
  if (s.hooked.has(server)) return;
  s.hooked.add(server);
  server.prependListener("request", (req: http.IncomingMessage) => {
    req.headers[PEER_HEADER] = peerStamp(req.socket.remoteAddress ?? "");
  });
}

/**
 * The listening TCP servers of this process (Node keeps them as active handles; there is no public
 * API that lists them). Empty when none can be found.
 */
export function listeningServers(): net.Server[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter(
    (h): h is net.Server => h instanceof net.Server && h.listening && typeof h.address() === "object",
  );
}

/** The addresses `servers` listen on (`0.0.0.0` and `::` mean every interface). */
export function listeningAddresses(servers: readonly net.Server[] = listeningServers()): string[] {
  return servers.map((s) => (s.address() as net.AddressInfo).address);
}

/**
 * Why `TRUSTDECK_AUTH=none` must not serve on these listening addresses, or undefined when every
 * one is a loopback address. Fails closed: no known address (nothing to check) is refused too.
 * Pure. Source of the rule: SECURITY.md "Sign-in", issue 16 item 3.
 * @param addresses what the server listens on, e.g. `["127.0.0.1"]` or `["::"]`.
 */
export function noAuthBindProblem(addresses: readonly string[]): string | undefined {
  if (addresses.length === 0) {
    return "refusing to serve: TRUSTDECK_AUTH=none (no sign-in) but the listening address is unknown; start the server with -H 127.0.0.1 (npm start does).";
  }
  const open = addresses.find((a) => !isLoopbackHost(a.includes(":") ? `[${a}]` : a));
  if (open === undefined) return undefined;
  const shown = open === "::" || open === "0.0.0.0" ? `${open} (every interface)` : open;
  return `refusing to serve: TRUSTDECK_AUTH=none (no sign-in) while listening on ${shown}, which is not a loopback address. Anyone who can reach it would control your certificates. Listen on 127.0.0.1 (next start -H 127.0.0.1, HOSTNAME=127.0.0.1 for the standalone server.js) or use TRUSTDECK_AUTH=local or token.`;
}
