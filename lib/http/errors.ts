import "server-only";
import { ZodError, type z } from "zod";
import { ClusterUnreachableError, KubeError } from "@/lib/k8s/errors";
import { scrubSecrets } from "@/lib/security/scrub";
import type { ApiErrorBody } from "@/lib/types";

/** An error with an HTTP status chosen by the app (400, 404, 409, 413, ...). */
export class HttpError extends Error {
  /**
   * @param policy the server setting that refused the request, when the refusal is this server's
   * policy rather than the cluster's RBAC (sent as `error.policy`).
   */
  constructor(
    readonly status: number,
    message: string,
    readonly policy?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * Removes private keys (PEM, escaped PEM, base64/DER/PKCS#8/SEC1/PKCS#12) and `tls.key` values from
 * text bound for a log or a response: the one scrubber of lib/security/scrub.ts.
 */
export function redact(text: string): string {
  return scrubSecrets(text);
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join(".") || "(root)";
}

/** The `{ error }` body for `err`, and its status. Pure; `toErrorResponse` logs and wraps it. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: issuePath(i.path), message: redact(i.message) }));
    const message = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return { error: { message: `invalid input: ${message}`, status: 422, issues } };
  }
  if (err instanceof KubeError) {
    const body: ApiErrorBody = { error: { message: redact(err.message), status: err.status } };
    if (err.denied) {
      const { verb, resource, group, namespace } = err.denied;
      body.error.denied = {
        verb,
        resource,
        ...(group ? { group } : {}),
        ...(namespace ? { namespace } : {}),
      };
    }
    return body;
  }
  if (err instanceof HttpError && err.policy) {
    return { error: { message: redact(err.message), status: err.status, policy: err.policy } };
  }
  if (err instanceof ClusterUnreachableError || err instanceof HttpError) {
    return { error: { message: redact(err.message), status: err.status } };
  }
  return { error: { message: "internal error: see the server log", status: 500 } };
}

/**
 * Maps any error to a JSON Response `{ error: { message, status, issues?, denied? } }`:
 * ZodError → 422 with issues; KubeError keeps the cluster's status; ClusterUnreachableError → 503;
 * HttpError keeps its status; anything else → 500 with a generic message (logged, no stack sent).
 */
export function toErrorResponse(err: unknown): Response {
  const body = toErrorBody(err);
  if (err instanceof ClusterUnreachableError) {
    console.warn(`[trustdeck] 503: ${redact(err.message)}`);
  } else if (body.error.status >= 500) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
    console.error(`[trustdeck] ${body.error.status}: ${redact(detail)}`);
  }
  return Response.json(body, { status: body.error.status, headers: { "cache-control": "no-store" } });
}

/**
 * Reads and validates a JSON request body of at most `maxBytes`.
 * @throws HttpError 413 when too large, 400 for malformed JSON or wrong content type; ZodError (→ 422)
 * when the JSON does not match `schema`.
 */
export async function readJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes: number,
): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, `expected a JSON body (content-type application/json), got "${type}"`);
  }
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new HttpError(413, `request body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new HttpError(413, `request body is larger than the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "request body is empty; expected JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return schema.parse(value);
}
