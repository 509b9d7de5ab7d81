import { sql, type Kysely } from "kysely";

/**
 * Speed (issue 15, session 6; ADR 036): RLS helpers once per statement, not once per row.
 *
 * meeting_log's select policy let house managers and staff read the logs of residents they
 * can see through `resident_is_visible(resident_id)`: a plpgsql call per row read, each
 * running its own RLS-checked lookup of the resident (and with it the signed-context checks
 * of current_org_id() and current_house_ids()), ≈0.7 ms a row. The manager's today counts
 * this week's logs per resident, so on the demo data 136 rows cost ≈100 ms of its 110 ms.
 *
 * current_visible_resident_ids() answers the same question for every resident at once: the
 * ids of the residents the caller can see under resident's own policies (exactly the rows
 * for which resident_is_visible(id) is true). Used as `(select …)` the planner evaluates it
 * once per statement (an InitPlan), and only when the policy reaches that branch (never for
 * owners, admins or residents). Who sees what does not change.
 *
 * The resident's helpers (current_resident_house_ids(), current_resident_home_ids(),
 * current_coordinator_house_ids()) and chore_assignment's chore_offered_to_me(), which the
 * resident-facing policies ask, compared
 * `s.resident_id = current_resident_id()`: where the planner chose an index without
 * resident_id (the demo data), that is a filter calling current_resident_id() — itself an
 * RLS-checked lookup — once per stay of the org (43 calls, ≈30 ms, for one
 * chore_housemates() on the demo data). The same bodies with each helper as `(select …)`
 * call it once. Same results.
 */
const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_RESIDENT = `(select current_resident_id())`;
const VISIBLE_RESIDENTS = `(select current_visible_resident_ids())::uuid[]`;

/** The resident's helpers; wrap: each helper they call as (select …), once per call, not per row. */
const residentHelpers = (wrap: boolean) => {
  const w = (f: string) => (wrap ? `(select ${f})` : f);
  return `
    create or replace function current_resident_house_ids() returns uuid[] language plpgsql stable as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(distinct s.house_id)
        from stay s
        join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = ${w("current_org_id()")} and s.resident_id = ${w("current_resident_id()")}
          and (upper_inf(s.during) or upper(s.during) > (now() at time zone h.time_zone)::date)
      ), '{}'::uuid[]);
    end $$;

    create or replace function current_resident_home_ids() returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(distinct s.house_id)
        from stay s
        join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = ${w("current_org_id()")} and s.resident_id = ${w("current_resident_id()")}
          and s.during @> (now() at time zone h.time_zone)::date
      ), '{}'::uuid[]);
    end $$;

    create or replace function current_coordinator_house_ids() returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(o.house_id)
        from house_office o
        join house h on h.org_id = o.org_id and h.id = o.house_id
        where o.org_id = ${w("current_org_id()")} and o.office = 'coordinator' and o.resident_id = ${w("current_resident_id()")}
          and h.narr_level = 1 and o.house_id = any (${w("current_resident_home_ids()")}::uuid[])
      ), '{}'::uuid[]);
    end $$;

    create or replace function chore_offered_to_me(aid uuid) returns boolean language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      return exists (select 1 from chore_swap w where w.org_id = ${w("current_org_id()")} and w.assignment_id = aid
        and w.to_resident_id = ${w("current_resident_id()")} and w.status = 'pending'
        and w.house_id = any (${w("current_resident_home_ids()")}::uuid[]));
    end $$;
`;
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- plpgsql (never inlined), like resident_is_visible: a policy can ask without the
    -- rewriter expanding resident's policies into its own.
    create function current_visible_resident_ids() returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      return coalesce((select array_agg(r.id) from resident r where r.org_id = current_org_id()), '{}'::uuid[]);
    end $$;

    drop policy meeting_log_select on meeting_log;
    create policy meeting_log_select on meeting_log for select using (${ORG} and (
      ${ADMIN} or (${SCOPED} and resident_id = any (${VISIBLE_RESIDENTS})) or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    ${residentHelpers(true)}
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop policy meeting_log_select on meeting_log;
    create policy meeting_log_select on meeting_log for select using (${ORG} and (
      ${ADMIN} or (${SCOPED} and resident_is_visible(resident_id)) or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    drop function current_visible_resident_ids();
    ${residentHelpers(false)}
  `,
    )
    .execute(db);
}
