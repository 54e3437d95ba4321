import "server-only";
import { searchParamsObject } from "@/lib/http/params";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList } from "@/lib/inventory/service";
import type { CertificateRow } from "@/lib/types";

const MAX_ROWS = 5000;

/**
 * Every certificate row matching the query of `url` (the filters and sort of
 * `GET /api/certificates`: namespace, q, issuer, state, sort, dir), unpaged: `limit`/`offset`
 * are ignored so an export holds the whole filtered list (up to 5,000 rows per page, all pages).
 * @throws ZodError (→ 422) for invalid parameters.
 */
export async function exportCertificateRows(url: string, context?: string): Promise<CertificateRow[]> {
  const { limit: _limit, offset: _offset, ...params } = searchParamsObject(url);
  const rows: CertificateRow[] = [];
  for (let offset = 0; ; offset += MAX_ROWS) {
    const query = certificateQuerySchema.parse({ ...params, limit: MAX_ROWS, offset });
    const page = await getCertificateList(query, { context });
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

/** `trustdeck-certificates-20260201.csv`: a download name with the UTC date. */
export function exportFileName(base: string, ext: string, now = new Date()): string {
  return `trustdeck-${base}-${now.toISOString().slice(0, 10).replaceAll("-", "")}.${ext}`;
}
