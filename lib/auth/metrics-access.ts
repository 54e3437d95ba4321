import "server-only";
import crypto from "node:crypto";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { reviewToken, userMayAccessPath } from "@/lib/k8s/token-review";

/** How long an accepted or refused scraper token is remembered, in ms (Prometheus scrapes every 15-60 s). */
export const SCRAPER_DECISION_TTL_MS = 60_000;

const decisions = new Map<string, { at: number; allowed: boolean; who?: string; reason?: string }>();

/**
 * Checks a `/api/metrics` request's bearer token the way kube-rbac-proxy does: TokenReview (who
 * is it?), then SubjectAccessReview (may they `get` the non-resource URL `TRUSTDECK_METRICS_AUTH_PATH`,
 * default `/metrics`?). Decisions are cached per token hash for {@link SCRAPER_DECISION_TTL_MS}.
 * @returns the scraper's user name.
 * @throws HttpError 401 (token not authenticated) or 403 (authenticated but not allowed; names
 * the verb and path).
 */
export async function authorizeScraper(token: string): Promise<string> {
  const path = getEnv().metricsAuthPath;
  if (!path) throw new HttpError(401, "metrics need a session (TRUSTDECK_METRICS_AUTH_PATH is empty)");
  const key = crypto.createHash("sha256").update(token).digest("hex");
  const now = Date.now();
  let d = decisions.get(key);
  if (!d || now - d.at > SCRAPER_DECISION_TTL_MS) {
    const user = await reviewToken(token);
    if (!user) d = { at: now, allowed: false };
    else {
      const access = await userMayAccessPath(user, path);
      d = { at: now, allowed: access.allowed, who: user.username, reason: access.reason };
    }
    if (decisions.size > 1000) decisions.clear();
    decisions.set(key, d);
  }
  if (!d.who) throw new HttpError(401, "the cluster did not authenticate this bearer token (TokenReview)");
  if (!d.allowed) {
    throw new HttpError(
      403,
      `${d.who} may not get the non-resource URL ${path} (SubjectAccessReview)${d.reason ? `: ${d.reason}` : ""}`,
    );
  }
  return d.who;
}

/** Forgets cached scraper decisions (tests). */
export function resetScraperDecisions(): void {
  decisions.clear();
}
