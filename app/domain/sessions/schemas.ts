import { z } from "zod";
import { addDays, daysBetween, isoDate, optionalIsoDate, type CalendarDate } from "#app/lib/dates";
import { id, optionalId, optionalText, text } from "#app/lib/fields";
import { ruleProblem } from "./recurrence";

/** Input schemas and labels for sessions, attendance and mutual-aid meetings (pure: forms use them too). */

export {
  ATTENDANCE_LABELS,
  ATTENDANCE_RULE_LABELS,
  ATTENDANCE_RULES,
  ATTENDANCE_STATUSES,
  FELLOWSHIP_LABELS,
  FELLOWSHIPS,
  REPEAT_LABELS,
  REPEATS,
  SESSION_KIND_LABELS,
  SESSION_KINDS,
  WEEKDAY_LABELS,
  WEEKDAYS,
  type Repeats,
  type Weekday,
} from "./labels";
import { ATTENDANCE_RULES, ATTENDANCE_STATUSES, FELLOWSHIPS, REPEAT_LABELS, REPEATS, SESSION_KINDS, WEEKDAY_LABELS, WEEKDAYS, type Weekday } from "./labels";

const time = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:00)?$/, "Enter a time like 19:00.")
  .transform((v) => v.slice(0, 5));

/** Minutes from one "HH:MM" to a later one the same day. */
export function minutesBetween(from: string, to: string): number {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(to) - m(from);
}

/** "19:00" + 90 minutes → "20:30" (capped at 23:59). */
export function addMinutes(time: string, minutes: number): string {
  const total = Math.min(Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes, 23 * 60 + 59);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** The kind field: a built-in kind, or `custom:<id>` for one of the org's own. */
const kindChoice = z
  .string()
  .trim()
  .refine((v) => ((SESSION_KINDS as readonly string[]).includes(v) && v !== "custom") || /^custom:[0-9a-f-]{36}$/i.test(v), "Choose a kind of session.");

/**
 * A session series as a form sends it. The rule is built from `repeats` (+ weekdays,
 * end date) or typed as an RRULE (`custom`); `toRule` turns it into the stored rule.
 */
export const SeriesInput = z
  .strictObject({
    title: text(120),
    kind: kindChoice,
    facilitatorName: optionalText(120),
    facilitatorMembershipId: optionalId,
    place: optionalText(120),
    startsOn: isoDate,
    startTime: time,
    endTime: time,
    repeats: z.enum(REPEATS, "Choose how often it repeats."),
    weekdays: z.array(z.enum(WEEKDAYS, "Choose days from the list.")).max(7).nullish().transform((v) => [...new Set(v ?? [])]),
    until: optionalIsoDate,
    customRule: optionalText(400),
    attendance: z.enum(ATTENDANCE_RULES, "Choose who is expected."),
    invitees: z.array(id).max(200).nullish().transform((v) => [...new Set(v ?? [])]),
  })
  .superRefine((v, ctx) => {
    if (v.endTime <= v.startTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "The session ends before it starts: choose a later end time." });
    else if (minutesBetween(v.startTime, v.endTime) < 5) ctx.addIssue({ code: "custom", path: ["endTime"], message: "A session lasts at least 5 minutes." });
    if (v.until && v.until < v.startsOn) ctx.addIssue({ code: "custom", path: ["until"], message: "The last day can't be before the first." });
    if (v.repeats === "custom") {
      const problem = v.customRule ? ruleProblem(v.customRule) : "Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO.";
      if (problem) ctx.addIssue({ code: "custom", path: ["customRule"], message: problem });
    }
    if (v.attendance === "list" && v.invitees.length === 0) {
      ctx.addIssue({ code: "custom", path: ["invitees"], message: "Choose at least one resident, or expect everyone." });
    }
  });
export type SeriesInput = z.output<typeof SeriesInput>;

const untilPart = (until: CalendarDate | null) => (until ? `;UNTIL=${until.replaceAll("-", "")}T235959Z` : "");

