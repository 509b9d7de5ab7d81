import { sql, type Kysely } from "kysely";

/**
 * Review, inspections and findings (issue 13, capabilities 6 and 7; ADR 053).
 *
 * Every row lives in the operator's org (org_id = the operator), names the certifying body
 * whose work it is (certifier_org_id) and the house it is about (house_id, copied from the
 * parent by the database), so each policy decides on the row itself, through the one grant
 * function of migration 0046 (certifier_grant_covers) for certifier roles.
 *
 *  - assessment_comment: the review thread of one item of a submitted self-assessment, per
 *    certifying body. A certifier (review scope) writes a 'comment' or a 'clarification'
 *    (a request the operator should answer); the operator's owners, admins and the house's
 *    managers write a 'comment' or a 'reply'. An item's clarification is open while its latest
 *    clarification has no later reply. Append-only.
 *  - inspection: an on-site visit of one house by a certifying body, walking the items of one
 *    submitted assessment of that house: scheduled → in progress → completed, or cancelled.
 *    Certifier roles with a 'certification' grant write it; the operator reads it.
 *  - inspection_verdict: one verdict per item and inspection (met / partial / not met / n.a.),
 *    a note, who and when — each its own small write (inspection mode on a phone). Changeable
 *    while the inspection is in progress; a completed or cancelled inspection is locked.
 *  - inspection_photo: a photo (an uploaded file in the operator's org, house-scoped) for an
 *    item of an inspection; certifier roles may upload into the operator's files for the
 *    houses their 'certification' grant covers.
 *  - finding: an item not met (from an inspection verdict or the desk review), with severity
 *    (minor / major / critical), a summary, a due date (30 days by default, in the house's
 *    zone) and a status: open → responded (the operator's corrective action plan) → accepted,
 *    or reopened by the certifier (→ responded again). Transitions are checked by the database
 *    (finding_transition) and every insert and change is written to finding_event by the
 *    database (who, which org, when, the note or plan) — the app only reads the history.
 *    Overdue: not accepted and due_on before the house's today.
 *  - finding_evidence: files the operator attaches to its response (append-only).
 *
 * Nothing here names a resident. Deletes: none (a finding is answered, never removed; an
 * inspection is cancelled, never deleted).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const CERTIFIER_ROLE = `${ROLE} in ('certifier_admin', 'auditor')`;
const MY_BODY = `certifier_org_id = (select current_org_id())`;
/** The operator's people who run the house (null house: the operator-wide work, admins only). */
const OPERATOR_RUNS = `(${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))))`;
const CERTIFIER_READS = `(${CERTIFIER_ROLE} and ${MY_BODY} and certifier_grant_covers(org_id, house_id, 'review'))`;
const CERTIFIER_WRITES = `(${CERTIFIER_ROLE} and ${MY_BODY} and certifier_grant_covers(org_id, house_id, 'certification'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table assessment_comment (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      assessment_id uuid not null,
      item_id uuid not null,
      house_id uuid,
      certifier_org_id uuid not null references org (id),
      kind text not null constraint assessment_comment_kind check (kind in ('comment', 'clarification', 'reply')),
      body text not null constraint assessment_comment_body_check check (length(body) between 1 and 2000),
      author_user_id uuid,
      author_org_id uuid,
      created_at timestamptz not null default now(),
      constraint assessment_comment_pkey primary key (org_id, id),
      constraint assessment_comment_assessment_fk foreign key (org_id, assessment_id) references assessment (org_id, id),
      constraint assessment_comment_item_fk foreign key (org_id, item_id) references assessment_item (org_id, id),
      constraint assessment_comment_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index assessment_comment_item_idx on assessment_comment (org_id, assessment_id, item_id, created_at);
    create index assessment_comment_certifier_idx on assessment_comment (certifier_org_id, org_id, created_at desc);
    create trigger assessment_comment_append_only before update or delete on assessment_comment
      for each row execute function forbid_change();

    create table inspection (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      certifier_org_id uuid not null references org (id),
      assessment_id uuid not null,
      scheduled_on date not null,
      status text not null default 'scheduled' constraint inspection_status check (status in ('scheduled', 'in_progress', 'completed', 'cancelled')),
      inspector_user_id uuid references app_user (id),
      note text constraint inspection_note_check check (length(note) between 1 and 2000),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      completed_at timestamptz,
      constraint inspection_pkey primary key (org_id, id),
      constraint inspection_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint inspection_assessment_fk foreign key (org_id, assessment_id) references assessment (org_id, id),
      constraint inspection_completed check ((status = 'completed') = (completed_at is not null)),
      constraint inspection_not_self check (certifier_org_id <> org_id)
    );
    create index inspection_house_idx on inspection (org_id, house_id, scheduled_on desc);
    create index inspection_certifier_idx on inspection (certifier_org_id, scheduled_on, org_id);

    create table inspection_verdict (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      inspection_id uuid not null,
      item_id uuid not null,
      house_id uuid,
      certifier_org_id uuid,
      verdict text not null constraint inspection_verdict_verdict check (verdict in ('met', 'partial', 'not_met', 'na')),
      note text constraint inspection_verdict_note_check check (length(note) between 1 and 2000),
      recorded_by uuid default current_app_user_id(),
      recorded_at timestamptz not null default now(),
      constraint inspection_verdict_pkey primary key (org_id, id),
      constraint inspection_verdict_item_key unique (org_id, inspection_id, item_id),
      constraint inspection_verdict_inspection_fk foreign key (org_id, inspection_id) references inspection (org_id, id),
      constraint inspection_verdict_item_fk foreign key (org_id, item_id) references assessment_item (org_id, id)
    );

    create table inspection_photo (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      inspection_id uuid not null,
      item_id uuid not null,
      house_id uuid,
      certifier_org_id uuid,
      file_id uuid not null,
      caption text constraint inspection_photo_caption_check check (length(caption) between 1 and 200),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint inspection_photo_pkey primary key (org_id, id),
      constraint inspection_photo_inspection_fk foreign key (org_id, inspection_id) references inspection (org_id, id),
      constraint inspection_photo_item_fk foreign key (org_id, item_id) references assessment_item (org_id, id),
      constraint inspection_photo_file_fk foreign key (org_id, file_id) references file (org_id, id)
    );
    create index inspection_photo_item_idx on inspection_photo (org_id, inspection_id, item_id);
    create index inspection_photo_file_idx on inspection_photo (org_id, file_id);

    create table finding (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      certifier_org_id uuid not null references org (id),
      assessment_id uuid not null,
      item_id uuid not null,
      inspection_id uuid,
      severity text not null default 'minor' constraint finding_severity check (severity in ('minor', 'major', 'critical')),
      summary text not null constraint finding_summary_check check (length(summary) between 1 and 2000),
      due_on date not null,
      status text not null default 'open' constraint finding_status check (status in ('open', 'responded', 'accepted', 'reopened')),
      plan text constraint finding_plan_check check (length(plan) between 1 and 4000),
      plan_due_on date,
      note text constraint finding_note_check check (length(note) between 1 and 2000),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      closed_at timestamptz,
      constraint finding_pkey primary key (org_id, id),
      constraint finding_item_key unique (org_id, certifier_org_id, item_id, inspection_id),
      constraint finding_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint finding_assessment_fk foreign key (org_id, assessment_id) references assessment (org_id, id),
      constraint finding_item_fk foreign key (org_id, item_id) references assessment_item (org_id, id),
      constraint finding_inspection_fk foreign key (org_id, inspection_id) references inspection (org_id, id),
      constraint finding_not_self check (certifier_org_id <> org_id),
      constraint finding_responded check (status not in ('responded', 'accepted') or plan is not null),
      constraint finding_closed check ((status = 'accepted') = (closed_at is not null))
    );
    create index finding_house_idx on finding (org_id, house_id, status, due_on);
    create index finding_certifier_idx on finding (certifier_org_id, status, due_on, org_id);
    create index finding_assessment_idx on finding (org_id, assessment_id, item_id);

    create table finding_event (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      finding_id uuid not null,
      house_id uuid not null,
      certifier_org_id uuid not null references org (id),
      from_status text constraint finding_event_from check (from_status in ('open', 'responded', 'accepted', 'reopened')),
      to_status text not null constraint finding_event_to check (to_status in ('open', 'responded', 'accepted', 'reopened')),
      severity text not null constraint finding_event_severity check (severity in ('minor', 'major', 'critical')),
      due_on date not null,
      plan text,
      plan_due_on date,
      note text,
      actor_user_id uuid,
      actor_org_id uuid,
      created_at timestamptz not null default now(),
      constraint finding_event_pkey primary key (org_id, id),
      constraint finding_event_finding_fk foreign key (org_id, finding_id) references finding (org_id, id),
      constraint finding_event_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index finding_event_finding_idx on finding_event (org_id, finding_id, created_at desc);
    create trigger finding_event_append_only before update or delete on finding_event
      for each row execute function forbid_change();

    create table finding_evidence (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      finding_id uuid not null,
      house_id uuid,
      certifier_org_id uuid,
      file_id uuid not null,
      label text not null constraint finding_evidence_label_check check (length(label) between 1 and 200),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint finding_evidence_pkey primary key (org_id, id),
      constraint finding_evidence_finding_fk foreign key (org_id, finding_id) references finding (org_id, id),
      constraint finding_evidence_file_fk foreign key (org_id, file_id) references file (org_id, id)
    );
    create index finding_evidence_finding_idx on finding_evidence (org_id, finding_id, created_at);
    create index finding_evidence_file_idx on finding_evidence (org_id, file_id);
    create trigger finding_evidence_append_only before update or delete on finding_evidence
      for each row execute function forbid_change();

    -- ── the database fills in what a row is about and who wrote it ────
    -- (security definer: the parent is read whatever the writer may see of it; the row's own
    -- policy then decides on the filled-in house and body.)
    create function review_row_stamp() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    declare
      a_house uuid; a_status text; a_org uuid;
      i record;
    begin
      if tg_table_name = 'assessment_comment' then
        select a.house_id, a.status into a_house, a_status from assessment a
          where a.org_id = new.org_id and a.id = new.assessment_id;
        if a_status is distinct from 'submitted' then
          raise exception 'only a submitted self-assessment is reviewed' using errcode = '23514', constraint = 'assessment_comment_submitted';
        end if;
        if not exists (select 1 from assessment_item ai where ai.org_id = new.org_id and ai.id = new.item_id and ai.assessment_id = new.assessment_id) then
          raise exception 'the item is not part of this self-assessment' using errcode = '23514', constraint = 'assessment_comment_item';
        end if;
        if not exists (select 1 from org o where o.id = new.certifier_org_id and o.kind = 'certifier') then
          raise exception 'a review thread belongs to a certifying body' using errcode = '23514', constraint = 'assessment_comment_certifier';
        end if;
        new.house_id := a_house;
        new.author_user_id := current_app_user_id();
        new.author_org_id := current_org_id();
        new.created_at := now();
        return new;
      end if;

      if tg_table_name = 'inspection' then
        select a.house_id, a.status into a_house, a_status from assessment a
          where a.org_id = new.org_id and a.id = new.assessment_id;
        if a_status is distinct from 'submitted' or a_house is distinct from new.house_id then
          raise exception 'an inspection walks a submitted self-assessment of its house' using errcode = '23514', constraint = 'inspection_assessment';
        end if;
        if not exists (select 1 from org o where o.id = new.certifier_org_id and o.kind = 'certifier') then
          raise exception 'an inspection is made by a certifying body' using errcode = '23514', constraint = 'inspection_certifier';
        end if;
        return new;
      end if;

      if tg_table_name = 'finding' then
        select a.house_id, a.status into a_house, a_status from assessment a
          where a.org_id = new.org_id and a.id = new.assessment_id;
        if a_status is distinct from 'submitted' or a_house is distinct from new.house_id
           or not exists (select 1 from assessment_item ai where ai.org_id = new.org_id and ai.id = new.item_id and ai.assessment_id = new.assessment_id) then
          raise exception 'a finding is about an item of a submitted self-assessment of its house' using errcode = '23514', constraint = 'finding_item';
        end if;
        if new.inspection_id is not null and not exists (select 1 from inspection x where x.org_id = new.org_id and x.id = new.inspection_id
            and x.house_id = new.house_id and x.certifier_org_id = new.certifier_org_id and x.assessment_id = new.assessment_id) then
          raise exception 'the inspection is not of this house and body' using errcode = '23514', constraint = 'finding_item';
        end if;
        if not exists (select 1 from org o where o.id = new.certifier_org_id and o.kind = 'certifier') then
          raise exception 'a finding is raised by a certifying body' using errcode = '23514', constraint = 'finding_item';
        end if;
        return new;
      end if;

      -- children of an inspection or a finding: house and body from the parent
      if tg_table_name in ('inspection_verdict', 'inspection_photo') then
        select x.house_id, x.certifier_org_id, x.status, x.assessment_id into i from inspection x
          where x.org_id = new.org_id and x.id = new.inspection_id;
        if i.status is distinct from 'in_progress' then
          raise exception 'verdicts and photos are recorded while the inspection is in progress' using errcode = '23514', constraint = 'inspection_locked';
        end if;
        if not exists (select 1 from assessment_item ai where ai.org_id = new.org_id and ai.id = new.item_id and ai.assessment_id = i.assessment_id) then
          raise exception 'the item is not part of this inspection' using errcode = '23514', constraint = 'inspection_item';
        end if;
        new.house_id := i.house_id;
        new.certifier_org_id := i.certifier_org_id;
        if tg_table_name = 'inspection_verdict' then
          new.recorded_by := current_app_user_id();
          new.recorded_at := now();
        end if;
        return new;
      end if;

      if tg_table_name = 'finding_evidence' then
        select f.house_id, f.certifier_org_id, f.status into i from finding f
          where f.org_id = new.org_id and f.id = new.finding_id;
        if i.status is null or i.status = 'accepted' then
          raise exception 'an accepted finding is closed' using errcode = '23514', constraint = 'finding_closed';
        end if;
        new.house_id := i.house_id;
        new.certifier_org_id := i.certifier_org_id;
        return new;
      end if;
      return new;
    end $$;
    create trigger assessment_comment_stamp before insert on assessment_comment for each row execute function review_row_stamp();
    create trigger inspection_stamp before insert on inspection for each row execute function review_row_stamp();
    create trigger inspection_verdict_stamp before insert or update on inspection_verdict for each row execute function review_row_stamp();
    create trigger inspection_photo_stamp before insert on inspection_photo for each row execute function review_row_stamp();
    create trigger finding_stamp before insert on finding for each row execute function review_row_stamp();
    create trigger finding_evidence_stamp before insert on finding_evidence for each row execute function review_row_stamp();

    -- A verdict or photo is never removed from a completed or cancelled inspection; a photo not at all.
    create trigger inspection_photo_append_only before update or delete on inspection_photo
      for each row execute function forbid_change();

    -- ── an inspection's workflow ──────────────────────────────────────
    create function inspection_transition() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if new.org_id <> old.org_id or new.house_id <> old.house_id or new.certifier_org_id <> old.certifier_org_id
         or new.assessment_id <> old.assessment_id or new.created_at <> old.created_at then
        raise exception 'an inspection''s house, body and self-assessment are fixed' using errcode = '23514', constraint = 'inspection_transition';
      end if;
      if old.status in ('completed', 'cancelled') then
        raise exception 'a completed or cancelled inspection cannot change' using errcode = '23514', constraint = 'inspection_locked';
      end if;
      if new.status <> old.status and not (
           (old.status = 'scheduled' and new.status in ('in_progress', 'cancelled'))
        or (old.status = 'in_progress' and new.status in ('completed', 'cancelled'))) then
        raise exception 'this status cannot follow the current one' using errcode = '23514', constraint = 'inspection_transition';
      end if;
      if new.status = 'in_progress' and old.status = 'scheduled' then new.started_at := now(); end if;
      if new.status = 'completed' then new.completed_at := now(); end if;
      return new;
    end $$;
    create trigger inspection_transition before update on inspection
      for each row execute function inspection_transition();

    -- ── a finding's workflow, checked and written to its history ─────
    create function finding_transition() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      certifier boolean := current_app_role() in ('certifier_admin', 'auditor');
    begin
      if tg_op = 'INSERT' then
        if not certifier then
          raise exception 'a finding is raised by a certifying body' using errcode = '23514', constraint = 'finding_transition';
        end if;
        new.status := 'open';
        new.plan := null;
        new.plan_due_on := null;
        new.closed_at := null;
        new.created_at := now();
        new.updated_at := now();
        return new;
      end if;
      if new.org_id <> old.org_id or new.house_id <> old.house_id or new.certifier_org_id <> old.certifier_org_id
         or new.assessment_id <> old.assessment_id or new.item_id <> old.item_id
         or new.inspection_id is distinct from old.inspection_id or new.created_at <> old.created_at then
        raise exception 'a finding''s house, body and item are fixed' using errcode = '23514', constraint = 'finding_transition';
      end if;
      if old.status = 'accepted' then
        raise exception 'an accepted finding is closed' using errcode = '23514', constraint = 'finding_closed';
      end if;
      if certifier then
        -- The body accepts or reopens a response; it may change severity, summary and due date
        -- of a finding not yet accepted; never the operator's plan.
        if new.plan is distinct from old.plan or new.plan_due_on is distinct from old.plan_due_on then
          raise exception 'the corrective action plan is the operator''s' using errcode = '23514', constraint = 'finding_transition';
        end if;
        if new.status <> old.status and not (old.status = 'responded' and new.status in ('accepted', 'reopened')) then
          raise exception 'a certifying body accepts or reopens a response' using errcode = '23514', constraint = 'finding_transition';
        end if;
      else
        -- The operator answers with a plan (again, while not accepted); nothing else changes.
        if new.severity <> old.severity or new.summary <> old.summary or new.due_on <> old.due_on then
          raise exception 'a finding''s severity, summary and due date are the certifying body''s' using errcode = '23514', constraint = 'finding_transition';
        end if;
        if new.status <> 'responded' or new.plan is null then
          raise exception 'an operator answers a finding with a plan' using errcode = '23514', constraint = 'finding_transition';
        end if;
      end if;
      new.closed_at := case when new.status = 'accepted' then now() end;
      new.updated_at := now();
      return new;
    end $$;
    create trigger finding_transition before insert or update on finding
      for each row execute function finding_transition();

    create function finding_history() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    begin
      insert into finding_event (org_id, finding_id, house_id, certifier_org_id, from_status, to_status, severity, due_on,
        plan, plan_due_on, note, actor_user_id, actor_org_id)
      values (new.org_id, new.id, new.house_id, new.certifier_org_id, case when tg_op = 'UPDATE' then old.status end, new.status,
        new.severity, new.due_on, new.plan, new.plan_due_on, new.note, current_app_user_id(), current_org_id());
      return null;
    end $$;
    create trigger finding_history after insert or update on finding
      for each row execute function finding_history();

    -- ── row-level security ─────────────────────────────────────────────
    alter table assessment_comment enable row level security;
    alter table assessment_comment force row level security;
    create policy assessment_comment_select on assessment_comment for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy assessment_comment_insert on assessment_comment for insert with check (
      (${CERTIFIER_READS} and kind in ('comment', 'clarification'))
      or (${OPERATOR_RUNS} and kind in ('comment', 'reply')));

    alter table inspection enable row level security;
    alter table inspection force row level security;
    create policy inspection_select on inspection for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy inspection_insert on inspection for insert with check (${CERTIFIER_WRITES});
    create policy inspection_update on inspection for update using (${CERTIFIER_WRITES}) with check (${CERTIFIER_WRITES});

    alter table inspection_verdict enable row level security;
    alter table inspection_verdict force row level security;
    create policy inspection_verdict_select on inspection_verdict for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy inspection_verdict_insert on inspection_verdict for insert with check (${CERTIFIER_WRITES});
    create policy inspection_verdict_update on inspection_verdict for update using (${CERTIFIER_WRITES}) with check (${CERTIFIER_WRITES});

    alter table inspection_photo enable row level security;
    alter table inspection_photo force row level security;
    create policy inspection_photo_select on inspection_photo for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy inspection_photo_insert on inspection_photo for insert with check (${CERTIFIER_WRITES});

    alter table finding enable row level security;
    alter table finding force row level security;
    create policy finding_select on finding for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy finding_insert on finding for insert with check (${CERTIFIER_WRITES});
    create policy finding_update on finding for update using (${CERTIFIER_WRITES} or ${OPERATOR_RUNS})
      with check (${CERTIFIER_WRITES} or ${OPERATOR_RUNS});

    alter table finding_event enable row level security;
    alter table finding_event force row level security;
    create policy finding_event_select on finding_event for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy finding_event_owner_insert on finding_event for insert to hearth_owner with check (true);

    alter table finding_evidence enable row level security;
    alter table finding_evidence force row level security;
    create policy finding_evidence_select on finding_evidence for select using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    create policy finding_evidence_insert on finding_evidence for insert with check (${OPERATOR_RUNS});

    -- The review tables' parents, read by the stamp function (security definer, owner role).
    create policy assessment_owner_read on assessment for select to hearth_owner using (true);
    create policy assessment_item_owner_read on assessment_item for select to hearth_owner using (true);
    create policy inspection_owner_read on inspection for select to hearth_owner using (true);
    create policy finding_owner_read on finding for select to hearth_owner using (true);

    -- Certifier roles upload inspection photos into the operator's files (house-scoped, under
    -- a 'certification' grant) and read the files the review rows name.
    create policy file_certifier_insert on file for insert with check (
      ${CERTIFIER_ROLE} and house_id is not null and certifier_grant_covers(org_id, house_id, 'certification'));
    create policy file_certifier_review_select on file for select using (
      ${CERTIFIER_ROLE} and house_id is not null and certifier_grant_covers(org_id, house_id, 'review') and (
        uploaded_by = (select current_app_user_id())
        or exists (select 1 from inspection_photo p where p.org_id = file.org_id and p.file_id = file.id)
        or exists (select 1 from finding_evidence e where e.org_id = file.org_id and e.file_id = file.id)));

    grant select on assessment_comment, inspection, inspection_verdict, inspection_photo, finding, finding_event, finding_evidence to hearth_app;
    grant insert (id, org_id, assessment_id, item_id, certifier_org_id, kind, body) on assessment_comment to hearth_app;
    grant insert (id, org_id, house_id, certifier_org_id, assessment_id, scheduled_on, inspector_user_id, note) on inspection to hearth_app;
    grant update (scheduled_on, status, inspector_user_id, note) on inspection to hearth_app;
    grant insert (id, org_id, inspection_id, item_id, verdict, note) on inspection_verdict to hearth_app;
    grant update (verdict, note) on inspection_verdict to hearth_app;
    grant insert (id, org_id, inspection_id, item_id, file_id, caption) on inspection_photo to hearth_app;
    grant insert (id, org_id, house_id, certifier_org_id, assessment_id, item_id, inspection_id, severity, summary, due_on, note) on finding to hearth_app;
    grant update (severity, summary, due_on, status, plan, plan_due_on, note) on finding to hearth_app;
    grant insert (id, org_id, finding_id, file_id, label) on finding_evidence to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
