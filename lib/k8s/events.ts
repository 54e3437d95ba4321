import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";

/** A core/v1 Event, reduced to the fields Trustdeck shows. */
export interface RawEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: string;
  involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string };
}

function iso(d: unknown): string | undefined {
  if (!d) return undefined;
  return d instanceof Date ? d.toISOString() : String(d);
}

/**
 * Lists the Events about one object (`involvedObject.kind` + `.name`, and `.uid` when given).
 */
export async function listEventsFor(
  involved: { namespace: string; kind: string; name: string; uid?: string },
  opts: { context?: string } = {},
): Promise<RawEvent[]> {
  const { context } = opts;
  const selector = [
    `involvedObject.kind=${involved.kind}`,
    `involvedObject.name=${involved.name}`,
    ...(involved.uid ? [`involvedObject.uid=${involved.uid}`] : []),
  ].join(",");
  return kubeCall(context, async () => {
    const api = makeClient(CoreV1Api, context);
    const list = await api.listNamespacedEvent({ namespace: involved.namespace, fieldSelector: selector });
    return list.items.map((e) => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count,
      firstTimestamp: iso(e.firstTimestamp),
      lastTimestamp: iso(e.lastTimestamp),
      eventTime: iso(e.eventTime),
      source: e.source?.component ?? e.reportingComponent,
      involvedObject: {
        kind: e.involvedObject.kind,
        name: e.involvedObject.name,
        namespace: e.involvedObject.namespace,
        uid: e.involvedObject.uid,
      },
    }));
  });
}
