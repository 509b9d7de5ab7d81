import { sql, type Kysely } from "kysely";

/**
 * Withdrawing a house-fund proposal (ADR 035, "Withdrawing a proposal"): an expense or a
 * weekly share an officer proposed and that two officers have not approved yet can be
 * withdrawn, with a reason every member reads. Append-only like the rest of the fund: a
 * withdrawal is a row (house_fund_withdrawal), never a change to the proposal.
 *
 *  - Who: the officer who proposed it, or any officer of the house once the proposer no
 *    longer holds an office there (a departed treasurer's proposal would otherwise wait
 *    forever). Officers act as themselves, living in the house today.
 *  - When: only while pending (fewer than two approvals), under the same advisory lock the
 *    approval guards take, so an approval and a withdrawal never both win.
 *  - After: a withdrawn proposal takes no approval (a second trigger on each approvals
 *    table, firing after the existing guard that holds the lock).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
const MY_HOMES = `(select current_resident_home_ids())::uuid[]`;
const OFFICERED = `(select current_officer_house_ids())::uuid[]`;
const READS_HOUSE = `(${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))`;
const MEMBER = `(${RESIDENT} and house_id = any (${MY_HOMES}))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table house_fund_withdrawal (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      entry_id uuid,
      rate_id uuid,
      resident_id uuid not null,
      office text not null constraint house_fund_withdrawal_office check (office in ('coordinator', 'treasurer', 'secretary')),
      reason text not null constraint house_fund_withdrawal_reason_check check (length(reason) between 1 and 200),
      withdrawn_by uuid default current_app_user_id(),
      withdrawn_at timestamptz not null default now(),
      constraint house_fund_withdrawal_pkey primary key (org_id, id),
      constraint house_fund_withdrawal_entry_key unique (org_id, entry_id),
      constraint house_fund_withdrawal_rate_key unique (org_id, rate_id),
      constraint house_fund_withdrawal_one check ((entry_id is null) <> (rate_id is null)),
      constraint house_fund_withdrawal_entry_fk foreign key (org_id, house_id, entry_id) references house_fund_entry (org_id, house_id, id),
      constraint house_fund_withdrawal_rate_fk foreign key (org_id, house_id, rate_id) references house_share_rate (org_id, house_id, id),
      constraint house_fund_withdrawal_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index house_fund_withdrawal_house_idx on house_fund_withdrawal (org_id, house_id, withdrawn_at desc);

    -- Whether a resident of the caller's org holds an office in the house and lives there
    -- today: a yes/no for the withdrawal guard (residents read only their own office row).
    -- Definer, reading house_office through its owner-read policy (0028).
    create function house_fund_officer_now(org uuid, hid uuid, rid uuid) returns boolean language sql stable
      security definer set search_path = pg_catalog, public as $$
      select rid is not null and org = current_org_id()
        and exists (select 1 from house_office o where o.org_id = org and o.house_id = hid and o.resident_id = rid)
        and chore_lives_here(rid, hid)
    $$;
    revoke all on function house_fund_officer_now(uuid, uuid, uuid) from public;
    grant execute on function house_fund_officer_now(uuid, uuid, uuid) to hearth_app;

    create function house_fund_withdrawal_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      my_office text;
      proposer uuid;
      approvals int;
      found_it boolean;
    begin
      my_office := current_office_in(new.house_id);
      if my_office is null or new.resident_id is distinct from current_resident_id() then
        raise exception 'only an officer of the house withdraws a proposal, as themselves' using errcode = 'check_violation', constraint = 'house_fund_withdrawal_officer';
      end if;
      if new.entry_id is not null then
        perform pg_advisory_xact_lock(hashtextextended('house_fund_approval:' || new.entry_id::text, 0));
        select true, x.recorded_by_resident_id into found_it, proposer from house_fund_entry x
          where x.org_id = new.org_id and x.house_id = new.house_id and x.id = new.entry_id and x.direction = 'out';
        select count(*) into approvals from house_fund_approval a where a.org_id = new.org_id and a.entry_id = new.entry_id;
      else
        perform pg_advisory_xact_lock(hashtextextended('house_share_approval:' || new.rate_id::text, 0));
        select true, x.proposed_by_resident_id into found_it, proposer from house_share_rate x
          where x.org_id = new.org_id and x.house_id = new.house_id and x.id = new.rate_id and x.proposed_by_resident_id is not null;
        select count(*) into approvals from house_share_approval a where a.org_id = new.org_id and a.rate_id = new.rate_id;
      end if;
      if found_it is not true then
        raise exception 'only a proposed expense or share is withdrawn' using errcode = 'check_violation', constraint = 'house_fund_withdrawal_proposal';
      end if;
      if approvals >= 2 then
        raise exception 'this proposal is already approved' using errcode = 'check_violation', constraint = 'house_fund_withdrawal_approved';
      end if;
      if proposer is distinct from current_resident_id() and house_fund_officer_now(new.org_id, new.house_id, proposer) then
        raise exception 'only the officer who proposed it withdraws it while they hold an office' using errcode = 'check_violation', constraint = 'house_fund_withdrawal_proposer';
      end if;
      new.office := my_office;
      new.withdrawn_by := current_app_user_id();
      new.withdrawn_at := clock_timestamp();
      return new;
    end $$;
    create trigger house_fund_withdrawal_guard before insert on house_fund_withdrawal
      for each row execute function house_fund_withdrawal_guard();
    create trigger house_fund_withdrawal_append_only before update or delete on house_fund_withdrawal
      for each row execute function forbid_change();
    create trigger house_fund_withdrawal_no_truncate before truncate on house_fund_withdrawal
      for each statement execute function forbid_change();

    -- A withdrawn proposal takes no approval. These fire after the existing guards
    -- (triggers fire in name order), which hold the proposal's advisory lock.
    create function house_fund_approval_not_withdrawn() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if exists (select 1 from house_fund_withdrawal w where w.org_id = new.org_id and w.entry_id = new.entry_id) then
        raise exception 'this expense was withdrawn' using errcode = 'check_violation', constraint = 'house_fund_approval_withdrawn';
      end if;
      return new;
    end $$;
    create trigger house_fund_approval_not_withdrawn before insert on house_fund_approval
      for each row execute function house_fund_approval_not_withdrawn();

    create function house_share_approval_not_withdrawn() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if exists (select 1 from house_fund_withdrawal w where w.org_id = new.org_id and w.rate_id = new.rate_id) then
        raise exception 'this share proposal was withdrawn' using errcode = 'check_violation', constraint = 'house_share_approval_withdrawn';
      end if;
      return new;
    end $$;
    create trigger house_share_approval_not_withdrawn before insert on house_share_approval
      for each row execute function house_share_approval_not_withdrawn();

    alter table house_fund_withdrawal enable row level security;
    alter table house_fund_withdrawal force row level security;
    create policy house_fund_withdrawal_select on house_fund_withdrawal for select using (${ORG} and (${READS_HOUSE} or ${MEMBER}));
    create policy house_fund_withdrawal_insert on house_fund_withdrawal for insert with check (${ORG} and ${RESIDENT}
      and resident_id = ${MY_RESIDENT} and house_id = any (${OFFICERED}));
    grant select on house_fund_withdrawal to hearth_app;
    grant insert (org_id, house_id, entry_id, rate_id, resident_id, office, reason) on house_fund_withdrawal to hearth_app;
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop trigger house_share_approval_not_withdrawn on house_share_approval;
    drop trigger house_fund_approval_not_withdrawn on house_fund_approval;
    drop function house_share_approval_not_withdrawn();
    drop function house_fund_approval_not_withdrawn();
    drop table house_fund_withdrawal;
    drop function house_fund_withdrawal_guard();
    drop function house_fund_officer_now(uuid, uuid, uuid);
  `,
    )
    .execute(db);
}
