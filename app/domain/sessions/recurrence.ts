import { localInstant, ruleDays, ruleProblem } from "#app/lib/recurrence";
import type { CalendarDate } from "#app/lib/dates";

export { localInstant, ruleProblem };

/**
 * Recurring sessions in a house's time zone (ADR 025). A series is a first local day, a
 * local wall-clock start time and an RRULE, expanded by app/lib/recurrence.ts in floating
 * time: each local day and time is then turned into an instant in the house's zone. So a
 * weekly 7 pm meeting stays at 7 pm local across daylight-saving changes, and the day a
 * clock changes never adds or drops an occurrence. A start in the skipped hour (2:30 on
 * the spring-forward day in the US) moves forward by the gap, to 3:30 daylight time; a
 * start in the repeated hour (1:30 on the fall-back day) is its first occurrence.
 *
 * Pure: safe in the browser and in tests without a database.
 */

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

/** Occurrences whose local day is in [from, to) (calendar dates), at most `limit`. */
export function expandSeries(series: SeriesTiming, timeZone: string, from: CalendarDate, to: CalendarDate, limit = 1000): ExpandedOccurrence[] {
  return ruleDays(series.rule, series.startsOn, from, to, { time: series.startTime, limit }).map((occursOn) => {
    const startsAt = localInstant(occursOn, series.startTime, timeZone);
    return { occursOn, startsAt, endsAt: new Date(startsAt.getTime() + series.durationMinutes * 60_000) };
  });
}

/** Whether a series has an occurrence on a local day. */
export function occursOnDay(series: SeriesTiming, day: CalendarDate): boolean {
  const [y, m, d] = day.split("-").map(Number);
  const next = new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
  return ruleDays(series.rule, series.startsOn, day, next, { time: series.startTime, limit: 1 }).length === 1;
}
