/**
 * Runs once when the Next.js server starts (after it listens, before it answers): hooks every
 * listening HTTP server so requests carry their true peer address (lib/auth/peer.ts), and with
 * `TRUSTDECK_AUTH=none` stops the process unless it listens on loopback addresses only.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { guardListeningServers } = await import("@/lib/auth/listen-guard");
  guardListeningServers();
}
