import { NextResponse } from "next/server";
import { requestIsHttps, setSessionCookies } from "@/lib/auth/cookies";
import { finishSignIn, OIDC_FLOW_COOKIE, OidcError } from "@/lib/auth/oidc";
import {
  cookieName,
  createSession,
  destroySession,
  readPrefixedCookie,
  sessionFromCookieHeader,
} from "@/lib/auth/session";
import { authMode } from "@/lib/auth/settings";
import { accessKeyOf, dropAccessCache } from "@/lib/k8s/access-filter";
import { auditLog } from "@/lib/security/audit-log";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

function redirect(location: string): NextResponse {
  // Relative on purpose: behind `next start`, req.url names localhost rather than the Host asked for.
  return new NextResponse(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/**
 * `GET /api/auth/oidc/callback?code=...&state=...` (or `?error=...`): where the identity provider
 * sends the browser back. Checks the answer against this browser's flow cookie, redeems the code,
 * opens a sealed session holding the ID and refresh tokens, and goes on to where the person was
 * going. Any failure goes to /signin with a plain reason (state mismatch, denied, provider down).
 */
export const GET = route({
  route: "/api/auth/oidc/callback",
  handler: async ({ req }) => {
    if (authMode() !== "oidc") return redirect("/signin");
    const secure = requestIsHttps(req);
    const flowCookie = readPrefixedCookie(req.headers.get("cookie"), OIDC_FLOW_COOKIE);
    let res: NextResponse;
    try {
      const signedIn = await finishSignIn(new URL(req.url), flowCookie);
      const previous = await sessionFromCookieHeader(req.headers.get("cookie"));
      if (previous) await destroySession(previous).catch(() => undefined);
      const { session, cookie } = await createSession("oidc", {
        oidc: signedIn.tokens,
        username: signedIn.username,
        groups: signedIn.groups,
      });
      // A fresh sign-in asks RBAC afresh (lib/k8s/access-filter.ts), as token sign-in does.
      dropAccessCache(accessKeyOf(signedIn.tokens.idToken));
      res = redirect(signedIn.next);
      setSessionCookies(res, req, cookie, session.csrf, "oidc");
      auditLog({ who: signedIn.username, action: "sign-in", object: "oidc", result: "ok" });
    } catch (err) {
      const code = err instanceof OidcError ? err.code : "failed";
      auditLog({
        who: "anonymous",
        action: "sign-in",
        object: "oidc",
        result: code === "denied" || code === "state" ? "refused" : "error",
        detail: err instanceof Error ? err.message : String(err),
      });
      res = redirect(`/signin?error=oidc-${code}`);
    }
    res.cookies.set(cookieName(OIDC_FLOW_COOKIE, secure), "", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure,
      maxAge: 0,
    });
    return res;
  },
});
