import { sql, type Expression } from "kysely";
import type { AttendanceStatus, SessionAttendanceRule, SessionKind } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { addDays, formatInZone, todayIn, type CalendarDate } from "#app/lib/dates";
import { id as idSchema } from "#app/lib/fields";
import { appLink } from "#app/lib/links.server";
import { expandSeries, localInstant, occursOnDay, ruleProblem } from "./recurrence";
import {
  ArchiveInput,
  AttendanceInput,
  KindInput,
  minutesBetween,
  MoveInput,
  OccurrenceRef,
  SESSION_KIND_LABELS,
  SeriesInput,
  toRule,
} from "./schemas";

/**
 * In-house sessions of a house (life-skills classes, house meetings, recovery-coach
 * groups): series, their occurrences in the house's time zone (recurrence.ts, ADR 025),
 * exceptions (cancel or move one occurrence), who is expected, and attendance.
 *
 * An occurrence is named by its series and its original local day (`occursOn`); a moved
 * occurrence keeps that name. "In the house that day" means a stay in the house whose
 * dates contain the local day the occurrence takes place.
 *
 * The functions the resident's week, the calendar feed and the manager's today build on:
 * `occurrencesBetween`, `expectedAttendees` (and `meetingTargetStatus` in meetings.server.ts).
 */

export type Occurrence = {
  seriesId: string;
  title: string;
  kind: SessionKind;
  kindLabel: string;
  place: string | null;
  facilitator: string | null;
  attendance: SessionAttendanceRule;
  /** The occurrence's name within the series: its original local day. */
  occursOn: CalendarDate;
  /** The local day it takes place (differs from occursOn when moved to another day). */
  day: CalendarDate;
  startsAt: Date;
  endsAt: Date;
  originalStartsAt: Date;
  status: "scheduled" | "moved" | "cancelled";
  timeZone: string;
};

export type Attendee = { residentId: string; name: string };

const key = (o: { seriesId: string; occursOn: string }) => `${o.seriesId}:${o.occursOn}`;
export const occurrenceKey = key;

export type SeriesCore = {
  id: string;
  title: string;
  kind: SessionKind;
  customKindName: string | null;
  place: string | null;
  facilitator: string | null;
  startsOn: string;
  startTime: string;
  durationMinutes: number;
  rule: string;
  attendance: SessionAttendanceRule;
  timeZone: string;
  /** An archived series produces no occurrences from this local day on (null: not archived). */
  archivedFrom: string | null;
  exceptions: { occursOn: string; action: "cancelled" | "moved"; movedTo: string | null }[];
};

const kindLabel = (kind: SessionKind, custom: string | null) => (kind === "custom" ? `Life skills: ${custom ?? "other"}` : SESSION_KIND_LABELS[kind]);

/**
 * Series of a house (or of several) with their zone and the exceptions that touch [from, to)
 * (one statement). The house and the range may be SQL expressions, for a combined read that
 * nests this query (the resident's week: app/domain/calendar/week.server.ts); expand its rows
 * with `expandSeriesRows`.
 */
