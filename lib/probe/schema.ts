import { z } from "zod";
import { dns1123Label, dns1123Subdomain } from "@/lib/http/params";

/** Body of `POST /api/probe`. */
export const probeSchema = z
  .object({
    host: z
      .string()
      .min(1)
      .max(253)
      .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9A-Za-z.:-]+)$/, "must be a host name or IP address"),
    port: z.number().int().min(1).max(65_535),
    sni: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[0-9A-Za-z.-]+$/, "must be a host name")
      .optional(),
    clientCertificate: z
      .object({
        // Both become path parameters of the Secret's URL: DNS-1123 only (`.`, `..` would name
        // the namespace's Secret list). Issue 16 item 10.
        namespace: dns1123Label,
        secretName: dns1123Subdomain,
      })
      .strict()
      .optional(),
  })
  .strict();
export type ProbeInput = z.output<typeof probeSchema>;
