import { diagnose } from "@/lib/doctor";
import { namespacedNameParams } from "@/lib/http/params";
import { readDoctorInput } from "@/lib/k8s/diagnosis";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Diagnosis of one Certificate: the issuance step it is stuck at, the evidence and the fix. */
export const GET = route({
  route: "/api/certificates/[namespace]/[name]/diagnosis",
  params: namespacedNameParams,
  handler: async ({ ctx, params }) =>
    diagnose(await readDoctorInput(params.namespace, params.name, { context: ctx.kube })),
});
