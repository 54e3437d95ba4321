"use client";
/** cert-manager actions as mutations: issue, renew, rotate, bulk renew, approve, deny. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  ApprovalResult,
  BulkDryRunResult,
  BulkRunResult,
  IssueResult,
  RenewResult,
  RotateResult,
} from "@/lib/actions/types";
import { withQuery } from "@/lib/api-client";
import { sendJson } from "./http";
import { queryKeys } from "./keys";
import { apiUrl } from "./urls";

/** Renew or rotate one Certificate; the detail is re-read after a 2xx. */
export function useCertificateAction(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: "renew" | "rotate") =>
      sendJson<RenewResult | RotateResult>("POST", apiUrl.certificateAction(namespace, name, action)),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.certificates.detail(namespace, name) }),
  });
}

/** What a bulk renew would touch (`dryRun: true`), for a filter or a list of names. */
export function useBulkRenewPlan() {
  return useMutation({
    mutationFn: ({ selection, cluster }: { selection: unknown; cluster?: string }) =>
      sendJson<BulkDryRunResult>("POST", withQuery(apiUrl.bulkRenew(), { cluster }), {
        selection,
        dryRun: true,
      }),
  });
}

/**
 * Renews exactly `names`, each in its own `cluster` when given (a fleet's merged list); the
 * certificate lists are re-read afterwards.
 */
export function useBulkRenew() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (names: { cluster?: string; namespace: string; name: string }[]) =>
      sendJson<BulkRunResult>("POST", apiUrl.bulkRenew(), { selection: { names } }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.certificates.all }),
  });
}

/**
 * Approves or denies a CertificateRequest (in `cluster`, a fleet cluster, when given: a merged list's
 * row goes to its own cluster); the request lists are re-read afterwards.
 */
export function useRequestDecision(namespace: string, name: string, cluster?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { decision: "approve" | "deny"; reason?: string; message?: string }) =>
      sendJson<ApprovalResult>(
        "POST",
        withQuery(apiUrl.requestDecision(namespace, name, v.decision), { cluster }),
        {
          reason: v.reason,
          message: v.message,
        },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.requests.all }),
  });
}

/** Creates a Certificate (`POST /api/certificates`). */
export function useIssueCertificate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => sendJson<IssueResult>("POST", apiUrl.issue(), body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.certificates.all }),
  });
}
