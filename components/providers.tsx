"use client";

import { isServer, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ThemeProvider } from "@/components/layout/theme-provider";
import { LiveUpdates } from "@/components/live/live-updates";
import { isFinalError } from "@/lib/api-client";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // A 403 or 503 will not change on retry; show it at once.
        retry: (count, err) => !isFinalError(err) && count < 2,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** New client per server render; one singleton in the browser so state survives suspense. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      <LiveUpdates />
      <ThemeProvider>{children}</ThemeProvider>
    </QueryClientProvider>
  );
}