export function seriesQuery(
  tx: Tx,
  houseId: string | readonly string[] | Expression<string>,
  range: { from: CalendarDate | Expression<string>; to: CalendarDate | Expression<string> } | { occursOn: CalendarDate },
) {
  const exceptionFilter =
    "occursOn" in range
      ? sql`e.occurs_on = ${range.occursOn}::date`
      : sql`((e.occurs_on >= ${range.from}::date and e.occurs_on < ${range.to}::date)
           or (e.moved_to >= (${range.from}::date - 1)::timestamp at time zone h.time_zone
               and e.moved_to < (${range.to}::date + 1)::timestamp at time zone h.time_zone))`;
  return tx
    .selectFrom("session_series as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .leftJoin("session_kind as k", (j) => j.onRef("k.org_id", "=", "s.org_id").onRef("k.id", "=", "s.custom_kind_id"))
    .select([
      "s.id",
      "s.title",
      "s.kind",
      "k.name as customKindName",
      "s.place",
      sql<string | null>`coalesce(s.facilitator_name, (select u.name from membership m join app_user u on u.id = m.user_id
        where m.org_id = s.org_id and m.id = s.facilitator_membership_id))`.as("facilitator"),
      sql<string>`s.starts_on::text`.as("startsOn"),
      sql<string>`to_char(s.start_time, 'HH24:MI')`.as("startTime"),
      "s.duration_minutes as durationMinutes",
      "s.rule",
      "s.attendance",
      "h.time_zone as timeZone",
      "s.house_id as houseId",
      sql<string | null>`((s.archived_at at time zone h.time_zone)::date)::text`.as("archivedFrom"),
      sql<SeriesCore["exceptions"]>`coalesce((select json_agg(json_build_object('occursOn', e.occurs_on, 'action', e.action, 'movedTo', e.moved_to))
        from session_exception e where e.org_id = s.org_id and e.series_id = s.id and ${exceptionFilter}), '[]'::json)`.as("exceptions"),
    ])
    .$call((q) => (isHouseList(houseId) ? q.where("s.house_id", "in", houseId) : q.where("s.house_id", "=", houseId)))
    // Archived series still answer for the days before their archive day (history is kept).
    .where((eb) => eb.or([eb("s.archived_at", "is", null), eb("s.archived_at", ">", sql<Date>`(${"occursOn" in range ? range.occursOn : range.from}::date - 1)::timestamp at time zone h.time_zone`)]));
}

const isHouseList = (h: string | readonly string[] | Expression<string>): h is readonly string[] => Array.isArray(h);

function occurrencesOf(s: SeriesCore, from: CalendarDate, to: CalendarDate): Occurrence[] {
  const base = {
    seriesId: s.id,
    title: s.title,
    kind: s.kind,
    kindLabel: kindLabel(s.kind, s.customKindName),
    place: s.place,
    facilitator: s.facilitator,
    attendance: s.attendance,
    timeZone: s.timeZone,
  };
  const exceptions = new Map(s.exceptions.map((e) => [e.occursOn, e]));
  const out: Occurrence[] = [];
  const expandTo = s.archivedFrom !== null && s.archivedFrom < to ? s.archivedFrom : to;
  const duration = s.durationMinutes * 60_000;
  for (const o of from < expandTo ? expandSeries(s, s.timeZone, from, expandTo) : []) {
    const e = exceptions.get(o.occursOn);
    if (e?.action === "moved") continue; // placed below, by where it moved to
    out.push({ ...base, occursOn: o.occursOn, day: o.occursOn, startsAt: o.startsAt, endsAt: o.endsAt, originalStartsAt: o.startsAt, status: e ? "cancelled" : "scheduled" });
  }
  for (const e of s.exceptions) {
    if (e.action !== "moved" || !e.movedTo) continue;
    if (s.archivedFrom !== null && e.occursOn >= s.archivedFrom) continue;
    const startsAt = new Date(e.movedTo);
    const day = todayIn(s.timeZone, startsAt);
    if (day < from || day >= to) continue;
    const originalStartsAt = localInstant(e.occursOn, s.startTime, s.timeZone);
    out.push({ ...base, occursOn: e.occursOn, day, startsAt, endsAt: new Date(startsAt.getTime() + duration), originalStartsAt, status: "moved" });
  }
  return out;
}

/** Occurrences in [from, to) of rows read with `seriesQuery`, by start time then title. */
export function expandSeriesRows(rows: SeriesCore[], from: CalendarDate, to: CalendarDate): Occurrence[] {
  return rows.flatMap((s) => occurrencesOf(s, from, to)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title));
}

/**
 * The house's session occurrences whose local day is in [from, to): expanded in the
 * house's time zone, cancelled ones marked, moved ones at their new time. Ordered by
 * start. One statement.
 */
export async function occurrencesBetween(tx: Tx, houseId: string, from: CalendarDate, to: CalendarDate): Promise<Occurrence[]> {
  return (await houseSchedule(tx, houseId, from, to)).occurrences;
}

/** The house's series (by title) and their occurrences in [from, to), from the same one statement. */
export async function houseSchedule(tx: Tx, houseId: string, from: CalendarDate, to: CalendarDate): Promise<{ series: SeriesSummary[]; occurrences: Occurrence[] }> {
  const house = parseInput(idSchema, houseId);
  const series = (await seriesQuery(tx, house, { from, to }).orderBy("s.title").orderBy("s.id").execute()) as SeriesCore[];
  const occurrences = expandSeriesRows(series, from, to);
  return {
    series: series.map((s) => ({
      id: s.id,
      title: s.title,
      kindLabel: kindLabel(s.kind, s.customKindName),
      rule: s.rule,
      startsOn: s.startsOn,
      startTime: s.startTime,
      durationMinutes: s.durationMinutes,
      place: s.place,
      facilitator: s.facilitator,
      attendance: s.attendance,
      archivedFrom: s.archivedFrom,
    })),
    occurrences,
  };
}

/**
 * Each house's occurrences on its own local today (`houses`: id and today), for the
 * manager's today across several houses. One statement whatever the number of houses.
 */
export async function occurrencesOnTodays(tx: Tx, houses: readonly { id: string; today: CalendarDate }[]): Promise<(Occurrence & { houseId: string })[]> {
  if (houses.length === 0) return [];
  const days = houses.map((h) => h.today).sort();
  const from = days[0]!;
  const to = addDays(days.at(-1)!, 1);
  const todayOf = new Map(houses.map((h) => [h.id, h.today]));
  const series = (await seriesQuery(tx, houses.map((h) => parseInput(idSchema, h.id)), { from, to })
    .orderBy("s.title")
    .orderBy("s.id")
    .execute()) as (SeriesCore & { houseId: string })[];
  return series
    .flatMap((s) => {
      const today = todayOf.get(s.houseId)!;
      return occurrencesOf(s, today, addDays(today, 1)).map((o) => ({ ...o, houseId: s.houseId }));
    })
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title));
}

