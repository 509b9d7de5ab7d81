import type { Weekday } from "#app/db/schema";
import { addDays, daysBetween, type CalendarDate } from "#app/lib/dates";
import { normaliseRule, ruleDays, ruleInWords } from "#app/lib/recurrence";

/**
 * When a chore is due (pure: the same in forms and the domain). Every frequency is an
 * RRULE expanded by the one recurrence module (app/lib/recurrence.ts, ADRs 024 and 025):
 * daily is `FREQ=DAILY`, weekly on given days `FREQ=WEEKLY;BYDAY=MO,TH`, and a custom rule
 * is what the house typed, within the safe subset that module accepts. Days are floating
 * (no zone), so daylight-saving changes never move a chore to another day.
 */

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

/** Why a custom rule is refused (the shared safe subset: app/lib/recurrence.ts), or null. */
export { ruleProblem } from "#app/lib/recurrence";

/** The RRULE text of a recurrence (what custom rules are stored as, normalised). */
export function ruleText(r: Pick<Recurrence, "frequency" | "weekdays" | "rule">): string {
  if (r.frequency === "daily") return "FREQ=DAILY";
  if (r.frequency === "weekly") return `FREQ=WEEKLY;BYDAY=${(r.weekdays.length ? r.weekdays : ["MO"]).join(",")}`;
  return normaliseRule(r.rule ?? "");
}

/** The days in [from, to] (inclusive) on which a chore is due (floating days: no zone, no DST). */
export function dueDays(r: Recurrence, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  if (to < from || to < r.startsOn) return [];
  if (r.frequency === "daily") {
    const start = from < r.startsOn ? r.startsOn : from;
    return Array.from({ length: daysBetween(start, to) + 1 }, (_, i) => addDays(start, i));
  }
  return ruleDays(ruleText(r), r.startsOn, from, addDays(to, 1), { limit: 400 });
}

/** A recurrence in words, for lists: "Every day", "Mon, Thu", or rrule's own English. */
export function describeRecurrence(r: Pick<Recurrence, "frequency" | "weekdays" | "rule">): string {
  if (r.frequency === "daily") return "Every day";
  if (r.frequency === "weekly") {
    return r.weekdays.length === 7 ? "Every day" : `Every ${r.weekdays.map((d) => WEEKDAY_LABELS[d]).join(", ")}`;
  }
  return ruleInWords(ruleText(r));
}
