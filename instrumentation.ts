/**
 * Runs once when the server starts (Next.js instrumentation hook, after it listens and before it
 * answers): every setting is parsed here, so an invalid one stops the server at once, naming the
 * variable, instead of failing the first request. Then every listening HTTP server is hooked so
 * requests carry their true peer address (lib/auth/peer.ts), and with `TRUSTDECK_AUTH=none` the
 * process stops unless it listens on loopback addresses only. With `TRUSTDECK_SESSION_REVOCATIONS`
 * the shared sign-out list is followed from here on.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { EnvError, getEnv } = await import("@/lib/env");
  try {
    getEnv();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(`[trustdeck] ${err.message}`);
    process.exit(1);
  }
  const { guardListeningServers } = await import("@/lib/auth/listen-guard");
  guardListeningServers();
  const revocations = getEnv().session.revocations;
  if (revocations) {
    const { startSharedRevocations } = await import("@/lib/k8s/session-revocations");
    startSharedRevocations(revocations);
  }
}
