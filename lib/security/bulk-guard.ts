/**
 * Guard rails of a bulk renew (`POST /api/certificates/renew`), as pure functions: a real run
 * renews only what the person named or counted, and a selection is never cut short silently.
 * Source: issue 16 item 5 (an empty selection without `dryRun` renewed every certificate, ACME
 * ones included, and stopped at 5,000 without saying so).
 */

/** The largest selection a bulk renew resolves; a larger one is refused, never truncated. */
export const BULK_RENEW_MAX = 5000;

/** A refusal with the HTTP status it maps to (422 for the request, 409 for a changed selection). */
export interface BulkRefusal {
  status: 409 | 422;
  message: string;
}

/** The parts of a bulk renew body the guard reads. */
export interface BulkRenewRequest {
  selection: { names?: readonly unknown[] };
  dryRun?: boolean;
  /** The count a dry run of the same selection showed; required for a real run without `names`. */
  expectedCount?: number;
}

/**
 * Before resolving: a real run needs explicit `names`, or `expectedCount` from a dry run.
 * @returns the refusal, or undefined when the request may go on.
 */
export function checkBulkRenewRequest(body: BulkRenewRequest): BulkRefusal | undefined {
  if (body.dryRun) return undefined;
  if ((body.selection.names?.length ?? 0) > 0) return undefined;
  if (body.expectedCount !== undefined) return undefined;
  return {
    status: 422,
    message:
      "selection: a bulk renew without dryRun needs explicit names, or expectedCount equal to the count a dry run of the same selection showed (an empty or filter-only selection would renew everything it matches)",
  };
}

/**
 * After resolving: refuses a selection larger than {@link BULK_RENEW_MAX} (whether or not the list
 * was cut), and a real run whose `expectedCount` differs from what the selection matches now.
 * @param matched how many certificates the selection matches in all (before any page limit).
 */
export function checkBulkRenewResolved(body: BulkRenewRequest, matched: number): BulkRefusal | undefined {
  if (matched > BULK_RENEW_MAX) {
    return {
      status: 422,
      message: `selection: matches ${matched} certificates, more than the ${BULK_RENEW_MAX} a bulk renew handles; narrow it by namespace, issuer or label`,
    };
  }
  if (!body.dryRun && body.expectedCount !== undefined && body.expectedCount !== matched) {
    return {
      status: 409,
      message: `expectedCount: the selection now matches ${matched} certificates, not the ${body.expectedCount} the dry run showed; run the dry run again`,
    };
  }
  return undefined;
}
