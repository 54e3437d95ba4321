/** JSON writes of the browser data layer (the CSRF header is added by `apiFetch`). */
import { apiFetch } from "@/lib/api-client";

/** `POST`/`PUT` a JSON body to an API route and returns the parsed answer; throws `ApiError`. */
export function sendJson<T>(method: "POST" | "PUT", url: string, body: unknown = {}): Promise<T> {
  return apiFetch<T>(url, { method, body: JSON.stringify(body) });
}
