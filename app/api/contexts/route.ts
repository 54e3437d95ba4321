import { requestIsHttps } from "@/lib/auth/cookies";
import { getEnv } from "@/lib/env";
import { readJsonBody, toErrorResponse } from "@/lib/http/errors";
import { contextBodySchema } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { CONTEXT_COOKIE, contextFromRequest, isKnownContext, listContexts } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withMetrics(async (req: Request) => {
  try {
    const { names, current } = listContexts();
    return json({ contexts: names, current: contextFromRequest(req) ?? current, default: current });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/contexts");

/** Body `{ name }`: remembers the chosen context in the `trustdeck-context` cookie. */
export const POST = withMetrics(async (req: Request) => {
  try {
    const schema = contextBodySchema.refine((b) => isKnownContext(b.name), {
      path: ["name"],
      message: "is not a context of the kubeconfig",
    });
    const { name } = await readJsonBody(req, schema, getEnv().maxBodyBytes);
    const secure = requestIsHttps(req) ? "; Secure" : ""; // X-Forwarded-Proto too (TLS-terminating proxy)
    return json({ current: name }, 200, {
      "set-cookie": `${CONTEXT_COOKIE}=${encodeURIComponent(name)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000${secure}`,
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/contexts");
