import { sql, type Kysely } from "kysely";

/**
 * Recovery plans, needs screenings and recovery-capital check-ins (issue 12, capabilities 4
 * and 5; ADR 041).
 *
 *  1. plan_goal: a resident's goal on one of SAMHSA's four dimensions (health, home,
 *     purpose, community), with a target date and a status (proposed, active, achieved,
 *     set_aside). A goal the resident writes is always a proposal (the trigger says so);
 *     staff accept it. Key (org_id, id); referrals (next) point at it with (org_id, goal_id).
 *  2. plan_step: a goal's steps (text, target date, done on). The resident marks their own
 *     steps done; only staff write the text and date (trigger).
 *  3. plan_event: the plan's history, append-only: goals added, proposed, accepted, status
 *     changes, steps added and done, and comments (the only free text). Shown as a timeline.
 *  4. needs_screening: a dated screening on the Healthy People 2030 social determinants,
 *     with the answers that point to a need and those the resident preferred not to answer
 *     (question codes), and who answered. Append-only: a new screening, never an edit.
 *  5. checkin: a recovery-capital check-in, ten self-rated statements on a six-point scale,
 *     with the house the resident lived in that day (the trigger sets it). The resident takes
 *     their own today; staff may record answers given on paper with their day. Append-only.
 *
 * Who sees it (RLS, every table): the resident themselves; owners and admins (the org's
 * accountable operators, every read audited); house managers and staff of the house the
 * resident lives in now or is about to (current_plan_resident_ids(), once per statement).
 * Other houses' staff and other residents see nothing; certifier roles nothing.
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
const DIMENSIONS = `('health', 'home', 'purpose', 'community')`;
const NEEDS = `array['food', 'housing_cost', 'utilities', 'transport', 'school', 'job_training', 'insurance', 'doctor', 'safety', 'support', 'childcare', 'legal']::text[]`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- The residents whose plans the signed-in house manager or staff member works on: a
    -- current or planned stay in one of their houses ('{}' for every other role).
    create function current_plan_resident_ids() returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is null or current_app_role() not in ('house_manager', 'staff') or current_org_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(distinct s.resident_id)
        from stay s
        join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = (select current_org_id()) and s.house_id = any ((select current_house_ids())::uuid[])
          and (upper_inf(s.during) or upper(s.during) > (now() at time zone h.time_zone)::date)
      ), '{}'::uuid[]);
    end $$;

    -- ── 1. goals ───────────────────────────────────────────────────────
    create table plan_goal (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      dimension text not null constraint plan_goal_dimension check (dimension in ${DIMENSIONS}),
      title text not null constraint plan_goal_title_check check (length(title) between 1 and 200),
      target_on date constraint plan_goal_target_on_check check (target_on between '1900-01-01' and '2200-01-01'),
      status text not null default 'active' constraint plan_goal_status check (status in ('proposed', 'active', 'achieved', 'set_aside')),
      proposed_by_resident boolean not null default false,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint plan_goal_pkey primary key (org_id, id),
      constraint plan_goal_resident_key unique (org_id, resident_id, id),
      constraint plan_goal_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index plan_goal_resident_idx on plan_goal (org_id, resident_id, created_at, id);

    create function plan_goal_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'INSERT' then
        new.proposed_by_resident := current_app_role() = 'resident';
        new.created_by := current_app_user_id();
        new.created_at := now();
        if new.proposed_by_resident then
          new.status := 'proposed';
        end if;
      elsif new.proposed_by_resident is distinct from old.proposed_by_resident or new.created_by is distinct from old.created_by
        or new.created_at is distinct from old.created_at or new.resident_id is distinct from old.resident_id then
        raise exception 'who wrote a goal and when does not change' using errcode = 'check_violation', constraint = 'plan_goal_origin';
      end if;
      return new;
    end $$;
    create trigger plan_goal_stamp before insert or update on plan_goal
      for each row execute function plan_goal_stamp();

    alter table plan_goal enable row level security;
    alter table plan_goal force row level security;
    create policy plan_goal_select on plan_goal for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy plan_goal_insert on plan_goal for insert with check (${ORG} and (${TEAM} or ${SELF}));
    create policy plan_goal_update on plan_goal for update using (${ORG} and ${TEAM}) with check (${ORG} and ${TEAM});
    grant select on plan_goal to hearth_app;
    grant insert (org_id, resident_id, dimension, title, target_on, status) on plan_goal to hearth_app;
    grant update (title, target_on, status) on plan_goal to hearth_app;

    -- ── 2. steps ───────────────────────────────────────────────────────
    create table plan_step (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      goal_id uuid not null,
      body text not null constraint plan_step_body_check check (length(body) between 1 and 200),
      target_on date constraint plan_step_target_on_check check (target_on between '1900-01-01' and '2200-01-01'),
      done_on date constraint plan_step_done_on_check check (done_on between '1900-01-01' and '2200-01-01'),
      created_at timestamptz not null default now(),
      constraint plan_step_pkey primary key (org_id, id),
      constraint plan_step_goal_fk foreign key (org_id, resident_id, goal_id) references plan_goal (org_id, resident_id, id)
    );
    create index plan_step_goal_idx on plan_step (org_id, resident_id, goal_id, created_at);

    -- The resident ticks their own steps; only staff write a step's words and date.
    create function plan_step_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() = 'resident' and (new.body is distinct from old.body or new.target_on is distinct from old.target_on) then
        raise exception 'residents mark steps done; staff change them' using errcode = 'check_violation', constraint = 'plan_step_resident_done_only';
      end if;
      return new;
    end $$;
    create trigger plan_step_guard before update on plan_step
      for each row execute function plan_step_guard();

    alter table plan_step enable row level security;
    alter table plan_step force row level security;
    create policy plan_step_select on plan_step for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy plan_step_insert on plan_step for insert with check (${ORG} and ${TEAM});
    create policy plan_step_update on plan_step for update using (${ORG} and (${TEAM} or ${SELF})) with check (${ORG} and (${TEAM} or ${SELF}));
    grant select on plan_step to hearth_app;
    grant insert (org_id, resident_id, goal_id, body, target_on) on plan_step to hearth_app;
    grant update (body, target_on, done_on) on plan_step to hearth_app;

    -- ── 3. history ─────────────────────────────────────────────────────
    create table plan_event (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      goal_id uuid,
      kind text not null constraint plan_event_kind check (kind in
        ('goal_added', 'goal_proposed', 'goal_accepted', 'goal_status', 'goal_edited', 'step_added', 'step_done', 'step_reopened', 'comment')),
      status text constraint plan_event_status check (status in ('proposed', 'active', 'achieved', 'set_aside')),
      body text constraint plan_event_body_check check (length(body) between 1 and 1000),
      actor_role text default current_app_role(),
      actor_id uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint plan_event_pkey primary key (org_id, id),
      constraint plan_event_comment check ((kind = 'comment') = (body is not null)),
      constraint plan_event_goal_fk foreign key (org_id, resident_id, goal_id) references plan_goal (org_id, resident_id, id),
      constraint plan_event_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index plan_event_resident_idx on plan_event (org_id, resident_id, created_at desc, id desc);

    create function plan_event_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.actor_role := current_app_role();
      new.actor_id := current_app_user_id();
      new.created_at := clock_timestamp();
      return new;
    end $$;
    create trigger plan_event_stamp before insert on plan_event
      for each row execute function plan_event_stamp();
    create trigger plan_event_append_only before update or delete on plan_event
      for each row execute function forbid_change();
    create trigger plan_event_no_truncate before truncate on plan_event
      for each statement execute function forbid_change();

    alter table plan_event enable row level security;
    alter table plan_event force row level security;
    create policy plan_event_select on plan_event for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy plan_event_insert on plan_event for insert with check (${ORG} and (${TEAM} or ${SELF}));
    grant select on plan_event to hearth_app;
    grant insert (org_id, resident_id, goal_id, kind, status, body) on plan_event to hearth_app;

    -- ── 4. needs screening ─────────────────────────────────────────────
    create table needs_screening (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      answered_on date not null constraint needs_screening_answered_on_check check (answered_on between '1900-01-01' and '2200-01-01'),
      needs text[] not null constraint needs_screening_needs check (needs <@ ${NEEDS}),
      declined text[] not null constraint needs_screening_declined check (declined <@ ${NEEDS} and not (declined && needs)),
      answered_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint needs_screening_pkey primary key (org_id, id),
      constraint needs_screening_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index needs_screening_resident_idx on needs_screening (org_id, resident_id, answered_on desc, created_at desc);
    create function needs_screening_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.answered_by := current_app_user_id();
      new.created_at := now();
      return new;
    end $$;
    create trigger needs_screening_stamp before insert on needs_screening
      for each row execute function needs_screening_stamp();
    create trigger needs_screening_append_only before update or delete on needs_screening
      for each row execute function forbid_change();

    alter table needs_screening enable row level security;
    alter table needs_screening force row level security;
    create policy needs_screening_select on needs_screening for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy needs_screening_insert on needs_screening for insert with check (${ORG} and ${TEAM});
    grant select on needs_screening to hearth_app;
    grant insert (org_id, resident_id, answered_on, needs, declined) on needs_screening to hearth_app;

    -- ── 5. recovery-capital check-ins ──────────────────────────────────
    create table checkin (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid,
      taken_on date,
      scores smallint[] not null constraint checkin_scores check (
        cardinality(scores) = 10 and array_ndims(scores) = 1 and 1 <= all (scores) and 6 >= all (scores)),
      created_at timestamptz not null default now(),
      constraint checkin_pkey primary key (org_id, id),
      constraint checkin_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint checkin_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index checkin_resident_idx on checkin (org_id, resident_id, taken_on, created_at);
    create index checkin_house_idx on checkin (org_id, house_id, taken_on);

    -- The house and day of a check-in. A resident's own is today's, in their house's zone;
    -- staff recording answers given on paper (at admission) name the day, never a future one.
    -- The house is the one the resident lived in that day.
    create function checkin_stamp() returns trigger language plpgsql
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
      return new;
    end $$;
    create trigger checkin_stamp before insert on checkin
      for each row execute function checkin_stamp();
    create trigger checkin_append_only before update or delete on checkin
      for each row execute function forbid_change();

    alter table checkin enable row level security;
    alter table checkin force row level security;
    create policy checkin_select on checkin for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy checkin_insert on checkin for insert with check (${ORG} and (${TEAM} or ${SELF}));
    grant select on checkin to hearth_app;
    grant insert (org_id, resident_id, taken_on, scores) on checkin to hearth_app;
  `,
    )
    .execute(db);
}
