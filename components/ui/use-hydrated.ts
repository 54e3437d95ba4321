"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False in the server's render and while React hydrates it, true afterwards (and on any client-only
 * render). A control rendered by the server works only once React owns it: disable it until then,
 * so a click or a choice made before hydration is not silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
