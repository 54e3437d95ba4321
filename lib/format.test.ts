import { describe, expect, it } from "vitest";
import {
  expiryLevelStyle,
  formatAge,
  formatDate,
  formatDateTime,
  formatDateTimeSeconds,
  formatDaysLeft,
  formatHex,
  formatRelative,
  sameInstant,
  summarizeList,
} from "@/lib/format";

const now = new Date("2026-01-10T12:00:00Z");

describe("formatDate / formatDateTime", () => {
  it("formats in UTC", () => {
    expect(formatDate("2027-02-26T23:30:00Z")).toBe("2027-02-26");
    expect(formatDateTime("2027-02-26T14:03:59Z")).toBe("2027-02-26 14:03 UTC");
  });
  it("returns a dash for missing or invalid input", () => {
    expect(formatDate(undefined)).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
  });
});

describe("formatDateTimeSeconds / sameInstant", () => {
  it("keeps the seconds, and compares instants, not their text", () => {
    expect(formatDateTimeSeconds("2026-02-01T10:20:30Z")).toBe("2026-02-01 10:20:30 UTC");
    // Same minute, different second: formatted to the minute these read the same.
    expect(sameInstant("2026-02-01T10:20:30Z", "2026-02-01T10:20:59Z")).toBe(false);
    expect(sameInstant("2026-02-01T10:20:30Z", "2026-02-01T10:20:30.000Z")).toBe(true);
    expect(sameInstant(undefined, undefined)).toBe(true);
    expect(sameInstant("2026-02-01T10:20:30Z", undefined)).toBe(false);
  });
});

describe("formatRelative", () => {
  it("says in N days for the future and N days ago for the past", () => {
    expect(formatRelative("2026-01-22T12:00:00Z", now)).toBe("in 12 days");
    expect(formatRelative("2026-01-07T12:00:00Z", now)).toBe("3 days ago");
  });
  it("keeps days up to two months, then months and years", () => {
    expect(formatRelative("2026-02-28T12:00:00Z", now)).toBe("in 49 days");
    expect(formatRelative("2026-04-10T12:00:00Z", now)).toBe("in 3 months");
    expect(formatRelative("2028-01-20T12:00:00Z", now)).toBe("in 2 years");
  });
  it("uses hours, minutes and just now for short spans", () => {
    expect(formatRelative("2026-01-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelative("2026-01-10T12:05:00Z", now)).toBe("in 5 minutes");
    expect(formatRelative("2026-01-10T12:00:10Z", now)).toBe("just now");
  });
});

describe("formatAge", () => {
  it("is compact", () => {
    expect(formatAge("2026-01-10T11:59:30Z", now)).toBe("30s");
    expect(formatAge("2026-01-10T10:00:00Z", now)).toBe("2h");
    expect(formatAge("2026-01-01T12:00:00Z", now)).toBe("9d");
  });
});

describe("formatDaysLeft", () => {
  it("pluralises and handles the past", () => {
    expect(formatDaysLeft(12)).toBe("12 days");
    expect(formatDaysLeft(1.7)).toBe("1 day");
    expect(formatDaysLeft(0.2)).toBe("today");
    expect(formatDaysLeft(-3)).toBe("3 days ago");
    expect(formatDaysLeft(undefined)).toBe("—");
  });
});

describe("expiryLevelStyle", () => {
  it("maps every level to a label and tone", () => {
    expect(expiryLevelStyle("expired")).toMatchObject({ label: "Expired", tone: "red" });
    expect(expiryLevelStyle("critical")).toMatchObject({ label: "< 7 days", tone: "orange" });
    expect(expiryLevelStyle("renewal-window")).toMatchObject({ label: "Renewal window", tone: "amber" });
    expect(expiryLevelStyle("ok")).toMatchObject({ label: "OK", tone: "green" });
    expect(expiryLevelStyle("unknown")).toMatchObject({ label: "Unknown", tone: "gray" });
  });
});

describe("summarizeList / formatHex", () => {
  it("summarises lists", () => {
    expect(summarizeList(["a", "b", "c"])).toEqual({ first: "a", more: 2 });
    expect(summarizeList([])).toEqual({ first: undefined, more: 0 });
  });
  it("groups hex bytes", () => {
    expect(formatHex("0a1bff")).toBe("0A:1B:FF");
  });
});
