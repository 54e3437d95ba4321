import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";

/** The object an Event is about. */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

/** Component name Trustdeck's Events carry in `source.component` / `reportingComponent`. */
export const EVENT_COMPONENT = "trustdeck";

/**
 * Records a core/v1 Event on `involved` (shown by `kubectl describe` and `cmctl status`).
 * @throws KubeError (e.g. 403 without `create events`).
 */
export async function recordEvent(
  involved: InvolvedObject,
  event: { type?: "Normal" | "Warning"; reason: string; message: string },
  opts: { context?: string } = {},
): Promise<void> {
  const { context } = opts;
  const now = new Date();
  await kubeCall(context, async () => {
    const api = makeClient(CoreV1Api, context);
    await api.createNamespacedEvent({
      namespace: involved.namespace,
      body: {
        metadata: {
          name: `${involved.name}.${now.getTime().toString(16)}${crypto.randomBytes(3).toString("hex")}`,
          namespace: involved.namespace,
        },
        involvedObject: { ...involved },
        type: event.type ?? "Normal",
        reason: event.reason,
        message: event.message.slice(0, 1024),
        source: { component: EVENT_COMPONENT },
        reportingComponent: EVENT_COMPONENT,
        reportingInstance: os.hostname(),
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
  });
}
