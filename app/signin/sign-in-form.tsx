"use client";

import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/api-client";

export function SignInForm({ mode, next }: { mode: "local" | "token"; next: string }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch("/api/auth/signin", { method: "POST", body: JSON.stringify({ token: token.trim() }) });
      window.location.assign(next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  }

  const label = mode === "token" ? "Kubernetes bearer token" : "Sign-in token";
  return (
    <form onSubmit={submit} className="space-y-3">
      <label htmlFor="signin-token" className="block font-medium text-sm">
        {label}
      </label>
      <Input
        id="signin-token"
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        className="h-9 font-mono"
      />
      {error ? (
        <p role="alert" className="text-red-600 text-sm dark:text-red-400">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={busy || token.trim() === ""}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
