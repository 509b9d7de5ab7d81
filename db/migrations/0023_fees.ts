import { sql, type Kysely } from "kysely";

/**
 * Resident fees and payments, first slice (issue 11; ADR 030):
 *
 *  - fee_schedule: what is charged, for the whole org, one house or one bed, from a day
 *    (to a day): recurring (weekly on a weekday, every two weeks, monthly on a day) or one
 *    time (a move-in fee; a deposit), in integer cents.
 *  - ledger_entry: a resident's money, append-only. amount_cents is signed: positive adds to
 *    what the resident owes (charge, deposit, refund), negative takes from it (payment,
 *    credit); a reversal is the exact negation of the entry it points at (reverses_id, once
 *    per entry). A balance is the sum of a resident's entries. Period charges carry their
 *    schedule and period; a key per stay and period (per resident for a one-time fee) makes
 *    posting twice post nothing. Payments carry their method, payer and a receipt number
 *    sequential per org; an idempotency key makes a resubmitted payment one entry.
 *    Every entry names the stay (and so the house) it belongs to: the composite key below
 *    makes the stay, resident and house agree.
 *  - receipt_counter: one row per org, the last receipt number, advanced by the ledger's
 *    insert trigger in the payment's own transaction (locked, so concurrent payments take
 *    consecutive numbers and a rolled-back payment takes none); the app role only reads it.
 *
 * Attacker review (M1, M2): the database writes receipt numbers, created_by and created_at
 * and checks corrections; created_by is plain history (no foreign key), so removing a member
 * who recorded money works.
 *
 * RLS is house-scoped (ADR 009): owners/admins everything; house managers and staff read
 * their houses' entries, house managers write them; residents read only their own entries
 * and the schedules of the houses they live in; certifier roles nothing. The app role may
 * only select ledger entries and insert the columns it may choose, and a trigger refuses
 * UPDATE, DELETE and TRUNCATE whoever asks (like audit_event).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
const MY_RESIDENT_HOUSES = `(select current_resident_house_ids())::uuid[]`;

const ENTRY_KINDS = ["charge", "deposit", "payment", "credit", "refund", "reversal"];
const METHODS = ["cash", "money_order", "check", "card_elsewhere"];
const PAYERS = ["resident", "family", "voucher_or_grant", "employer"];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(", ");
// "One of" written as ORs where it names only some of a column's values: the schema test
// reads each "in (…)" list as the column's whole list.
const oneOf = (column: string, values: string[]) => `(${values.map((v) => `${column} = '${v}'`).join(" or ")})`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- A ledger entry names (resident, house, stay) and they must agree: a key on stay to point at.
    alter table stay add constraint stay_resident_house_key unique (org_id, resident_id, house_id, id);

    create table fee_schedule (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid,
      bed_id uuid,
      name text not null constraint fee_schedule_name_check check (length(name) between 1 and 80),
      cadence text not null,
      weekday smallint,
      month_day smallint,
      amount_cents bigint not null,
      is_deposit boolean not null default false,
      effective_from date not null constraint fee_schedule_effective_from_check check (effective_from between '1900-01-01' and '2200-01-01'),
      effective_to date,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint fee_schedule_pkey primary key (org_id, id),
      constraint fee_schedule_cadence check (cadence in ('weekly', 'biweekly', 'monthly', 'once')),
      constraint fee_schedule_weekday check ((weekday is not null) = ${oneOf("cadence", ["weekly", "biweekly"])} and (weekday is null or weekday between 1 and 7)),
      constraint fee_schedule_month_day check ((month_day is not null) = (cadence = 'monthly') and (month_day is null or month_day between 1 and 31)),
      constraint fee_schedule_amount check (amount_cents between 1 and 100000000),
      constraint fee_schedule_deposit_once check (not is_deposit or cadence = 'once'),
      constraint fee_schedule_dates check (effective_to is null or effective_to >= effective_from),
      constraint fee_schedule_bed_in_house check (bed_id is null or house_id is not null),
      constraint fee_schedule_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint fee_schedule_bed_fk foreign key (org_id, house_id, bed_id) references bed (org_id, house_id, id)
    );
    create index fee_schedule_org_idx on fee_schedule (org_id, effective_from, id);
    create index fee_schedule_house_idx on fee_schedule (org_id, house_id, effective_from) where house_id is not null;

    create table receipt_counter (
      org_id uuid not null references org (id),
      last_number bigint not null default 0,
      constraint receipt_counter_pkey primary key (org_id),
      constraint receipt_counter_positive check (last_number >= 0)
    );

    create table ledger_entry (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      stay_id uuid not null,
      kind text not null,
      amount_cents bigint not null,
      effective_on date not null constraint ledger_entry_effective_on_check check (effective_on between '1900-01-01' and '2200-01-01'),
      memo text constraint ledger_entry_memo_check check (length(memo) between 1 and 200),
      schedule_id uuid,
      period_start date,
      period_end date,
      reverses_id uuid,
      refund_of_id uuid,
      method text,
      payer text,
      reference text constraint ledger_entry_reference_check check (length(reference) between 1 and 60),
      receipt_number bigint,
      idempotency_key uuid,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint ledger_entry_pkey primary key (org_id, id),
      constraint ledger_entry_kind check (kind in (${list(ENTRY_KINDS)})),
      constraint ledger_entry_sign check (
        case when ${oneOf("kind", ["charge", "deposit", "refund"])} then amount_cents > 0
             when ${oneOf("kind", ["payment", "credit"])} then amount_cents < 0
             else amount_cents <> 0 end),
      constraint ledger_entry_amount check (amount_cents between -100000000 and 100000000),
      constraint ledger_entry_period check ((schedule_id is null) = (period_start is null)
        and (period_start is null) = (period_end is null) and (period_end is null or period_end > period_start)
        and (schedule_id is null or ${oneOf("kind", ["charge", "deposit"])})),
      constraint ledger_entry_reversal check ((kind = 'reversal') = (reverses_id is not null)),
      constraint ledger_entry_refund check ((kind = 'refund') = (refund_of_id is not null)),
      constraint ledger_entry_payment check (
        (kind = 'payment') = (method is not null) and (kind = 'payment') = (payer is not null)
        and (kind = 'payment') = (receipt_number is not null)
        and (reference is null or kind = 'payment')
        and (idempotency_key is null or kind = 'payment')),
      constraint ledger_entry_method check (method in (${list(METHODS)})),
      constraint ledger_entry_payer check (payer in (${list(PAYERS)})),
      constraint ledger_entry_reason check (memo is not null or not ${oneOf("kind", ["credit", "reversal", "refund"])}),
      constraint ledger_entry_stay_fk foreign key (org_id, resident_id, house_id, stay_id)
        references stay (org_id, resident_id, house_id, id),
      constraint ledger_entry_schedule_fk foreign key (org_id, schedule_id) references fee_schedule (org_id, id),
      constraint ledger_entry_reverses_fk foreign key (org_id, reverses_id) references ledger_entry (org_id, id),
      constraint ledger_entry_refund_of_fk foreign key (org_id, refund_of_id) references ledger_entry (org_id, id),
      -- An entry is reversed at most once; receipts and idempotency keys are unique per org.
      constraint ledger_entry_reverses_key unique (org_id, reverses_id),
      constraint ledger_entry_receipt_key unique (org_id, receipt_number),
      constraint ledger_entry_idempotency_key unique (org_id, idempotency_key)
    );
    create index ledger_entry_resident_idx on ledger_entry (org_id, resident_id, effective_on desc, id desc);
    create index ledger_entry_house_idx on ledger_entry (org_id, house_id, effective_on desc, id desc);
    create index ledger_entry_refund_of_idx on ledger_entry (org_id, refund_of_id) where refund_of_id is not null;
    create index ledger_entry_stay_idx on ledger_entry (org_id, stay_id);
    -- Posting twice posts nothing: a recurring period once per stay (a resident who moves
    -- house mid-period owes each house its days, whichever run posts them); a one-time fee
    -- (its one-day "period" at the schedule's start) once per resident.
    create unique index ledger_entry_period_key on ledger_entry (org_id, stay_id, schedule_id, period_start)
      where schedule_id is not null and period_end > period_start + 1;
    create unique index ledger_entry_once_key on ledger_entry (org_id, resident_id, schedule_id)
      where schedule_id is not null and period_end = period_start + 1;

    -- The database, not the app, writes who recorded an entry, when, and a payment's receipt
    -- number (the next of the org's counter, taken under the counter row's lock, so
    -- concurrent payments take consecutive numbers and a rolled-back payment takes none); and
    -- it refuses a correction that does not match what it corrects. SECURITY DEFINER only to
    -- advance receipt_counter, which the app role may not write; row-level security still
    -- applies to everything it reads (the definer is not the request role).
    create function ledger_entry_before_insert() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    declare
      orig record;
      refunded bigint;
    begin
      new.created_by := current_app_user_id();
      new.created_at := now();
      new.receipt_number := null;
      if new.kind = 'payment' then
        insert into receipt_counter (org_id) values (new.org_id) on conflict (org_id) do nothing;
        update receipt_counter set last_number = last_number + 1 where org_id = new.org_id
          returning last_number into new.receipt_number;
      end if;
      if new.reverses_id is not null or new.refund_of_id is not null then
        -- One writer at a time per corrected entry (the same lock the app takes).
        perform pg_advisory_xact_lock(hashtextextended('ledger:' || coalesce(new.reverses_id, new.refund_of_id)::text, 0));
        select e.kind, e.amount_cents, e.resident_id, e.house_id, e.stay_id into orig
          from ledger_entry e where e.org_id = new.org_id and e.id = coalesce(new.reverses_id, new.refund_of_id);
        if not found then
          raise exception 'ledger_entry: the corrected entry does not exist' using errcode = '23503', constraint = 'ledger_entry_correction';
        end if;
        if orig.resident_id <> new.resident_id or orig.house_id <> new.house_id or orig.stay_id <> new.stay_id then
          raise exception 'ledger_entry: a correction belongs to the resident, house and stay of what it corrects'
            using errcode = '23514', constraint = 'ledger_entry_correction';
        end if;
        if exists (select 1 from ledger_entry c where c.org_id = new.org_id and c.reverses_id = coalesce(new.reverses_id, new.refund_of_id)) then
          raise exception 'ledger_entry: that entry has already been reversed' using errcode = '23514', constraint = 'ledger_entry_correction';
        end if;
        select coalesce(sum(c.amount_cents), 0) into refunded from ledger_entry c
          where c.org_id = new.org_id and c.refund_of_id = coalesce(new.reverses_id, new.refund_of_id);
        if new.kind = 'reversal' then
          if orig.kind = 'reversal' or new.amount_cents <> -orig.amount_cents or refunded <> 0 then
            raise exception 'ledger_entry: a reversal is exactly minus an entry that is not a reversal and has no refunds'
              using errcode = '23514', constraint = 'ledger_entry_correction';
          end if;
        else
          if orig.kind <> 'payment' or refunded + new.amount_cents > -orig.amount_cents then
            raise exception 'ledger_entry: a refund is of a payment and at most what is left of it'
              using errcode = '23514', constraint = 'ledger_entry_correction';
          end if;
        end if;
      end if;
      return new;
    end $$;
    revoke all on function ledger_entry_before_insert() from public;
    create trigger ledger_entry_before_insert before insert on ledger_entry
      for each row execute function ledger_entry_before_insert();

    create trigger ledger_entry_append_only before update or delete on ledger_entry
      for each row execute function forbid_change();
    create trigger ledger_entry_no_truncate before truncate on ledger_entry
      for each statement execute function forbid_change();

    -- ── row-level security ─────────────────────────────────────────────
    alter table fee_schedule enable row level security;
    alter table fee_schedule force row level security;
    create policy fee_schedule_select on fee_schedule for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and (house_id is null or house_id = any (${MY_HOUSES})))
      or (${RESIDENT} and (house_id is null or house_id = any (${MY_RESIDENT_HOUSES})))));
    -- Org-wide schedules are the owners' and admins'; a house manager sets their houses'.
    create policy fee_schedule_insert on fee_schedule for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));
    create policy fee_schedule_update on fee_schedule for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));

    alter table ledger_entry enable row level security;
    alter table ledger_entry force row level security;
    create policy ledger_entry_select on ledger_entry for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy ledger_entry_insert on ledger_entry for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));

    -- Whoever records payments may read the org's receipt counter; only the ledger's trigger advances it.
    alter table receipt_counter enable row level security;
    alter table receipt_counter force row level security;
    create policy receipt_counter_select on receipt_counter for select using (${ORG} and (${ADMIN} or ${MANAGER}));
    -- Only the ledger's trigger writes it (the app role has no grant to).
    create policy receipt_counter_insert on receipt_counter for insert with check (${ORG} and (${ADMIN} or ${MANAGER}));
    create policy receipt_counter_update on receipt_counter for update
      using (${ORG} and (${ADMIN} or ${MANAGER})) with check (${ORG} and (${ADMIN} or ${MANAGER}));

    grant select, insert on fee_schedule to hearth_app;
    grant update (effective_to) on fee_schedule to hearth_app;
    grant select on ledger_entry to hearth_app;
    -- Not id, receipt_number, created_by or created_at: the database writes those.
    grant insert (org_id, resident_id, house_id, stay_id, kind, amount_cents, effective_on, memo, schedule_id,
      period_start, period_end, reverses_id, refund_of_id, method, payer, reference, idempotency_key) on ledger_entry to hearth_app;
    grant select on receipt_counter to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
