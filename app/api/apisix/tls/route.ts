import { createTlsSchema } from "@/lib/apisix/schemas";
import { createTls } from "@/lib/apisix/service";
import { getEnv } from "@/lib/env";
import { readJsonBody, toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Creates an ApisixTls `{ namespace, name, hosts, secret }` for route hosts served without TLS. */
export async function POST(req: Request) {
  try {
    const body = await readJsonBody(req, createTlsSchema, getEnv().maxBodyBytes);
    return json(await createTls(body, { context: contextFromRequest(req) }), 201);
  } catch (err) {
    return toErrorResponse(err);
  }
}
