import { NextResponse } from "next/server";
import { setSessionCookies } from "@/lib/auth/cookies";
import { destroySession, sessionFromCookieHeader } from "@/lib/auth/session";
import { authMode } from "@/lib/auth/settings";
import { isLocalSignInToken, openLocalSession, signInBody, signInWithKubeToken } from "@/lib/auth/sign-in";
import { clientAddress, recordSignInFailure, signInAllowed, tooManySignIns } from "@/lib/auth/sign-in-limit";
import type { SignInResponse } from "@/lib/auth/types";
import { HttpError, readJsonBody, toErrorResponse } from "@/lib/http/errors";
import { auditLog } from "@/lib/security/audit-log";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

const WRONG_TOKEN = "wrong sign-in token: open the sign-in URL printed by the server";

function redirect(location: string): NextResponse {
  // Relative on purpose: behind `next start`, req.url names localhost rather than the Host asked for.
  return new NextResponse(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/** 429 when this address has failed too often (issue 16 item 4: failures only, real address). */
function limited(address: string): Response | undefined {
  const gate = signInAllowed(address);
  if (gate.ok) return undefined;
  return NextResponse.json(
    { error: { message: tooManySignIns(gate.retryAfterSeconds), status: 429 } },
    { status: 429, headers: { "retry-after": String(gate.retryAfterSeconds), "cache-control": "no-store" } },
  );
}

async function dropPreviousSession(req: Request): Promise<void> {
  const previous = await sessionFromCookieHeader(req.headers.get("cookie"));
  if (previous) await destroySession(previous);
}

/** Local mode: the sign-in URL `GET /api/auth/signin?token=...` sets the session and goes to `/`. */
export const GET = route({
  route: "/api/auth/signin",
  handler: async ({ req }) => {
    const mode = authMode();
    if (mode === "none") return redirect("/");
    if (mode === "token" || mode === "oidc") return redirect("/signin");
    const address = clientAddress(req.headers);
    const refused = limited(address);
    if (refused) return refused;
    const token = new URL(req.url).searchParams.get("token");
    if (!isLocalSignInToken(token)) {
      recordSignInFailure(address);
      auditLog({
        who: "anonymous",
        action: "sign-in",
        object: "local",
        result: "refused",
        detail: "wrong token",
      });
      if ((req.headers.get("accept") ?? "").includes("text/html")) return redirect("/signin?error=token");
      throw new HttpError(401, WRONG_TOKEN);
    }
    await dropPreviousSession(req);
    const { session, cookie } = await openLocalSession();
    const res = redirect("/");
    setSessionCookies(res, req, cookie, session.csrf, mode);
    auditLog({ who: "local-user", action: "sign-in", object: "local", result: "ok" });
    return res;
  },
});

/** `{ token }`: the local sign-in token, or in token mode a Kubernetes bearer token (checked by the cluster). */
export const POST = route({ route: "/api/auth/signin", handler: signIn });

async function signIn({ req }: { req: Request }): Promise<Response> {
  let who = "anonymous";
  const address = clientAddress(req.headers);
  try {
    const refused = limited(address);
    if (refused) return refused;
    const mode = authMode();
    if (mode === "none") {
      return NextResponse.json({ ok: true, mode, user: null } satisfies SignInResponse);
    }
    if (mode === "oidc") {
      throw new HttpError(409, "this server signs in with the identity provider: open /api/auth/oidc/login");
    }
    const { token } = await readJsonBody(req, signInBody, 32_768);
    let created: Awaited<ReturnType<typeof openLocalSession>>;
    let user: SignInResponse["user"] = null;
    if (mode === "local") {
      if (!isLocalSignInToken(token)) throw new HttpError(401, WRONG_TOKEN);
      created = await openLocalSession();
      who = "local-user";
    } else {
      const signedIn = await signInWithKubeToken(req, token);
      created = signedIn;
      user = { username: signedIn.identity.username, groups: signedIn.identity.groups };
      who = signedIn.identity.username;
    }
    await dropPreviousSession(req);
    const res = NextResponse.json({ ok: true, mode, user } satisfies SignInResponse, {
      headers: { "cache-control": "no-store" },
    });
    setSessionCookies(res, req, created.cookie, created.session.csrf, mode);
    auditLog({ who, action: "sign-in", object: mode, result: "ok" });
    return res;
  } catch (err) {
    const out = toErrorResponse(err);
    if (out.status === 401) recordSignInFailure(address);
    auditLog({
      who,
      action: "sign-in",
      object: "signin",
      result: out.status === 401 ? "refused" : "error",
      detail: `HTTP ${out.status}`,
    });
    return out;
  }
}
