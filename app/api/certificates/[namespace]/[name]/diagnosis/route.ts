import { diagnose } from "@/lib/doctor";
import { toErrorResponse } from "@/lib/http/errors";
import { namespacedNameParams } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { readDoctorInput } from "@/lib/k8s/diagnosis";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Ctx = { params: Promise<{ namespace: string; name: string }> };

/** Diagnosis of one Certificate: the issuance step it is stuck at, the evidence and the fix. */
export const GET = withMetrics(async (req: Request, ctx: Ctx) => {
  try {
    const { namespace, name } = namespacedNameParams.parse(await ctx.params);
    return json(diagnose(await readDoctorInput(namespace, name, { context: contextFromRequest(req) })));
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/certificates/[namespace]/[name]/diagnosis");