/** One occurrence of a series of this house, or not_found (also for a day the rule does not produce). */
export async function getOccurrence(tx: Tx, houseId: string, seriesId: string, occursOn: CalendarDate): Promise<Occurrence> {
  const ref = parseInput(OccurrenceRef, { seriesId, occursOn });
  const s = (await seriesQuery(tx, parseInput(idSchema, houseId), { occursOn: ref.occursOn }).where("s.id", "=", ref.seriesId).executeTakeFirst()) as
    | SeriesCore
    | undefined;
  const missing = new DomainError("not_found", "We couldn't find that session. It may have been changed; reload the page.");
  if (!s || !occursOnDay(s, ref.occursOn)) throw missing;
  const e = s.exceptions[0];
  if (e?.action === "moved" && e.movedTo) {
    const startsAt = new Date(e.movedTo);
    const day = todayIn(s.timeZone, startsAt);
    return occurrencesOf({ ...s, exceptions: [e] }, day, addDays(day, 1)).find((o) => o.occursOn === ref.occursOn) ?? thrower(missing);
  }
  return occurrencesOf(s, ref.occursOn, addDays(ref.occursOn, 1)).find((o) => o.occursOn === ref.occursOn) ?? thrower(missing);
}
const thrower = (e: Error): never => {
  throw e;
};

/**
 * Who is expected at each occurrence: the residents with a stay in the house on the day
 * it takes place — for a list, those of the list — and for an optional session everyone
 * in the house (who may come; `optional` on the occurrence says nobody is expected).
 * Keyed by `occurrenceKey`. Two statements whatever the number of occurrences.
 */
export async function expectedAttendees(tx: Tx, houseId: string, occurrences: Occurrence[]): Promise<Map<string, Attendee[]>> {
  const out = new Map<string, Attendee[]>();
  if (occurrences.length === 0) return out;
  const days = occurrences.map((o) => o.day).sort();
  const stays = await tx
    .selectFrom("stay as st")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "st.org_id").onRef("r.id", "=", "st.resident_id"))
    .select([
      "r.id as residentId",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"),
      sql<string>`lower(st.during)::text`.as("moveIn"),
      sql<string | null>`upper(st.during)::text`.as("moveOut"),
    ])
    .where("st.house_id", "=", parseInput(idSchema, houseId))
    .where(sql<boolean>`st.during && daterange(${days[0]!}::date, ${addDays(days.at(-1)!, 1)}::date)`)
    .orderBy("name")
    .orderBy("r.id")
    .execute();
  const listSeries = [...new Set(occurrences.filter((o) => o.attendance === "list").map((o) => o.seriesId))];
  const invited = new Set(
    listSeries.length
      ? (
          await tx.selectFrom("session_invitee").select(["series_id", "resident_id"]).where("house_id", "=", houseId).where("series_id", "in", listSeries).execute()
        ).map((i) => `${i.series_id}:${i.resident_id}`)
      : [],
  );
  for (const o of occurrences) {
    const seen = new Set<string>();
    const here = stays.filter((s) => {
      const inHouse = s.moveIn <= o.day && (s.moveOut === null || o.day < s.moveOut);
      const onList = o.attendance !== "list" || invited.has(`${o.seriesId}:${s.residentId}`);
      if (!inHouse || !onList || seen.has(s.residentId)) return false;
      seen.add(s.residentId);
      return true;
    });
    out.set(key(o), here.map(({ residentId, name }) => ({ residentId, name })));
  }
  return out;
}

export type AttendanceRow = Attendee & { status: AttendanceStatus | null };

/**
 * The attendance screen of one occurrence: who is expected (see expectedAttendees) with
 * what was recorded so far, and anyone recorded who is no longer expected. One statement.
 */
export async function attendanceSheet(tx: Tx, houseId: string, o: Occurrence): Promise<AttendanceRow[]> {
  const rows = await sql<AttendanceRow>`
    select r.id as "residentId", coalesce(r.preferred_name, r.legal_name) as name, a.status
    from resident r
    left join session_attendance a on a.org_id = r.org_id and a.series_id = ${o.seriesId}::uuid
      and a.occurs_on = ${o.occursOn}::date and a.resident_id = r.id
    where (a.id is not null or (
      exists (select 1 from stay st where st.org_id = r.org_id and st.resident_id = r.id and st.house_id = ${houseId}::uuid
        and st.during @> ${o.day}::date)
      and (${o.attendance} <> 'list' or exists (select 1 from session_invitee i
        where i.org_id = r.org_id and i.series_id = ${o.seriesId}::uuid and i.resident_id = r.id))))
    order by 2, 1`.execute(tx);
  return rows.rows;
}

