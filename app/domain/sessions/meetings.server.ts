import { sql } from "kysely";
import type { Fellowship } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { addDays, todayIn, type CalendarDate } from "#app/lib/dates";
import { id as idSchema } from "#app/lib/fields";
import { MeetingLogInput, mondayOf, TargetInput } from "./schemas";
import { houseToday } from "#app/domain/dates.server";

/**
 * Off-site mutual-aid meetings (AA, NA, SMART Recovery, …): residents log their own; a
 * house sets a weekly target per resident and staff see who is under it. Weeks start on
 * Monday in the house's calendar (its time zone): Monday through Sunday.
 */

export type MyHouse = { residentId: string; houseId: string | null; timeZone: string | null };

/** The signed-in resident and the house of their current stay (null when not in a house today). One statement. */
export async function myResidentAndHouse(tx: Tx): Promise<MyHouse | null> {
  const row = await sql<MyHouse>`
    select r.id as "residentId", h.id as "houseId", h.time_zone as "timeZone"
    from resident r
    left join stay st on st.org_id = r.org_id and st.resident_id = r.id
      and st.during @> (select ${houseToday("hh")} from house hh where hh.org_id = st.org_id and hh.id = st.house_id)
    left join house h on h.org_id = st.org_id and h.id = st.house_id
    where r.user_id = current_app_user_id()
    limit 1`.execute(tx);
  return row.rows[0] ?? null;
}

async function requireMe(tx: Tx): Promise<MyHouse> {
  const me = await myResidentAndHouse(tx);
  if (!me) throw new DomainError("forbidden", "Your account isn't linked to a resident record yet. Ask your house manager.");
  return me;
}

export async function logMyMeeting(tx: Tx, input: unknown, fallbackZone: string): Promise<{ id: string }> {
  const v = parseInput(MeetingLogInput, input);
  const me = await requireMe(tx);
  const today = todayIn(me.timeZone ?? fallbackZone);
  if (v.metOn > today) throw new DomainError("invalid", "Log a meeting on or after the day it took place.", { field: "metOn" });
  if (v.metOn < addDays(today, -90)) throw new DomainError("invalid", "Log meetings from the last 90 days.", { field: "metOn" });
  const id = crypto.randomUUID();
  await guardDb(
    tx
      .insertInto("meeting_log")
      .values({ id, org_id: sql<string>`current_org_id()`, resident_id: me.residentId, met_on: v.metOn, fellowship: v.fellowship, place: v.place, verifier_name: v.verifierName })
      .execute(),
  );
  await audit(tx, "meeting.logged", { type: "resident", id: me.residentId }, { meetingId: id, metOn: v.metOn });
  return { id };
}

export async function deleteMyMeeting(tx: Tx, meetingId: string): Promise<void> {
  const me = await requireMe(tx);
  const res = await tx.deleteFrom("meeting_log").where("id", "=", parseInput(idSchema, meetingId)).where("resident_id", "=", me.residentId).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw new DomainError("not_found", "We couldn't find that meeting. It may already be removed.");
  await audit(tx, "meeting.deleted", { type: "resident", id: me.residentId }, { meetingId });
}

export type MeetingLogRow = { id: string; metOn: string; fellowship: Fellowship; place: string; verifierName: string | null };

/** The signed-in resident's meetings, newest first, from `since` (one statement). */
export async function listMyMeetings(tx: Tx, since: CalendarDate): Promise<MeetingLogRow[]> {
  return tx
    .selectFrom("meeting_log as m")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "m.org_id").onRef("r.id", "=", "m.resident_id"))
    .select(["m.id", sql<string>`m.met_on::text`.as("metOn"), "m.fellowship", "m.place", "m.verifier_name as verifierName"])
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .where("m.met_on", ">=", since)
    .orderBy("m.met_on", "desc")
    .orderBy("m.id", "desc")
    .limit(100)
    .execute();
}

export async function setMeetingTarget(tx: Tx, houseId: string, input: unknown): Promise<void> {
  const house = parseInput(idSchema, houseId);
  const { weeklyTarget } = parseInput(TargetInput, input);
  await guardDb(
    tx
      .insertInto("meeting_target")
      .values({ org_id: sql<string>`current_org_id()`, house_id: house, weekly_target: weeklyTarget })
      .onConflict((oc) => oc.columns(["org_id", "house_id"]).doUpdateSet({ weekly_target: weeklyTarget, updated_at: sql<Date>`now()` }))
      .execute(),
  );
  await audit(tx, "meeting_target.set", { type: "house", id: house }, { weeklyTarget });
}

export type TargetStatus = {
  /** null: the house has not set a target. */
  target: number | null;
  weekStart: CalendarDate;
  weekEnd: CalendarDate;
  residents: { residentId: string; name: string; logged: number; under: boolean }[];
};

/**
 * Who is under the house's weekly meeting target in the week starting on `week`'s Monday:
 * every resident with a stay in the house during that week, with their logged meetings
 * Monday to Sunday. One statement.
 */
export async function meetingTargetStatus(tx: Tx, houseId: string, week: CalendarDate): Promise<TargetStatus> {
  const house = parseInput(idSchema, houseId);
  const weekStart = mondayOf(week);
  const weekEnd = addDays(weekStart, 7);
  const rows = await sql<{ target: number | null; residentId: string | null; name: string | null; logged: number }>`
    select t.weekly_target as target, x."residentId", x.name, coalesce(x.logged, 0)::int as logged
    from (select 1) one
    left join meeting_target t on t.house_id = ${house}::uuid
    left join lateral (
      select distinct on (r.id) r.id as "residentId", coalesce(r.preferred_name, r.legal_name) as name,
        (select count(*) from meeting_log m where m.org_id = r.org_id and m.resident_id = r.id
          and m.met_on >= ${weekStart}::date and m.met_on < ${weekEnd}::date) as logged
      from stay st join resident r on r.org_id = st.org_id and r.id = st.resident_id
      where st.house_id = ${house}::uuid and st.during && daterange(${weekStart}::date, ${weekEnd}::date)
    ) x on true
    order by x.name, x."residentId"`.execute(tx);
  const target = rows.rows[0]?.target ?? null;
  return {
    target,
    weekStart,
    weekEnd: addDays(weekEnd, -1),
    residents: rows.rows
      .filter((r) => r.residentId)
      .map((r) => ({ residentId: r.residentId!, name: r.name!, logged: r.logged, under: target !== null && r.logged < target })),
  };
}
