import { sql, type Kysely } from "kysely";

/**
 * Peer-run houses' own money (issue 11, capability 9; ADR 035): the house fund.
 *
 *  1. house_office gains `treasurer` and `secretary` beside `coordinator`: the three
 *     officers. One person holds at most one office per house, so "three officers" is
 *     always three people. current_officer_house_ids(offices) is the policies' helper.
 *  2. house_share_rate: the one weekly share every member pays, from a day (history kept,
 *     append-only). Owners/admins and the house's managers set it directly (and may
 *     backdate it); the coordinator or treasurer propose it from today on, and a proposal is
 *     in force once two distinct officers approved it (house_share_approval, DB-enforced).
 *  3. house_fund_entry: the fund, append-only. Money in (a member's share, recorded by the
 *     treasurer, with the member and method) and money out (an expense: payee, category,
 *     memo, receipt reference) proposed by an officer.
 *  4. house_fund_approval: an officer's approval of an expense, append-only. An expense is
 *     in effect once two distinct officers approved it (its day: the second approval's).
 *     The trigger admits only an officer of that house who lives there today, approving as
 *     themselves, an expense that is not yet approved; unique (entry, officer) makes the
 *     same officer twice count once (refused).
 *  5. house_fund_audit: the treasurer's reconciliation of a finished month. The database
 *     computes opening, in, out and closing from the entries; the treasurer gives the
 *     counted bank/cash balance. Entries dated in or before the newest audited month are
 *     refused afterwards (a month locks when its audit is prepared).
 *  6. house_fund_audit_signature: each officer signs an audit by typing their name (time
 *     and IP stored as document signatures are: ADR 023). Complete (locked) at three
 *     signatures: three distinct officers; a fourth is refused.
 *
 * RLS (ADR 009): owners/admins read everything; house managers and staff read their
 * houses'; residents read the fund of a house they live in today (every member sees it);
 * only officers write, as themselves (residents; staff only set the share). Certifier roles
 * nothing. Housemates' first names, offices and shares owed/paid come from one narrow
 * SECURITY DEFINER function (house_fund_members), like the chore board.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
const MY_HOMES = `(select current_resident_home_ids())::uuid[]`;
const OFFICERED = `(select current_officer_house_ids())::uuid[]`;
const RUNS_HOUSE = `(${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES})))`;
const READS_HOUSE = `(${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))`;
const MEMBER = `(${RESIDENT} and house_id = any (${MY_HOMES}))`;
const TODAY = `(now() at time zone h.time_zone)::date`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── 1. three offices ───────────────────────────────────────────────
    alter table house_office drop constraint house_office_office;
    alter table house_office add constraint house_office_office
      check (office = any (array['coordinator', 'treasurer', 'secretary']::text[]));
    create unique index house_office_one_per_person on house_office (org_id, house_id, resident_id);

    -- Peer-run houses where the signed-in resident holds one of \`offices\` (any office when
    -- null) and lives today ('{}' for every other role). plpgsql, returning early, so the
    -- policies below cannot recurse through it.
    create function current_officer_house_ids(offices text[] default null) returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(distinct o.house_id)
        from house_office o
        join house h on h.org_id = o.org_id and h.id = o.house_id
        where o.org_id = (select current_org_id()) and o.resident_id = (select current_resident_id())
          and (offices is null or o.office = any (offices))
          and h.narr_level = 1 and o.house_id = any ((select current_resident_home_ids())::uuid[])
      ), '{}'::uuid[]);
    end $$;

    -- The office the signed-in resident holds in a peer-run house they live in (null: none).
    create function current_office_in(hid uuid) returns text language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if not (hid = any (current_officer_house_ids())) then
        return null;
      end if;
      return (select o.office from house_office o
        where o.org_id = (select current_org_id()) and o.house_id = hid and o.resident_id = (select current_resident_id()));
    end $$;

    -- ── 2. the weekly share ────────────────────────────────────────────
    create table house_share_rate (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      amount_cents bigint not null constraint house_share_rate_amount check (amount_cents between 0 and 100000000),
      effective_from date not null constraint house_share_rate_effective_from_check check (effective_from between '1900-01-01' and '2200-01-01'),
      proposed_by_resident_id uuid,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint house_share_rate_pkey primary key (org_id, id),
      constraint house_share_rate_house_id_key unique (org_id, house_id, id),
      constraint house_share_rate_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint house_share_rate_proposer_fk foreign key (org_id, proposed_by_resident_id) references resident (org_id, id)
    );
    create index house_share_rate_house_idx on house_share_rate (org_id, house_id, effective_from desc, created_at desc);

    -- An officer's approval of a share an officer proposed (staff set it directly: no
    -- proposal). A proposed share is in force once two distinct officers approved it.
    create table house_share_approval (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      rate_id uuid not null,
      resident_id uuid not null,
      office text not null constraint house_share_approval_office check (office in ('coordinator', 'treasurer', 'secretary')),
      approved_by uuid default current_app_user_id(),
      approved_at timestamptz not null default now(),
      constraint house_share_approval_pkey primary key (org_id, id),
      constraint house_share_approval_once unique (org_id, rate_id, resident_id),
      constraint house_share_approval_rate_fk foreign key (org_id, house_id, rate_id) references house_share_rate (org_id, house_id, id),
      constraint house_share_approval_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index house_share_approval_rate_idx on house_share_approval (org_id, house_id, rate_id);

    -- Whether a share row counts: set by staff (no proposer), or approved by two officers.
    -- Reads under the caller's row-level security (members and staff read approvals).
    create function house_share_rate_in_force(org uuid, rid uuid, proposer uuid) returns boolean language sql stable
      set search_path = pg_catalog, public as $$
      select proposer is null or (select count(*) from house_share_approval a where a.org_id = org and a.rate_id = rid) >= 2
    $$;

    create function house_share_rate_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      today date;
    begin
      new.created_by := current_app_user_id();
      new.created_at := now();
      -- An officer's share is a proposal (in force at two officers' approvals); staff's is direct.
      new.proposed_by_resident_id := case when current_app_role() = 'resident' then current_resident_id() end;
      select ${TODAY} into today from house h where h.org_id = new.org_id and h.id = new.house_id;
      if current_app_role() = 'resident' and new.effective_from < today then
        raise exception 'officers set the share from today on' using errcode = 'check_violation', constraint = 'house_share_rate_not_past';
      end if;
      return new;
    end $$;
    create trigger house_share_rate_guard before insert on house_share_rate
      for each row execute function house_share_rate_guard();
    create trigger house_share_rate_append_only before update or delete on house_share_rate
      for each row execute function forbid_change();

    alter table house_share_rate enable row level security;
    alter table house_share_rate force row level security;
    create policy house_share_rate_select on house_share_rate for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_share_rate_insert on house_share_rate for insert with check (${ORG} and (
      ${RUNS_HOUSE}
      or (${RESIDENT} and house_id = any ((select current_officer_house_ids(array['coordinator', 'treasurer']))::uuid[]))));
    grant select on house_share_rate to hearth_app;
    grant insert (org_id, house_id, amount_cents, effective_from) on house_share_rate to hearth_app;

    -- Two of three for the share: an officer of the house living there today, as themselves,
    -- a proposed share not yet in force, from today or later (one writer per proposal).
    create function house_share_approval_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      r record;
      my_office text;
    begin
      perform pg_advisory_xact_lock(hashtextextended('house_share_approval:' || new.rate_id::text, 0));
      select x.proposed_by_resident_id as proposer, x.effective_from, ${TODAY} as today into r
        from house_share_rate x join house h on h.org_id = x.org_id and h.id = x.house_id
        where x.org_id = new.org_id and x.house_id = new.house_id and x.id = new.rate_id;
      if not found or r.proposer is null then
        raise exception 'only a proposed share is approved' using errcode = 'check_violation', constraint = 'house_share_approval_proposal';
      end if;
      my_office := current_office_in(new.house_id);
      if my_office is null or new.resident_id is distinct from current_resident_id() then
        raise exception 'only an officer of the house approves, as themselves' using errcode = 'check_violation', constraint = 'house_share_approval_officer';
      end if;
      if (select count(*) from house_share_approval a where a.org_id = new.org_id and a.rate_id = new.rate_id) >= 2 then
        raise exception 'this share is already approved' using errcode = 'check_violation', constraint = 'house_share_approval_done';
      end if;
      if r.effective_from < r.today then
        raise exception 'this proposal starts in the past; propose it again from today' using errcode = 'check_violation', constraint = 'house_share_approval_past';
      end if;
      new.office := my_office;
      new.approved_by := current_app_user_id();
      new.approved_at := clock_timestamp();
      return new;
    end $$;
    create trigger house_share_approval_guard before insert on house_share_approval
      for each row execute function house_share_approval_guard();
    create trigger house_share_approval_append_only before update or delete on house_share_approval
      for each row execute function forbid_change();
    create trigger house_share_approval_no_truncate before truncate on house_share_approval
      for each statement execute function forbid_change();
    alter table house_share_approval enable row level security;
    alter table house_share_approval force row level security;
    create policy house_share_approval_select on house_share_approval for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_share_approval_insert on house_share_approval for insert with check (${ORG} and ${RESIDENT}
      and resident_id = ${MY_RESIDENT} and house_id = any (${OFFICERED}));
    grant select on house_share_approval to hearth_app;
    grant insert (org_id, house_id, rate_id, resident_id, office) on house_share_approval to hearth_app;

    -- ── 3. the fund ────────────────────────────────────────────────────
    create table house_fund_entry (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      direction text not null constraint house_fund_entry_direction check (direction in ('in', 'out')),
      amount_cents bigint not null constraint house_fund_entry_amount check (amount_cents between 1 and 100000000),
      effective_on date not null constraint house_fund_entry_effective_on_check check (effective_on between '1900-01-01' and '2200-01-01'),
      resident_id uuid,
      method text constraint house_fund_entry_method check (method in ('cash', 'money_order', 'check', 'bank_transfer')),
      payee text constraint house_fund_entry_payee_check check (length(payee) between 1 and 120),
      category text constraint house_fund_entry_category check (category in ('rent', 'utilities', 'supplies', 'other')),
      memo text constraint house_fund_entry_memo_check check (length(memo) between 1 and 200),
      receipt_reference text constraint house_fund_entry_receipt_reference_check check (length(receipt_reference) between 1 and 60),
      idempotency_key uuid,
      recorded_by_resident_id uuid default current_resident_id(),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint house_fund_entry_pkey primary key (org_id, id),
      constraint house_fund_entry_house_id_key unique (org_id, house_id, id),
      constraint house_fund_entry_idempotency_key unique (org_id, idempotency_key),
      constraint house_fund_entry_shape check (
        (direction = 'in') = (resident_id is not null) and (direction = 'in') = (method is not null)
        and (direction = 'out') = (payee is not null) and (direction = 'out') = (category is not null)
        and (receipt_reference is null or direction = 'out')),
      constraint house_fund_entry_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint house_fund_entry_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint house_fund_entry_recorder_fk foreign key (org_id, recorded_by_resident_id) references resident (org_id, id)
    );
    create index house_fund_entry_house_idx on house_fund_entry (org_id, house_id, created_at desc, id desc);
    create index house_fund_entry_resident_idx on house_fund_entry (org_id, house_id, resident_id) where resident_id is not null;

    create table house_fund_approval (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      entry_id uuid not null,
      resident_id uuid not null,
      office text not null constraint house_fund_approval_office check (office in ('coordinator', 'treasurer', 'secretary')),
      approved_on date not null default current_date,
      approved_by uuid default current_app_user_id(),
      approved_at timestamptz not null default now(),
      constraint house_fund_approval_pkey primary key (org_id, id),
      constraint house_fund_approval_once unique (org_id, entry_id, resident_id),
      constraint house_fund_approval_entry_fk foreign key (org_id, house_id, entry_id) references house_fund_entry (org_id, house_id, id),
      constraint house_fund_approval_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index house_fund_approval_house_idx on house_fund_approval (org_id, house_id, entry_id);

    -- The day an expense took effect: its second approval's (null: not in effect yet).
    -- Reads under the caller's row-level security.
    create function house_fund_in_effect_on(org uuid, eid uuid) returns date language sql stable
      set search_path = pg_catalog, public as $$
      select a.approved_on from house_fund_approval a where a.org_id = org and a.entry_id = eid
      order by a.approved_at, a.id offset 1 limit 1
    $$;

    create table house_fund_audit (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      month date not null constraint house_fund_audit_month_check check (month between '1900-01-01' and '2200-01-01' and extract(day from month) = 1),
      opening_cents bigint not null default 0,
      in_cents bigint not null default 0,
      out_cents bigint not null default 0,
      closing_cents bigint not null default 0,
      counted_cents bigint not null constraint house_fund_audit_counted check (counted_cents between 0 and 100000000),
      note text constraint house_fund_audit_note_check check (length(note) between 1 and 500),
      prepared_by_resident_id uuid not null default current_resident_id(),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint house_fund_audit_pkey primary key (org_id, id),
      constraint house_fund_audit_house_id_key unique (org_id, house_id, id),
      constraint house_fund_audit_key unique (org_id, house_id, month),
      constraint house_fund_audit_sum check (closing_cents = opening_cents + in_cents - out_cents),
      constraint house_fund_audit_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint house_fund_audit_preparer_fk foreign key (org_id, prepared_by_resident_id) references resident (org_id, id)
    );
    create index house_fund_audit_house_idx on house_fund_audit (org_id, house_id, month desc);

    create table house_fund_audit_signature (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      audit_id uuid not null,
      resident_id uuid not null,
      office text not null constraint house_fund_audit_signature_office check (office in ('coordinator', 'treasurer', 'secretary')),
      typed_name text not null constraint house_fund_audit_signature_typed_name_check check (length(typed_name) between 1 and 120),
      ip text default nullif(current_setting('app.ip', true), ''),
      signed_by uuid default current_app_user_id(),
      signed_at timestamptz not null default now(),
      constraint house_fund_audit_signature_pkey primary key (org_id, id),
      constraint house_fund_audit_signature_once unique (org_id, audit_id, resident_id),
      constraint house_fund_audit_signature_office_key unique (org_id, audit_id, office),
      constraint house_fund_audit_signature_audit_fk foreign key (org_id, house_id, audit_id) references house_fund_audit (org_id, house_id, id),
      constraint house_fund_audit_signature_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index house_fund_audit_signature_audit_idx on house_fund_audit_signature (org_id, house_id, audit_id);

    -- ── the rules, in the database ─────────────────────────────────────
    -- Money in: by the treasurer, for a member living in the house, received by today and
    -- after the newest audited month. Money out: proposed by an officer, dated today.
    create function house_fund_entry_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      today date;
      audited date;
    begin
      new.created_by := current_app_user_id();
      new.created_at := now();
      new.recorded_by_resident_id := current_resident_id();
      select ${TODAY} into today from house h where h.org_id = new.org_id and h.id = new.house_id;
      if new.direction = 'in' then
        if not (new.house_id = any (current_officer_house_ids(array['treasurer']))) then
          raise exception 'only the house treasurer records money in' using errcode = 'insufficient_privilege';
        end if;
        if not chore_lives_here(new.resident_id, new.house_id) then
          raise exception 'money in is from a member living in the house' using errcode = 'check_violation', constraint = 'house_fund_entry_member';
        end if;
        if new.effective_on > today then
          raise exception 'money can''t be received in the future' using errcode = 'check_violation', constraint = 'house_fund_entry_not_future';
        end if;
      else
        if not (new.house_id = any (current_officer_house_ids())) then
          raise exception 'only the house officers propose expenses' using errcode = 'insufficient_privilege';
        end if;
        new.effective_on := today;
      end if;
      -- A month is locked once its audit is prepared (the audit's sums are computed then),
      -- and so is every month before it: nothing may be dated in or before the newest
      -- audited month, so no audit's opening, in, out or closing can change afterwards.
      -- The audit guard's lock: an entry and an audit of the same house never overlap.
      perform pg_advisory_xact_lock(hashtextextended('house_fund_audit:' || new.house_id::text, 0));
      select max(a.month) into audited from house_fund_audit a where a.org_id = new.org_id and a.house_id = new.house_id;
      if audited is not null and new.effective_on < (audited + interval '1 month')::date then
        raise exception 'entries dated in or before an audited month are refused' using errcode = 'check_violation',
          constraint = 'house_fund_entry_month_audited', detail = to_char(audited, 'YYYY-MM');
      end if;
      return new;
    end $$;
    create trigger house_fund_entry_guard before insert on house_fund_entry
      for each row execute function house_fund_entry_guard();
    create trigger house_fund_entry_append_only before update or delete on house_fund_entry
      for each row execute function forbid_change();
    create trigger house_fund_entry_no_truncate before truncate on house_fund_entry
      for each statement execute function forbid_change();

    -- Two of three: an officer of the house who lives there today, as themselves, an
    -- expense with fewer than two approvals (one writer per expense at a time).
    create function house_fund_approval_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      e record;
      my_office text;
    begin
      perform pg_advisory_xact_lock(hashtextextended('house_fund_approval:' || new.entry_id::text, 0));
      -- The second approval dates the expense (today): never inside an audit being written.
      perform pg_advisory_xact_lock(hashtextextended('house_fund_audit:' || new.house_id::text, 0));
      select x.direction, ${TODAY} as today into e from house_fund_entry x join house h on h.org_id = x.org_id and h.id = x.house_id
        where x.org_id = new.org_id and x.house_id = new.house_id and x.id = new.entry_id;
      if not found or e.direction <> 'out' then
        raise exception 'only an expense is approved' using errcode = 'check_violation', constraint = 'house_fund_approval_expense';
      end if;
      my_office := current_office_in(new.house_id);
      if my_office is null or new.resident_id is distinct from current_resident_id() then
        raise exception 'only an officer of the house approves, as themselves' using errcode = 'check_violation', constraint = 'house_fund_approval_officer';
      end if;
      if (select count(*) from house_fund_approval a where a.org_id = new.org_id and a.entry_id = new.entry_id) >= 2 then
        raise exception 'this expense is already approved' using errcode = 'check_violation', constraint = 'house_fund_approval_done';
      end if;
      new.office := my_office;
      new.approved_on := e.today;
      new.approved_by := current_app_user_id();
      new.approved_at := clock_timestamp();
      return new;
    end $$;
    create trigger house_fund_approval_guard before insert on house_fund_approval
      for each row execute function house_fund_approval_guard();
    create trigger house_fund_approval_append_only before update or delete on house_fund_approval
      for each row execute function forbid_change();
    create trigger house_fund_approval_no_truncate before truncate on house_fund_approval
      for each statement execute function forbid_change();

    -- The treasurer's audit of a finished month: the sums are the database's.
    create function house_fund_audit_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      today date;
      month_end date := (new.month + interval '1 month')::date;
    begin
      if not (new.house_id = any (current_officer_house_ids(array['treasurer']))) then
        raise exception 'only the house treasurer prepares an audit' using errcode = 'insufficient_privilege';
      end if;
      select ${TODAY} into today from house h where h.org_id = new.org_id and h.id = new.house_id;
      if month_end > today then
        raise exception 'only a finished month is audited' using errcode = 'check_violation', constraint = 'house_fund_audit_finished';
      end if;
      perform pg_advisory_xact_lock(hashtextextended('house_fund_audit:' || new.house_id::text, 0));
      select
        coalesce(sum(x.amount_cents) filter (where x.direction = 'in' and x.effective_on < new.month), 0)
          - coalesce(sum(x.amount_cents) filter (where x.direction = 'out' and x.on_day < new.month), 0),
        coalesce(sum(x.amount_cents) filter (where x.direction = 'in' and x.effective_on >= new.month and x.effective_on < month_end), 0),
        coalesce(sum(x.amount_cents) filter (where x.direction = 'out' and x.on_day >= new.month and x.on_day < month_end), 0)
      into new.opening_cents, new.in_cents, new.out_cents
      from (select f.direction, f.amount_cents, f.effective_on,
              case when f.direction = 'out' then house_fund_in_effect_on(f.org_id, f.id) end as on_day
            from house_fund_entry f where f.org_id = new.org_id and f.house_id = new.house_id) x;
      new.closing_cents := new.opening_cents + new.in_cents - new.out_cents;
      new.prepared_by_resident_id := current_resident_id();
      new.created_by := current_app_user_id();
      new.created_at := now();
      return new;
    end $$;
    create trigger house_fund_audit_guard before insert on house_fund_audit
      for each row execute function house_fund_audit_guard();
    create trigger house_fund_audit_append_only before update or delete on house_fund_audit
      for each row execute function forbid_change();
    create trigger house_fund_audit_no_truncate before truncate on house_fund_audit
      for each statement execute function forbid_change();

    -- Three distinct officers sign; then the audit is complete and takes no more.
    create function house_fund_audit_signature_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      my_office text;
    begin
      perform pg_advisory_xact_lock(hashtextextended('house_fund_audit_signature:' || new.audit_id::text, 0));
      my_office := current_office_in(new.house_id);
      if my_office is null or new.resident_id is distinct from current_resident_id() then
        raise exception 'only an officer of the house signs its audit, as themselves' using errcode = 'check_violation', constraint = 'house_fund_audit_signature_officer';
      end if;
      if (select count(*) from house_fund_audit_signature g where g.org_id = new.org_id and g.audit_id = new.audit_id) >= 3 then
        raise exception 'this audit is complete' using errcode = 'check_violation', constraint = 'house_fund_audit_signature_locked';
      end if;
      new.office := my_office;
      new.signed_by := current_app_user_id();
      new.signed_at := now();
      return new;
    end $$;
    create trigger house_fund_audit_signature_guard before insert on house_fund_audit_signature
      for each row execute function house_fund_audit_signature_guard();
    create trigger house_fund_audit_signature_append_only before update or delete on house_fund_audit_signature
      for each row execute function forbid_change();
    create trigger house_fund_audit_signature_no_truncate before truncate on house_fund_audit_signature
      for each statement execute function forbid_change();

    -- ── row-level security ─────────────────────────────────────────────
    alter table house_fund_entry enable row level security;
    alter table house_fund_entry force row level security;
    create policy house_fund_entry_select on house_fund_entry for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_fund_entry_insert on house_fund_entry for insert with check (${ORG} and ${RESIDENT}
      and house_id = any (${OFFICERED}));

    alter table house_fund_approval enable row level security;
    alter table house_fund_approval force row level security;
    create policy house_fund_approval_select on house_fund_approval for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_fund_approval_insert on house_fund_approval for insert with check (${ORG} and ${RESIDENT}
      and resident_id = ${MY_RESIDENT} and house_id = any (${OFFICERED}));

    alter table house_fund_audit enable row level security;
    alter table house_fund_audit force row level security;
    create policy house_fund_audit_select on house_fund_audit for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_fund_audit_insert on house_fund_audit for insert with check (${ORG} and ${RESIDENT}
      and house_id = any ((select current_officer_house_ids(array['treasurer']))::uuid[]));

    alter table house_fund_audit_signature enable row level security;
    alter table house_fund_audit_signature force row level security;
    create policy house_fund_audit_signature_select on house_fund_audit_signature for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_fund_audit_signature_insert on house_fund_audit_signature for insert with check (${ORG} and ${RESIDENT}
      and resident_id = ${MY_RESIDENT} and house_id = any (${OFFICERED}));

    grant select on house_fund_entry, house_fund_approval, house_fund_audit, house_fund_audit_signature to hearth_app;
    grant insert (org_id, house_id, direction, amount_cents, effective_on, resident_id, method, payee, category, memo,
      receipt_reference, idempotency_key) on house_fund_entry to hearth_app;
    grant insert (org_id, house_id, entry_id, resident_id, office) on house_fund_approval to hearth_app;
    grant insert (org_id, house_id, month, counted_cents, note) on house_fund_audit to hearth_app;
    grant insert (org_id, house_id, audit_id, resident_id, office, typed_name) on house_fund_audit_signature to hearth_app;

    -- ── the members' view (narrow definer function) ────────────────────
    create policy house_office_owner_read on house_office for select to hearth_owner using (${ORG});
    create policy house_share_rate_owner_read on house_share_rate for select to hearth_owner using (${ORG});
    create policy house_share_approval_owner_read on house_share_approval for select to hearth_owner using (${ORG});
    create policy house_fund_entry_owner_read on house_fund_entry for select to hearth_owner using (${ORG});
    -- Everyone living in the house today: first name, office, shares owed (each Monday-based
    -- week, in the house's zone, of their stays here up to this week, at the share in force
    -- on the week's Monday; not prorated) and paid. For a resident who lives in that house
    -- today, and for the org's staff who read the house; nothing for anyone else.
    create function house_fund_members(hid uuid)
      returns table (resident_id uuid, first_name text, office text, owed_cents bigint, paid_cents bigint)
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      org uuid := current_org_id();
      role text := current_app_role();
      today date;
    begin
      if org is null or not (
        (role = 'resident' and hid = any (current_resident_home_ids()))
        or role in ('owner', 'admin')
        or (role in ('house_manager', 'staff') and hid = any (current_house_ids()))) then
        return;
      end if;
      select ${TODAY} into today from house h where h.org_id = org and h.id = hid;
      if today is null then
        return;
      end if;
      return query
        select r.id, split_part(coalesce(r.preferred_name, r.legal_name), ' ', 1),
          (select o.office from house_office o where o.org_id = org and o.house_id = hid and o.resident_id = r.id),
          coalesce((select sum(coalesce((select sr.amount_cents from house_share_rate sr
                      where sr.org_id = org and sr.house_id = hid and sr.effective_from <= w.monday
                        and (sr.proposed_by_resident_id is null or (select count(*) from house_share_approval sa
                          where sa.org_id = org and sa.rate_id = sr.id) >= 2)
                      order by sr.effective_from desc, sr.created_at desc limit 1), 0))::bigint
            from stay s2
            cross join lateral (select g::date as monday from generate_series(
              date_trunc('week', lower(s2.during))::date,
              least(coalesce(upper(s2.during) - 1, today), today),
              interval '1 week') g) w
            where s2.org_id = org and s2.house_id = hid and s2.resident_id = r.id and lower(s2.during) <= today), 0)::bigint,
          coalesce((select sum(f.amount_cents) from house_fund_entry f
            where f.org_id = org and f.house_id = hid and f.resident_id = r.id and f.direction = 'in'), 0)::bigint
        from stay s
        join resident r on r.org_id = s.org_id and r.id = s.resident_id
        where s.org_id = org and s.house_id = hid and s.during @> today
        order by 2, 1;
    end $$;
    revoke all on function house_fund_members(uuid) from public;
    grant execute on function house_fund_members(uuid) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0028_house_fund cannot be reverted; restore a backup instead.");
}
