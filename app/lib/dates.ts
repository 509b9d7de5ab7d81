import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { z } from "zod";

/** A calendar date as typed in forms and stored in `date` columns: YYYY-MM-DD. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the format YYYY-MM-DD.")
  .refine((s) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2200;
  }, "Enter a real date.");

/** The instant a calendar day starts in a time zone. */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime());
}

/**
 * Format an instant in a zone, e.g. "Nov 23, 2026, 3:04 PM". Format on the server (in
 * loaders) and send the string: the browser's zone would otherwise differ and break hydration.
 */
export function formatInZone(instant: Date | string, timeZone: string, pattern = "MMM d, yyyy, h:mm a"): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), pattern);
}

/** Date and time with the zone's abbreviation, e.g. "Mar 4, 2026, 9:05 AM EST". */
export function formatDateTime(value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(value));
}

/** Today's calendar date (YYYY-MM-DD) in a zone. */
export function todayInZone(timeZone: string, now = new Date()): string {
  return format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
}
