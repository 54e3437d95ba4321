import http from "node:http";
import { getEnv } from "@/lib/env";
import { listeningAddresses, listeningServers, noAuthBindProblem, stampPeers } from "./peer";
import { signInToken } from "./settings";

/**
 * Server start (`instrumentation.ts`): stamps the peer address on every request of every listening
 * HTTP server, and with `TRUSTDECK_AUTH=none` exits with status 1 unless every one listens on a
 * loopback address (`next start` without `-H`, or the standalone `server.js` with HOSTNAME unset,
 * listen on every interface). In local mode without `TRUSTDECK_AUTH_TOKEN` (the Docker image's
 * `node server.js`), prints the sign-in URL of the token this process made, which nobody could
 * see otherwise (`npm start` sets the token itself and prints the URL).
 */
export function guardListeningServers(): void {
  const servers = listeningServers();
  for (const s of servers) if (s instanceof http.Server) stampPeers(s);
  const env = getEnv();
  if (env.auth.mode === "local" && !env.auth.token) {
    const addr = servers[0]?.address();
    if (addr && typeof addr === "object") {
      const shown = ["0.0.0.0", "::"].includes(addr.address)
        ? "127.0.0.1"
        : addr.address.includes(":")
          ? `[${addr.address}]`
          : addr.address;
      console.log(
        `[trustdeck] sign in (valid until the server stops): http://${shown}:${addr.port}/api/auth/signin?token=${encodeURIComponent(signInToken())}`,
      );
    }
  }
  if (env.auth.mode !== "none") return;
  const problem = noAuthBindProblem(listeningAddresses(servers));
  if (problem) {
    console.error(`[trustdeck] ${problem}`);
    process.exit(1);
  }
}
