/** Request bodies of the action routes (besides issue, see `issue-schema.ts`). Client-safe. */
import { z } from "zod";
import { dns1123Label, dns1123Subdomain } from "@/lib/http/params";
import { certificateStates } from "./types";

/** Body of approve / deny: both optional, cmctl's defaults apply. */
export const approvalBodySchema = z
  .object({
    reason: z
      .string()
      .trim()
      .max(128, "must be at most 128 characters")
      .regex(
        /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/,
        "must be CamelCase, like a Kubernetes condition reason",
      )
      .optional(),
    message: z.string().trim().max(1024, "must be at most 1024 characters").optional(),
  })
  .strict();
export type ApprovalBody = z.output<typeof approvalBodySchema>;

/** Optional body of renew / rotate: why, for the Event. */
export const renewBodySchema = z
  .object({ message: z.string().trim().max(1024, "must be at most 1024 characters").optional() })
  .strict();
export type RenewBody = z.output<typeof renewBodySchema>;

/** Which certificates a bulk renew targets. */
export const bulkSelectionSchema = z
  .object({
    names: z
      .array(
        z
          .object({
            namespace: dns1123Label,
            name: dns1123Subdomain,
            /** The fleet cluster (a context name) the Certificate lives in; the request's cluster when absent. */
            cluster: z.string().min(1).max(253).optional(),
          })
          .strict(),
      )
      .max(5000)
      .optional(),
    namespace: dns1123Label.optional(),
    labelSelector: z.string().trim().max(1024).optional(),
    /** The query parameters of `GET /api/certificates`. */
    filter: z
      .object({
        namespace: dns1123Label.optional(),
        q: z.string().max(256).optional(),
        issuer: z.string().max(253).optional(),
        state: z.enum(certificateStates).optional(),
      })
      .strip()
      .optional(),
  })
  .strict();
export type BulkSelection = z.output<typeof bulkSelectionSchema>;

/** Body of `POST /api/certificates/renew`. */
export const bulkRenewBodySchema = z
  .object({
    selection: bulkSelectionSchema,
    dryRun: z.boolean().default(false),
    message: z.string().trim().max(1024).optional(),
    /** A real run without `names` must repeat the dry run's count (lib/security/bulk-guard.ts). */
    expectedCount: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type BulkRenewBody = z.output<typeof bulkRenewBodySchema>;

/** Query of `GET /api/access`. */
export const accessQuerySchema = z.object({ namespace: dns1123Label.optional() });
