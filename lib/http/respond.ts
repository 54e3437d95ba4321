/** A JSON 200 (or `status`) response that no cache keeps: inventory changes under our feet. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headers } });
}
