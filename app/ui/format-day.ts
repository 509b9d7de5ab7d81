import { format } from "date-fns";
import { daysBetween } from "#app/lib/calendar-date";

/**
 * A calendar date ("2026-03-04", as stored in `date` columns) for people: "Mar 4, 2026".
 * Calendar dates have no time zone, so this is the same on server and client.
 */
export function formatDay(date: string, pattern = "MMM d, yyyy"): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), pattern);
}

/** As formatDay, or a fallback for a missing date. */
export function formatDayOr(date: string | null | undefined, fallback: string): string {
  return date ? formatDay(date) : fallback;
}

/** "today", "tomorrow", "in 3 days", "yesterday", "5 days ago": `date` relative to `today` (both calendar dates). */
export function relativeDay(date: string, today: string): string {
  const n = daysBetween(today, date);
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}
