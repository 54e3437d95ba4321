import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { issueInputSchema } from "@/lib/actions/issue-schema";
import { accessQuerySchema, bulkRenewBodySchema } from "@/lib/actions/schemas";
import { createTlsSchema, mtlsToggleSchema, upstreamMtlsSchema } from "@/lib/apisix/schemas";
import { namespacedNameParams, namespaceQuerySchema, tlsSecretQuerySchema } from "@/lib/http/params";
import { probeSchema } from "@/lib/probe/schema";

// Every input field that becomes a path parameter of a Kubernetes API URL, by schema. Each must
// accept a DNS-1123 name and refuse anything else, so `.`, `..` and encoded forms can never turn
// `/namespaces/x/secrets/{name}` into `/namespaces/x/secrets/` (the whole list). Issue 16 item 10.

type Path = (string | number)[];
const table: { schema: string; parser: z.ZodType; field: Path; kind: "label" | "subdomain" }[] = [
  { schema: "probeSchema", parser: probeSchema, field: ["clientCertificate", "namespace"], kind: "label" },
  {
    schema: "probeSchema",
    parser: probeSchema,
    field: ["clientCertificate", "secretName"],
    kind: "subdomain",
  },
  { schema: "namespacedNameParams", parser: namespacedNameParams, field: ["namespace"], kind: "label" },
  { schema: "namespacedNameParams", parser: namespacedNameParams, field: ["name"], kind: "subdomain" },
  { schema: "namespaceQuerySchema", parser: namespaceQuerySchema, field: ["namespace"], kind: "label" },
  { schema: "tlsSecretQuerySchema", parser: tlsSecretQuerySchema, field: ["namespace"], kind: "label" },
  { schema: "accessQuerySchema", parser: accessQuerySchema, field: ["namespace"], kind: "label" },
  {
    schema: "bulkRenewBodySchema",
    parser: bulkRenewBodySchema,
    field: ["selection", "namespace"],
    kind: "label",
  },
  {
    schema: "bulkRenewBodySchema",
    parser: bulkRenewBodySchema,
    field: ["selection", "names", 0, "namespace"],
    kind: "label",
  },
  {
    schema: "bulkRenewBodySchema",
    parser: bulkRenewBodySchema,
    field: ["selection", "names", 0, "name"],
    kind: "subdomain",
  },
  { schema: "issueInputSchema", parser: issueInputSchema, field: ["namespace"], kind: "label" },
  { schema: "issueInputSchema", parser: issueInputSchema, field: ["name"], kind: "subdomain" },
  { schema: "issueInputSchema", parser: issueInputSchema, field: ["secretName"], kind: "subdomain" },
  { schema: "issueInputSchema", parser: issueInputSchema, field: ["issuerRef", "name"], kind: "subdomain" },
  { schema: "mtlsToggleSchema", parser: mtlsToggleSchema, field: ["caSecret", "namespace"], kind: "label" },
  { schema: "mtlsToggleSchema", parser: mtlsToggleSchema, field: ["caSecret", "name"], kind: "subdomain" },
  {
    schema: "upstreamMtlsSchema",
    parser: upstreamMtlsSchema,
    field: ["tlsSecret", "namespace"],
    kind: "label",
  },
  {
    schema: "upstreamMtlsSchema",
    parser: upstreamMtlsSchema,
    field: ["tlsSecret", "name"],
    kind: "subdomain",
  },
  { schema: "createTlsSchema", parser: createTlsSchema, field: ["namespace"], kind: "label" },
  { schema: "createTlsSchema", parser: createTlsSchema, field: ["name"], kind: "subdomain" },
  { schema: "createTlsSchema", parser: createTlsSchema, field: ["secret", "namespace"], kind: "label" },
  { schema: "createTlsSchema", parser: createTlsSchema, field: ["secret", "name"], kind: "subdomain" },
];

/** A body that is `{}` except for `value` at `path` (arrays where the path has an index). */
function bodyWith(path: Path, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return typeof head === "number" ? [inner] : { [head]: inner };
}

/** Whether parsing reports an issue at exactly `path`. */
function refusedAt(parser: z.ZodType, path: Path, value: unknown): boolean {
  const r = parser.safeParse(bodyWith(path, value));
  return !r.success && r.error.issues.some((i) => i.path.join("/") === path.join("/"));
}

const HOSTILE = [
  ".",
  "..",
  "%2e",
  "%2e%2e",
  "%2E%2E",
  "./x",
  "../x",
  "a/b",
  "a%2fb",
  "a..b",
  ".a",
  "a.",
  "-a",
  "A",
  "a b",
  "a\u0000b",
  "a\u202eb",
  "",
  "x".repeat(254),
];

describe("fields that become API path parameters are DNS-1123 names", () => {
  it.each(table.map((t) => [`${t.schema}.${t.field.join(".")}`, t] as const))("%s", (_label, t) => {
    expect(refusedAt(t.parser, t.field, "web-tls"), "a plain name must pass").toBe(false);
    for (const bad of HOSTILE) expect(refusedAt(t.parser, t.field, bad), JSON.stringify(bad)).toBe(true);
    if (t.kind === "label") expect(refusedAt(t.parser, t.field, "a.b")).toBe(true);
    else expect(refusedAt(t.parser, t.field, "a.b")).toBe(false);
  });

  it("no string outside the DNS-1123 alphabet passes any of them (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(s)),
        (s) => {
          for (const t of table)
            expect(refusedAt(t.parser, t.field, s), `${t.schema} ${JSON.stringify(s)}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
