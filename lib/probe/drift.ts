import type { CertificateInfo } from "@/lib/types";
import type { ProbeResultDto } from "./types";

/**
 * Compares the leaf a server presents with the one its ApisixTls Secret holds: the SHA-256
 * fingerprint and notAfter. A difference means the gateway still serves an older (or other)
 * certificate than the cluster stores: "served vs stored drift".
 */
export function compareServedStored(
  served: CertificateInfo | undefined,
  stored: CertificateInfo | undefined,
): NonNullable<ProbeResultDto["drift"]> {
  if (!served || !stored) {
    return {
      state: "unknown",
      message: served ? "no stored certificate to compare with" : "the server sent no certificate",
    };
  }
  if (served.sha256Fingerprint === stored.sha256Fingerprint) {
    return { state: "match", message: `served certificate is the stored one (notAfter ${served.notAfter})` };
  }
  const when =
    served.notAfter === stored.notAfter
      ? "same notAfter"
      : Date.parse(served.notAfter) < Date.parse(stored.notAfter)
        ? `served is OLDER: notAfter ${served.notAfter} vs stored ${stored.notAfter}`
        : `served notAfter ${served.notAfter} vs stored ${stored.notAfter}`;
  return {
    state: "drift",
    message: `served vs stored drift: the server presents ${served.sha256Fingerprint.slice(0, 23)}… but the Secret holds ${stored.sha256Fingerprint.slice(0, 23)}… (${when})`,
  };
}
