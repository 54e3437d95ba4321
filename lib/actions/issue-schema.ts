/**
 * The issue form's input, validated exactly as cert-manager would (CRD schema + webhook rules).
 * Shared by `POST /api/certificates` and the form in the browser: no server-only imports here.
 */
import { z } from "zod";
import { dns1123Label, dns1123Subdomain } from "@/lib/http/params";
import {
  DEFAULT_DURATION_MS,
  dnsNameProblem,
  emailProblem,
  formatGoDuration,
  isIP,
  MIN_DURATION_MS,
  MIN_RENEW_BEFORE_MS,
  parseGoDuration,
  uriProblem,
} from "./validation";

/** Every key usage cert-manager accepts (`spec.usages`). */
export const KEY_USAGES = [
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

/** Usage presets offered by the form. */
export const USAGE_PRESETS = {
  server: ["digital signature", "key encipherment", "server auth"],
  client: ["digital signature", "key encipherment", "client auth"],
  "server+client": ["digital signature", "key encipherment", "server auth", "client auth"],
  ca: ["digital signature", "key encipherment", "cert sign", "crl sign"],
} as const satisfies Record<string, readonly KeyUsage[]>;
export type UsagePreset = keyof typeof USAGE_PRESETS;

export const KEY_ALGORITHMS = ["RSA", "ECDSA", "Ed25519"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** Key sizes the form offers per algorithm (Ed25519 has none). The first is the default. */
export const KEY_SIZES: Record<KeyAlgorithm, readonly number[]> = {
  RSA: [2048, 3072, 4096],
  ECDSA: [256, 384, 521],
  Ed25519: [],
};

function listOf(check: (s: string) => string | undefined, max = 100) {
  return z
    .array(z.string().trim())
    .max(max, `at most ${max} entries`)
    .default([])
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      for (const [i, item] of items.entries()) {
        const problem = check(item);
        if (problem) ctx.addIssue({ code: "custom", path: [i], message: `"${item}" ${problem}` });
        else if (seen.has(item))
          ctx.addIssue({ code: "custom", path: [i], message: `"${item}" is listed twice` });
        seen.add(item);
      }
    });
}

const goDuration = z
  .string()
  .trim()
  .refine((s) => parseGoDuration(s) !== undefined, {
    message: 'must be a Go duration such as "2160h", "720h" or "1h30m"',
  });

export const issuerRefSchema = z.object({
  name: dns1123Subdomain,
  kind: z.enum(["Issuer", "ClusterIssuer"], { message: "must be Issuer or ClusterIssuer" }),
  group: z
    .string()
    .trim()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be an API group such as cert-manager.io")
    .optional(),
});

export const privateKeySchema = z.object({
  algorithm: z.enum(KEY_ALGORITHMS, { message: "must be RSA, ECDSA or Ed25519" }).default("RSA"),
  size: z.number().int().optional(),
  encoding: z.enum(["PKCS1", "PKCS8"], { message: "must be PKCS1 or PKCS8" }).default("PKCS1"),
  rotationPolicy: z.enum(["Never", "Always"], { message: "must be Never or Always" }).default("Always"),
});

type Ctx = z.RefinementCtx;

function has(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : typeof v === "string" ? v.trim() !== "" : v !== undefined;
}