/** Save one tap: present / excused / absent for one resident at one occurrence (upsert). */
export async function recordAttendance(tx: Tx, houseId: string, input: unknown): Promise<void> {
  const v = parseInput(AttendanceInput, input);
  const o = await getOccurrence(tx, houseId, v.seriesId, v.occursOn);
  if (o.status === "cancelled") throw new DomainError("conflict", "This session was cancelled, so there is no attendance to take.");
  if (o.day > todayIn(o.timeZone)) throw new DomainError("conflict", "Attendance opens on the day of the session.");
  const expected = await sql<{ ok: boolean }>`
    select exists (select 1 from stay st where st.house_id = ${houseId}::uuid and st.resident_id = ${v.residentId}::uuid
        and st.during @> ${o.day}::date)
      and (${o.attendance} <> 'list' or exists (select 1 from session_invitee i
        where i.series_id = ${v.seriesId}::uuid and i.resident_id = ${v.residentId}::uuid)) as ok`.execute(tx);
  if (!expected.rows[0]?.ok) {
    throw new DomainError("conflict", "That resident isn't expected at this session: they were not living in the house that day.", { field: "residentId" });
  }
  await guardDb(
    tx
      .insertInto("session_attendance")
      .values({ org_id: sql<string>`current_org_id()`, house_id: houseId, series_id: v.seriesId, occurs_on: v.occursOn, resident_id: v.residentId, status: v.status })
      .onConflict((oc) =>
        oc.columns(["org_id", "series_id", "occurs_on", "resident_id"]).doUpdateSet({
          status: v.status,
          recorded_by: sql<string>`current_app_user_id()`,
          recorded_at: sql<Date>`now()`,
        }),
      )
      .execute(),
  );
  await audit(tx, "session.attendance_recorded", { type: "resident", id: v.residentId }, { seriesId: v.seriesId, occursOn: v.occursOn, status: v.status });
}

// ── exceptions ─────────────────────────────────────────────────────────────

async function putException(tx: Tx, houseId: string, o: Occurrence, action: "cancelled" | "moved", movedTo: Date | null) {
  await guardDb(
    tx
      .insertInto("session_exception")
      .values({ org_id: sql<string>`current_org_id()`, house_id: houseId, series_id: o.seriesId, occurs_on: o.occursOn, action, moved_to: movedTo })
      .onConflict((oc) => oc.columns(["org_id", "series_id", "occurs_on"]).doUpdateSet({ action, moved_to: movedTo }))
      .execute(),
  );
}

const WHEN = "EEEE, MMMM d 'at' h:mm a";

/**
 * Tell the residents expected at an occurrence who have a portal account. Neutral text:
 * no session title (a topic can say too much), no other names, no place, no house address.
 */
async function notifyChange(tx: Tx, houseId: string, occurrences: Occurrence[], change: string) {
  const byKey = await expectedAttendees(tx, houseId, occurrences);
  const expected = [...new Map([...byKey.values()].flat().map((a) => [a.residentId, a])).values()];
  if (expected.length === 0) return 0;
  const accounts = await tx
    .selectFrom("resident as r")
    .innerJoin("app_user as u", "u.id", "r.user_id")
    .select("u.email")
    .where("r.id", "in", expected.map((e) => e.residentId))
    .where("u.disabled_at", "is", null)
    .execute();
  for (const { email } of accounts) {
    await enqueueEmail(
      tx,
      {
        to: email,
        subject: "A change to your schedule",
        text: ["Hello,", "", change, "", "Sign in to see your schedule:", appLink("/login"), "", "— Hearth"].join("\n"),
      },
      { purpose: "schedule_change" },
    );
  }
  return accounts.length;
}

export async function cancelOccurrence(tx: Tx, houseId: string, input: unknown): Promise<{ notified: number }> {
  const v = parseInput(OccurrenceRef, input);
  const o = await getOccurrence(tx, houseId, v.seriesId, v.occursOn);
  if (o.status === "cancelled") throw new DomainError("conflict", "That session is already cancelled.");
  if (o.endsAt.getTime() < Date.now()) throw new DomainError("conflict", "That session has already taken place.");
  await putException(tx, houseId, o, "cancelled", null);
  const notified = await notifyChange(tx, houseId, [o], `A session on your schedule for ${formatInZone(o.startsAt, o.timeZone, WHEN)} has been cancelled.`);
  await audit(tx, "session.cancelled", { type: "house", id: houseId }, { seriesId: o.seriesId, occursOn: o.occursOn, notified });
  return { notified };
}

