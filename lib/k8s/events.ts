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

/**
 * Namespaces where Events about a cluster-scoped object (a ClusterIssuer) are recorded: client-go's
 * event recorder, which cert-manager uses, writes an Event whose object has no namespace into
 * `default` (`metav1.NamespaceDefault`, tools/record/event.go); the cluster resource namespace
 * (cert-manager's `--cluster-resource-namespace`) is read as well, where other recorders put them.
 */
export function clusterScopedEventNamespaces(clusterResourceNamespace: string): string[] {
  return [...new Set(["default", clusterResourceNamespace].filter(Boolean))];
}

/**
 * Lists the Events about one cluster-scoped object (e.g. `ClusterIssuer/acme-dns`) from every
 * namespace of `clusterScopedEventNamespaces`. A namespace the identity may not read (403) is
 * skipped, not an error.
 */
export async function listEventsForClusterScoped(
  involved: { kind: string; name: string; uid?: string },
  opts: { context?: string; clusterResourceNamespace: string },
): Promise<RawEvent[]> {
  const lists = await Promise.all(
    clusterScopedEventNamespaces(opts.clusterResourceNamespace).map((namespace) =>
      listEventsFor({ ...involved, namespace }, { context: opts.context }).catch((err: unknown) => {
        if ((err as { status?: number }).status === 403) return [];
        throw err;
      }),
    ),
  );
  return lists.flat();
}
