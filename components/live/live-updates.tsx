"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { type LiveChangeDto, type LiveStatusDto, staleKeyPrefixes } from "@/lib/live/types";
import { useHealth } from "@/lib/queries";
import { setLiveConnection } from "./live-store";

const DEBOUNCE_MS = 200;
const ALL_PREFIXES = ["certificates", "issuers", "requests", "secrets", "gateway", "trust", "overview"];

/**
 * Subscribes to `/api/events` and invalidates the React Query keys a change makes stale (by
 * prefix, debounced 200 ms so a burst costs one refetch). After a dropped stream everything is
 * invalidated, as events may have been missed. Renders nothing; mounted once in the providers.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  // Reconnect when the context changes: the stream is per context (cookie).
  const context = useHealth().data?.cluster.context;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `context` only triggers a reconnect
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/events");
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dropped = false;

    const flush = () => {
      timer = undefined;
      for (const prefix of pending) void client.invalidateQueries({ queryKey: ["trustdeck", prefix] });
      pending.clear();
    };
    const stale = (prefixes: readonly string[]) => {
      for (const p of prefixes) pending.add(p);
      timer ??= setTimeout(flush, DEBOUNCE_MS);
    };

    source.addEventListener("change", (e) => {
      try {
        stale(staleKeyPrefixes((JSON.parse((e as MessageEvent<string>).data) as LiveChangeDto).kind));
      } catch {
        // a malformed message is ignored
      }
    });
    source.addEventListener("status", (e) => {
      try {
        setLiveConnection((JSON.parse((e as MessageEvent<string>).data) as LiveStatusDto).state);
      } catch {
        // ignored
      }
    });
    source.addEventListener("open", () => {
      if (dropped) stale(ALL_PREFIXES);
      dropped = false;
    });
    source.addEventListener("error", () => {
      dropped = true;
      setLiveConnection(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting");
    });

    return () => {
      source.close();
      clearTimeout(timer);
      setLiveConnection("connecting");
    };
  }, [client, context]);

  return null;
}
