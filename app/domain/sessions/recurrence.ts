import { TZDate } from "@date-fns/tz";
import * as rruleModule from "rrule";
import type { CalendarDate } from "#app/lib/dates";

/**
 * Recurring sessions in a house's time zone (ADR 025). A series is a first local day, a
 * local wall-clock start time and an RRULE; it is expanded by `rrule` in *floating* time
 * (the UTC fields of rrule's dates stand for the house's wall clock), and each local day
 * and time is then turned into an instant in the house's zone with @date-fns/tz. So a
 * weekly 7 pm meeting stays at 7 pm local across daylight-saving changes, and the day a
 * clock changes never adds or drops an occurrence.
 *
 * Times that do not exist or happen twice on a change day resolve as @date-fns/tz does:
 * a start in the skipped hour (2:30 on the spring-forward day in the US) moves forward by
 * the gap, to 3:30 daylight time; a start in the repeated hour (1:30 on the fall-back day)
 * is its first occurrence, 1:30 daylight time. One occurrence per day either way.
 *
 * Pure: safe in the browser and in tests without a database.
 */

// rrule ships CommonJS to Node and ESM to bundlers: take RRule from whichever we got.
const RRule: typeof rruleModule.RRule =
  (rruleModule as { RRule?: typeof rruleModule.RRule }).RRule ?? (rruleModule as unknown as { default: typeof rruleModule }).default.RRule;

export type SeriesTiming = {
  startsOn: CalendarDate;
  /** "HH:MM" or "HH:MM:SS", local wall clock. */
  startTime: string;
  durationMinutes: number;
  rule: string;
};

export type ExpandedOccurrence = {
  /** The occurrence's own local day (its identity within the series). */
  occursOn: CalendarDate;
  startsAt: Date;
  endsAt: Date;
};

/** Why a rule is refused, or null when it is one we can expand. */
export function ruleProblem(rule: string): string | null {
  const text = rule.trim().replace(/^RRULE:/i, "").toUpperCase();
  if (!text) return "Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO.";
  const syntax = syntaxProblem(text);
  if (syntax) return syntax;
  let options: Partial<rruleModule.Options>;
  try {
    options = RRule.parseString(text);
  } catch {
    return "That recurrence rule isn't valid. Use a rule like FREQ=WEEKLY;BYDAY=MO,TH.";
  }
  if (options.freq === undefined) return "The rule needs a FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).";
  if (![RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY].includes(options.freq)) {
    return "Sessions repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.";
  }
  if (options.byhour != null || options.byminute != null || options.bysecond != null) {
    return "Set the start time in its own field, not in the rule.";
  }
  if (options.dtstart || options.tzid) return "Set the first day in its own field, not in the rule.";
  if (options.interval != null && (options.interval < 1 || options.interval > 52)) return "The rule's INTERVAL must be between 1 and 52.";
  if (options.count != null && (options.count < 1 || options.count > 1000)) return "The rule's COUNT must be between 1 and 1000.";
  const days = options.byweekday;
  if (Array.isArray(days) && days.some((d) => d == null)) return "Use MO, TU, WE, TH, FR, SA or SU for days in the rule.";
  return null;
}

// The rules we accept: a subset of RFC 5545 whose every combination produces dates. (rrule
// trusts its input, and a rule whose filters match no day — BYMONTHDAY=30 in February,
// INTERVAL=12 with another month in BYMONTH, the 9th Monday — is iterated day by day up to
// the year 9999 before it gives up: about a minute of CPU. So values have fixed shapes,
// ordinals are 1–4 or -1, month days 1–28 or -1, INTERVAL goes only with weekdays on a
// weekly rule, and BYSETPOS, BYYEARDAY and BYWEEKNO are not offered.)
const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d?$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: /^([1-4]|-1)?(MO|TU|WE|TH|FR|SA|SU)(,([1-4]|-1)?(MO|TU|WE|TH|FR|SA|SU))*$/,
  BYMONTHDAY: /^([1-9]|1\d|2[0-8]|-1)(,([1-9]|1\d|2[0-8]|-1))*$/,
  BYMONTH: /^([1-9]|1[0-2])(,([1-9]|1[0-2]))*$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
};
const INVALID = "That recurrence rule isn't valid. Use a rule like FREQ=WEEKLY;BYDAY=MO,TH.";

