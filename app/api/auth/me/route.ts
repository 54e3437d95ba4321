import { destroySession, sessionFromCookieHeader } from "@/lib/auth/session";
import { authMode } from "@/lib/auth/settings";
import type { AuthMeResponse } from "@/lib/auth/types";
import { getEnv, personalCredentials } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { KubeError } from "@/lib/k8s/errors";
import { reviewSelf } from "@/lib/k8s/self-subject-review";
import { scrubSecrets } from "@/lib/security/scrub";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** oidc mode: the provider's name, for the sign-in button and the header. */
function providerField(mode: AuthMeResponse["mode"]): Pick<AuthMeResponse, "provider"> {
  const oidc = mode === "oidc" ? getEnv().oidc : undefined;
  return oidc ? { provider: oidc.providerName } : {};
}

function reply(body: AuthMeResponse): Response {
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}

/**
 * The sign-in mode, whether this browser is signed in, and who the cluster says its requests run as.
 * (The route wrapper runs the SelfSubjectReview with the session's token in token mode.)
 */
export const GET = route({
  route: "/api/auth/me",
  handler: async ({ req, ctx }) => {
    const mode = authMode();
    const session = await sessionFromCookieHeader(req.headers.get("cookie"));
    const signedIn = mode === "none" || !!session;
    if (!signedIn) return reply({ mode, signedIn, user: null, ...providerField(mode) });
    try {
      const identity = await reviewSelf(ctx.kube);
      return reply({
        mode,
        signedIn,
        user: { username: identity.username, groups: identity.groups },
        ...providerField(mode),
      });
    } catch (err) {
      if (personalCredentials(mode) && session && err instanceof KubeError && err.status === 401) {
        await destroySession(session).catch(() => undefined);
        throw new HttpError(401, "the cluster no longer accepts your token: sign in again");
      }
      const problem = scrubSecrets(err instanceof Error ? err.message : String(err));
      return reply({
        mode,
        signedIn,
        user: null,
        problem: `could not ask the cluster who you are: ${problem}`,
      });
    }
  },
});
