import type { Metadata } from "next";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { safeNextPath } from "@/lib/auth/next-path";
import { authMode } from "@/lib/auth/settings";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection(); // the mode is read at request time, not at build time
  const mode = authMode();
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const description =
    mode === "token"
      ? "Paste a Kubernetes bearer token (for example a ServiceAccount token). Every request you make then runs as that identity, so the cluster's RBAC decides what you may see and do."
      : mode === "local"
        ? "Open the sign-in URL that the server printed when it started (valid until it stops) (npm start / npm run demo), or paste its token here."
        : "Sign-in is off (TRUSTDECK_AUTH=none): this server answers on loopback only.";
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="Sign in to Trustdeck" description={description} />
      {params.error === "token" ? (
        <p role="alert" className="mb-4 text-red-600 text-sm dark:text-red-400">
          That sign-in link is not valid for this server. Use the URL it printed at start.
        </p>
      ) : null}
      {mode === "none" ? null : <SignInForm mode={mode} next={next} />}
    </div>
  );
}
