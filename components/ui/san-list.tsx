import { Badge } from "@/components/ui/badge";

/** A subject alternative name with its type, as X.509 (RFC 5280 GeneralName) names them. */
export interface TypedSan {
  type: "DNS" | "IP" | "URI" | "email" | "other";
  value: string;
}

/** The SANs of a certificate (or a Certificate's spec) by type: DNS, IP, URI, email, in that order. */
export function typedSans(s: {
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  uris?: readonly string[];
  emailAddresses?: readonly string[];
}): TypedSan[] {
  return [
    ...(s.dnsNames ?? []).map((value) => ({ type: "DNS" as const, value })),
    ...(s.ipAddresses ?? []).map((value) => ({ type: "IP" as const, value })),
    ...(s.uris ?? []).map((value) => ({ type: "URI" as const, value })),
    ...(s.emailAddresses ?? []).map((value) => ({ type: "email" as const, value })),
  ];
}

/** Subject alternative names, each with its type as a badge (`data-type` = DNS | IP | URI | email). */
export function SanList({ sans, testId = "san" }: { sans: readonly TypedSan[]; testId?: string }) {
  if (sans.length === 0) return <span className="text-zinc-400 dark:text-zinc-600">none</span>;
  return (
    <ul className="space-y-0.5">
      {sans.map((s) => (
        <li
          key={`${s.type}:${s.value}`}
          data-testid={testId}
          data-type={s.type}
          className="flex min-w-0 items-baseline gap-2"
        >
          <Badge tone="gray" className="w-12 shrink-0 justify-center">
            {s.type}
          </Badge>
          <span className="min-w-0 break-all font-mono text-[12.5px]">{s.value}</span>
        </li>
      ))}
    </ul>
  );
}