/** The stored RRULE for a series form. Weekly rules without days repeat on the first day's weekday. */
export function toRule(v: Pick<SeriesInput, "repeats" | "weekdays" | "until" | "customRule">): string {
  const days = v.weekdays.length ? `;BYDAY=${WEEKDAYS.filter((d) => v.weekdays.includes(d)).join(",")}` : "";
  switch (v.repeats) {
    case "once":
      return "FREQ=DAILY;COUNT=1";
    case "daily":
      return `FREQ=DAILY${untilPart(v.until)}`;
    case "weekly":
      return `FREQ=WEEKLY${days}${untilPart(v.until)}`;
    case "biweekly":
      return `FREQ=WEEKLY;INTERVAL=2${days}${untilPart(v.until)}`;
    case "monthly":
      return `FREQ=MONTHLY${untilPart(v.until)}`;
    case "custom":
      return (v.customRule ?? "").trim().replace(/^RRULE:/i, "").toUpperCase();
  }
}

/** A stored rule back into the form's fields (rules the presets did not make come back as custom). */
export function fromRule(rule: string): Pick<SeriesInput, "repeats" | "weekdays" | "until" | "customRule"> {
  const m = /^FREQ=(DAILY|WEEKLY|MONTHLY)(;INTERVAL=2)?(;BYDAY=([A-Z,]+))?(;UNTIL=(\d{4})(\d{2})(\d{2})T235959Z)?$/.exec(rule);
  if (rule === "FREQ=DAILY;COUNT=1") return { repeats: "once", weekdays: [], until: null, customRule: null };
  if (m) {
    const [, freq, biweekly, , days, , y, mo, d] = m;
    const weekdays = (days ? days.split(",") : []) as Weekday[];
    const until = y ? `${y}-${mo}-${d}` : null;
    const preset = freq === "DAILY" ? "daily" : freq === "MONTHLY" ? "monthly" : biweekly ? "biweekly" : "weekly";
    const valid = weekdays.every((w) => (WEEKDAYS as readonly string[]).includes(w)) && (freq === "WEEKLY" || (!days && !biweekly));
    if (valid) return { repeats: preset, weekdays, until, customRule: null };
  }
  return { repeats: "custom", weekdays: [], until: null, customRule: rule };
}

/** "Every week on Mon, Thu", for people. */
export function describeRule(rule: string): string {
  const f = fromRule(rule);
  if (f.repeats === "custom") return `Custom: ${rule}`;
  const days = f.weekdays.length ? ` on ${f.weekdays.map((d) => WEEKDAY_LABELS[d]).join(", ")}` : "";
  const until = f.until ? `, until ${f.until}` : "";
  return `${REPEAT_LABELS[f.repeats]}${f.repeats === "weekly" || f.repeats === "biweekly" ? days : ""}${until}`;
}

export const OccurrenceRef = z.strictObject({ seriesId: id, occursOn: isoDate });

/** Archive a series: no sessions from this local day on (today or later; earlier ones are kept). */
export const ArchiveInput = z.strictObject({ from: isoDate });

export const MoveInput = z.strictObject({ seriesId: id, occursOn: isoDate, newDate: isoDate, newTime: time });

export const AttendanceInput = z.strictObject({
  seriesId: id,
  occursOn: isoDate,
  residentId: id,
  status: z.enum(ATTENDANCE_STATUSES, "Choose present, excused or absent."),
});

export const MeetingLogInput = z.strictObject({
  metOn: isoDate,
  fellowship: z.enum(FELLOWSHIPS, "Choose a fellowship."),
  place: text(120),
  verifierName: optionalText(120),
});

export const TargetInput = z.strictObject({
  weeklyTarget: z.number("Enter a number of meetings.").int("Use a whole number.").min(0, "At least 0.").max(21, "At most 21 a week."),
});

export const KindInput = z.strictObject({ name: text(80) });

/** The Monday that starts the week of a date (weeks start on Monday, in the house's calendar). */
export function mondayOf(date: CalendarDate): CalendarDate {
  const offset = ((daysBetween("2024-01-01", date) % 7) + 7) % 7; // 2024-01-01 was a Monday
  return addDays(date, -offset);
}
