import { TZDate } from "@date-fns/tz";
import { ICalCalendar, ICalEventStatus } from "ical-generator";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { SessionKind } from "#app/db/schema";
import type { Occurrence } from "#app/domain/sessions/sessions.server";
import type { CalendarDate } from "#app/lib/dates";
import type { MyDays } from "./week.server";

/**
 * iCalendar (RFC 5545) text of a feed, with ical-generator (ADR 026). Phone calendars sync
 * to third-party clouds, so event text is neutral: a chore's name, the kind of session
 * ("House meeting", "Class: budgeting") — never a session's own title (it may carry a
 * name), a facilitator, a place, a house name or address, nor other residents. Times carry
 * the house's zone (TZID with its VTIMEZONE), so a weekly 7 pm meeting shows at 7 pm local
 * on both sides of a daylight-saving change.
 */

const PRODID = { company: "Hearth", product: "Hearth calendar", language: "EN" };
/** How often calendar apps are asked to refresh (they may choose otherwise). */
const TTL_SECONDS = 60 * 60;

const NEUTRAL_TITLES: Record<SessionKind, string> = {
  house_meeting: "House meeting",
  recovery_coach_group: "Group session",
  budgeting: "Class: budgeting",
  cooking_nutrition: "Class: cooking and nutrition",
  job_search: "Class: job search",
  conflict_resolution: "Class: communication",
  relapse_prevention: "Group session",
  digital_literacy: "Class: digital skills",
  parenting: "Class: parenting",
  custom: "Class",
};

/** The neutral title of a session in a feed. */
export const feedTitle = (o: Pick<Occurrence, "kind">) => NEUTRAL_TITLES[o.kind];

function calendar(name: string, timeZone: string) {
  const cal = new ICalCalendar({ name, prodId: PRODID, ttl: TTL_SECONDS });
  cal.timezone({ name: timeZone, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null });
  return cal;
}

const dayStart = (day: CalendarDate, timeZone: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new TZDate(y!, m! - 1, d!, timeZone);
};

function addSessions(cal: ICalCalendar, occurrences: Occurrence[], uidPrefix: string) {
  for (const o of occurrences) {
    const status = o.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED;
    cal.createEvent({
      id: `${uidPrefix}-${o.seriesId}-${o.occursOn}@hearth`,
      start: new TZDate(o.startsAt, o.timeZone),
      end: new TZDate(o.endsAt, o.timeZone),
      timezone: o.timeZone,
      summary: o.status === "cancelled" ? `Cancelled: ${feedTitle(o)}` : feedTitle(o),
      description: [o.status === "moved" ? "New time." : null, o.attendance === "optional" ? "Optional." : null].filter(Boolean).join(" ") || null,
      status,
    });
  }
}

/** A resident's feed: their chores (all-day, on their day) and the sessions they are expected at. */
export function residentCalendar(days: MyDays, fallbackZone: string): string {
  const zone = days.house?.timeZone ?? fallbackZone;
  const cal = calendar("My Hearth calendar", zone);
  for (const c of days.chores) {
    cal.createEvent({
      id: `chore-${c.assignmentId}@hearth`,
      start: dayStart(c.day, zone),
      allDay: true,
      summary: `Chore: ${c.choreName}`,
      description: c.state === "verified" ? "Done and checked." : c.state === "done" ? "Marked done." : null,
    });
  }
  addSessions(cal, days.sessions, "session");
  return cal.toString();
}

/** A house's feed for its team: every session and meeting occurrence, cancelled ones marked. */
export function houseCalendar(occurrences: Occurrence[], timeZone: string): string {
  const cal = calendar("Hearth house schedule", timeZone);
  addSessions(cal, occurrences, "house-session");
  return cal.toString();
}
