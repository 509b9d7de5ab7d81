import { TZDate } from "@date-fns/tz";
import * as rruleModule from "rrule";
import { addDays, daysBetween, type CalendarDate } from "./dates";

/**
 * Recurrence rules (RFC 5545 RRULE), one way for every module that repeats things: chores
 * are due on days, sessions happen at a local time on days (ADR 025). Rules are read by the
 * `rrule` library in *floating* time: a rule's dates are calendar days (and wall-clock
 * times) whose UTC fields stand for the house's local clock, so a daylight-saving change
 * never adds, drops or moves an occurrence to another day; a local day and time becomes an
 * instant in the house's zone only at the end (`localInstant`).
 *
 * Only a subset of RRULE is accepted (`ruleProblem`): one whose every combination yields
 * dates. `rrule` trusts its input, and a rule whose filters match no day (BYMONTHDAY=30 in
 * February, the 9th Monday, INTERVAL=12 with another month in BYMONTH) is iterated day by
 * day up to the year 9999 before it gives up — about a minute of CPU on the one thread
 * that serves every request — and `until` does not stop that walk (rrule checks it only
 * against dates that match). So `ruleDays` expands only rules `ruleProblem` accepts.
 *
 * Pure: safe in the browser and in tests without a database.
 */

// rrule ships CommonJS to Node and ESM to bundlers: take its exports from whichever we got.
const lib = ((rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule;
const { RRule, rrulestr } = lib;

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
const RULE_MAX = 500;
const INVALID = "That recurrence rule isn't valid. Use a rule like FREQ=WEEKLY;BYDAY=MO,TH.";

/** A rule as stored: trimmed, without a leading "RRULE:", upper case. */
export function normaliseRule(rule: string): string {
  return rule.trim().replace(/^RRULE:/i, "").toUpperCase();
}

/**
 * Why a rule is refused (a message for the form), or null when it is one we can expand.
 * Values have fixed shapes: ordinals 1–4 or -1, month days 1–28 or -1, INTERVAL only with
 * weekdays on a weekly rule; BYSETPOS, BYYEARDAY, BYWEEKNO, times of day and DTSTART are not
 * offered (the first day and the start time have their own fields).
 */
export function ruleProblem(rule: string): string | null {
  const text = normaliseRule(rule);
  if (!text) return "Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO.";
  if (text.length > RULE_MAX) return `Use at most ${RULE_MAX} characters.`;
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const [name = "", value, ...rest] = part.split("=");
    if (name === "DTSTART" || name === "TZID") return "Set the first day in its own field, not in the rule.";
    if (name === "BYHOUR" || name === "BYMINUTE" || name === "BYSECOND") return "Leave the time of day out of the rule: it has its own field.";
    if (name === "FREQ" && value && /^(HOURLY|MINUTELY|SECONDLY)$/.test(value)) return "Repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.";
    const shape = RULE_PARTS[name];
    if (!shape || value === undefined || rest.length || parts.has(name) || !shape.test(value)) return INVALID;
    parts.set(name, value);
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
  try {
    RRule.parseString(text);
  } catch {
    return INVALID;
  }
  return null;
}

function dateParts(date: CalendarDate): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number);
  return [y!, m! - 1, d!];
}
function timeParts(time: string): [number, number] {
  const [h, m] = time.split(":").map(Number);
  return [h ?? 0, m ?? 0];
}

/** A local day and wall-clock time as rrule's floating Date (UTC fields = local clock). */
export function floating(date: CalendarDate, time = "00:00"): Date {
  const [y, m, d] = dateParts(date);
  const [h, min] = timeParts(time);
  return new Date(Date.UTC(y, m, d, h, min));
}

/**
 * The instant a local day and wall-clock time happen in a zone. A time that does not exist
 * on a spring-forward day (2:30 in the US) moves forward by the gap (3:30 daylight time); a
 * time that happens twice on a fall-back day is its first occurrence (daylight time).
 */
export function localInstant(date: CalendarDate, time: string, timeZone: string): Date {
  const [y, m, d] = dateParts(date);
  const [h, min] = timeParts(time);
  return new Date(new TZDate(y, m, d, h, min, 0, timeZone).getTime());
}

/**
 * The days in [from, to) on which a rule starting on `startsOn` (at `time`, local) occurs,
 * at most `limit`. A rule `ruleProblem` refuses has no days (it may never end: see above).
 */
export function ruleDays(rule: string, startsOn: CalendarDate, from: CalendarDate, to: CalendarDate, opts: { time?: string; limit?: number } = {}): CalendarDate[] {
  if (to <= from || to <= startsOn || ruleProblem(rule) !== null) return [];
  const time = opts.time ?? "00:00";
  const limit = opts.limit ?? 1000;
  const options = RRule.parseString(normaliseRule(rule));
  const end = new Date(floating(to).getTime() - 1);
  const until = options.until && options.until < end ? options.until : end;
  const expanded = new RRule({ ...options, until, dtstart: floating(walkFrom(options, startsOn, from), time) });
  const out: CalendarDate[] = [];
  expanded.between(floating(from > startsOn ? from : startsOn), end, true, (date) => {
    out.push(date.toISOString().slice(0, 10));
    return out.length < limit;
  });
  return out;
}

/**
 * Where rrule starts walking: `startsOn`, or a later day a whole number of the rule's periods
 * after it, on or before `from`. rrule walks every period from its start up to the window, so
 * a daily rule begun two years ago walked 730 days to list one (issue 15: expanding the
 * sessions of 60 houses for today was a third of the owner's today). Only where it cannot
 * change the days: no COUNT (which counts from the first occurrence), and a period of a fixed
 * number of days — DAILY, and WEEKLY (whole weeks keep the weekday and the INTERVAL's phase);
 * the filters (BYDAY, BYMONTHDAY, BYMONTH) and UNTIL do not depend on the start. Months and
 * years have no fixed length, and walking them is cheap.
 */
function walkFrom(options: Partial<rruleModule.Options>, startsOn: CalendarDate, from: CalendarDate): CalendarDate {
  if (options.count != null || from <= startsOn) return startsOn;
  const days = options.freq === RRule.DAILY ? 1 : options.freq === RRule.WEEKLY ? 7 : 0;
  if (days === 0) return startsOn;
  const period = days * (options.interval ?? 1);
  return addDays(startsOn, Math.floor(daysBetween(startsOn, from) / period) * period);
}

/** A rule in words ("Every 2 weeks on Tuesday"), for lists; "Custom" if it cannot be read. */
export function ruleInWords(rule: string): string {
  try {
    const text = rrulestr(normaliseRule(rule)).toText();
    return text.charAt(0).toUpperCase() + text.slice(1);
  } catch {
    return "Custom";
  }
}
