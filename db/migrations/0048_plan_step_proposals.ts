import { sql, type Kysely } from "kysely";

/**
 * A resident proposes a step (issue 12, capability 4; ADR 052): the plan is written together,
 * so a resident may suggest a step under one of their goals; the staff of their house accept it
 * (as written or with changed words) or decide not to add it for now. History is kept in
 * plan_event (new kinds: step_proposed, step_accepted, step_declined, step_edited).
 *
 *  - plan_step.status: 'active' (on the plan), 'proposed' (the resident's suggestion, waiting
 *    for staff) or 'declined' (talked through, not added for now). Only an active step can be
 *    done. A proposal is reviewed once: proposed → active or declined, never back.
 *  - plan_step.proposed_by_resident: stamped by the trigger from the session, never by the app.
 *  - RLS: a resident inserts only on their own plan and only a proposal; staff of the house
 *    (and owners/admins) insert active steps. A resident updates only their own *active* steps
 *    (to mark them done), so they cannot accept or decline their own proposal.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_RESIDENT = `(select current_resident_id())`;
const MY_PEOPLE = `(select current_plan_resident_ids())::uuid[]`;
const TEAM = `(${ADMIN} or (${SCOPED} and resident_id = any (${MY_PEOPLE})))`;
const SELF = `(${RESIDENT} and resident_id = ${MY_RESIDENT})`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table plan_step
      add column status text not null default 'active' constraint plan_step_status check (status in ('proposed', 'active', 'declined')),
      add column proposed_by_resident boolean not null default false,
      add constraint plan_step_done_active check (done_on is null or status = 'active');

    create function plan_step_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.proposed_by_resident := coalesce(current_app_role() = 'resident', false);
      new.created_at := now();
      return new;
    end $$;
    create trigger plan_step_stamp before insert on plan_step
      for each row execute function plan_step_stamp();

    -- The resident ticks their own steps; only staff write a step's words and date; a proposal
    -- is reviewed once (proposed → active or declined), and who proposed it does not change.
    create or replace function plan_step_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() = 'resident' and (new.body is distinct from old.body or new.target_on is distinct from old.target_on) then
        raise exception 'residents mark steps done; staff change them' using errcode = 'check_violation', constraint = 'plan_step_resident_done_only';
      end if;
      if new.status is distinct from old.status and (old.status <> 'proposed' or new.status = 'proposed') then
        raise exception 'a proposed step is accepted or declined once' using errcode = 'check_violation', constraint = 'plan_step_reviewed_once';
      end if;
      if new.proposed_by_resident is distinct from old.proposed_by_resident or new.created_at is distinct from old.created_at then
        raise exception 'who proposed a step and when does not change' using errcode = 'check_violation', constraint = 'plan_step_origin';
      end if;
      return new;
    end $$;

    drop policy plan_step_insert on plan_step;
    drop policy plan_step_update on plan_step;
    create policy plan_step_insert on plan_step for insert
      with check (${ORG} and ((${TEAM} and status = 'active') or (${SELF} and status = 'proposed')));
    create policy plan_step_update on plan_step for update
      using (${ORG} and (${TEAM} or (${SELF} and status = 'active')))
      with check (${ORG} and (${TEAM} or (${SELF} and status = 'active')));
    grant insert (status) on plan_step to hearth_app;
    grant update (status) on plan_step to hearth_app;

    alter table plan_event drop constraint plan_event_kind;
    alter table plan_event add constraint plan_event_kind check (kind in
      ('goal_added', 'goal_proposed', 'goal_accepted', 'goal_status', 'goal_edited', 'step_added', 'step_done', 'step_reopened', 'comment',
       'step_proposed', 'step_accepted', 'step_declined', 'step_edited'));
  `,
    )
    .execute(db);
}