/** Cross-field rules of cert-manager's `ValidateCertificateSpec` / `ValidateDuration`. */
function crossChecks(v: Record<string, unknown>, ctx: Ctx) {
  if (typeof v !== "object" || v === null) return;
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });

  if (!["commonName", "dnsNames", "ipAddresses", "uris", "emailAddresses"].some((k) => has(v[k]))) {
    issue(
      ["dnsNames"],
      "at least one of commonName, dnsNames, ipAddresses, uris or emailAddresses must be set",
    );
  }

  const durationText = typeof v.duration === "string" ? v.duration : undefined;
  const durationMs = durationText === undefined ? DEFAULT_DURATION_MS : parseGoDuration(durationText);
  if (durationText !== undefined && durationMs !== undefined && durationMs < MIN_DURATION_MS) {
    issue(
      ["duration"],
      `must be at least ${formatGoDuration(MIN_DURATION_MS)} (cert-manager's minimum), got ${durationText}`,
    );
  }

  const rbText = typeof v.renewBefore === "string" ? v.renewBefore : undefined;
  const pct = typeof v.renewBeforePercentage === "number" ? v.renewBeforePercentage : undefined;
  if (rbText !== undefined && pct !== undefined) {
    const msg = "renewBefore and renewBeforePercentage are mutually exclusive: set one or the other";
    issue(["renewBefore"], msg);
    issue(["renewBeforePercentage"], msg);
  }
  const rbMs = rbText === undefined ? undefined : parseGoDuration(rbText);
  if (rbMs !== undefined) {
    if (rbMs < MIN_RENEW_BEFORE_MS) {
      issue(["renewBefore"], `must be at least ${formatGoDuration(MIN_RENEW_BEFORE_MS)}, got ${rbText}`);
    } else if (durationMs !== undefined && rbMs >= durationMs) {
      issue(
        ["renewBefore"],
        `must be less than the duration (${durationText ?? "2160h, the default"}), got ${rbText}`,
      );
    }
  }
  if (pct !== undefined && Number.isInteger(pct) && pct > 0 && pct < 100 && durationMs !== undefined) {
    // The same arithmetic as cert-manager's ValidateDuration.
    const effective = (durationMs * (100 - pct)) / 100;
    if (effective < MIN_RENEW_BEFORE_MS) {
      issue(
        ["renewBeforePercentage"],
        `must result in a renewBefore of at least ${formatGoDuration(MIN_RENEW_BEFORE_MS)}`,
      );
    }
  }

  const pk = v.privateKey as { algorithm?: unknown; size?: unknown } | undefined;
  if (pk && typeof pk === "object") {
    const alg = (typeof pk.algorithm === "string" ? pk.algorithm : "RSA") as KeyAlgorithm;
    const sizes = KEY_SIZES[alg];
    if (sizes && pk.size !== undefined) {
      if (alg === "Ed25519")
        issue(["privateKey", "size"], "Ed25519 keys have a fixed size: leave size empty");
      else if (typeof pk.size === "number" && !sizes.includes(pk.size)) {
        issue(["privateKey", "size"], `must be one of ${sizes.join(", ")} for ${alg}`);
      }
    }
  }

  if (typeof v.commonName === "string" && v.commonName.length > 64) {
    issue(["commonName"], "must be at most 64 characters");
  }
}

/** Body of `POST /api/certificates`: a Certificate to create, in the form's terms. */
export const issueInputSchema = z
  .object({
    namespace: dns1123Label,
    name: dns1123Subdomain,
    secretName: dns1123Subdomain,
    issuerRef: issuerRefSchema,
    commonName: z.string().trim().min(1).optional(),
    dnsNames: listOf(dnsNameProblem),
    ipAddresses: listOf((s) => (isIP(s) ? undefined : "is not a valid IPv4 or IPv6 address")),
    uris: listOf(uriProblem),
    emailAddresses: listOf(emailProblem),
    duration: goDuration.optional(),
    renewBefore: goDuration.optional(),
    renewBeforePercentage: z
      .number()
      .int("must be a whole number")
      .gt(0, "must be greater than 0")
      .lt(100, "must be less than 100")
      .optional(),
    isCA: z.boolean().optional(),
    usages: z.array(z.enum(KEY_USAGES, { message: "is not a key usage cert-manager knows" })).default([]),
    privateKey: privateKeySchema.default({ algorithm: "RSA", encoding: "PKCS1", rotationPolicy: "Always" }),
  })
  .strict()
  .superRefine((v, ctx) => crossChecks(v as Record<string, unknown>, ctx), { when: () => true });

export type IssueInput = z.output<typeof issueInputSchema>;
/** What a client sends (defaults not yet applied). */
export type IssueInputRaw = z.input<typeof issueInputSchema>;

/** `{path, message}` for each problem, the same shape the API returns with a 422. */
export function issueProblems(raw: unknown): { path: string; message: string }[] {
  const r = issueInputSchema.safeParse(raw);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}
