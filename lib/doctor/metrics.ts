import type { MetricFamily } from "@/lib/metrics/exposition";
import type { Diagnosis } from "./types";

/**
 * `trustdeck_certificate_issuance_stuck{namespace,name,step,reason}`: 1 for every Certificate
 * whose issuance is stuck (failing, or waiting for a person), labelled by the step it is stuck at
 * (lib/doctor STEP_IDS) and the doctor's reason. Certificates that are Ready or progressing within
 * the expected time have no sample. The alert rules (deploy/prometheus) sum it by step.
 */
export function issuanceStuckFamily(diagnoses: readonly Diagnosis[]): MetricFamily {
  return {
    name: "trustdeck_certificate_issuance_stuck",
    help: "1 when the certificate's issuance is stuck, labelled by the failing step of cert-manager's issuance and the reason (see /api/certificates/{namespace}/{name}/diagnosis).",
    type: "gauge",
    samples: diagnoses
      .filter((d) => d.stuck && d.step)
      .map((d) => ({
        labels: {
          namespace: d.certificate.namespace,
          name: d.certificate.name,
          step: d.step ?? "",
          reason: d.reason ?? "",
        },
        value: 1,
      })),
  };
}