export async function moveOccurrence(tx: Tx, houseId: string, input: unknown): Promise<{ notified: number; startsAt: Date; timeZone: string }> {
  const v = parseInput(MoveInput, input);
  const o = await getOccurrence(tx, houseId, v.seriesId, v.occursOn);
  if (o.status === "cancelled") throw new DomainError("conflict", "That session is cancelled. Add a new session instead of moving it.");
  if (o.endsAt.getTime() < Date.now()) throw new DomainError("conflict", "That session has already taken place.");
  const startsAt = localInstant(v.newDate, v.newTime, o.timeZone);
  if (startsAt.getTime() < Date.now()) throw new DomainError("invalid", "Choose a new time that hasn't passed yet.", { field: "newDate" });
  if (startsAt.getTime() === o.startsAt.getTime()) throw new DomainError("invalid", "That is when it already takes place.", { field: "newTime" });
  await putException(tx, houseId, o, "moved", startsAt);
  const moved = { ...o, startsAt, day: todayIn(o.timeZone, startsAt) };
  const text = `A session on your schedule for ${formatInZone(o.startsAt, o.timeZone, WHEN)} has moved to ${formatInZone(startsAt, o.timeZone, WHEN)}.`;
  // Everyone expected on either day hears about it (the moved one under its own key, so
  // expectedAttendees looks both days up).
  const notified = await notifyChange(tx, houseId, o.day === moved.day ? [o] : [o, { ...moved, occursOn: `${o.occursOn}:moved` }], text);
  await audit(tx, "session.moved", { type: "house", id: houseId }, { seriesId: o.seriesId, occursOn: o.occursOn, movedTo: startsAt.toISOString(), notified });
  return { notified, startsAt, timeZone: o.timeZone };
}

/**
 * Undo a cancelled or moved occurrence: it takes place at its planned time again (the
 * exception is removed; the audit log keeps what happened). Residents expected — on the
 * planned day, and for a move also on the day it had moved to — get a neutral email.
 */
export async function restoreOccurrence(tx: Tx, houseId: string, input: unknown): Promise<{ notified: number; startsAt: Date; timeZone: string }> {
  const house = parseInput(idSchema, houseId);
  const v = parseInput(OccurrenceRef, input);
  const o = await getOccurrence(tx, house, v.seriesId, v.occursOn);
  if (o.status === "scheduled") throw new DomainError("conflict", "That session already takes place as planned.");
  const duration = o.endsAt.getTime() - o.startsAt.getTime();
  const planned: Occurrence = { ...o, status: "scheduled", day: o.occursOn, startsAt: o.originalStartsAt, endsAt: new Date(o.originalStartsAt.getTime() + duration) };
  if (planned.endsAt.getTime() < Date.now()) throw new DomainError("conflict", "Its planned time has passed, so that session can't be put back.");
  // A moved session that has already begun at its new time took place there (its attendance
  // is kept under this occurrence): moving it back would hang that record on a session to come.
  if (o.status === "moved" && o.startsAt.getTime() <= Date.now())
    throw new DomainError("conflict", "That session already took place at its new time, so it can't be moved back. Add a new session instead.");
  const removed = await tx
    .deleteFrom("session_exception")
    .where("house_id", "=", house)
    .where("series_id", "=", o.seriesId)
    .where("occurs_on", "=", o.occursOn)
    .executeTakeFirst();
  if (removed.numDeletedRows === 0n) throw new DomainError("conflict", "That session was just changed. Reload the page to see the latest.");
  const when = formatInZone(planned.startsAt, o.timeZone, WHEN);
  const text =
    o.status === "cancelled"
      ? `A session on your schedule for ${when} is back on.`
      : `A session on your schedule that had moved to ${formatInZone(o.startsAt, o.timeZone, WHEN)} is back at its planned time, ${when}.`;
  const notified = await notifyChange(tx, house, o.day === planned.day ? [planned] : [planned, { ...o, occursOn: `${o.occursOn}:moved` }], text);
  await audit(tx, "session.restored", { type: "house", id: house }, { seriesId: o.seriesId, occursOn: o.occursOn, was: o.status, notified });
  return { notified, startsAt: planned.startsAt, timeZone: o.timeZone };
}

// ── series ─────────────────────────────────────────────────────────────────

export type SeriesSummary = {
  id: string;
  title: string;
  kindLabel: string;
  rule: string;
  startsOn: string;
  startTime: string;
  durationMinutes: number;
  place: string | null;
  facilitator: string | null;
  attendance: SessionAttendanceRule;
  /** Archived: no occurrences from this local day on. */
  archivedFrom?: string | null;
};

