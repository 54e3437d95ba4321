import { requestIsHttps } from "@/lib/auth/cookies";
import { contextBodySchema } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { CONTEXT_COOKIE, isKnownContext, listContexts } from "@/lib/k8s/config";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route({
  route: "/api/contexts",
  handler: ({ ctx }) => {
    const { names, current } = listContexts();
    return { contexts: names, current: ctx.kube ?? current, default: current };
  },
});

/** Body `{ name }`: remembers the chosen context in the `trustdeck-context` cookie. */
export const POST = route({
  route: "/api/contexts",
  body: contextBodySchema.refine((b) => isKnownContext(b.name), {
    path: ["name"],
    message: "is not a context of the kubeconfig",
  }),
  handler: ({ req, body }) => {
    const secure = requestIsHttps(req) ? "; Secure" : ""; // X-Forwarded-Proto too (TLS-terminating proxy)
    return json({ current: body.name }, 200, {
      "set-cookie": `${CONTEXT_COOKIE}=${encodeURIComponent(body.name)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000${secure}`,
    });
  },
});
