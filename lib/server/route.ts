import "server-only";
import type { z } from "zod";
import type { WriteAction } from "@/lib/actions/write-table";
import { getEnv, READ_ONLY_MESSAGE } from "@/lib/env";
import { HttpError, readJsonBody, toErrorResponse } from "@/lib/http/errors";
import { searchParamsObject } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { runWithUserToken } from "@/lib/k8s/config";
import { recordHttpRequest } from "@/lib/metrics/http";
import { auditLog } from "@/lib/security/audit-log";
import { type RequestContext, requestContext } from "./context";

/**
 * The one route wrapper every `app/api/**\/route.ts` handler is built with. Per request it:
 * 1. builds the explicit RequestContext (kube context, signed-in user, display identity);
 * 2. parses path params, query and JSON body with the given zod schemas (the body limited to
 *    `TRUSTDECK_MAX_BODY_BYTES`): 422 naming each bad field, 413 too large, 400 malformed, 415 not JSON;
 * 3. refuses a cluster write in read-only mode with the one message (READ_ONLY_MESSAGE) and an audit line;
 * 4. runs the handler with the person's token bound to every Kubernetes call (token and oidc sign-in
 *    modes; in oidc mode the ID token, refreshed by the proxy before it expires);
 * 5. maps any error to the one error body (`toErrorResponse`);
 * 6. times the request into `trustdeck_http_request_duration_seconds{route,method,code}`.
 */

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives. */
export interface RouteInput<P, Q, B> {
  req: Request;
  ctx: RequestContext;
  params: P;
  query: Q;
  body: B;
}

/** How one handler is declared. */
export interface RouteSpec<
  PS extends Schema | undefined,
  QS extends Schema | undefined,
  BS extends Schema | undefined,
> {
  /** The route pattern, as metrics label it (e.g. `/api/certificates/[namespace]/[name]`). */
  route: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** A request without a body parses as `{}` (actions whose body is all optional). */
  bodyOptional?: boolean;
  /** Largest body in bytes; default `TRUSTDECK_MAX_BODY_BYTES`. */
  maxBodyBytes?: number;
  /**
   * The cluster write this handler makes (see lib/actions/write-table.ts): refused in read-only
   * mode. A function decides from the parsed input (a dry run changes nothing) and returns
   * undefined when this request writes nothing.
   */
  writes?:
    | WriteAction
    | ((input: { params: Out<PS>; query: Out<QS>; body: Out<BS> }) => WriteAction | undefined);
  /** Status of a plain (non-Response) result; default 200. */
  status?: number;
  handler: (input: RouteInput<Out<PS>, Out<QS>, Out<BS>>) => Promise<unknown> | unknown;
}

/** The shape Next.js calls a route handler with. */
export type RouteHandler = ((
  req: Request,
  ctx?: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>) & {
  /** What the wrapper was given, for tests that enumerate routes (e.g. every write route). */
  spec: { route: string; writes?: RouteSpec<Schema, Schema, Schema>["writes"] };
};

function parse<S extends Schema | undefined>(schema: S, value: unknown): Out<S> {
  return (schema ? schema.parse(value) : undefined) as Out<S>;
}

/** Builds a Next.js route handler from `spec` (see the module comment for what every request gets). */
export function route<
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS>): RouteHandler {
  const handler = async (
    req: Request,
    next?: { params: Promise<Record<string, string | string[] | undefined>> },
  ): Promise<Response> => {
    const start = performance.now();
    let res: Response;
    try {
      res = await run(spec, req, next);
    } catch (err) {
      res = toErrorResponse(err);
    }
    recordHttpRequest(spec.route, req.method, res.status, (performance.now() - start) / 1000);
    return res;
  };
  return Object.assign(handler, {
    spec: { route: spec.route, writes: spec.writes as RouteHandler["spec"]["writes"] },
  });
}

/** Refuses `action` in read-only mode: one audit line, then HttpError 403 with READ_ONLY_MESSAGE. */
function refuseWhenReadOnly(action: WriteAction, ctx: RequestContext, req: Request): void {
  if (!getEnv().readOnly) return;
  auditLog({
    who: ctx.display,
    action,
    object: new URL(req.url).pathname,
    result: "refused",
    detail: READ_ONLY_MESSAGE,
  });
  throw new HttpError(403, READ_ONLY_MESSAGE);
}

async function run<
  PS extends Schema | undefined,
  QS extends Schema | undefined,
  BS extends Schema | undefined,
>(
  spec: RouteSpec<PS, QS, BS>,
  req: Request,
  next: { params: Promise<Record<string, string | string[] | undefined>> } | undefined,
): Promise<Response> {
  const ctx = await requestContext(req);
  // A route that always writes is refused before its input is read; a conditional one after.
  if (typeof spec.writes === "string") refuseWhenReadOnly(spec.writes, ctx, req);
  const params = parse<PS>(spec.params as PS, (await next?.params) ?? {});
  const query = parse<QS>(spec.query as QS, searchParamsObject(req.url));
  let body = undefined as Out<BS>;
  if (spec.body) {
    body =
      spec.bodyOptional && req.body === null
        ? (spec.body.parse({}) as Out<BS>)
        : ((await readJsonBody(req, spec.body, spec.maxBodyBytes ?? getEnv().maxBodyBytes)) as Out<BS>);
  }
  if (typeof spec.writes === "function") {
    const action = spec.writes({ params, query, body });
    if (action) refuseWhenReadOnly(action, ctx, req);
  }
  return runAs(ctx, async () => {
    const out = await spec.handler({ req, ctx, params, query, body });
    return out instanceof Response ? out : json(out, spec.status ?? 200);
  });
}

/**
 * Runs `fn` as `ctx`'s person: in token and oidc sign-in modes every Kubernetes call inside it
 * carries their token (a server-rendered page reading what an API route would read uses this too).
 */
export function runAs<T>(ctx: RequestContext, fn: () => Promise<T>): Promise<T> {
  const token = ctx.user?.token;
  return token ? runWithUserToken(token, fn) : fn();
}