/** The house's series, by title (one statement). */
export async function listSeries(tx: Tx, houseId: string): Promise<SeriesSummary[]> {
  const rows = await tx
    .selectFrom("session_series as s")
    .leftJoin("session_kind as k", (j) => j.onRef("k.org_id", "=", "s.org_id").onRef("k.id", "=", "s.custom_kind_id"))
    .select([
      "s.id",
      "s.title",
      "s.kind",
      "k.name as customKindName",
      "s.rule",
      sql<string>`s.starts_on::text`.as("startsOn"),
      sql<string>`to_char(s.start_time, 'HH24:MI')`.as("startTime"),
      "s.duration_minutes as durationMinutes",
      "s.place",
      sql<string | null>`coalesce(s.facilitator_name, (select u.name from membership m join app_user u on u.id = m.user_id
        where m.org_id = s.org_id and m.id = s.facilitator_membership_id))`.as("facilitator"),
      "s.attendance",
    ])
    .where("s.house_id", "=", parseInput(idSchema, houseId))
    .where("s.archived_at", "is", null)
    .orderBy("s.title")
    .orderBy("s.id")
    .execute();
  return rows.map(({ kind, customKindName, ...r }) => ({ ...r, kindLabel: kindLabel(kind, customKindName) }));
}

export type SeriesForEdit = {
  id: string;
  title: string;
  kind: string;
  facilitatorName: string | null;
  facilitatorMembershipId: string | null;
  place: string | null;
  startsOn: string;
  startTime: string;
  durationMinutes: number;
  rule: string;
  attendance: SessionAttendanceRule;
  invitees: string[];
};

