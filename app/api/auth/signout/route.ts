import { NextResponse } from "next/server";
import { clearSessionCookies, requestIsHttps } from "@/lib/auth/cookies";
import { destroySession, sessionFromCookieHeader } from "@/lib/auth/session";
import { accessKeyOf, dropAccessCache } from "@/lib/k8s/access-filter";
import { auditLog } from "@/lib/security/audit-log";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Ends the session: forgets it server-side (and with it a token-mode bearer token) and expires the cookies. */
export const POST = route({
  route: "/api/auth/signout",
  handler: ({ req }) => {
    const session = sessionFromCookieHeader(req.headers.get("cookie"));
    if (session) destroySession(session.id);
    // Forget what this person's token was allowed to list (lib/k8s/access-filter.ts).
    if (session?.token) dropAccessCache(accessKeyOf(session.token));
    const res = NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
    clearSessionCookies(res, requestIsHttps(req));
    auditLog({ who: session?.username ?? "anonymous", action: "sign-out", object: "session", result: "ok" });
    return res;
  },
});
