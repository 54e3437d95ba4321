import { getEnv } from "@/lib/env";
import { readJsonBody, toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { probeSchema } from "@/lib/probe/schema";
import { runProbe } from "@/lib/probe/service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Live TLS probe of an allow-listed `host:port`: served chain, drift, client-certificate demands. */
export async function POST(req: Request) {
  try {
    const body = await readJsonBody(req, probeSchema, getEnv().maxBodyBytes);
    return json(await runProbe(body, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
