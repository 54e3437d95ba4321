/**
 * The Node.js half of the instrumentation hook (see instrumentation.ts). Kept in its own module so
 * the Edge build of the hook never sees Node-only APIs such as `process.exit` (Next.js's documented
 * pattern: import the Node code only when `NEXT_RUNTIME === "nodejs"`).
 */
import { EnvError, getEnv } from "@/lib/env";

export async function registerNode(): Promise<void> {
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
