import { z } from "zod";

/**
 * `TRUSTDECK_PROBE_ALLOW`: comma-separated `host:port` patterns the TLS probe may connect to
 * (`*` as a wildcard in either part, e.g. `127.0.0.1:*,*.example.local:443`; IPv6 as `[::1]:*`).
 * Default: loopback only. lib/env.ts parses the setting with `parseProbeAllow`.
 */
export const PROBE_ALLOW_SETTING = {
  name: "TRUSTDECK_PROBE_ALLOW",
  default: "127.0.0.1:*,localhost:*,[::1]:*",
  description:
    "Comma-separated host:port patterns (* wildcards) the TLS probe may connect to; link-local addresses are always refused.",
} as const;

export interface AllowPattern {
  host: string;
  port: string;
}

const PATTERN = /^(\[[0-9a-fA-F:.*]+\]|[0-9A-Za-z.*-]+):(\*|\d{1,5})$/;

const allowSchema = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const raw = v?.trim() ? v : PROBE_ALLOW_SETTING.default;
    const out: AllowPattern[] = [];
    for (const part of raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = PATTERN.exec(part);
      if (!m) {
        ctx.addIssue({
          code: "custom",
          message: `TRUSTDECK_PROBE_ALLOW: "${part}" is not host:port (use * for any port)`,
        });
        return z.NEVER;
      }
      out.push({ host: (m[1] ?? "").replace(/^\[|\]$/g, "").toLowerCase(), port: m[2] ?? "*" });
    }
    return out;
  });

/**
 * Parses a `TRUSTDECK_PROBE_ALLOW` value (undefined or blank = the default, loopback only).
 * @throws ZodError naming the bad pattern.
 */
export function parseProbeAllow(raw: string | undefined): AllowPattern[] {
  return allowSchema.parse(raw);
}

/**
 * Parses `TRUSTDECK_PROBE_ALLOW` from an environment object (the server itself reads
 * `getEnv().probeAllow`). @throws ZodError naming the bad pattern.
 */
export function probeAllowList(source: Record<string, string | undefined>): AllowPattern[] {
  return parseProbeAllow(source.TRUSTDECK_PROBE_ALLOW);
}
