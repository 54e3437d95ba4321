import "server-only";
import { getEnv } from "@/lib/env";
import { sessionFromCookieHeader } from "./session";
import { clientAddress } from "./sign-in-limit";

/** Whom an SSE stream counts against: the session, else the client address. */
export async function streamOwner(req: Request): Promise<string> {
  const session = await sessionFromCookieHeader(req.headers.get("cookie"));
  return session ? `session:${session.id}` : `address:${clientAddress(req.headers)}`;
}

/** The 429 answer when a session already holds `TRUSTDECK_MAX_STREAMS_PER_SESSION` streams. */
export function tooManyStreams(): Response {
  const max = getEnv().maxStreamsPerSession;
  return Response.json(
    {
      error: {
        message: `too many live-update streams open for this session (at most ${max}, TRUSTDECK_MAX_STREAMS_PER_SESSION); close other tabs`,
        status: 429,
      },
    },
    { status: 429, headers: { "cache-control": "no-store", "retry-after": "5" } },
  );
}
