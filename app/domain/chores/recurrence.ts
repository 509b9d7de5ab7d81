import * as rruleModule from "rrule";
import type { Weekday } from "#app/db/schema";
import { addDays, daysBetween, type CalendarDate } from "#app/lib/dates";

/**
 * When a chore is due (pure: the same in forms and the domain). Every frequency is an
 * RRULE read by the `rrule` library (ADR 024): daily is `FREQ=DAILY`, weekly on given
 * days `FREQ=WEEKLY;BYDAY=MO,TH`, and a custom rule is what the house typed. Rules work on
 * calendar dates: DTSTART is the chore's first day at midnight UTC and occurrences are
 * read back as UTC dates, so a house's zone and daylight-saving changes never move a
 * chore to another day (a chore is due on a day, not at a time).
 */

// rrule ships CommonJS for Node and ESM for bundlers; take its exports from either.
const lib = ((rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule;
const { RRule, rrulestr } = lib;

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const satisfies readonly Weekday[];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};

export type Recurrence = { frequency: "daily" | "weekly" | "custom"; weekdays: readonly Weekday[]; rule: string | null; startsOn: CalendarDate };

/** A day as the UTC midnight rrule works with. */
const utc = (day: CalendarDate) => new Date(`${day}T00:00:00Z`);
const dayOf = (d: Date): CalendarDate => d.toISOString().slice(0, 10);

/** Longest a custom rule may be, and the one-day grain a chore has (no hourly rules). */
const RULE_MAX = 500;
const TOO_FINE = new Set([RRule.HOURLY, RRule.MINUTELY, RRule.SECONDLY]);

/**
 * A custom rule as people type it ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", with or without
 * "RRULE:"), or why it is refused: a message for the form. DTSTART and UNTIL in the text
 * are not allowed (the chore's start date says when it begins).
 */
export function ruleProblem(rule: string): string | null {
  const text = rule.trim().replace(/^RRULE:/i, "");
  if (!text) return "Enter a recurrence rule such as FREQ=WEEKLY;INTERVAL=2;BYDAY=SA.";
  if (text.length > RULE_MAX) return `Use at most ${RULE_MAX} characters.`;
  if (/DTSTART|[\r\n]/i.test(text)) return "Leave out DTSTART: the chore's start date says when it begins.";
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined) return "The rule needs a FREQ, for example FREQ=WEEKLY;BYDAY=MO.";
    if (TOO_FINE.has(options.freq)) return "Chores repeat by the day at most: use DAILY, WEEKLY, MONTHLY or YEARLY.";
    const probe = new RRule({ ...options, dtstart: utc("2026-01-01") });
    if (probe.between(utc("2026-01-01"), utc("2030-12-31"), true).length === 0 && !options.count && !options.until) {
      return "That rule never repeats. Check its BYDAY, BYMONTH and BYMONTHDAY parts.";
    }
    return null;
  } catch {
    return "That isn't a recurrence rule we can read. Try something like FREQ=WEEKLY;INTERVAL=2;BYDAY=SA.";
  }
}

/** The RRULE text of a recurrence (what custom rules are stored as, normalised). */
export function ruleText(r: Pick<Recurrence, "frequency" | "weekdays" | "rule">): string {
  if (r.frequency === "daily") return "FREQ=DAILY";
  if (r.frequency === "weekly") return `FREQ=WEEKLY;BYDAY=${(r.weekdays.length ? r.weekdays : ["MO"]).join(",")}`;
  return (r.rule ?? "").trim().replace(/^RRULE:/i, "");
}

/** The days in [from, to] (inclusive) on which a chore is due. */
export function dueDays(r: Recurrence, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  if (to < from || to < r.startsOn) return [];
  const start = from < r.startsOn ? r.startsOn : from;
  if (r.frequency === "daily") {
    return Array.from({ length: daysBetween(start, to) + 1 }, (_, i) => addDays(start, i));
  }
  const options = RRule.parseString(ruleText(r));
  const rule = new RRule({ ...options, dtstart: utc(r.startsOn), tzid: null });
  return rule.between(utc(start), utc(to), true).map(dayOf);
}

/** A recurrence in words, for lists: "Every day", "Mon, Thu", or rrule's own English. */
export function describeRecurrence(r: Pick<Recurrence, "frequency" | "weekdays" | "rule">): string {
  if (r.frequency === "daily") return "Every day";
  if (r.frequency === "weekly") {
    return r.weekdays.length === 7 ? "Every day" : `Every ${r.weekdays.map((d) => WEEKDAY_LABELS[d]).join(", ")}`;
  }
  try {
    const text = rrulestr(ruleText(r)).toText();
    return text.charAt(0).toUpperCase() + text.slice(1);
  } catch {
    return "Custom";
  }
}
