import { sql, type Kysely } from "kysely";

/**
 * Arrears speed (issue 11/15; ADR 038): a per-resident, per-house balance snapshot.
 *
 * resident_balance holds, for each resident and house they have entries in, the sums the
 * arrears report and the money overview used to recompute from the whole ledger on every
 * read: the balance, what was owed (charges and deposits), what was paid (every other kind,
 * sign flipped), the deposits held, and the latest entry that is not a reversal (its day and
 * id, to tell the resident's current house). A reversal counts as minus the kind of what it
 * reverses, so a reversed pair nets to zero exactly as the report leaves both out.
 *
 * Kept per house (not per resident) so that its row-level security is the ledger's own:
 * a house manager or staff member sees the sums of their houses' entries only, which is what
 * the old query summed for them.
 *
 * The ledger is append-only, so an AFTER INSERT trigger is the only writer. It adds with
 * INSERT … ON CONFLICT DO UPDATE and arithmetic (`balance_cents + excluded.balance_cents`),
 * never read-modify-write: concurrent inserts for the same resident serialise on the row
 * and each adds its own amount. The latest entry is the greater of (day, id), which is
 * order-independent too. Backfilled here from the existing entries.
 */
const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
    create table resident_balance (
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      balance_cents bigint not null default 0,
      owed_cents bigint not null default 0,
      paid_cents bigint not null default 0,
      deposits_cents bigint not null default 0,
      last_on date,
      last_entry_id uuid,
      updated_at timestamptz not null default now(),
      constraint resident_balance_pkey primary key (org_id, resident_id, house_id),
      constraint resident_balance_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint resident_balance_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    -- The money overview's deposits per house; the report reads every visible row (the pkey).
    create index resident_balance_house_idx on resident_balance (org_id, house_id) include (deposits_cents);

    -- What one entry adds to its resident's row in its house.
    create function ledger_entry_balance_after_insert() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    declare
      k text := new.kind;
    begin
      if new.kind = 'reversal' then
        select e.kind into k from ledger_entry e where e.org_id = new.org_id and e.id = new.reverses_id;
      end if;
      insert into resident_balance as b (org_id, resident_id, house_id, balance_cents, owed_cents, paid_cents, deposits_cents, last_on, last_entry_id)
      values (new.org_id, new.resident_id, new.house_id, new.amount_cents,
        case when k in ('charge', 'deposit') then new.amount_cents else 0 end,
        case when k in ('charge', 'deposit') then 0 else -new.amount_cents end,
        case when k in ('deposit', 'deposit_release') then new.amount_cents else 0 end,
        case when new.kind <> 'reversal' then new.effective_on end,
        case when new.kind <> 'reversal' then new.id end)
      on conflict (org_id, resident_id, house_id) do update set
        balance_cents = b.balance_cents + excluded.balance_cents,
        owed_cents = b.owed_cents + excluded.owed_cents,
        paid_cents = b.paid_cents + excluded.paid_cents,
        deposits_cents = b.deposits_cents + excluded.deposits_cents,
        last_on = case when excluded.last_on is not null and (b.last_on is null
            or (excluded.last_on, excluded.last_entry_id) > (b.last_on, b.last_entry_id)) then excluded.last_on else b.last_on end,
        last_entry_id = case when excluded.last_on is not null and (b.last_on is null
            or (excluded.last_on, excluded.last_entry_id) > (b.last_on, b.last_entry_id)) then excluded.last_entry_id else b.last_entry_id end,
        updated_at = now();
      return null;
    end $$;
    revoke execute on function ledger_entry_balance_after_insert() from public;
    create trigger ledger_entry_balance after insert on ledger_entry
      for each row execute function ledger_entry_balance_after_insert();

    -- Backfill (the owner reads the whole ledger while RLS is not yet forced on the snapshot
    -- and not forced on the ledger for this statement; both are forced again below).
    alter table ledger_entry no force row level security;
    insert into resident_balance (org_id, resident_id, house_id, balance_cents, owed_cents, paid_cents, deposits_cents, last_on, last_entry_id)
    select e.org_id, e.resident_id, e.house_id, sum(e.amount_cents),
      coalesce(sum(e.amount_cents) filter (where x.k in ('charge', 'deposit')), 0),
      coalesce(-sum(e.amount_cents) filter (where x.k not in ('charge', 'deposit')), 0),
      coalesce(sum(e.amount_cents) filter (where x.k in ('deposit', 'deposit_release')), 0),
      (max(array[e.effective_on::text, e.id::text]) filter (where e.kind <> 'reversal'))[1]::date,
      (max(array[e.effective_on::text, e.id::text]) filter (where e.kind <> 'reversal'))[2]::uuid
    from ledger_entry e
    cross join lateral (select case when e.kind = 'reversal'
      then (select o.kind from ledger_entry o where o.org_id = e.org_id and o.id = e.reverses_id) else e.kind end as k) x
    group by e.org_id, e.resident_id, e.house_id;
    alter table ledger_entry force row level security;

    alter table resident_balance enable row level security;
    alter table resident_balance force row level security;
    -- Readers: exactly the ledger's (ADR 009, 030).
    create policy resident_balance_select on resident_balance for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    -- The only writer is the ledger's trigger, running as the owner, within the signed org.
    create policy resident_balance_owner on resident_balance for all to hearth_owner using (${ORG}) with check (${ORG});
    grant select on resident_balance to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
