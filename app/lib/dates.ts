import { TZDate } from "@date-fns/tz";
import { addDays as addDaysToDate, differenceInCalendarDays, format } from "date-fns";
import { z } from "zod";

/**
 * The one module for dates, used by every layer (pure: safe in the browser too).
 *
 * Two kinds of value, never mixed:
 * - a **calendar date** (`CalendarDate`, "YYYY-MM-DD", what `date` columns return): a
 *   day with no time zone. Strings compare and sort correctly; arithmetic is here.
 * - an **instant** (`Date`, what `timestamptz` columns return): formatted in a zone.
 *
 * "Today" is always asked of a zone: the house's wherever a house is involved (a house's
 * day starts at midnight in the house's zone), otherwise the organization's. In SQL the
 * same rule is `houseToday()` (app/domain/dates.server.ts). Repeating events (rrule) are
 * expressed in these terms: a CalendarDate start and a zone.
 */
export type CalendarDate = string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIRST = "1900-01-01";
const LAST = "2199-12-31";

// Read and written by hand, not with date-fns' parse and format: every page does day
// arithmetic (sessions and chores for each house, due dates, weeks), and those two were
// most of its cost in a profile of the owner's today (issue 15). dates.test.ts checks both
// against date-fns over every day of 1900–2199.
function toLocalDate(date: CalendarDate): Date {
  if (CALENDAR_DATE.test(date)) {
    const y = Number(date.slice(0, 4));
    const m = Number(date.slice(5, 7)) - 1;
    const d = Number(date.slice(8, 10));
    const parsed = new Date(2000, 0, 1);
    parsed.setFullYear(y, m, d); // not new Date(y, …): years below 100 would be read as 19xx
    if (parsed.getFullYear() === y && parsed.getMonth() === m && parsed.getDate() === d) return parsed;
  }
  throw new RangeError(`Not a calendar date: ${date}`);
}

/** A local Date's calendar day as "YYYY-MM-DD". */
function calendarDateOf(d: Date): CalendarDate {
  return `${String(d.getFullYear()).padStart(4, "0")}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// ── input ───────────────────────────────────────────────────────────────────

/** A calendar date as typed in forms and URLs: YYYY-MM-DD, a real day (no Feb 30), 1900–2199. */
export const isoDate = z.iso
  .date("Use a date like 2026-03-01.")
  .refine((d) => d >= FIRST && d <= LAST, "That date is out of range.");

/** As isoDate, with "" (an empty field) as null. */
export const optionalIsoDate = z
  .union([z.literal(""), isoDate])
  .nullish()
  .transform((v) => v || null);

// ── today and arithmetic ────────────────────────────────────────────────────

/** Today's calendar date in a zone. */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDate {
  return format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return calendarDateOf(addDaysToDate(toLocalDate(date), days));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return differenceInCalendarDays(toLocalDate(b), toLocalDate(a));
}

/** The instant a calendar day starts in a zone (for filtering instants by day). */
export function startOfDayInZone(date: CalendarDate, timeZone: string): Date {
  const d = toLocalDate(date);
  return new Date(new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), 0, 0, 0, timeZone).getTime());
}

// ── for people ──────────────────────────────────────────────────────────────

/** A calendar date for people, "Mar 4, 2026" (no zone: the same on server and client). */
export function formatDay(date: CalendarDate, pattern = "MMM d, yyyy"): string {
  return format(toLocalDate(date), pattern);
}

/** As formatDay, or a fallback for a missing date. */
export function formatDayOr(date: CalendarDate | null | undefined, fallback: string): string {
  return date ? formatDay(date) : fallback;
}

/** "today", "tomorrow", "in 3 days", "yesterday", "5 days ago" relative to `today`. */
export function relativeDay(date: CalendarDate, today: CalendarDate): string {
  const n = daysBetween(today, date);
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}

/**
 * An instant in a zone, e.g. "Nov 23, 2026, 3:04 PM". Format on the server (in loaders)
 * and send the string: the browser's zone would otherwise differ and break hydration.
 */
export function formatInZone(instant: Date | string, timeZone: string, pattern = "MMM d, yyyy, h:mm a"): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), pattern);
}

/** An instant with the zone's abbreviation, e.g. "Mar 4, 2026, 9:05 AM EST". */
export function formatDateTime(instant: Date | string, timeZone: string): string {
  let formatter = dateTimeFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
      timeZoneName: "short",
    });
    // Building an Intl formatter costs far more than using one (issue 15); zones are few.
    if (dateTimeFormats.size < 500) dateTimeFormats.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

// ── weekdays and months (fee periods) ───────────────────────────────────────

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const d = toLocalDate(date).getDay();
  return d === 0 ? 7 : d;
}

/** Day `day` of the month `months` after `date`'s month; a later day than that month has is its last day. */
export function monthDayIn(date: CalendarDate, months: number, day: number): CalendarDate {
  const d = toLocalDate(date);
  const first = new Date(d.getFullYear(), d.getMonth() + months, 1);
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
  return calendarDateOf(new Date(first.getFullYear(), first.getMonth(), Math.min(day, last)));
}
