import http from "node:http";
import { getEnv } from "@/lib/env";
import { listeningAddresses, listeningServers, noAuthBindProblem, stampPeers } from "./peer";

/**
 * Server start (`instrumentation.ts`): stamps the peer address on every request of every listening
 * HTTP server, and with `TRUSTDECK_AUTH=none` exits with status 1 unless every one listens on a
 * loopback address (`next start` without `-H`, or the standalone `server.js` with HOSTNAME unset,
 * listen on every interface).
 */
export function guardListeningServers(): void {
  const servers = listeningServers();
  for (const s of servers) if (s instanceof http.Server) stampPeers(s);
  if (getEnv().auth.mode !== "none") return;
  const problem = noAuthBindProblem(listeningAddresses(servers));
  if (problem) {
    console.error(`[trustdeck] ${problem}`);
    process.exit(1);
  }
}
