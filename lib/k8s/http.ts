import "server-only";
import http from "node:http";
import https from "node:https";
import {
  type HttpLibrary,
  type PromiseHttpLibrary,
  type RequestContext,
  ResponseContext,
  SelfDecodingBody,
  wrapHttpLibrary,
} from "@kubernetes/client-node";
import { RequestTimeoutError } from "./errors";

/**
 * client-node's default fetch library has no timeout. This one sends the request with
 * node:http(s), using the agent the KubeConfig prepared (CA, client cert, TLS options), and
 * destroys it when the whole exchange outlives `timeoutMs`.
 */
class TimeoutHttpLibrary implements PromiseHttpLibrary {
  constructor(private readonly timeoutMs: number) {}

  send(request: RequestContext): Promise<ResponseContext> {
    return new Promise((resolve, reject) => {
      const url = new URL(request.getUrl());
      const transport = url.protocol === "http:" ? http : https;
      const body = request.getBody();
      if (body !== undefined && typeof body !== "string") {
        reject(new Error("TimeoutHttpLibrary sends string bodies only"));
        return;
      }
      const req = transport.request(
        url,
        { method: request.getHttpMethod(), headers: request.getHeaders(), agent: request.getAgent() },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", fail);
          res.on("end", () => {
            clearTimeout(timer);
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
            }
            resolve(
              new ResponseContext(
                res.statusCode ?? 0,
                headers,
                new SelfDecodingBody(Promise.resolve(Buffer.concat(chunks))),
              ),
            );
          });
        },
      );
      const timer = setTimeout(() => req.destroy(new RequestTimeoutError(this.timeoutMs)), this.timeoutMs);
      function fail(err: Error) {
        clearTimeout(timer);
        reject(err);
      }
      req.on("error", fail);
      if (body) req.write(body);
      req.end();
    });
  }
}

/** An HttpLibrary for client-node that gives up after `timeoutMs` (connect + answer). */
export function timeoutHttpLibrary(timeoutMs: number): HttpLibrary {
  return wrapHttpLibrary(new TimeoutHttpLibrary(timeoutMs));
}
