import { sql, type Kysely } from "kysely";

/**
 * Referrals with warm handoff and follow-up (issue 12, capability 2; ADR 046).
 *
 *  1. referral: a resident referred to a directory service, with a reason, an optional
 *     linked plan goal (same resident), an urgency, and where it stands now: draft →
 *     consent_needed → sent → accepted → appointment_set → attended → closed (with an
 *     outcome). The appointment's time and place live on the row. The trigger allows only
 *     the steps of that flow (an illegal step is refused and nothing changes).
 *  2. referral_event: the referral's history, append-only: every status step with its time
 *     (and the disclosure that sent it), handoffs and follow-ups added and done.
 *  3. referral_handoff: a warm handoff — who introduced the resident, how (call together,
 *     in person, accompanied), the contact at the service, the day.
 *  4. referral_followup: a follow-up task with a due day, done at/by, a note. Open ones due
 *     today or earlier show on the manager's Today page.
 *
 * Who sees it: as the recovery plan (0034): the resident reads their own; house managers
 * and staff of the house the resident lives in now or is about to
 * (current_plan_resident_ids(), once per statement), owners and admins write. Residents
 * write nothing here. Other houses' staff, other residents and certifier roles see nothing.
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
const STATUSES = `('draft', 'consent_needed', 'sent', 'accepted', 'appointment_set', 'attended', 'closed')`;
const OUTCOMES = `('engaged', 'did_not_attend', 'declined', 'not_eligible', 'completed')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── 1. referrals ───────────────────────────────────────────────────
    create table referral (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      service_id uuid not null,
      goal_id uuid,
      reason text not null constraint referral_reason_check check (length(reason) between 1 and 1000),
      urgency text not null default 'routine' constraint referral_urgency check (urgency in ('routine', 'soon', 'urgent')),
      status text not null default 'draft' constraint referral_status check (status in ${STATUSES}),
      outcome text constraint referral_outcome check (outcome in ${OUTCOMES}),
      appointment_at timestamptz,
      appointment_place text constraint referral_appointment_place_check check (length(appointment_place) between 1 and 300),
      status_at timestamptz not null default now(),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint referral_pkey primary key (org_id, id),
      constraint referral_resident_key unique (org_id, resident_id, id),
      constraint referral_closed_outcome check ((status = 'closed') = (outcome is not null)),
      constraint referral_appointment check (status not in ('appointment_set', 'attended') or appointment_at is not null),
      constraint referral_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint referral_service_fk foreign key (org_id, service_id) references service (org_id, id),
      constraint referral_goal_fk foreign key (org_id, resident_id, goal_id) references plan_goal (org_id, resident_id, id)
    );
    create index referral_resident_idx on referral (org_id, resident_id, created_at desc, id desc);
    create index referral_goal_idx on referral (org_id, goal_id) where goal_id is not null;
    create index referral_service_idx on referral (org_id, service_id);

    -- Who and when are the database's; only the flow's steps are allowed.
    create function referral_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'INSERT' then
        new.created_by := current_app_user_id();
        new.created_at := now();
        new.status_at := clock_timestamp();
        if new.status <> 'draft' then
          raise exception 'a referral starts as a draft' using errcode = 'check_violation', constraint = 'referral_transition';
        end if;
        return new;
      end if;
      if new.resident_id is distinct from old.resident_id or new.service_id is distinct from old.service_id
        or new.created_by is distinct from old.created_by or new.created_at is distinct from old.created_at then
        raise exception 'a referral stays with its resident and service' using errcode = 'check_violation', constraint = 'referral_origin';
      end if;
      if new.status is distinct from old.status or (new.status = 'appointment_set' and new.appointment_at is distinct from old.appointment_at) then
        if not (
          (old.status = 'draft' and new.status in ('consent_needed', 'sent', 'closed'))
          or (old.status = 'consent_needed' and new.status in ('sent', 'closed'))
          or (old.status = 'sent' and new.status in ('accepted', 'appointment_set', 'closed'))
          or (old.status = 'accepted' and new.status in ('appointment_set', 'closed'))
          or (old.status = 'appointment_set' and new.status in ('appointment_set', 'attended', 'closed'))
          or (old.status = 'attended' and new.status = 'closed')
        ) then
          raise exception 'a referral does not go from % to %', old.status, new.status using errcode = 'check_violation', constraint = 'referral_transition';
        end if;
        new.status_at := clock_timestamp();
      elsif old.status = 'closed' then
        raise exception 'a closed referral does not change' using errcode = 'check_violation', constraint = 'referral_transition';
      else
        new.status_at := old.status_at;
      end if;
      return new;
    end $$;
    create trigger referral_guard before insert or update on referral
      for each row execute function referral_guard();
    create trigger referral_no_delete before delete on referral
      for each row execute function forbid_change();

    alter table referral enable row level security;
    alter table referral force row level security;
    create policy referral_select on referral for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy referral_insert on referral for insert with check (${ORG} and ${TEAM});
    create policy referral_update on referral for update using (${ORG} and ${TEAM}) with check (${ORG} and ${TEAM});
    grant select on referral to hearth_app;
    grant insert (org_id, resident_id, service_id, goal_id, reason, urgency) on referral to hearth_app;
    grant update (goal_id, reason, urgency, status, outcome, appointment_at, appointment_place) on referral to hearth_app;

    -- ── 2. history ─────────────────────────────────────────────────────
    create table referral_event (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      referral_id uuid not null,
      kind text not null constraint referral_event_kind check (kind in ('status', 'handoff', 'followup_added', 'followup_done', 'summary_printed')),
      status text constraint referral_event_status check (status in ${STATUSES}),
      outcome text constraint referral_event_outcome check (outcome in ${OUTCOMES}),
      disclosure_id uuid,
      actor_id uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint referral_event_pkey primary key (org_id, id),
      constraint referral_event_status_kind check ((kind = 'status') = (status is not null)),
      constraint referral_event_referral_fk foreign key (org_id, resident_id, referral_id) references referral (org_id, resident_id, id),
      constraint referral_event_disclosure_fk foreign key (org_id, disclosure_id) references disclosure (org_id, id)
    );
    create index referral_event_referral_idx on referral_event (org_id, referral_id, created_at, id);
    create index referral_event_resident_idx on referral_event (org_id, resident_id, created_at desc);

    create function referral_event_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.actor_id := current_app_user_id();
      new.created_at := clock_timestamp();
      return new;
    end $$;
    create trigger referral_event_stamp before insert on referral_event
      for each row execute function referral_event_stamp();
    create trigger referral_event_append_only before update or delete on referral_event
      for each row execute function forbid_change();
    create trigger referral_event_no_truncate before truncate on referral_event
      for each statement execute function forbid_change();

    alter table referral_event enable row level security;
    alter table referral_event force row level security;
    create policy referral_event_select on referral_event for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy referral_event_insert on referral_event for insert with check (${ORG} and ${TEAM});
    grant select on referral_event to hearth_app;
    grant insert (org_id, resident_id, referral_id, kind, status, outcome, disclosure_id) on referral_event to hearth_app;

    -- ── 3. warm handoffs ───────────────────────────────────────────────
    create table referral_handoff (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      referral_id uuid not null,
      introduced_by text not null constraint referral_handoff_introduced_by_check check (length(introduced_by) between 1 and 120),
      method text not null constraint referral_handoff_method check (method in ('call_together', 'in_person', 'accompanied')),
      contact_name text not null constraint referral_handoff_contact_name_check check (length(contact_name) between 1 and 120),
      contact_phone text constraint referral_handoff_contact_phone_check check (length(contact_phone) between 1 and 40),
      happened_on date not null constraint referral_handoff_happened_on_check check (happened_on between '1900-01-01' and '2200-01-01'),
      note text constraint referral_handoff_note_check check (length(note) between 1 and 1000),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint referral_handoff_pkey primary key (org_id, id),
      constraint referral_handoff_referral_fk foreign key (org_id, resident_id, referral_id) references referral (org_id, resident_id, id)
    );
    create index referral_handoff_referral_idx on referral_handoff (org_id, referral_id, happened_on, id);
    create function referral_handoff_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.created_by := current_app_user_id();
      new.created_at := now();
      return new;
    end $$;
    create trigger referral_handoff_stamp before insert on referral_handoff
      for each row execute function referral_handoff_stamp();
    create trigger referral_handoff_append_only before update or delete on referral_handoff
      for each row execute function forbid_change();

    alter table referral_handoff enable row level security;
    alter table referral_handoff force row level security;
    create policy referral_handoff_select on referral_handoff for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy referral_handoff_insert on referral_handoff for insert with check (${ORG} and ${TEAM});
    grant select on referral_handoff to hearth_app;
    grant insert (org_id, resident_id, referral_id, introduced_by, method, contact_name, contact_phone, happened_on, note) on referral_handoff to hearth_app;

    -- ── 4. follow-ups ──────────────────────────────────────────────────
    create table referral_followup (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      referral_id uuid not null,
      due_on date not null constraint referral_followup_due_on_check check (due_on between '1900-01-01' and '2200-01-01'),
      task text not null constraint referral_followup_task_check check (length(task) between 1 and 200),
      done_at timestamptz,
      done_by uuid,
      note text constraint referral_followup_note_check check (length(note) between 1 and 1000),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint referral_followup_pkey primary key (org_id, id),
      constraint referral_followup_done check ((done_at is null) = (done_by is null)),
      constraint referral_followup_referral_fk foreign key (org_id, resident_id, referral_id) references referral (org_id, resident_id, id)
    );
    create index referral_followup_referral_idx on referral_followup (org_id, referral_id, due_on, id);
    create index referral_followup_open_idx on referral_followup (org_id, resident_id, due_on) where done_at is null;

    -- Who created and who finished a follow-up, and when, are the database's; done once.
    create function referral_followup_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'INSERT' then
        new.created_by := current_app_user_id();
        new.created_at := now();
        new.done_at := null;
        new.done_by := null;
        return new;
      end if;
      if old.done_at is not null then
        raise exception 'a follow-up done stays done' using errcode = 'check_violation', constraint = 'referral_followup_once';
      end if;
      if new.due_on is distinct from old.due_on or new.task is distinct from old.task or new.resident_id is distinct from old.resident_id
        or new.referral_id is distinct from old.referral_id then
        raise exception 'only marking a follow-up done changes it' using errcode = 'check_violation', constraint = 'referral_followup_once';
      end if;
      new.done_at := clock_timestamp();
      new.done_by := current_app_user_id();
      return new;
    end $$;
    create trigger referral_followup_stamp before insert or update on referral_followup
      for each row execute function referral_followup_stamp();
    create trigger referral_followup_no_delete before delete on referral_followup
      for each row execute function forbid_change();

    alter table referral_followup enable row level security;
    alter table referral_followup force row level security;
    create policy referral_followup_select on referral_followup for select using (${ORG} and (${TEAM} or ${SELF}));
    create policy referral_followup_insert on referral_followup for insert with check (${ORG} and ${TEAM});
    create policy referral_followup_update on referral_followup for update using (${ORG} and ${TEAM}) with check (${ORG} and ${TEAM});
    grant select on referral_followup to hearth_app;
    grant insert (org_id, resident_id, referral_id, due_on, task) on referral_followup to hearth_app;
    grant update (done_at, note) on referral_followup to hearth_app;
  `,
    )
    .execute(db);
}
