import { ProblemList, SeverityBadge } from "@/components/trust/problems";
import { Badge } from "@/components/ui/badge";
import { CheckIcon, XIcon } from "@/components/ui/icons";
import { formatDate } from "@/lib/format";
import type { ChainAlternative, ChainLink, ChainVerdict } from "@/lib/x509/chain";

const SOURCE_LABEL: Record<ChainLink["source"], string> = {
  bundle: "tls.crt",
  intermediates: "intermediate",
  trusted: "ca.crt (trusted)",
};

const BAR_TONE: Record<ChainLink["verdict"], string> = {
  critical: "bg-red-500/80 dark:bg-red-500/70",
  warning: "bg-amber-400/90 dark:bg-amber-400/70",
  info: "bg-sky-500/80 dark:bg-sky-400/70",
  ok: "bg-emerald-500/80 dark:bg-emerald-500/70",
};

function roleOf(i: number, links: readonly ChainLink[]): string {
  const link = links[i]!;
  if (i === 0) return links.length === 1 && link.certificate.selfSigned ? "Self-signed" : "Leaf";
  if (link.certificate.selfSigned) return "Root";
  return "Intermediate";
}

/** Axis ticks: years for long spans, months for shorter ones. */
function ticks(start: number, end: number): { at: number; label: string }[] {
  const span = end - start;
  const out: { at: number; label: string }[] = [];
  const d = new Date(start);
  const yearly = span > 2 * 365 * 86_400_000;
  if (yearly) {
    d.setUTCMonth(0, 1);
    d.setUTCHours(0, 0, 0, 0);
    const step = Math.max(1, Math.ceil(span / (8 * 365 * 86_400_000)));
    for (let y = d.getUTCFullYear() + 1; ; y += step) {
      const t = Date.UTC(y, 0, 1);
      if (t >= end) break;
      out.push({ at: t, label: String(y) });
    }
  } else {
    const step = Math.max(1, Math.ceil(span / (8 * 30 * 86_400_000)));
    for (let i = 1; ; i += step) {
      const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1);
      if (t >= end) break;
      out.push({
        at: t,
        label: new Date(t).toLocaleDateString("en", { month: "short", year: "2-digit", timeZone: "UTC" }),
      });
    }
  }
  return out;
}

/**
 * The chain as a vertical ladder, leaf on top and root at the bottom: per link its subject, where
 * it came from, whether its signature verifies, its problems with fixes, and its validity as a
 * bar on one time axis shared by every link, with "now" and the renewal time marked.
 */
