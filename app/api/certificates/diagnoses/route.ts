import { diagnose } from "@/lib/doctor";
import { summariseStuck } from "@/lib/doctor/summary";
import { readAllDoctorInputs } from "@/lib/k8s/diagnosis";
import { acrossClusters, fleetTargets } from "@/lib/k8s/fleet";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * StuckSummary: every Certificate whose issuance is stuck, counted per failing step. With several
 * clusters (no ?cluster=), every cluster's, each item with its `cluster`; a cluster that cannot be
 * read is left out and named in `clusterErrors` (its error is thrown when none can be read).
 */
export const GET = route({
  route: "/api/certificates/diagnoses",
  handler: async ({ ctx }) => {
    const { clusters, merged } = fleetTargets(ctx.kube);
    if (!merged) return summariseStuck((await readAllDoctorInputs({ context: ctx.kube })).map(diagnose));
    const diagnoseIn = async (cluster: string) =>
      (await readAllDoctorInputs({ context: cluster })).map((i) => ({ ...diagnose(i), cluster }));
    const { ok, failed } = await acrossClusters(clusters, diagnoseIn);
    const first = failed[0];
    // Every cluster failed: the first is read again for its real error (status, denied verb).
    if (ok.length === 0 && first) return summariseStuck(await diagnoseIn(first.cluster));
    const summary = summariseStuck(ok.flatMap((p) => p.value));
    return failed.length > 0 ? { ...summary, clusterErrors: failed } : summary;
  },
});
