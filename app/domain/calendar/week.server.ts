import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Fellowship } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { residentChoresQuery, withChoreStates, type ResidentChore } from "#app/domain/chores/assignments.server";
import { houseToday, orgToday } from "#app/domain/dates.server";
import { expandSeriesRows, seriesQuery, type Occurrence, type SeriesCore } from "#app/domain/sessions/sessions.server";
import { addDays, type CalendarDate } from "#app/lib/dates";

/**
 * The signed-in resident's days, in one statement whatever they hold (the page budget:
 * /o/:org/me, the calendar feed): the house they live in today and its local today, their
 * chores, the sessions and house meetings of that house they are expected at (everyone's,
 * the lists they are on, and optional ones, marked), the off-site meetings they logged
 * this week and the house's weekly target. Row-level security limits every part to the
 * resident's own rows and their current house.
 *
 * Days are calendar days in the house's time zone (the organisation's when they live in
 * no house today); the window is [today + fromOffset, today + fromOffset + days).
 */

export type MyLoggedMeeting = { id: string; metOn: CalendarDate; fellowship: Fellowship; place: string };

export type MyDays = {
  residentId: string;
  preferredName: string | null;
  /** The house of their current stay, or null. */
  house: { id: string; timeZone: string } | null;
  today: CalendarDate;
  from: CalendarDate;
  /** Exclusive. */
  to: CalendarDate;
  chores: ResidentChore[];
  sessions: Occurrence[];
  /** Meetings logged Monday to Sunday of the current week (the house's calendar). */
  meetingsThisWeek: MyLoggedMeeting[];
  /** The house's weekly target of logged meetings, or null when it has none. */
  target: number | null;
};

type Row = {
  residentId: string;
  preferredName: string | null;
  houseId: string | null;
  timeZone: string | null;
  today: string;
  chores: Omit<ResidentChore, "state">[];
  series: (SeriesCore & { invited: boolean })[];
  meetings: MyLoggedMeeting[];
  target: number | null;
};

/** The signed-in resident's days (see above), or null for a member who is not a linked resident. One statement. */
export async function myDays(tx: Tx, window: { fromOffset: number; days: number }): Promise<MyDays | null> {
  const from = sql<string>`(home.today + ${window.fromOffset}::int)`;
  const last = sql<string>`(home.today + ${window.fromOffset + window.days - 1}::int)`;
  const to = sql<string>`(home.today + ${window.fromOffset + window.days}::int)`;
  const series = seriesQuery(tx, sql<string>`home.house_id`, { from, to }).select(
    sql<boolean>`exists (select 1 from session_invitee i where i.org_id = s.org_id and i.series_id = s.id and i.resident_id = home.resident_id)`.as("invited"),
  );
  const chores = residentChoresQuery(tx, sql<string>`home.resident_id`, from, last);
  const rows = await sql<Row>`
    with me as (
      select r.id, r.org_id, r.preferred_name from resident r where r.user_id = current_app_user_id() limit 1
    ), home as (
      select me.id as resident_id, me.preferred_name, h.id as house_id, h.time_zone,
        coalesce(${houseToday("h")}, ${orgToday()}) as today
      from me
      left join lateral (
        select hh.* from stay st join house hh on hh.org_id = st.org_id and hh.id = st.house_id
        where st.org_id = me.org_id and st.resident_id = me.id and st.during @> ${houseToday("hh")}
        order by lower(st.during) desc limit 1
      ) h on true
    )
    select home.resident_id as "residentId", home.preferred_name as "preferredName", home.house_id as "houseId",
      home.time_zone as "timeZone", home.today::text as today,
      (${jsonArrayFrom(chores)}) as chores,
      case when home.house_id is null then '[]'::json else (${jsonArrayFrom(series)}) end as series,
      coalesce((select json_agg(json_build_object('id', m.id, 'metOn', m.met_on, 'fellowship', m.fellowship, 'place', m.place)
          order by m.met_on, m.id)
        from meeting_log m where m.resident_id = home.resident_id
          and m.met_on >= date_trunc('week', home.today)::date and m.met_on < date_trunc('week', home.today)::date + 7), '[]'::json) as meetings,
      (select t.weekly_target from meeting_target t where t.house_id = home.house_id) as target
    from home`.execute(tx);
  const row = rows.rows[0];
  if (!row) return null;
  const fromDay = addDays(row.today, window.fromOffset);
  const toDay = addDays(row.today, window.fromOffset + window.days);
  const invited = new Set(row.series.filter((s) => s.invited).map((s) => s.id));
  const sessions = expandSeriesRows(row.series, fromDay, toDay).filter((o) => o.attendance !== "list" || invited.has(o.seriesId));
  return {
    residentId: row.residentId,
    preferredName: row.preferredName,
    house: row.houseId && row.timeZone ? { id: row.houseId, timeZone: row.timeZone } : null,
    today: row.today,
    from: fromDay,
    to: toDay,
    chores: withChoreStates(row.chores),
    sessions,
    meetingsThisWeek: row.meetings,
    target: row.target,
  };
}
