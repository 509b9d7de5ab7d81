import { sql, type Kysely } from "kysely";

/**
 * Recovery-capital check-ins, second pass (issue 12, capability 5; ADR 041):
 *
 *  - checkin.entered_by: the staff member who entered answers a resident gave on paper;
 *    null for a resident's own check-in. Written by the stamp trigger from the session, never
 *    by the app (no insert grant on the column), so "entered by staff" cannot be forged or
 *    left off.
 *  - house_checkin_summary(house, since): a house's anonymous monthly summary for the owners,
 *    admins and the house's own managers and staff. It runs as the owner role because the
 *    staff's row access (current_plan_resident_ids) covers only the people living there now,
 *    while the summary is over everyone who answered in the house that month. It returns
 *    aggregates only: per month, each dimension's average over the residents who answered
 *    (a resident's mean when they answered twice), and neither figures nor a count for a
 *    month with fewer than three residents.
 */

const ORG = `org_id = (select current_org_id())`;
// The statements' positions (1-based) on each dimension, as in the check-in (0034).
const HEALTH = "(c.scores[1] + c.scores[2] + c.scores[3])::numeric / 3";
const HOME = "(c.scores[4] + c.scores[5])::numeric / 2";
const PURPOSE = "(c.scores[6] + c.scores[7] + c.scores[8])::numeric / 3";
const COMMUNITY = "(c.scores[9] + c.scores[10])::numeric / 2";
const MINIMUM = 3;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table checkin add column entered_by uuid;

    create or replace function checkin_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      r record;
      own boolean := current_app_role() = 'resident' or new.taken_on is null;
    begin
      select s.house_id, (now() at time zone h.time_zone)::date as today into r
        from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = new.org_id and s.resident_id = new.resident_id
          and s.during @> (case when own then (now() at time zone h.time_zone)::date else new.taken_on end)
        order by lower(s.during) desc limit 1;
      if not found then
        raise exception 'a check-in is taken while living in a house' using errcode = 'check_violation', constraint = 'checkin_lives_here';
      end if;
      if own then
        new.taken_on := r.today;
      elsif new.taken_on > r.today then
        raise exception 'a check-in is not dated in the future' using errcode = 'check_violation', constraint = 'checkin_not_future';
      end if;
      new.house_id := r.house_id;
      new.created_at := now();
      -- Staff entering answers given on paper are named; a resident's own check-in names no one.
      new.entered_by := case when current_app_role() = 'resident' then null else current_app_user_id() end;
      return new;
    end $$;

    create policy checkin_owner_read on checkin for select to hearth_owner using (${ORG});

    create function house_checkin_summary(hid uuid, since date)
      returns table (month text, residents int, health numeric, home numeric, purpose numeric, community numeric)
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      org uuid := current_org_id();
      role text := current_app_role();
    begin
      if org is null or not (role in ('owner', 'admin') or (role in ('house_manager', 'staff') and hid = any (current_house_ids()))) then
        return;
      end if;
      return query
        select p.month,
          case when count(*) >= ${MINIMUM} then count(*)::int end,
          case when count(*) >= ${MINIMUM} then round(avg(p.health), 1) end,
          case when count(*) >= ${MINIMUM} then round(avg(p.home), 1) end,
          case when count(*) >= ${MINIMUM} then round(avg(p.purpose), 1) end,
          case when count(*) >= ${MINIMUM} then round(avg(p.community), 1) end
        from (
          select to_char(c.taken_on, 'YYYY-MM') as month, c.resident_id,
            avg(${HEALTH}) as health, avg(${HOME}) as home, avg(${PURPOSE}) as purpose, avg(${COMMUNITY}) as community
          from checkin c
          where c.org_id = org and c.house_id = hid and c.taken_on >= since
          group by 1, 2
        ) p
        group by p.month
        order by p.month desc;
    end $$;
    revoke all on function house_checkin_summary(uuid, date) from public;
    grant execute on function house_checkin_summary(uuid, date) to hearth_app;
  `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
