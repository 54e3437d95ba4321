import type { CertificateRow } from "@/lib/types";

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** RFC 5545 §3.3.11 TEXT escaping: backslash, semicolon, comma and line breaks. */
export function escapeIcsText(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replaceAll(";", "\\;")
    .replaceAll(",", "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * RFC 5545 §3.1 folding: lines longer than 75 octets are split, each continuation starting with
 * one space. Splits fall between characters, never inside a UTF-8 sequence.
 */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    // Continuation lines start with a space, which counts toward their 75 octets.
    const limit = out.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** `20261128T013721Z` (UTC DATE-TIME form) of an instant. */
export function icsDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** One calendar event of the expiry calendar. */
export interface ExpiryEvent {
  uid: string;
  start: Date;
  summary: string;
  description: string;
  categories: string[];
  /** Minutes before `start` at which to remind, if any. */
  alarmMinutesBefore?: number;
}

const EVENT_MINUTES = 30;

/**
 * Calendar events for certificates: per certificate one at its renewal time (`status.renewalTime`)
 * and one at its expiry (the Secret's notAfter, else `status.notAfter`). Rows without the time are
 * skipped. UIDs are stable per certificate and event type so calendar clients update, not duplicate.
 */
export function expiryEvents(rows: readonly CertificateRow[], host = "trustdeck"): ExpiryEvent[] {
  const events: ExpiryEvent[] = [];
  for (const r of rows) {
    const id = `${r.namespace}/${r.name}`;
    const issuer = `${r.issuerRef.kind} ${r.issuerRef.name}`;
    const notAfter = r.notAfter ?? r.statusNotAfter;
    if (r.renewalTime && !Number.isNaN(Date.parse(r.renewalTime))) {
      events.push({
        uid: `renewal.${r.namespace}.${r.name}@${host}`,
        start: new Date(r.renewalTime),
        summary: `Renewal: certificate ${id}`,
        description: `cert-manager renews Certificate ${id} (Secret ${r.secretName}, issuer ${issuer}) at this time.${
          notAfter ? ` It expires at ${notAfter}.` : ""
        }`,
        categories: ["certificate", "renewal"],
      });
    }
    if (notAfter && !Number.isNaN(Date.parse(notAfter))) {
      events.push({
        uid: `expiry.${r.namespace}.${r.name}@${host}`,
        start: new Date(notAfter),
        summary: `Expiry: certificate ${id}`,
        description: `Certificate ${id} (Secret ${r.secretName}, issuer ${issuer}) expires at this time.${
          r.commonName ? ` Common name: ${r.commonName}.` : ""
        }${r.dnsNames.length ? ` DNS names: ${r.dnsNames.join(", ")}.` : ""}`,
        categories: ["certificate", "expiry"],
        alarmMinutesBefore: 7 * 24 * 60,
      });
    }
  }
  return events;
}

/**
 * An RFC 5545 iCalendar document (CRLF line endings, folded at 75 octets, escaped TEXT, one UID
 * and a DTSTAMP per event). Pure: pass `now` for DTSTAMP.
 */
export function buildIcs(
  events: readonly ExpiryEvent[],
  now: Date,
  calendarName = "Trustdeck certificate expiries",
): string {
  const stamp = icsDateTime(now);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Trustdeck//Certificate expiries//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeIcsText(calendarName)}`,
  ];
  for (const e of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDateTime(e.start)}`,
      `DTEND:${icsDateTime(new Date(e.start.getTime() + EVENT_MINUTES * 60_000))}`,
      `SUMMARY:${escapeIcsText(e.summary)}`,
      `DESCRIPTION:${escapeIcsText(e.description)}`,
      `CATEGORIES:${e.categories.map(escapeIcsText).join(",")}`,
      "TRANSP:TRANSPARENT",
    );
    if (e.alarmMinutesBefore !== undefined) {
      lines.push(
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        `DESCRIPTION:${escapeIcsText(e.summary)}`,
        `TRIGGER:-PT${e.alarmMinutesBefore}M`,
        "END:VALARM",
      );
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
