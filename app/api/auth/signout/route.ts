import { NextResponse } from "next/server";
import { clearSessionCookies, requestIsHttps } from "@/lib/auth/cookies";
import { endProviderSession } from "@/lib/auth/oidc";
import { publicOrigin } from "@/lib/auth/origin";
import { destroySession, sessionFromCookieHeader } from "@/lib/auth/session";
import { accessKeyOf, dropAccessCache } from "@/lib/k8s/access-filter";
import { auditLog } from "@/lib/security/audit-log";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/**
 * Ends the session on every replica (its id joins the revocation list; with it a token-mode bearer
 * token or the oidc tokens are gone) and expires the cookies. In oidc mode it also revokes the
 * refresh token at the provider and answers `logoutUrl`, the provider's end-session URL
 * (RP-initiated logout), for the browser to open when the provider offers one.
 */
export const POST = route({
  route: "/api/auth/signout",
  handler: async ({ req }) => {
    const session = await sessionFromCookieHeader(req.headers.get("cookie"));
    let logoutUrl: string | undefined;
    let problem: string | undefined;
    if (session) {
      try {
        await destroySession(session);
      } catch (err) {
        // Refused here already; other replicas learn it only through the shared list.
        problem = `signed out on this server, but the shared sign-out list could not be written: ${err instanceof Error ? err.message : err}`;
      }
      // Forget what this person's token was allowed to list; their open SSE streams end
      // (lib/k8s/access-filter.ts).
      const bearer = session.token ?? session.oidc?.idToken;
      if (bearer) dropAccessCache(accessKeyOf(bearer));
      if (session.mode === "oidc") logoutUrl = await endProviderSession(session, publicOrigin(req));
    }
    const res = NextResponse.json(
      { ok: true, ...(logoutUrl ? { logoutUrl } : {}), ...(problem ? { problem } : {}) },
      { headers: { "cache-control": "no-store" } },
    );
    clearSessionCookies(res, requestIsHttps(req));
    auditLog({
      who: session?.username ?? "anonymous",
      action: "sign-out",
      object: "session",
      result: problem ? "error" : "ok",
      ...(problem ? { detail: problem } : {}),
    });
    return res;
  },
});
