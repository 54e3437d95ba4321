import type { Metadata } from "next";
import { connection } from "next/server";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { safeNextPath } from "@/lib/auth/next-path";
import { OIDC_FAILURE_MESSAGES, type OidcFailure } from "@/lib/auth/oidc";
import { authMode } from "@/lib/auth/settings";
import { getEnv } from "@/lib/env";
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
  const provider = mode === "oidc" ? getEnv().oidc?.providerName : undefined;
  const oidcError =
    typeof params.error === "string" && params.error.startsWith("oidc-")
      ? OIDC_FAILURE_MESSAGES[params.error.slice(5) as OidcFailure]
      : undefined;
  const description =
    mode === "oidc"
      ? `Sign in with your account at ${provider}. Your requests then run as you: the cluster's RBAC decides what you may see and do.`
      : mode === "token"
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
      {oidcError ? (
        <p role="alert" data-testid="signin-error" className="mb-4 text-red-600 text-sm dark:text-red-400">
          {oidcError}
        </p>
      ) : null}
      {mode === "oidc" ? (
        <a
          href={`/api/auth/oidc/login${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`}
          data-testid="signin-oidc"
          className={buttonClass("primary")}
        >
          {oidcError ? `Try again with ${provider}` : `Sign in with ${provider}`}
        </a>
      ) : mode === "none" ? null : (
        <SignInForm mode={mode} next={next} />
      )}
      <section
        data-testid="signin-rights"
        className="mt-8 space-y-2 rounded-xl border border-zinc-200 bg-white px-5 py-4 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-300"
      >
        <h2 className="font-semibold text-zinc-900 dark:text-zinc-100">How you get your rights</h2>
        <p>
          Trustdeck has no permissions of its own: every page and every button is decided by the Kubernetes
          RBAC of the identity your requests run as. What you may not do is shown disabled, with the verb and
          resource you are missing.
        </p>
        {mode === "oidc" ? (
          <p>
            Your identity provider tells the cluster who you are (your user name and groups); a cluster
            administrator binds Roles to them. Signing out here also ends your session at the provider.
          </p>
        ) : mode === "token" ? (
          <p>
            To get rights of your own, ask a cluster administrator for a ServiceAccount (or an OIDC user)
            bound to a Role or ClusterRole with the verbs you need — read access to view; <em>update</em>{" "}
            certificates/status to renew; <em>update</em> certificaterequests/status to approve;{" "}
            <em>create</em>/<em>update</em> apisixtlses and apisixupstreams for the Gateway page (the
            ClusterRole in <span className="font-mono">deploy/trustdeck.yaml</span> lists them all) — then
            sign in with its token (for a ServiceAccount:{" "}
            <span className="font-mono">kubectl create token NAME -n NAMESPACE</span>).
          </p>
        ) : (
          <p>
            In this mode everyone signed in shares the identity of the server&apos;s kubeconfig context; the
            header shows which. For rights of your own, run Trustdeck with{" "}
            <span className="font-mono">TRUSTDECK_AUTH=token</span> and sign in with a token bound to your own
            Role (the ClusterRole <span className="font-mono">trustdeck-user</span> in{" "}
            <span className="font-mono">deploy/trustdeck.yaml</span> holds every verb Trustdeck uses).
          </p>
        )}
      </section>
    </div>
  );
}