function syntaxProblem(text: string): string | null {
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const [key = "", value, ...rest] = part.split("=");
    const name = key.toUpperCase();
    if (name === "DTSTART" || name === "TZID") return "Set the first day in its own field, not in the rule.";
    if (name === "BYHOUR" || name === "BYMINUTE" || name === "BYSECOND") return "Set the start time in its own field, not in the rule.";
    if (name === "FREQ" && value && /^(HOURLY|MINUTELY|SECONDLY)$/i.test(value)) return "Sessions repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.";
    const shape = RULE_PARTS[name];
    if (!shape || value === undefined || rest.length || parts.has(name) || !shape.test(value.toUpperCase())) return INVALID;
    parts.set(name, value.toUpperCase());
  }
  const freq = parts.get("FREQ");
  if (!freq) return "The rule needs a FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).";
  const byday = parts.get("BYDAY");
  if (byday && /\d/.test(byday) && freq !== "MONTHLY" && freq !== "YEARLY") return "Numbered weekdays (like 1MO) need FREQ=MONTHLY or YEARLY.";
  if (byday && parts.has("BYMONTHDAY")) return "Use either weekdays or days of the month in one rule, not both.";
  const filters = ["BYDAY", "BYMONTHDAY", "BYMONTH"].filter((k) => parts.has(k));
  if (Number(parts.get("INTERVAL") ?? 1) > 1 && filters.length && !(freq === "WEEKLY" && filters.length === 1 && byday && !/\d/.test(byday))) {
    return "INTERVAL goes only with a weekly rule on weekdays (e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU).";
  }
  return null;
}

const [Y, M, D] = [0, 1, 2];
function parts(date: CalendarDate): [number, number, number] {
  const p = date.split("-").map(Number);
  return [p[Y]!, p[M]! - 1, p[D]!];
}
function hm(time: string): [number, number] {
  const [h, m] = time.split(":").map(Number);
  return [h ?? 0, m ?? 0];
}
const floating = (date: CalendarDate, time = "00:00") => {
  const [y, m, d] = parts(date);
  const [h, min] = hm(time);
  return new Date(Date.UTC(y, m, d, h, min));
};

/** The instant a local day and wall-clock time happen in a zone (see the note on gaps above). */
export function localInstant(date: CalendarDate, time: string, timeZone: string): Date {
  const [y, m, d] = parts(date);
  const [h, min] = hm(time);
  return new Date(new TZDate(y, m, d, h, min, 0, timeZone).getTime());
}

/** Occurrences whose local day is in [from, to) (calendar dates), at most `limit`. */
export function expandSeries(series: SeriesTiming, timeZone: string, from: CalendarDate, to: CalendarDate, limit = 1000): ExpandedOccurrence[] {
  if (to <= from || to <= series.startsOn) return [];
  const options = RRule.parseString(series.rule.trim().replace(/^RRULE:/i, "").toUpperCase());
  // Never iterate past the window (a rule whose filters match no day would run to year 9999).
  const cap = new Date(floating(to).getTime() - 1);
  const until = options.until && options.until < cap ? options.until : cap;
  const rule = new RRule({ ...options, until, dtstart: floating(series.startsOn, series.startTime) });
  const start = from > series.startsOn ? from : series.startsOn;
  const out: ExpandedOccurrence[] = [];
  rule.between(floating(start), new Date(floating(to).getTime() - 1), true, (date) => {
    const occursOn = date.toISOString().slice(0, 10);
    const startsAt = localInstant(occursOn, series.startTime, timeZone);
    out.push({ occursOn, startsAt, endsAt: new Date(startsAt.getTime() + series.durationMinutes * 60_000) });
    return out.length < limit;
  });
  return out;
}

/** Whether a series has an occurrence on a local day. */
export function occursOnDay(series: SeriesTiming, day: CalendarDate): boolean {
  const [y, m, d] = parts(day);
  const next = new Date(Date.UTC(y, m, d + 1)).toISOString().slice(0, 10);
  return expandSeries(series, "UTC", day, next, 1).length === 1;
}
