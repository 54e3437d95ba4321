import "server-only";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { readJsonBody } from "@/lib/http/errors";

/**
 * Reads a JSON body with the server's size limit (413 / 400 / 422 as `readJsonBody`). With
 * `optional`, a request without a body is treated as `{}`.
 */
export function readActionBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  opts: { optional?: boolean } = {},
): Promise<z.output<S>> {
  if (opts.optional && req.body === null) return Promise.resolve(schema.parse({}));
  return readJsonBody(req, schema, getEnv().maxBodyBytes);
}
