"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { SignOutIcon } from "@/components/ui/icons";
import { apiFetch } from "@/lib/api-client";
import type { SignOutResponse } from "@/lib/auth/types";
import { useMe } from "@/lib/client/cluster";
import { apiUrl } from "@/lib/client/urls";

/**
 * Sign out: ends the session on every replica, then (oidc mode) opens the identity provider's
 * end-session page when it has one, else the sign-in page. Hidden without sign-in (`none`).
 */
export function SignOut() {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  if (!me.data?.signedIn || me.data.mode === "none") return null;
  async function signOut() {
    setBusy(true);
    try {
      const out = await apiFetch<SignOutResponse>(apiUrl.signOut(), { method: "POST" });
      window.location.assign(out.logoutUrl ?? "/signin");
    } catch {
      window.location.assign("/signin");
    }
  }
  return (
    <button
      type="button"
      data-testid="sign-out"
      onClick={signOut}
      disabled={busy}
      aria-label={busy ? "Signing out…" : "Sign out"}
      title="Sign out"
      className={`${buttonClass("ghost", "sm")} shrink-0 whitespace-nowrap`}
    >
      {/* An icon on phones, where the header has no room for the words. */}
      <SignOutIcon className="sm:hidden" />
      <span className="hidden sm:inline">{busy ? "Signing out…" : "Sign out"}</span>
    </button>
  );
}