export function ChainLadder({
  verdict,
  renewalTime,
  now,
}: {
  verdict: ChainVerdict;
  renewalTime?: string;
  now: Date;
}) {
  const links = verdict.links;
  const nowMs = now.getTime();
  const renewalMs = renewalTime ? new Date(renewalTime).getTime() : undefined;
  const times = links.flatMap((l) => [
    new Date(l.certificate.notBefore).getTime(),
    new Date(l.certificate.notAfter).getTime(),
  ]);
  const lo = Math.min(nowMs, ...times);
  const hi = Math.max(nowMs, ...times);
  const pad = (hi - lo) * 0.02 || 86_400_000;
  const start = lo - pad;
  const end = hi + pad;
  const pct = (t: number) => `${(((t - start) / (end - start)) * 100).toFixed(3)}%`;
  const linkProblems = new Set(links.flatMap((l) => l.problems));
  const chainProblems = verdict.problems.filter((p) => !linkProblems.has(p));

  return (
    <div
      data-testid="chain-ladder"
      data-status={verdict.status}
      data-valid={String(verdict.valid)}
      className="space-y-4"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={verdict.valid ? "green" : verdict.status === "broken" ? "red" : "amber"} dot>
          {verdict.valid ? "Valid chain" : "Invalid chain"}
        </Badge>
        <span className="text-zinc-500 dark:text-zinc-400">
          {verdict.status} · {links.length} link{links.length === 1 ? "" : "s"}
          {verdict.role ? ` · judged for ${verdict.role === "ca" ? "a CA" : `${verdict.role} use`}` : ""}
        </span>
      </div>

      <div className="grid grid-cols-[minmax(0,1fr)] gap-x-5 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <div className="hidden lg:block" />
        <div
          className="relative mb-1 hidden h-5 text-[10px] text-zinc-400 lg:block dark:text-zinc-500"
          aria-hidden="true"
        >
          {ticks(start, end)
            // Leave room for the "now" label and keep the last label inside the track.
            .filter((t) => Math.abs(t.at - nowMs) > (end - start) * 0.06 && t.at < end - (end - start) * 0.04)
            .map((t) => (
              <span
                key={t.at}
                className="-translate-x-1/2 absolute top-0 whitespace-nowrap"
                style={{ left: pct(t.at) }}
              >
                {t.label}
              </span>
            ))}
          <span
            className="-translate-x-1/2 absolute top-0 font-semibold text-sky-600 dark:text-sky-400"
            style={{ left: pct(nowMs) }}
          >
            now
          </span>
        </div>

        {links.map((link, i) => {
          const c = link.certificate;
          const nb = new Date(c.notBefore).getTime();
          const na = new Date(c.notAfter).getTime();
          return (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: a chain may repeat a certificate; the position is the identity
              key={`${c.sha256Fingerprint}-${i}`}
              data-testid="chain-link"
              data-index={String(i)}
              data-verdict={link.verdict}
              data-signature={link.signatureValid === undefined ? "unknown" : String(link.signatureValid)}
              className="contents"
            >
              <div className="relative border-zinc-200 border-l-2 py-3 pl-4 dark:border-zinc-700">
                <span
                  className={`-left-[7px] absolute top-4 size-3 rounded-full ring-2 ring-white dark:ring-zinc-900 ${BAR_TONE[link.verdict]}`}
                  aria-hidden="true"
                />
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className="font-semibold text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400">
                    {roleOf(i, links)}
                  </span>
                  <Badge tone="gray">{SOURCE_LABEL[link.source]}</Badge>
                  <SeverityBadge severity={link.verdict} />
                </div>
                <p className="mt-1 break-all font-mono text-[12.5px] text-zinc-900 dark:text-zinc-100">
                  {c.subject || "(empty subject)"}
                </p>
                <p
                  className="mt-1 flex items-center gap-1 text-xs"
                  data-testid="chain-signature"
                  title={`Signature checked with the key of ${i + 1 < links.length ? "the next link" : c.selfSigned ? "itself" : "its issuer (not in the chain)"}`}
                >
                  {link.signatureValid === true ? (
                    <>
                      <CheckIcon size={13} className="text-emerald-600 dark:text-emerald-400" />
                      <span className="text-emerald-700 dark:text-emerald-400">signature verified</span>
                    </>
                  ) : link.signatureValid === false ? (
                    <>
                      <XIcon size={13} className="text-red-600 dark:text-red-400" />
                      <span className="text-red-700 dark:text-red-400">signature does not verify</span>
                    </>
                  ) : (
                    <span className="text-zinc-500 dark:text-zinc-400">
                      signature not checked (issuer not found)
                    </span>
                  )}
                </p>
                {link.problems.length > 0 ? (
                  <div className="mt-2">
                    <ProblemList problems={link.problems} testId="chain-problem" />
                  </div>
                ) : null}
              </div>

              <div className="pb-4 lg:py-3">
                <div className="relative h-7 rounded-md bg-zinc-100 dark:bg-zinc-800/70">
                  <div
                    data-testid="validity-bar"
                    className={`absolute top-1 bottom-1 min-w-[3px] rounded ${BAR_TONE[link.verdict]}`}
                    style={{ left: pct(nb), width: `calc(${pct(na)} - ${pct(nb)})` }}
                    title={`${formatDate(c.notBefore)} → ${formatDate(c.notAfter)}`}
                  />
                  {i === 0 && renewalMs !== undefined ? (
                    <div
                      data-testid="renewal-marker"
                      className="absolute top-0 bottom-0 w-0 border-violet-500 border-l-2 border-dotted"
                      style={{ left: pct(renewalMs) }}
                      title={`Renewal: ${formatDate(renewalTime)}`}
                    />
                  ) : null}
                  <div
                    data-testid="now-marker"
                    className="absolute top-[-4px] bottom-[-4px] w-0.5 bg-sky-500"
                    style={{ left: pct(nowMs) }}
                    title={`Now: ${formatDate(now)}`}
                  />
                </div>
                <div className="mt-1 flex justify-between gap-2 text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
                  <span>from {formatDate(c.notBefore)}</span>
                  {i === 0 && renewalTime ? (
                    <span className="text-violet-600 dark:text-violet-400">
                      renews {formatDate(renewalTime)}
                    </span>
                  ) : null}
                  <span>until {formatDate(c.notAfter)}</span>
                </div>
              </div>
            </div>
          );
        })}
      </div>

      {chainProblems.length > 0 ? (
        <div>
          <h3 className="mb-2 font-medium text-sm text-zinc-900 dark:text-zinc-100">Chain problems</h3>
          <ProblemList problems={chainProblems} testId="chain-problem" />
        </div>
      ) : null}

      <Alternatives alternatives={verdict.alternatives ?? []} />
    </div>
  );
}

/** The path after the leaf, e.g. "R3 → ISRG Root X1" (the leaf is the same on every path). */
function via(subjects: readonly string[]): string {
  return subjects
    .slice(1)
    .map((s) => s || "(empty subject)")
    .join(" → ");
}

/**
 * Other complete paths the engine found (cross-signs, a rotated CA of the same name): a client
 * that builds its path differently may take one of them, so each says whether it validates and,
 * if not, why.
 */
function Alternatives({ alternatives }: { alternatives: readonly ChainAlternative[] }) {
  if (alternatives.length === 0) return null;
  return (
    <div data-testid="chain-alternatives">
      <h3 className="mb-2 font-medium text-sm text-zinc-900 dark:text-zinc-100">Other paths</h3>
      <ul className="space-y-1.5 text-sm">
        {alternatives.map((alt) => (
          <li
            key={alt.subjects.join("|")}
            data-testid="chain-alternative"
            data-valid={String(alt.valid)}
            className="flex items-start gap-2"
          >
            {alt.valid ? (
              <CheckIcon size={14} className="mt-0.5 shrink-0 text-emerald-600 dark:text-emerald-400" />
            ) : (
              <XIcon size={14} className="mt-0.5 shrink-0 text-amber-600 dark:text-amber-400" />
            )}
            <span className="min-w-0 break-words text-zinc-700 dark:text-zinc-300">
              {alt.valid ? "Also validates via " : "Alternative path via "}
              <span className="font-mono text-[12.5px]">{via(alt.subjects)}</span>
              {alt.valid ? null : (
                <>
                  {" "}
                  failed because{" "}
                  {alt.problem ? (
                    <span data-testid="chain-alternative-reason" data-code={alt.problem.code}>
                      {alt.problem.message}
                    </span>
                  ) : (
                    "it breaks a rule of RFC 5280"
                  )}
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
