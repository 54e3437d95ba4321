/**
 * Runs once when the server starts (Next.js instrumentation hook): every setting is parsed here, so
 * an invalid one stops the server at once, naming the variable, instead of failing the first request.
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
}
