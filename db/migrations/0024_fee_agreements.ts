import { sql, type Kysely } from "kysely";

/**
 * Fee agreements and deposits at discharge (issue 11; ADR 031):
 *
 *  - fee_agreement_ack: a resident's acknowledgement of their fee agreement — the schedules
 *    that apply to them (org-wide, their house, their bed) with amounts, cadence and dates —
 *    with the same e-signature as house documents (ADR 023): typed name, time, IP and the
 *    content hash of exactly what was shown. The terms are stored as the exact JSON text
 *    that was hashed; the database checks the hash is of that text. Append-only (no UPDATE
 *    or DELETE grant, and a trigger), and only the resident themselves may insert (RLS): a
 *    manager cannot acknowledge for them. The charge job posts a schedule's charges for a
 *    resident only when one of their acknowledgements covers that schedule's terms.
 *  - ledger_entry gains two kinds: `deposit_release` (negative: the resident no longer owes
 *    the deposit; `releases_id` names the deposit, and the releases of a deposit, net of
 *    their reversals, are at most its amount — checked by the insert trigger under the
 *    deposit's advisory lock) and `payout` (positive: money handed back, with a method and
 *    a memo). Deposits held = sum of `deposit` and `deposit_release` entries (and reversals).
 *    A deposit with releases cannot be reversed (reverse the releases first).
 *
 * Owns the checks ledger_entry_kind, ledger_entry_sign, ledger_entry_payment,
 * ledger_entry_reason and the function ledger_entry_before_insert (ledger_entry_method is
 * not touched here).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

const ENTRY_KINDS = ["charge", "deposit", "payment", "credit", "refund", "reversal", "deposit_release", "payout"];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(", ");
const oneOf = (column: string, values: string[]) => `(${values.map((v) => `${column} = '${v}'`).join(" or ")})`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── deposits at discharge: two new ledger kinds ─────────────────────
    alter table ledger_entry add column releases_id uuid;
    alter table ledger_entry add column payout_of_id uuid;
    alter table ledger_entry drop constraint ledger_entry_kind;
    alter table ledger_entry add constraint ledger_entry_kind check (kind in (${list(ENTRY_KINDS)}));
    alter table ledger_entry drop constraint ledger_entry_sign;
    alter table ledger_entry add constraint ledger_entry_sign check (
        case when ${oneOf("kind", ["charge", "deposit", "refund", "payout"])} then amount_cents > 0
             when ${oneOf("kind", ["payment", "credit", "deposit_release"])} then amount_cents < 0
             else amount_cents <> 0 end);
    alter table ledger_entry drop constraint ledger_entry_payment;
    alter table ledger_entry add constraint ledger_entry_payment check (
        ${oneOf("kind", ["payment", "payout"])} = (method is not null) and (kind = 'payment') = (payer is not null)
        and (kind = 'payment') = (receipt_number is not null)
        and (reference is null or ${oneOf("kind", ["payment", "payout"])})
        and (idempotency_key is null or kind = 'payment'));
    alter table ledger_entry drop constraint ledger_entry_reason;
    alter table ledger_entry add constraint ledger_entry_reason check (memo is not null or not ${oneOf("kind", ["credit", "reversal", "refund", "payout"])});
    alter table ledger_entry add constraint ledger_entry_release check ((kind = 'deposit_release') = (releases_id is not null));
    alter table ledger_entry add constraint ledger_entry_releases_fk foreign key (org_id, releases_id) references ledger_entry (org_id, id);
    create index ledger_entry_releases_idx on ledger_entry (org_id, releases_id) where releases_id is not null;
    -- A payout pays out exactly one release (the trigger checks it is one, of the same amount).
    alter table ledger_entry add constraint ledger_entry_payout check ((kind = 'payout') = (payout_of_id is not null));
    alter table ledger_entry add constraint ledger_entry_payout_fk foreign key (org_id, payout_of_id) references ledger_entry (org_id, id);
    create unique index ledger_entry_payout_once on ledger_entry (org_id, payout_of_id) where payout_of_id is not null;

    create or replace function ledger_entry_before_insert() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    declare
      orig record;
      refunded bigint;
      released bigint;
      paid_out boolean;
      target uuid;
    begin
      new.created_by := current_app_user_id();
      new.created_at := now();
      new.receipt_number := null;
      if new.kind = 'payment' then
        insert into receipt_counter (org_id) values (new.org_id) on conflict (org_id) do nothing;
        update receipt_counter set last_number = last_number + 1 where org_id = new.org_id
          returning last_number into new.receipt_number;
      end if;
      target := coalesce(new.reverses_id, new.refund_of_id, new.releases_id, new.payout_of_id);
      if target is not null then
        -- One writer at a time per corrected (or released) entry (the same lock the app takes).
        perform pg_advisory_xact_lock(hashtextextended('ledger:' || target::text, 0));
        select e.kind, e.amount_cents, e.resident_id, e.house_id, e.stay_id into orig
          from ledger_entry e where e.org_id = new.org_id and e.id = target;
        if not found then
          raise exception 'ledger_entry: the corrected entry does not exist' using errcode = '23503', constraint = 'ledger_entry_correction';
        end if;
        if orig.resident_id <> new.resident_id or orig.house_id <> new.house_id or orig.stay_id <> new.stay_id then
          raise exception 'ledger_entry: a correction belongs to the resident, house and stay of what it corrects'
            using errcode = '23514', constraint = 'ledger_entry_correction';
        end if;
        if exists (select 1 from ledger_entry c where c.org_id = new.org_id and c.reverses_id = target) then
          raise exception 'ledger_entry: that entry has already been reversed' using errcode = '23514', constraint = 'ledger_entry_correction';
        end if;
        select coalesce(sum(c.amount_cents), 0) into refunded from ledger_entry c
          where c.org_id = new.org_id and c.refund_of_id = target;
        -- What is released of a deposit: its releases, less the ones reversed.
        select coalesce(-sum(c.amount_cents), 0) into released from ledger_entry c
          where c.org_id = new.org_id and c.releases_id = target
            and not exists (select 1 from ledger_entry x where x.org_id = c.org_id and x.reverses_id = c.id);
        -- Whether a release has been paid out (a payout not reversed).
        select exists (select 1 from ledger_entry c where c.org_id = new.org_id and c.payout_of_id = target
            and not exists (select 1 from ledger_entry x where x.org_id = c.org_id and x.reverses_id = c.id)) into paid_out;
        if new.kind = 'reversal' then
          if orig.kind = 'reversal' or new.amount_cents <> -orig.amount_cents or refunded <> 0 or released <> 0 then
            raise exception 'ledger_entry: a reversal is exactly minus an entry that is not a reversal and has no refunds or releases'
              using errcode = '23514', constraint = 'ledger_entry_correction';
          end if;
          if paid_out then
            raise exception 'ledger_entry: a release that was paid out cannot be reversed (reverse the payout first)'
              using errcode = '23514', constraint = 'ledger_entry_correction';
          end if;
        elsif new.kind = 'payout' then
          if orig.kind <> 'deposit_release' or new.amount_cents <> -orig.amount_cents or paid_out then
            raise exception 'ledger_entry: a payout pays out one release, of exactly its amount, once'
              using errcode = '23514', constraint = 'ledger_entry_correction';
          end if;
        elsif new.kind = 'deposit_release' then
          if orig.kind <> 'deposit' or released - new.amount_cents > orig.amount_cents then
            raise exception 'ledger_entry: a release is of a deposit and at most what is still held of it'
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

    grant insert (releases_id, payout_of_id) on ledger_entry to hearth_app;

    -- ── fee agreement acknowledgements ──────────────────────────────────
    create table fee_agreement_ack (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      stay_id uuid not null,
      terms text not null constraint fee_agreement_ack_terms_check check (length(terms) between 2 and 100000 and left(terms, 1) = '{'),
      content_hash text not null constraint fee_agreement_ack_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
      typed_name text not null constraint fee_agreement_ack_typed_name_check check (length(typed_name) between 1 and 120),
      ip text default nullif(current_setting('app.ip', true), ''),
      signed_by uuid default current_app_user_id(),
      signed_at timestamptz not null default now(),
      -- 'e_signature': the resident signed in the app. 'paper': a house manager or admin
      -- records that the resident signed the same terms on paper (typed_name is then the
      -- recorder's name, paper_signed_on the day the resident signed, note what and where).
      method text not null default 'e_signature' constraint fee_agreement_ack_method check (method in ('e_signature', 'paper')),
      paper_signed_on date,
      note text constraint fee_agreement_ack_note_check check (length(note) between 1 and 1000),
      constraint fee_agreement_ack_paper check ((method = 'paper') = (paper_signed_on is not null) and (method = 'paper') = (note is not null)),
      constraint fee_agreement_ack_pkey primary key (org_id, id),
      constraint fee_agreement_ack_stay_fk foreign key (org_id, resident_id, house_id, stay_id)
        references stay (org_id, resident_id, house_id, id),
      constraint fee_agreement_ack_once unique (org_id, resident_id, content_hash)
    );
    create index fee_agreement_ack_resident_idx on fee_agreement_ack (org_id, resident_id, signed_at desc, id desc);
    create index fee_agreement_ack_house_idx on fee_agreement_ack (org_id, house_id, resident_id);

    -- The database stamps the time, signer and IP, checks the hash is of the stored terms
    -- (valid JSON), and refuses UPDATE and DELETE whoever asks.
    create function fee_agreement_ack_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op <> 'INSERT' then
        raise exception 'fee agreement acknowledgements are append-only' using errcode = 'insufficient_privilege';
      end if;
      new.signed_at := now();
      new.signed_by := current_app_user_id();
      new.ip := nullif(current_setting('app.ip', true), '');
      perform new.terms::jsonb;
      if new.content_hash <> encode(sha256(convert_to(new.terms, 'UTF8')), 'hex') then
        raise exception 'the content hash is not of the acknowledged terms'
          using errcode = 'check_violation', constraint = 'fee_agreement_ack_hash';
      end if;
      return new;
    end $$;
    create trigger fee_agreement_ack_guard before insert or update or delete on fee_agreement_ack
      for each row execute function fee_agreement_ack_guard();
    create trigger fee_agreement_ack_no_truncate before truncate on fee_agreement_ack
      for each statement execute function forbid_change();

    alter table fee_agreement_ack enable row level security;
    alter table fee_agreement_ack force row level security;
    create policy fee_agreement_ack_select on fee_agreement_ack for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    -- An e-signature: only the resident themselves. A paper acknowledgement: recorded by an
    -- owner/admin, or a house manager of the stay's house (never staff, never the resident).
    create policy fee_agreement_ack_insert on fee_agreement_ack for insert with check (${ORG}
      and signed_by is not distinct from (select current_app_user_id()) and (
        (method = 'e_signature' and ${RESIDENT} and resident_id = ${MY_RESIDENT})
        or (method = 'paper' and (${ADMIN} or (${ROLE} = 'house_manager' and house_id = any (${MY_HOUSES}))))));

    -- What covers a resident's charges does not depend on who runs the job (ADR 031): the
    -- acknowledged terms of the given residents in the signed org, for an owner/admin (or
    -- the system job), or for staff of a house where the resident has a stay. Terms only.
    -- The function reads as the owner role (forced RLS applies to it too): the org's rows only.
    create policy fee_agreement_ack_owner_read on fee_agreement_ack for select to hearth_owner using (${ORG});
    create function fee_agreement_terms_of(residents uuid[]) returns table (resident_id uuid, terms text)
      language sql stable security definer set search_path = pg_catalog, public as $$
        select a.resident_id, a.terms from fee_agreement_ack a
         where a.org_id = current_org_id() and a.resident_id = any (residents)
           and (current_app_role() in ('owner', 'admin')
             or (current_app_role() in ('house_manager', 'staff') and exists (
                  select 1 from stay s where s.org_id = a.org_id and s.resident_id = a.resident_id
                     and s.house_id = any (current_house_ids()::uuid[])))
             or (current_app_role() = 'resident' and a.resident_id = current_resident_id()))
    $$;
    revoke all on function fee_agreement_terms_of(uuid[]) from public;
    grant execute on function fee_agreement_terms_of(uuid[]) to hearth_app;

    grant select on fee_agreement_ack to hearth_app;
    grant insert (org_id, resident_id, house_id, stay_id, terms, content_hash, typed_name, method, paper_signed_on, note) on fee_agreement_ack to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