export async function getSeries(tx: Tx, houseId: string, seriesId: string): Promise<SeriesForEdit> {
  const row = await tx
    .selectFrom("session_series as s")
    .select([
      "s.id",
      "s.title",
      sql<string>`case when s.kind = 'custom' then 'custom:' || s.custom_kind_id else s.kind end`.as("kind"),
      "s.facilitator_name as facilitatorName",
      "s.facilitator_membership_id as facilitatorMembershipId",
      "s.place",
      sql<string>`s.starts_on::text`.as("startsOn"),
      sql<string>`to_char(s.start_time, 'HH24:MI')`.as("startTime"),
      "s.duration_minutes as durationMinutes",
      "s.rule",
      "s.attendance",
      sql<string[]>`coalesce((select array_agg(i.resident_id) from session_invitee i where i.org_id = s.org_id and i.series_id = s.id), '{}')`.as("invitees"),
    ])
    .where("s.house_id", "=", parseInput(idSchema, houseId))
    .where("s.id", "=", parseInput(idSchema, seriesId))
    .where("s.archived_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "We couldn't find that session.");
  return row;
}

export type SeriesFormOptions = {
  kinds: { value: string; label: string }[];
  staff: { value: string; label: string }[];
  residents: { value: string; label: string }[];
};

/** What the series form offers: kinds (built-in and the org's), the team, and the house's current and planned residents. */
export async function seriesFormOptions(tx: Tx, houseId: string): Promise<SeriesFormOptions> {
  const house = parseInput(idSchema, houseId);
  const rows = await sql<{ group: "kind" | "staff" | "resident"; value: string; label: string }>`
    select 'kind' as "group", 'custom:' || k.id as value, 'Life skills: ' || k.name as label from session_kind k
    union all
    select 'staff', m.id::text, u.name from membership m join app_user u on u.id = m.user_id
      where m.role in ('owner', 'admin', 'house_manager', 'staff') and m.disabled_at is null
    union all
    select distinct 'resident', r.id::text, coalesce(r.preferred_name, r.legal_name) from resident r
      join stay st on st.org_id = r.org_id and st.resident_id = r.id
      join house h on h.org_id = st.org_id and h.id = st.house_id
      where st.house_id = ${house}::uuid and (upper_inf(st.during) or upper(st.during) > ${houseToday("h")})
    order by 1, 3, 2`.execute(tx);
  const of = (g: string) => rows.rows.filter((r) => r.group === g).map(({ value, label }) => ({ value, label }));
  return {
    kinds: [...Object.entries(SESSION_KIND_LABELS).map(([value, label]) => ({ value, label })), ...of("kind")],
    staff: of("staff"),
    residents: of("resident"),
  };
}

/** A series as written: what the edit form reads back, with the kind as stored. */
type Prepared = Omit<SeriesForEdit, "id" | "kind"> & { kind: SessionKind; customKindId: string | null };

async function prepare(tx: Tx, houseId: string, input: unknown): Promise<Prepared> {
  const v = parseInput(SeriesInput, input);
  const rule = toRule(v);
  const problem = ruleProblem(rule);
  if (problem) throw new DomainError("invalid", problem, { field: v.repeats === "custom" ? "customRule" : "repeats" });
  const durationMinutes = minutesBetween(v.startTime, v.endTime);
  const timing = { startsOn: v.startsOn, startTime: v.startTime, durationMinutes, rule };
  if (expandSeries(timing, "UTC", v.startsOn, addDays(v.startsOn, 3 * 366), 1).length === 0) {
    throw new DomainError("invalid", "That rule never produces a session after the first day. Check the days and the end date.", {
      field: v.repeats === "custom" ? "customRule" : "repeats",
    });
  }
  const customKindId = v.kind.startsWith("custom:") ? v.kind.slice("custom:".length) : null;
  const invitees = v.attendance === "list" ? v.invitees : [];
  const checks = await sql<{ kind_ok: boolean; staff_ok: boolean; invitees_ok: boolean }>`
    select
      (${customKindId}::uuid is null or exists (select 1 from session_kind k where k.id = ${customKindId}::uuid)) as kind_ok,
      (${v.facilitatorMembershipId}::uuid is null or exists (select 1 from membership m where m.id = ${v.facilitatorMembershipId}::uuid
        and m.role in ('owner', 'admin', 'house_manager', 'staff'))) as staff_ok,
      (select count(distinct st.resident_id) from stay st join house h on h.org_id = st.org_id and h.id = st.house_id
        where st.house_id = ${houseId}::uuid and st.resident_id = any (${invitees}::uuid[])
          and (upper_inf(st.during) or upper(st.during) > least(${v.startsOn}::date, ${houseToday("h")}))) = ${invitees.length} as invitees_ok
  `.execute(tx);
  const c = checks.rows[0]!;
  if (!c.kind_ok) throw new DomainError("not_found", "That kind of session no longer exists. Reload the page.", { field: "kind" });
  if (!c.staff_ok) throw new DomainError("not_found", "That team member is no longer on the team.", { field: "facilitatorMembershipId" });
  if (!c.invitees_ok) throw new DomainError("conflict", "Some of the chosen residents don't live in this house.", { field: "invitees" });
  return {
    title: v.title,
    kind: customKindId ? "custom" : (v.kind as SessionKind),
    customKindId,
    facilitatorName: v.facilitatorName,
    facilitatorMembershipId: v.facilitatorMembershipId,
    place: v.place,
    startsOn: v.startsOn,
    startTime: v.startTime,
    durationMinutes,
    rule,
    attendance: v.attendance,
    invitees,
  };
}

const columns = (p: Prepared) => ({
  title: p.title,
  kind: p.kind,
  custom_kind_id: p.customKindId,
  facilitator_name: p.facilitatorName,
  facilitator_membership_id: p.facilitatorMembershipId,
  place: p.place,
  starts_on: p.startsOn,
  start_time: p.startTime,
  duration_minutes: p.durationMinutes,
  rule: p.rule,
  attendance: p.attendance,
});

async function putInvitees(tx: Tx, houseId: string, seriesId: string, residentIds: string[]) {
  if (residentIds.length === 0) return;
  await guardDb(
    tx
      .insertInto("session_invitee")
      .values(residentIds.map((r) => ({ org_id: sql<string>`current_org_id()`, house_id: houseId, series_id: seriesId, resident_id: r })))
      .execute(),
  );
}

export async function createSeries(tx: Tx, houseId: string, input: unknown): Promise<{ id: string }> {
  const house = parseInput(idSchema, houseId);
  const p = await prepare(tx, house, input);
  const id = crypto.randomUUID();
  await guardDb(tx.insertInto("session_series").values({ id, org_id: sql<string>`current_org_id()`, house_id: house, ...columns(p) }).execute());
  await putInvitees(tx, house, id, p.invitees);
  await audit(tx, "session.created", { type: "house", id: house }, { seriesId: id, kind: p.kind, rule: p.rule, attendance: p.attendance, invitees: p.invitees.length });
  return { id };
}

export async function updateSeries(tx: Tx, houseId: string, seriesId: string, input: unknown): Promise<void> {
  const house = parseInput(idSchema, houseId);
  await getSeries(tx, house, seriesId);
  const p = await prepare(tx, house, input);
  await guardDb(
    tx
      .updateTable("session_series")
      .set({ ...columns(p), updated_at: sql<Date>`now()` })
      .where("id", "=", seriesId)
      .where("house_id", "=", house)
      .execute(),
  );
  await tx.deleteFrom("session_invitee").where("series_id", "=", seriesId).where("house_id", "=", house).execute();
  await putInvitees(tx, house, seriesId, p.invitees);
  await audit(tx, "session.updated", { type: "house", id: house }, { seriesId, kind: p.kind, rule: p.rule, attendance: p.attendance, invitees: p.invitees.length });
}

/**
 * Archive a series: it produces no occurrences from `from` (a local day, today or later in
 * the house's zone) on. Past occurrences, their exceptions and attendance are kept, and
 * the series can no longer be edited; series are never deleted (no grant, no policy).
 */
export async function archiveSeries(tx: Tx, houseId: string, seriesId: string, input: unknown): Promise<{ from: CalendarDate }> {
  const house = parseInput(idSchema, houseId);
  const { from } = parseInput(ArchiveInput, input);
  await getSeries(tx, house, seriesId);
  const { today } = await sessionHouse(tx, house);
  if (from < today) throw new DomainError("invalid", "Choose today or a later day: sessions that already took place are kept.", { field: "from" });
  const res = await guardDb(
    tx
      .updateTable("session_series as s")
      .set({
        archived_at: sql<Date>`(${from}::date)::timestamp at time zone (select h.time_zone from house h where h.org_id = s.org_id and h.id = s.house_id)`,
        updated_at: sql<Date>`now()`,
      })
      .where("s.id", "=", seriesId)
      .where("s.house_id", "=", house)
      .where("s.archived_at", "is", null)
      .executeTakeFirst(),
  );
  if (res.numUpdatedRows === 0n) throw new DomainError("conflict", "That session was just changed. Reload the page to see the latest.");
  await audit(tx, "session.archived", { type: "house", id: house }, { seriesId, from });
  return { from };
}

/** An org's own life-skills topic, offered in every house's series form. */
export async function addSessionKind(tx: Tx, input: unknown): Promise<{ id: string; name: string }> {
  const { name } = parseInput(KindInput, input);
  const id = crypto.randomUUID();
  await guardDb(tx.insertInto("session_kind").values({ id, org_id: sql<string>`current_org_id()`, name }).execute());
  await audit(tx, "session_kind.created", { type: "session_kind", id }, { name });
  return { id, name };
}

// ── rates ──────────────────────────────────────────────────────────────────

export type Rate = { id: string; name: string; present: number; excused: number; absent: number; rate: number | null };

const rateOf = (r: { present: number; absent: number }) => (r.present + r.absent === 0 ? null : Math.round((100 * r.present) / (r.present + r.absent)));

/**
 * Attendance rates of a house over [from, to): per resident and per series. The rate is
 * present ÷ (present + absent); excused occurrences count for neither. Two statements.
 */
export async function attendanceRates(tx: Tx, houseId: string, from: CalendarDate, to: CalendarDate): Promise<{ residents: Rate[]; series: Rate[] }> {
  const house = parseInput(idSchema, houseId);
  const counts = sql<number>`count(*) filter (where a.status = 'present')::int`;
  const residents = await tx
    .selectFrom("session_attendance as a")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "a.org_id").onRef("r.id", "=", "a.resident_id"))
    .select([
      "r.id",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"),
      counts.as("present"),
      sql<number>`count(*) filter (where a.status = 'excused')::int`.as("excused"),
      sql<number>`count(*) filter (where a.status = 'absent')::int`.as("absent"),
    ])
    .where("a.house_id", "=", house)
    .where("a.occurs_on", ">=", from)
    .where("a.occurs_on", "<", to)
    .groupBy(["r.id", "r.preferred_name", "r.legal_name"])
    .orderBy("name")
    .execute();
  const series = await tx
    .selectFrom("session_attendance as a")
    .innerJoin("session_series as s", (j) => j.onRef("s.org_id", "=", "a.org_id").onRef("s.id", "=", "a.series_id"))
    .select([
      "s.id",
      "s.title as name",
      counts.as("present"),
      sql<number>`count(*) filter (where a.status = 'excused')::int`.as("excused"),
      sql<number>`count(*) filter (where a.status = 'absent')::int`.as("absent"),
    ])
    .where("a.house_id", "=", house)
    .where("a.occurs_on", ">=", from)
    .where("a.occurs_on", "<", to)
    .groupBy(["s.id", "s.title"])
    .orderBy("s.title")
    .execute();
  return { residents: residents.map((r) => ({ ...r, rate: rateOf(r) })), series: series.map((s) => ({ ...s, rate: rateOf(s) })) };
}

