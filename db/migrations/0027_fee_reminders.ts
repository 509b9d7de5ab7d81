import { sql, type Kysely } from "kysely";

/**
 * Arrears and the money overview (issue 11; ADR 034):
 *
 *  - fee_reminder_setting: one row per org, the owners' and admins' choice of payment
 *    reminders: off, every week or every two weeks; the least amount and the least number of
 *    days overdue that earn one; and the sign-off the email ends with. No row = off.
 *  - fee_reminder: one row per resident and cadence period in which a reminder was queued,
 *    append-only. Its key (org, resident, period) is what makes the worker's run idempotent:
 *    a second run, or two at once, inserts nothing and so queues nothing. It names the house
 *    the resident's balance was in, so house managers and staff see their houses' rows.
 *  - indexes for the money overview at scale: the org's entries by day (revenue and
 *    collections per house and month, index-only) and its deposits (held per house).
 *
 * RLS (ADR 009): owners/admins everything; house managers and staff read their houses'
 * reminders; a resident reads their own; certifier roles nothing. Settings: owners and
 * admins read and write. The worker writes in the org's system context (role admin).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table fee_reminder_setting (
      org_id uuid not null references org (id),
      cadence text not null default 'off',
      min_cents bigint not null default 2500,
      min_days smallint not null default 8,
      sign_off text not null default 'The office' constraint fee_reminder_setting_sign_off_check check (length(sign_off) between 1 and 80),
      updated_by uuid default current_app_user_id(),
      updated_at timestamptz not null default now(),
      constraint fee_reminder_setting_pkey primary key (org_id),
      constraint fee_reminder_setting_cadence check (cadence in ('off', 'weekly', 'biweekly')),
      constraint fee_reminder_setting_min_cents check (min_cents between 100 and 100000000),
      constraint fee_reminder_setting_min_days check (min_days between 1 and 365)
    );

    create table fee_reminder (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      period_key text not null constraint fee_reminder_period_key_check check (length(period_key) between 1 and 20),
      overdue_cents bigint not null constraint fee_reminder_overdue_check check (overdue_cents > 0),
      created_at timestamptz not null default now(),
      constraint fee_reminder_pkey primary key (org_id, id),
      constraint fee_reminder_once_key unique (org_id, resident_id, period_key),
      constraint fee_reminder_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint fee_reminder_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index fee_reminder_house_idx on fee_reminder (org_id, house_id, created_at desc);
    create trigger fee_reminder_append_only before update or delete on fee_reminder
      for each row execute function forbid_change();
    create trigger fee_reminder_no_truncate before truncate on fee_reminder
      for each statement execute function forbid_change();

    -- The money overview: an org's entries of the last twelve months by day, with what the
    -- sums need (index-only), and its deposits and their releases per house.
    create index ledger_entry_org_day_idx on ledger_entry (org_id, effective_on)
      include (house_id, kind, amount_cents, reverses_id);
    -- Aging leaves out reversed entries: the reversals alone, small beside the ledger.
    create index ledger_entry_reversal_idx on ledger_entry (org_id, reverses_id) where kind = 'reversal';
    create index ledger_entry_deposit_idx on ledger_entry (org_id, house_id) include (amount_cents)
      where kind = 'deposit' or kind = 'deposit_release';

    -- ── row-level security ─────────────────────────────────────────────
    alter table fee_reminder_setting enable row level security;
    alter table fee_reminder_setting force row level security;
    create policy fee_reminder_setting_select on fee_reminder_setting for select using (${ORG} and ${ADMIN});
    create policy fee_reminder_setting_insert on fee_reminder_setting for insert with check (${ORG} and ${ADMIN});
    create policy fee_reminder_setting_update on fee_reminder_setting for update using (${ORG} and ${ADMIN}) with check (${ORG} and ${ADMIN});

    alter table fee_reminder enable row level security;
    alter table fee_reminder force row level security;
    create policy fee_reminder_select on fee_reminder for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy fee_reminder_insert on fee_reminder for insert with check (${ORG} and ${ADMIN});

    grant select on fee_reminder_setting to hearth_app;
    grant insert (org_id, cadence, min_cents, min_days, sign_off) on fee_reminder_setting to hearth_app;
    grant update (cadence, min_cents, min_days, sign_off, updated_by, updated_at) on fee_reminder_setting to hearth_app;
    grant select on fee_reminder to hearth_app;
    grant insert (org_id, resident_id, house_id, period_key, overdue_cents) on fee_reminder to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
