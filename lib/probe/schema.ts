import { z } from "zod";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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
        namespace: z.string().max(63).regex(LABEL, "must be a DNS-1123 label"),
        secretName: z.string().min(1).max(253),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ProbeInput = z.output<typeof probeSchema>;
