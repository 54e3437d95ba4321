import { diagnose } from "@/lib/doctor";
import { summariseStuck } from "@/lib/doctor/summary";
import { readAllDoctorInputs } from "@/lib/k8s/diagnosis";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** StuckSummary: every Certificate whose issuance is stuck, counted per failing step. */
export const GET = route({
  route: "/api/certificates/diagnoses",
  handler: async ({ ctx }) =>
    summariseStuck((await readAllDoctorInputs({ context: ctx.kube })).map(diagnose)),
});