export type SessionHouse = { id: string; name: string; timeZone: string; today: CalendarDate };

/** The house a sessions page is about, with its zone and local today (not_found when hidden or missing). One statement. */
export async function sessionHouse(tx: Tx, houseId: string): Promise<SessionHouse> {
  const row = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.name", "h.time_zone as timeZone", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("h.id", "=", parseInput(idSchema, houseId))
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "House not found.");
  return row;
}

/**
 * The signed-in resident's sessions in their house for [from, to): every "all" session,
 * "list" sessions they are on, and optional ones (marked by `attendance`). Two statements.
 */
export async function myUpcomingSessions(tx: Tx, houseId: string, from: CalendarDate, to: CalendarDate): Promise<Occurrence[]> {
  const occurrences = await occurrencesBetween(tx, houseId, from, to);
  const listed = [...new Set(occurrences.filter((o) => o.attendance === "list").map((o) => o.seriesId))];
  const mine = new Set(
    listed.length
      ? (
          await tx
            .selectFrom("session_invitee as i")
            .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "i.org_id").onRef("r.id", "=", "i.resident_id"))
            .select("i.series_id")
            .where("r.user_id", "=", sql<string>`current_app_user_id()`)
            .where("i.series_id", "in", listed)
            .execute()
        ).map((r) => r.series_id)
      : [],
  );
  return occurrences.filter((o) => o.attendance !== "list" || mine.has(o.seriesId));
}
