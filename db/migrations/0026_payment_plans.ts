import { sql, type Kysely } from "kysely";

/**
 * Payment plans (issue 11, capability 4; ADR 033): an agreed set of instalments a resident
 * pays against a balance.
 *
 *  - payment_plan: who (resident, at a stay and so a house), the amount covered, the day it
 *    starts (payments and credits from that day on count towards it), a note. Limited
 *    update: the only change is ending it, once, with a reason (end_reason); the database
 *    writes who ended it and when. At most one plan per resident is open (a unique partial key).
 *  - payment_plan_instalment: the instalments (sequence, due day, amount), append-only. Their
 *    sum equals the amount covered, exactly in cents: a deferred constraint trigger checks
 *    it when the transaction commits.
 *
 * Progress is never stored: it is computed from the ledger (ADR 033).
 *
 * RLS is house-scoped (ADR 009): owners/admins everything; house managers and staff read
 * their houses' plans, house managers agree and end them; residents read only their own;
 * certifier roles nothing. Instalments follow their plan.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table payment_plan (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      stay_id uuid not null,
      amount_cents bigint not null,
      starts_on date not null constraint payment_plan_starts_on_check check (starts_on between '1900-01-01' and '2200-01-01'),
      note text constraint payment_plan_note_check check (length(note) between 1 and 500),
      end_reason text constraint payment_plan_end_reason_check check (length(end_reason) between 1 and 200),
      ended_at timestamptz,
      ended_by uuid,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint payment_plan_pkey primary key (org_id, id),
      constraint payment_plan_amount check (amount_cents between 1 and 100000000),
      constraint payment_plan_ended check ((end_reason is null) = (ended_at is null)),
      constraint payment_plan_stay_fk foreign key (org_id, resident_id, house_id, stay_id)
        references stay (org_id, resident_id, house_id, id)
    );
    -- One open plan per resident at a time.
    create unique index payment_plan_open_key on payment_plan (org_id, resident_id) where ended_at is null;
    create index payment_plan_resident_idx on payment_plan (org_id, resident_id, created_at desc, id desc);
    create index payment_plan_stay_idx on payment_plan (org_id, stay_id);

    create table payment_plan_instalment (
      org_id uuid not null references org (id),
      plan_id uuid not null,
      seq smallint not null,
      due_on date not null constraint payment_plan_instalment_due_on_check check (due_on between '1900-01-01' and '2200-01-01'),
      amount_cents bigint not null,
      constraint payment_plan_instalment_pkey primary key (org_id, plan_id, seq),
      constraint payment_plan_instalment_seq check (seq between 1 and 104),
      constraint payment_plan_instalment_amount check (amount_cents between 1 and 100000000),
      constraint payment_plan_instalment_plan_fk foreign key (org_id, plan_id) references payment_plan (org_id, id)
    );

    -- The instalments add up to the amount covered, exactly, when the transaction commits.
    create function payment_plan_check_sum() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      pid uuid;
      total bigint;
      covered bigint;
    begin
      if tg_table_name = 'payment_plan' then
        pid := new.id;
      else
        pid := new.plan_id;
      end if;
      select p.amount_cents into covered from payment_plan p where p.org_id = new.org_id and p.id = pid;
      select coalesce(sum(i.amount_cents), 0) into total from payment_plan_instalment i where i.org_id = new.org_id and i.plan_id = pid;
      if covered is null or total <> covered then
        raise exception 'payment_plan: the instalments must add up to the amount covered' using errcode = '23514', constraint = 'payment_plan_sum';
      end if;
      return null;
    end $$;
    create constraint trigger payment_plan_sum after insert on payment_plan
      deferrable initially deferred for each row execute function payment_plan_check_sum();
    create constraint trigger payment_plan_instalment_sum after insert on payment_plan_instalment
      deferrable initially deferred for each row execute function payment_plan_check_sum();

    -- The database writes who agreed and ended a plan, and when; a plan ends once.
    create function payment_plan_before_write() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'INSERT' then
        new.created_by := current_app_user_id();
        new.created_at := now();
        new.ended_at := case when new.end_reason is null then null else now() end;
        new.ended_by := case when new.end_reason is null then null else current_app_user_id() end;
        return new;
      end if;
      if old.ended_at is not null or new.end_reason is null then
        raise exception 'payment_plan: a plan ends once, with a reason' using errcode = '23514', constraint = 'payment_plan_end';
      end if;
      new.ended_at := now();
      new.ended_by := current_app_user_id();
      return new;
    end $$;
    create trigger payment_plan_before_write before insert or update on payment_plan
      for each row execute function payment_plan_before_write();
    create trigger payment_plan_no_delete before delete on payment_plan
      for each row execute function forbid_change();
    create trigger payment_plan_no_truncate before truncate on payment_plan
      for each statement execute function forbid_change();
    create trigger payment_plan_instalment_append_only before update or delete on payment_plan_instalment
      for each row execute function forbid_change();
    create trigger payment_plan_instalment_no_truncate before truncate on payment_plan_instalment
      for each statement execute function forbid_change();

    -- ── row-level security ─────────────────────────────────────────────
    alter table payment_plan enable row level security;
    alter table payment_plan force row level security;
    create policy payment_plan_select on payment_plan for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy payment_plan_insert on payment_plan for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));
    create policy payment_plan_update on payment_plan for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));

    alter table payment_plan_instalment enable row level security;
    alter table payment_plan_instalment force row level security;
    create policy payment_plan_instalment_select on payment_plan_instalment for select using (${ORG} and
      exists (select 1 from payment_plan p where p.org_id = payment_plan_instalment.org_id and p.id = payment_plan_instalment.plan_id));
    create policy payment_plan_instalment_insert on payment_plan_instalment for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and exists (select 1 from payment_plan p where p.org_id = payment_plan_instalment.org_id
        and p.id = payment_plan_instalment.plan_id and p.house_id = any (${MY_HOUSES})))));

    grant select on payment_plan, payment_plan_instalment to hearth_app;
    -- Not id, ended_at, ended_by, created_by or created_at: the database writes those.
    grant insert (org_id, resident_id, house_id, stay_id, amount_cents, starts_on, note) on payment_plan to hearth_app;
    grant update (end_reason) on payment_plan to hearth_app;
    grant insert (org_id, plan_id, seq, due_on, amount_cents) on payment_plan_instalment to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
