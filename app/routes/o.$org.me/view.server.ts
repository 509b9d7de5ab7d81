import type { OrgContext } from "#app/auth/guard.server";
import { WEEK_DAYS } from "#app/domain/calendar/schemas";
import { myDays } from "#app/domain/calendar/week.server";
import { myHomePlaces, type MyHomePlace } from "#app/domain/residents/portal.server";
import { FELLOWSHIP_LABELS } from "#app/domain/sessions/schemas";
import { withTenant } from "#app/db/tenant.server";
import { choreStateBadge } from "#app/ui/chore-state";
import { addDays, formatDay, formatInZone, relativeDay, type CalendarDate } from "#app/lib/dates";

/**
 * The resident's home page in words: their week (today first, then the next seven days,
 * in their house's time zone), documents waiting for their signature, the meetings they
 * logged this week against the house's target, and where they live. Two statements after
 * the guard, whatever the week holds (the week is one: myDays; the rest myHomePlaces).
 */

export type Place = {
  house: string;
  address: string[];
  housePhone: string | null;
  bed: string;
  moveIn: string;
  moveOut: string | null;
  peerRun: boolean;
  managers: { name: string; email: string; phone: string | null }[];
};

export type WeekItem =
  | { key: string; type: "chore"; title: string; detail: string | null; badge: { label: string; tone: "ok" | "warn" | "danger" | "muted" } }
  | { key: string; type: "session"; title: string; time: string; detail: string | null; status: "scheduled" | "moved" | "cancelled"; optional: boolean }
  | { key: string; type: "meeting"; title: string; detail: string };

export type WeekDay = { date: CalendarDate; heading: string; relative: string; items: WeekItem[] };

export async function myHomePage(ctx: OrgContext) {
  const firstName = ctx.user.name.split(" ")[0] ?? ctx.user.name;
  const base = `/o/${ctx.org.slug}/me`;
  const home = await withTenant(ctx.tenant, async (tx) => {
    const week = await myDays(tx, { fromOffset: 0, days: WEEK_DAYS });
    if (!week) return null;
    return { week, ...(await myHomePlaces(tx)) };
  });
  if (!home) return { firstName, linked: false as const, base, current: null, next: null, documents: null, week: null };
  const { week } = home;

  const place = (s: MyHomePlace): Place => ({
    house: s.houseName,
    address: [s.houseAddress.line1, s.houseAddress.line2, `${s.houseAddress.city}, ${s.houseAddress.region} ${s.houseAddress.postalCode}`].filter(
      (l): l is string => Boolean(l),
    ),
    housePhone: s.housePhone,
    bed: `${s.roomName}, bed ${s.bedLabel}`,
    moveIn: formatDay(s.moveIn),
    moveOut: s.moveOut ? formatDay(s.moveOut) : null,
    peerRun: s.peerRun,
    managers: s.managers,
  });
  const current = home.stays.find((s) => s.status === "current") ?? null;
  // Newest move-in first: the soonest planned move is the last planned one.
  const next = home.stays.filter((s) => s.status === "planned").at(-1) ?? null;
  const zone = week.house?.timeZone ?? ctx.org.timeZone;

  const days: WeekDay[] = Array.from({ length: WEEK_DAYS }, (_, i) => addDays(week.today, i)).map((date) => ({
    date,
    heading: formatDay(date, "EEEE, MMMM d"),
    relative: relativeDay(date, week.today),
    items: [
      ...week.chores
        .filter((c) => c.day === date)
        .map((c): WeekItem => ({ key: `chore-${c.assignmentId}`, type: "chore", title: c.choreName, detail: c.area, badge: choreStateBadge(c.state) })),
      ...week.sessions
        .filter((o) => o.day === date)
        .map(
          (o): WeekItem => ({
            key: `session-${o.seriesId}-${o.occursOn}`,
            type: "session",
            title: o.title,
            time: `${formatInZone(o.startsAt, zone, "h:mm a")}–${formatInZone(o.endsAt, zone, "h:mm a")}`,
            detail: o.place,
            status: o.status,
            optional: o.attendance === "optional",
          }),
        ),
      ...week.meetingsThisWeek
        .filter((m) => m.metOn === date)
        .map((m): WeekItem => ({ key: `meeting-${m.id}`, type: "meeting", title: `${FELLOWSHIP_LABELS[m.fellowship]} meeting (logged)`, detail: m.place })),
    ],
  }));

  return {
    firstName: week.preferredName ?? firstName,
    linked: true as const,
    base,
    current: current ? place(current) : null,
    next: next ? place(next) : null,
    documents: home.documents,
    week: {
      zone: zone.replaceAll("_", " "),
      inHouse: week.house !== null,
      days,
      meetings: { logged: week.meetingsThisWeek.length, target: week.target },
    },
  };
}
