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
 */
const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_RESIDENT = `(select current_resident_id())`;
const VISIBLE_RESIDENTS = `(select current_visible_resident_ids())::uuid[]`;

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
  `,
    )
    .execute(db);
}
