import { NextResponse } from "next/server";
import { requestIsHttps } from "@/lib/auth/cookies";
import { safeNextPath } from "@/lib/auth/next-path";
import { beginSignIn, OIDC_FLOW_COOKIE, OIDC_FLOW_SECONDS, OidcError } from "@/lib/auth/oidc";
import { publicOrigin } from "@/lib/auth/origin";
import { cookieName } from "@/lib/auth/session";
import { authMode } from "@/lib/auth/settings";
import { auditLog } from "@/lib/security/audit-log";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

function redirect(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/**
 * `GET /api/auth/oidc/login?next=/path`: starts the sign-in at the identity provider (code flow with
 * PKCE). Sets the sealed flow cookie (HttpOnly, SameSite=Lax so it comes back with the provider's
 * redirect, 10 minutes) and sends the browser to the provider; a provider that cannot be reached
 * goes back to /signin with the reason.
 */
export const GET = route({
  route: "/api/auth/oidc/login",
  handler: async ({ req }) => {
    if (authMode() !== "oidc") return redirect("/signin");
    const next = safeNextPath(new URL(req.url).searchParams.get("next"));
    try {
      const { url, flow } = await beginSignIn(publicOrigin(req), next);
      const res = redirect(url);
      const secure = requestIsHttps(req);
      res.cookies.set(cookieName(OIDC_FLOW_COOKIE, secure), flow, {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure,
        maxAge: OIDC_FLOW_SECONDS,
      });
      return res;
    } catch (err) {
      const code = err instanceof OidcError ? err.code : "failed";
      auditLog({
        who: "anonymous",
        action: "sign-in",
        object: "oidc",
        result: "error",
        detail: err instanceof Error ? err.message : String(err),
      });
      return redirect(`/signin?error=oidc-${code}`);
    }
  },
});
