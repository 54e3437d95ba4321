import { z } from "zod";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label (namespaces): lower-case alphanumerics and '-', at most 63 characters. */
export const dns1123Label = z
  .string()
  .max(63, "must be at most 63 characters")
  .regex(
    LABEL,
    "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric",
  );

/** A DNS-1123 subdomain (most object names): dot-separated labels, at most 253 characters. */
export const dns1123Subdomain = z
  .string()
  .max(253, "must be at most 253 characters")
  .refine((s) => s.split(".").every((part) => LABEL.test(part)), {
    message:
      "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending alphanumeric",
  });

/** `{ namespace, name }` path params of a namespaced object. */
export const namespacedNameParams = z.object({ namespace: dns1123Label, name: dns1123Subdomain });

/** `{ name }` path param of a cluster-scoped object. */
export const clusterNameParams = z.object({ name: dns1123Subdomain });

/** Query parameters as a plain object; empty values are dropped and the last value wins. */
export function searchParamsObject(url: string | URL): Record<string, string> {
  const u = typeof url === "string" ? new URL(url) : url;
  return Object.fromEntries([...u.searchParams.entries()].filter(([, v]) => v !== ""));
}

/** `?namespace=` of the list routes (optional DNS-1123 label). */
export const namespaceQuerySchema = z.object({ namespace: dns1123Label.optional() });

/** Query of `GET /api/acme/orders` and `/api/acme/challenges`: `namespace`, and the object they serve. */
export const acmeListQuerySchema = z.object({
  namespace: dns1123Label.optional(),
  certificate: dns1123Subdomain.optional(),
  certificateRequest: dns1123Subdomain.optional(),
});

/** Query of `GET /api/secrets/tls`: `namespace`, and `managed=true|false`. */
export const tlsSecretQuerySchema = z.object({
  namespace: dns1123Label.optional(),
  managed: z
    .enum(["true", "false"], { message: 'must be "true" or "false"' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
});

/** Body of `POST /api/contexts`. */
export const contextBodySchema = z.object({ name: z.string().min(1, "is required").max(253) });
