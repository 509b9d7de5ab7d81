import { sql } from "kysely";
import type { ChoreAssignmentStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { stateOf } from "#app/domain/chores/assignments.server";
import type { ChoreState } from "#app/domain/chores/schemas";
import { houseToday } from "#app/domain/dates.server";
import { versionsInForce } from "#app/domain/documents/documents.server";
import { occurrencesOnTodays, type Occurrence } from "#app/domain/sessions/sessions.server";
import type { CalendarDate } from "#app/lib/dates";

/**
 * The manager's today (issue 10, capability 5): per active house the caller may see
 * (row-level security decides: owners and admins every house, house managers and staff
 * their assigned houses), on the house's own local today —
 *
 *  - today's chores with their state, and yesterday's that still need someone (missed,
 *    or done and not checked yet);
 *  - today's session occurrences (to take attendance for);
 *  - residents under the house's weekly meeting target this week (Monday to Sunday);
 *  - residents who have not signed a document version in force;
 *  - planned move-ins and move-outs from today through the next `MOVE_DAYS` days;
 *  - safety checks due today or overdue (ADR 044: due the interval after the last time it
 *    was done, or on its first due day), and naloxone whose recorded expiry has passed.
 *
 * Two statements whatever the number of houses and residents (one for the houses and
 * everything but sessions, one for the sessions), plus one `today.listed` audit entry
 * with the ids of the residents the page names.
 */

/** How many days after today the move-ins and move-outs reach. */
export const MOVE_DAYS = 7;

export type TodayChore = {
  assignmentId: string;
  day: CalendarDate;
  choreName: string;
  residentId: string;
  residentName: string;
  status: ChoreAssignmentStatus;
  state: ChoreState;
};

export type TodayMove = {
  stayId: string;
  kind: "move_in" | "move" | "move_out";
  date: CalendarDate;
  residentId: string;
  residentName: string;
};

export type TodayHouse = {
  id: string;
  name: string;
  timeZone: string;
  today: CalendarDate;
  /** Today's chores, then yesterday's that were missed or wait to be checked. */
  chores: TodayChore[];
  sessions: Occurrence[];
  /** null: the house has not set a weekly meeting target. */
  meetingTarget: number | null;
  weekStart: CalendarDate;
  underTarget: { residentId: string; residentName: string; logged: number }[];
  unsigned: { residentId: string; residentName: string; missing: number }[];
  moves: TodayMove[];
  /** Referral follow-ups due today or overdue, for residents living here (ADR 046). */
  followUps: TodayFollowUp[];
  /** Safety checks due today or overdue, soonest first (ADR 044). */
  safetyDue: TodaySafetyCheck[];
};

export type TodaySafetyCheck = { checkId: string; name: string; dueOn: CalendarDate; naloxoneExpiredOn: CalendarDate | null };

export type TodayFollowUp = { followupId: string; referralId: string; residentId: string; residentName: string; task: string; dueOn: CalendarDate; serviceName: string };

type Row = Omit<TodayHouse, "sessions" | "chores"> & {
  chores: Omit<TodayChore, "state">[];
};

const NAME = sql`coalesce(r.preferred_name, r.legal_name)`;

/**
 * Above this many houses (an owner's whole operator), the page without a house chosen is a
 * summary: per house the counts of what needs doing, no resident named (the fewest names
 * for the purpose, and a page a phone can load), each house opening its own detail.
 */
export const SUMMARY_ABOVE = 5;

/** One house's line in the summary: how many of each kind of thing need doing today. */
export type TodayHouseSummary = {
  id: string;
  name: string;
  today: CalendarDate;
  /** Today's chores not done yet, done and waiting to be checked, and all of today's. */
  chores: { notYet: number; waiting: number; total: number };
  /** Yesterday's chores still needing someone (missed, or done and not checked). */
  yesterday: number;
  sessions: number;
  underTarget: number;
  unsigned: number;
  followUps: number;
  safetyDue: number;
  moves: number;
};

export type TodayView = { kind: "houses"; houses: TodayHouse[] } | { kind: "summary"; houses: TodayHouseSummary[] };

/**
 * The manager's today as the page shows it: every visible house in detail, or the one asked
 * for (`houseId`; none when the caller cannot see it), or, when `summarize` (the org-wide
 * roles: owners and admins) above `SUMMARY_ABOVE` houses and none chosen, a summary per house.
 * House managers and staff always get their houses in detail: it is their working list.
 * Three statements whatever the view (audit included): the summary is counted from the same
 * rows and audited as a read of the houses only, since it names no one.
 */
export async function todayView(tx: Tx, opts: { houseId?: string | null; summarize?: boolean } = {}): Promise<TodayView> {
  const houses = await todayHouses(tx, opts.houseId ?? null);
  if (opts.summarize && !opts.houseId && houses.length > SUMMARY_ABOVE) {
    await audit(tx, "today.listed", null, { houseIds: houses.map((h) => h.id), residentIds: [], summary: true });
    return { kind: "summary", houses: houses.map(summaryOf) };
  }
  return { kind: "houses", houses: await listed(tx, houses) };
}

/** Every visible active house (or the one asked for) in detail. Three statements (audit included). */
export async function managerToday(tx: Tx, opts: { houseId?: string | null } = {}): Promise<TodayHouse[]> {
  return listed(tx, await todayHouses(tx, opts.houseId ?? null));
}

/** Audits the houses shown in detail with the ids of the residents they name. */
async function listed(tx: Tx, houses: TodayHouse[]): Promise<TodayHouse[]> {
  const residentIds = [
    ...new Set(houses.flatMap((h) => [...h.chores, ...h.underTarget, ...h.unsigned, ...h.moves, ...h.followUps].map((x) => x.residentId))),
  ];
  await audit(tx, "today.listed", null, { houseIds: houses.map((h) => h.id), residentIds });
  return houses;
}

/** Today's chores of a house counted by where they stand (the detail's line and the summary's). */
export function todaysChoreCounts(h: TodayHouse): { notYet: number; waiting: number; verified: number; total: number } {
  const todays = h.chores.filter((c) => c.day === h.today);
  const count = (...states: ChoreState[]) => todays.filter((c) => states.includes(c.state)).length;
  return { notYet: count("assigned", "sent_back"), waiting: count("done"), verified: count("verified"), total: todays.length };
}

function summaryOf(h: TodayHouse): TodayHouseSummary {
  const { notYet, waiting, total } = todaysChoreCounts(h);
  return {
    id: h.id,
    name: h.name,
    today: h.today,
    chores: { notYet, waiting, total },
    yesterday: h.chores.length - total,
    sessions: h.sessions.filter((o) => o.status !== "cancelled").length,
    underTarget: h.underTarget.length,
    unsigned: h.unsigned.length,
    followUps: h.followUps.length,
    safetyDue: h.safetyDue.length,
    moves: h.moves.length,
  };
}

/** The visible active houses (or the one asked for) with what each needs today: two statements. */
async function todayHouses(tx: Tx, houseId: string | null): Promise<TodayHouse[]> {
  const today = houseToday("h");
  const rows = await sql<Row>`
    with hs as (
      select h.org_id, h.id, h.name, h.time_zone, ${today} as today from house h
      where h.org_id = (select current_org_id()) and h.status = 'active' and (${houseId}::uuid is null or h.id = ${houseId}::uuid)
    )
    select h.id, h.name, h.time_zone as "timeZone", h.today::text as today,
      date_trunc('week', h.today)::date::text as "weekStart",
      t.weekly_target as "meetingTarget",
      coalesce((
        select json_agg(json_build_object('assignmentId', a.id, 'day', a.day, 'choreName', c.name, 'residentId', r.id,
          'residentName', ${NAME}, 'status', a.status) order by a.day desc, c.name, a.id)
        from chore_assignment a
        join chore c on c.org_id = a.org_id and c.id = a.chore_id
        join resident r on r.org_id = a.org_id and r.id = a.resident_id
        where a.org_id = h.org_id and a.house_id = h.id
          and (a.day = h.today or (a.day = h.today - 1 and a.status in ('assigned', 'done', 'sent_back')))
      ), '[]'::json) as chores,
      coalesce((
        select json_agg(json_build_object('residentId', x.id, 'residentName', x.name, 'logged', x.logged) order by x.name, x.id)
        from (
          select distinct on (r.id) r.id, ${NAME} as name,
            (select count(*) from meeting_log m where m.org_id = r.org_id and m.resident_id = r.id
              and m.met_on >= date_trunc('week', h.today)::date and m.met_on < date_trunc('week', h.today)::date + 7)::int as logged
          from stay st join resident r on r.org_id = st.org_id and r.id = st.resident_id
          where st.org_id = h.org_id and st.house_id = h.id and st.during @> h.today
        ) x where x.logged < t.weekly_target
      ), '[]'::json) as "underTarget",
      coalesce((
        select json_agg(json_build_object('residentId', u.id, 'residentName', u.name, 'missing', u.missing) order by u.name, u.id)
        from (
          -- the house's versions in force once (materialized: one lookup per kind and
          -- house, not per kind and resident), then each resident's missing ones counted per
          -- resident, so each signature probe is one (org, resident, version) lookup in
          -- document_signature_once (an anti-join over all versions scanned every signature)
          with v as materialized (select v.id from (select 1) one ${versionsInForce("join")})
          select r.id, ${NAME} as name, m.missing
          from stay st
          join resident r on r.org_id = st.org_id and r.id = st.resident_id
          cross join lateral (select count(*)::int as missing from v
            where not exists (select 1 from document_signature g
              where g.org_id = st.org_id and g.resident_id = st.resident_id and g.document_version_id = v.id)) m
          where st.org_id = h.org_id and st.house_id = h.id and st.during @> h.today and m.missing > 0
        ) u
      ), '[]'::json) as unsigned,
      coalesce((
        select json_agg(json_build_object('stayId', mv.id, 'kind', mv.kind, 'date', mv.date, 'residentId', mv.resident_id,
          'residentName', mv.name) order by mv.date, mv.name, mv.id)
        from (
          select st.id, st.resident_id, ${NAME} as name,
            case when lower(st.during) >= h.today and lower(st.during) <= h.today + ${MOVE_DAYS}::int
              then (case when st.transferred_from_stay_id is null then 'move_in' else 'move' end) else 'move_out' end as kind,
            case when lower(st.during) >= h.today and lower(st.during) <= h.today + ${MOVE_DAYS}::int
              then lower(st.during) else upper(st.during) end as date
          from stay st join resident r on r.org_id = st.org_id and r.id = st.resident_id
          where st.org_id = h.org_id and st.house_id = h.id
            and ((lower(st.during) >= h.today and lower(st.during) <= h.today + ${MOVE_DAYS}::int)
              -- not upper_inf first: for an open stay the comparisons are null, and a null
              -- AND still runs the not exists below (once per current resident)
              or (not upper_inf(st.during) and upper(st.during) >= h.today and upper(st.during) <= h.today + ${MOVE_DAYS}::int
                -- the old half of a transfer is the new stay's "move", not a move-out
                and not exists (select 1 from stay n where n.org_id = st.org_id and n.house_id = st.house_id
                  and n.transferred_from_stay_id = st.id)))
        ) mv
      ), '[]'::json) as moves,
      coalesce((
        select json_agg(json_build_object('followupId', u.id, 'referralId', u.referral_id, 'residentId', r.id, 'residentName', ${NAME},
          'task', u.task, 'dueOn', u.due_on, 'serviceName', sv.name) order by u.due_on, ${NAME}, u.id)
        from stay st
        join resident r on r.org_id = st.org_id and r.id = st.resident_id
        join referral_followup u on u.org_id = st.org_id and u.resident_id = st.resident_id and u.done_at is null and u.due_on <= h.today
        join referral f on f.org_id = u.org_id and f.id = u.referral_id
        join service sv on sv.org_id = f.org_id and sv.id = f.service_id
        where st.org_id = h.org_id and st.house_id = h.id and st.during @> h.today
      ), '[]'::json) as "followUps",
      coalesce((
        select json_agg(json_build_object('checkId', c.id, 'name', c.name, 'dueOn', c.due_on,
          'naloxoneExpiredOn', case when c.kind = 'naloxone' and c.expires_on < h.today then c.expires_on end) order by c.due_on, c.name, c.id)
        from (
          select c.id, c.name, c.kind, coalesce(l.done_on + c.interval_days, c.first_due_on) as due_on, l.expires_on
          from safety_check c
          left join lateral (
            select x.done_on, x.expires_on from safety_check_log x
            where x.org_id = c.org_id and x.check_id = c.id
            order by x.done_on desc, x.created_at desc limit 1
          ) l on true
          where c.org_id = h.org_id and c.house_id = h.id and c.archived_at is null
        ) c
        where c.due_on <= h.today or (c.kind = 'naloxone' and c.expires_on < h.today)
      ), '[]'::json) as "safetyDue"
    from hs h
    left join meeting_target t on t.org_id = h.org_id and t.house_id = h.id and t.weekly_target > 0
    order by lower(h.name), h.id`.execute(tx);
  const houses = rows.rows;
  const occurrences = await occurrencesOnTodays(tx, houses);
  return houses.map((h) => ({
    ...h,
    chores: h.chores.map((c) => ({ ...c, state: stateOf(c.status, c.day, h.today) })),
    sessions: occurrences.filter((o) => o.houseId === h.id),
  }));
}
