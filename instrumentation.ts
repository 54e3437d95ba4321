/**
 * Runs once when the server starts (Next.js instrumentation hook, after it listens and before it
 * answers): every setting is parsed here, so an invalid one stops the server at once, naming the
 * variable, instead of failing the first request. Then every listening HTTP server is hooked so
 * requests carry their true peer address (lib/auth/peer.ts), and with `TRUSTDECK_AUTH=none` the
 * process stops unless it listens on loopback addresses only. With `TRUSTDECK_SESSION_REVOCATIONS`
 * the shared sign-out list is followed from here on. The work is in instrumentation-node.ts.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerNode } = await import("./instrumentation-node");
  await registerNode();
}
