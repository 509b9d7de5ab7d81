import { addDays, daysBetween, isoWeekday, monthDayIn, type CalendarDate } from "#app/lib/dates";
import type { FeeCadence } from "#app/db/schema";

/**
 * Fee periods and proration (ADR 030). Pure calendar-date arithmetic on the house's
 * calendar (app/lib/dates.ts): a period is [start, end) in local days, so a period that
 * contains a daylight-saving change has the same number of days as any other.
 *
 *  - weekly on weekday W: each week from a W-day to the next;
 *  - every two weeks on W: fortnights counted from the first W-day on or after the
 *    schedule's first day;
 *  - monthly on day D: from day D of a month to day D of the next; a month without day D
 *    uses its last day (31 → Feb 28 or 29, Apr 30).
 */
export type Recurring = { cadence: Exclude<FeeCadence, "once">; weekday: number | null; monthDay: number | null; effectiveFrom: CalendarDate };
export type Period = { start: CalendarDate; end: CalendarDate };

/** The period that contains `day`. */
export function periodContaining(s: Recurring, day: CalendarDate): Period {
  if (s.cadence === "monthly") {
    const d = s.monthDay ?? 1;
    let start = monthDayIn(day, 0, d);
    if (start > day) start = monthDayIn(day, -1, d);
    return { start, end: monthDayIn(start, 1, d) };
  }
  const w = s.weekday ?? 1;
  if (s.cadence === "weekly") {
    const start = addDays(day, -((isoWeekday(day) - w + 7) % 7));
    return { start, end: addDays(start, 7) };
  }
  const anchor = addDays(s.effectiveFrom, (w - isoWeekday(s.effectiveFrom) + 7) % 7);
  const back = ((daysBetween(anchor, day) % 14) + 14) % 14;
  const start = addDays(day, -back);
  return { start, end: addDays(start, 14) };
}

/** Every period that starts on or before `through` and ends after `from`, in order. */
export function periodsBetween(s: Recurring, from: CalendarDate, through: CalendarDate): Period[] {
  const out: Period[] = [];
  let p = periodContaining(s, from);
  while (p.start <= through) {
    out.push(p);
    p = periodContaining(s, p.end);
  }
  return out;
}

/** Days of [start, end) within every one of the given [from, to) ranges' union … per range list. */
export type DayRange = { from: CalendarDate; to: CalendarDate | null };

/** The days of `period` inside `window` and inside any of `stays` (stays do not overlap). */
export function chargedDays(period: Period, window: DayRange, stays: DayRange[]): { days: number; first: CalendarDate | null } {
  let days = 0;
  let first: CalendarDate | null = null;
  for (const stay of stays) {
    const from = max(period.start, window.from, stay.from);
    const to = min(period.end, window.to, stay.to);
    if (to !== null && from < to) {
      days += daysBetween(from, to);
      if (first === null || from < first) first = from;
    }
  }
  return { days, first };
}

/**
 * The amount for `days` of a `periodDays`-day period: amount × days ÷ periodDays, rounded
 * to the nearest cent, halves up. Exact integer arithmetic (BigInt), never floating point.
 */
export function prorate(amountCents: number, days: number, periodDays: number): number {
  if (!Number.isSafeInteger(amountCents) || !Number.isInteger(days) || !Number.isInteger(periodDays) || periodDays <= 0) {
    throw new RangeError("prorate: whole numbers only");
  }
  if (days >= periodDays) return amountCents;
  if (days <= 0) return 0;
  const n = 2n * BigInt(amountCents) * BigInt(days) + BigInt(periodDays);
  return Number(n / (2n * BigInt(periodDays)));
}

const max = (...ds: CalendarDate[]) => ds.reduce((a, b) => (a > b ? a : b));
function min(...ds: (CalendarDate | null)[]): CalendarDate | null {
  const real = ds.filter((d): d is CalendarDate => d !== null);
  return real.length ? real.reduce((a, b) => (a < b ? a : b)) : null;
}
