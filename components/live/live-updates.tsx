"use client";

import { useQueryClient } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { useHealth } from "@/lib/client/cluster";
import { allClusterKeys, staleQueryKeys } from "@/lib/client/keys";
import { apiUrl } from "@/lib/client/urls";
import type { LiveChangeDto, LiveStatusDto } from "@/lib/live/types";
import { setLiveClusters, setLiveConnection } from "./live-store";

const DEBOUNCE_MS = 200;

/**
 * Subscribes to `/api/events` and invalidates the React Query keys a change makes stale (by
 * prefix, debounced 200 ms so a burst costs one refetch). After a dropped stream everything is
 * invalidated, as events may have been missed. Renders nothing; mounted once in the providers.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  // Nothing to watch for a signed-out person on the sign-in page.
  const signedOutPage = usePathname() === "/signin";
  // Reconnect when the context changes: the stream is per context (cookie).
  const context = useHealth({ enabled: !signedOutPage }).data?.cluster.context;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `context` only triggers a reconnect
  useEffect(() => {
    if (typeof EventSource === "undefined" || signedOutPage) return;
    const source = new EventSource(apiUrl.events());
    const pending = new Map<string, readonly string[]>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dropped = false;

    const flush = () => {
      timer = undefined;
      for (const queryKey of pending.values()) void client.invalidateQueries({ queryKey });
      pending.clear();
    };
    const stale = (keys: (readonly string[])[]) => {
      for (const k of keys) pending.set(k.join("\u0000"), k);
      timer ??= setTimeout(flush, DEBOUNCE_MS);
    };

    source.addEventListener("change", (e) => {
      try {
        stale(staleQueryKeys((JSON.parse((e as MessageEvent<string>).data) as LiveChangeDto).kind));
      } catch {
        // a malformed message is ignored
      }
    });
    source.addEventListener("status", (e) => {
      try {
        const status = JSON.parse((e as MessageEvent<string>).data) as LiveStatusDto;
        setLiveConnection(status.state);
        setLiveClusters(status.clusters);
      } catch {
        // ignored
      }
    });
    source.addEventListener("open", () => {
      if (dropped) stale(allClusterKeys());
      dropped = false;
    });
    source.addEventListener("error", () => {
      dropped = true;
      setLiveClusters(undefined);
      setLiveConnection(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting");
    });

    return () => {
      source.close();
      clearTimeout(timer);
      setLiveConnection("connecting");
      setLiveClusters(undefined);
    };
  }, [client, context, signedOutPage]);

  return null;
}
