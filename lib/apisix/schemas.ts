import { z } from "zod";
import { findInvalidRegexes } from "./skip-regex";

/**
 * Request bodies of the APISIX write routes. Shared by the route handlers (validation → 422 naming
 * the field) and the UI (same rules before sending).
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const namespace = z.string().max(63).regex(LABEL, "must be a DNS-1123 label");
const name = z
  .string()
  .min(1)
  .max(253)
  .refine((s) => s.split(".").every((p) => LABEL.test(p)), { message: "must be a DNS-1123 subdomain" });

/** `{ name, namespace }` of a Secret. */
export const secretRefSchema = z.object({ name, namespace }).strict();

const skipRegexes = z
  .array(z.string().min(1, "must not be empty").max(1024))
  .max(64)
  .superRefine((list, ctx) => {
    for (const p of findInvalidRegexes(list)) {
      ctx.addIssue({
        code: "custom",
        path: [p.index],
        message: `skip_mtls_uri_regex[${p.index}] is not a valid regular expression: ${p.message}`,
      });
    }
  });

/** Why the change is made: recorded in the Event. */
const reason = z.string().trim().max(256).optional();

/** Body of `PUT /api/apisix/tls/{ns}/{name}/mtls` and its preview. */
export const mtlsToggleSchema = z
  .object({
    enabled: z.boolean(),
    caSecret: secretRefSchema.optional(),
    depth: z.number().int("must be an integer").min(1).max(10).optional(),
    skipMtlsUriRegex: skipRegexes.optional(),
    reason,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.enabled && !v.caSecret) {
      ctx.addIssue({ code: "custom", path: ["caSecret"], message: "is required when enabled is true" });
    }
  });
export type MtlsToggleInput = z.output<typeof mtlsToggleSchema>;

const HOST = /^\*?[0-9a-zA-Z-.]+$/;

/** Body of `POST /api/apisix/tls`: an ApisixTls for route hosts that have none. */
export const createTlsSchema = z
  .object({
    namespace,
    name,
    hosts: z
      .array(z.string().regex(HOST, "must match ^\\*?[0-9a-zA-Z-.]+$ (the ApisixTls CRD pattern)"))
      .min(1, "needs at least one host")
      .max(64),
    secret: secretRefSchema,
    ingressClassName: z.string().min(1).max(253).optional(),
    reason,
  })
  .strict();
export type CreateTlsInput = z.output<typeof createTlsSchema>;

/** Body of `PUT /api/apisix/upstreams/{ns}/{name}/mtls`. */
export const upstreamMtlsSchema = z
  .object({ enabled: z.boolean(), tlsSecret: secretRefSchema.optional(), reason })
  .strict()
  .superRefine((v, ctx) => {
    if (v.enabled && !v.tlsSecret) {
      ctx.addIssue({ code: "custom", path: ["tlsSecret"], message: "is required when enabled is true" });
    }
  });
export type UpstreamMtlsInput = z.output<typeof upstreamMtlsSchema>;
