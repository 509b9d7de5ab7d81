import { sql, type Kysely } from "kysely";

/**
 * Online payment with Stripe Connect and Checkout (issue 11, capabilities 4 and 5; ADR 032).
 *
 *  - org_payment_account: the operator's own connected Stripe account (direct charges: the
 *    money goes to the operator, never through Hearth's balance) and its status as Stripe
 *    last reported it. One per org. Owners and admins read and write it; every other
 *    member learns only whether online payment is available (`org_online_payment_account()`).
 *  - payment_attempt: one press of "Pay" (or of a family pay link): who, how much, which
 *    stay, and what Stripe said since (Checkout Session, PaymentIntent, failure, dispute).
 *    The Checkout Session's idempotency key is derived from the attempt's id. The ledger
 *    gets a payment only from a verified webhook, never from the attempt itself.
 *  - pay_link: a shareable link for family to pay a resident's dues without an account.
 *    Only the SHA-256 of its 160-bit token is stored; it expires and can be turned off.
 *  - stripe_event: every verified webhook event applied, once per event id (per org: the
 *    org is the one whose connected account the event names).
 *  - ledger_entry_method gains 'online' (the only ledger constraint changed here).
 *
 * Two narrow database entries sign contexts that are not a member's (ADR 010):
 *  - enter_stripe_account(account, …): the org whose connected account Stripe named in a
 *    webhook event whose signature the app verified, with the role 'payments_webhook'.
 *    That role may read and update the org's payment attempts, record events, and append
 *    only online payments and refunds to the ledger — nothing else.
 *  - enter_pay_link(token, …): the live, unexpired pay link the raw token names, with the
 *    role 'pay_link:<link id>' (no user). That role may only start a family payment for
 *    the link's resident; `pay_link_due()` tells it the org's name and the amount due.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const WEBHOOK = `${ROLE} = 'payments_webhook'`;
const PAY_LINK = `(select current_pay_link_id())`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── the ledger learns one more method ─────────────────────────────
    alter table ledger_entry drop constraint ledger_entry_method;
    alter table ledger_entry add constraint ledger_entry_method
      check (method in ('cash', 'money_order', 'check', 'card_elsewhere', 'online'));

    -- The pay link a signed 'pay_link:<id>' role names, else null.
    create function current_pay_link_id() returns uuid language sql stable as $$
      select case when current_app_role() ~ '^pay_link:[0-9a-f-]{36}$' then substr(current_app_role(), 10)::uuid end
    $$;

    -- ── the operator's connected account ──────────────────────────────
    create table org_payment_account (
      org_id uuid not null references org (id),
      stripe_account_id text not null constraint org_payment_account_stripe_account_check
        check (stripe_account_id ~ '^acct_[A-Za-z0-9]{1,64}$'),
      charges_enabled boolean not null default false,
      details_submitted boolean not null default false,
      updated_at timestamptz not null default now(),
      constraint org_payment_account_pkey primary key (org_id),
      constraint org_payment_account_stripe_key unique (org_id, stripe_account_id)
    );
    -- The webhook's lookup: no org is known yet.
    create index org_payment_account_stripe_idx on org_payment_account (stripe_account_id);

    alter table org_payment_account enable row level security;
    alter table org_payment_account force row level security;
    create policy org_payment_account_select on org_payment_account for select using (${ORG} and (${ADMIN} or ${WEBHOOK}));
    create policy org_payment_account_insert on org_payment_account for insert with check (${ORG} and ${ADMIN});
    create policy org_payment_account_update on org_payment_account for update using (${ORG} and ${ADMIN}) with check (${ORG} and ${ADMIN});
    create policy org_payment_account_owner_read on org_payment_account for select to hearth_owner using (true);
    grant select, insert (org_id, stripe_account_id, charges_enabled, details_submitted) on org_payment_account to hearth_app;
    grant update (charges_enabled, details_submitted, updated_at) on org_payment_account to hearth_app;

    -- The signed org's connected account when it can take charges (else null): what every
    -- member (not certifiers) and a pay link may know of it, to show Pay and start Checkout.
    create function org_online_payment_account() returns text language sql stable security definer
      set search_path = pg_catalog, public as $$
      select a.stripe_account_id from org_payment_account a
      where a.org_id = current_org_id() and a.charges_enabled
        and (current_app_role() in ('owner', 'admin', 'house_manager', 'staff', 'resident') or current_pay_link_id() is not null)
    $$;
    revoke execute on function org_online_payment_account() from public;
    grant execute on function org_online_payment_account() to hearth_app;

    -- ── family pay links ──────────────────────────────────────────────
    create table pay_link (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      token_hash text not null constraint pay_link_token_hash_check check (token_hash ~ '^[0-9a-f]{64}$'),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint pay_link_pkey primary key (org_id, id),
      constraint pay_link_token_key unique (org_id, token_hash),
      constraint pay_link_expiry check (expires_at > created_at and expires_at <= created_at + interval '90 days'),
      constraint pay_link_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index pay_link_resident_idx on pay_link (org_id, resident_id, created_at desc, id desc);
    -- The link's lookup: no org is known yet.
    create index pay_link_token_idx on pay_link (token_hash) where revoked_at is null;

    -- Who may see and make a resident's pay links: owners/admins; the team of a house the
    -- resident has a stay in; the resident themself.
    alter table pay_link enable row level security;
    alter table pay_link force row level security;
    create policy pay_link_select on pay_link for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and resident_id in (select s.resident_id from stay s where s.house_id = any (${MY_HOUSES})))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy pay_link_insert on pay_link for insert with check (${ORG} and revoked_at is null and (
      ${ADMIN}
      or (${SCOPED} and resident_id in (select s.resident_id from stay s where s.house_id = any (${MY_HOUSES})))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy pay_link_update on pay_link for update using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and resident_id in (select s.resident_id from stay s where s.house_id = any (${MY_HOUSES})))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})))
      with check (${ORG} and revoked_at is not null);
    create policy pay_link_owner_read on pay_link for select to hearth_owner using (true);
    grant select, insert (id, org_id, resident_id, token_hash, expires_at) on pay_link to hearth_app;
    grant update (revoked_at) on pay_link to hearth_app;
    -- A turned-off link stays off: nobody (whatever the policy) changes a revoked row.
    create function pay_link_stays_revoked() returns trigger language plpgsql as $$
    begin
      if old.revoked_at is not null then
        raise exception 'pay_link: a turned-off link cannot be changed' using errcode = 'check_violation';
      end if;
      return new;
    end $$;
    create trigger pay_link_stays_revoked before update on pay_link
      for each row execute function pay_link_stays_revoked();

    -- ── payment attempts ──────────────────────────────────────────────
    create table payment_attempt (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      stay_id uuid not null,
      amount_cents bigint not null,
      currency text not null constraint payment_attempt_currency_check check (currency ~ '^[A-Z]{3}$'),
      payer text not null,
      pay_link_id uuid,
      status text not null default 'started',
      checkout_session_id text constraint payment_attempt_checkout_check check (length(checkout_session_id) between 1 and 255),
      payment_intent_id text constraint payment_attempt_intent_check check (length(payment_intent_id) between 1 and 255),
      failure_code text constraint payment_attempt_failure_check check (length(failure_code) between 1 and 100),
      dispute_id text constraint payment_attempt_dispute_check check (length(dispute_id) between 1 and 255),
      disputed_at timestamptz,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint payment_attempt_pkey primary key (org_id, id),
      constraint payment_attempt_amount check (amount_cents between 50 and 100000000),
      constraint payment_attempt_payer check (payer in ('resident', 'family')),
      constraint payment_attempt_status check (status in ('started', 'succeeded', 'failed')),
      constraint payment_attempt_link check ((pay_link_id is null) = (payer = 'resident')),
      constraint payment_attempt_intent_key unique (org_id, payment_intent_id),
      constraint payment_attempt_stay_fk foreign key (org_id, resident_id, house_id, stay_id)
        references stay (org_id, resident_id, house_id, id),
      constraint payment_attempt_link_fk foreign key (org_id, pay_link_id) references pay_link (org_id, id)
    );
    create index payment_attempt_resident_idx on payment_attempt (org_id, resident_id, created_at desc, id desc);
    create index payment_attempt_house_idx on payment_attempt (org_id, house_id, created_at desc, id desc);

    alter table payment_attempt enable row level security;
    alter table payment_attempt force row level security;
    create policy payment_attempt_select on payment_attempt for select using (${ORG} and (
      ${ADMIN} or ${WEBHOOK}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})
      or (pay_link_id = ${PAY_LINK})));
    -- A resident pays for themself; a pay link for its resident, as family; the team may
    -- start one for a resident of their houses (as the resident paying).
    create policy payment_attempt_insert on payment_attempt for insert with check (${ORG} and status = 'started' and (
      (${ADMIN} and payer = 'resident')
      or (${SCOPED} and payer = 'resident' and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and payer = 'resident' and resident_id = ${MY_RESIDENT})
      or (payer = 'family' and pay_link_id = ${PAY_LINK}
        and resident_id = (select l.resident_id from pay_link l where l.org_id = payment_attempt.org_id and l.id = ${PAY_LINK}))));
    -- Only what Stripe reports changes an attempt.
    create policy payment_attempt_update on payment_attempt for update using (${ORG} and ${WEBHOOK}) with check (${ORG} and ${WEBHOOK});
    grant select, insert (id, org_id, resident_id, house_id, stay_id, amount_cents, currency, payer, pay_link_id, checkout_session_id) on payment_attempt to hearth_app;
    grant update (status, checkout_session_id, payment_intent_id, failure_code, dispute_id, disputed_at, updated_at) on payment_attempt to hearth_app;

    -- A pay link reads its own row (to start a payment), nothing else of the table.
    create policy pay_link_own on pay_link for select using (${ORG} and id = ${PAY_LINK});

    -- ── verified webhook events, once each ────────────────────────────
    create table stripe_event (
      org_id uuid not null references org (id),
      event_id text not null constraint stripe_event_id_check check (event_id ~ '^evt_[A-Za-z0-9_]{1,255}$'),
      type text not null constraint stripe_event_type_check check (length(type) between 1 and 100),
      stripe_created_at timestamptz not null,
      received_at timestamptz not null default now(),
      constraint stripe_event_pkey primary key (org_id, event_id)
    );
    create index stripe_event_received_idx on stripe_event (org_id, received_at desc, event_id);
    alter table stripe_event enable row level security;
    alter table stripe_event force row level security;
    create policy stripe_event_select on stripe_event for select using (${ORG} and (${ADMIN} or ${WEBHOOK}));
    create policy stripe_event_insert on stripe_event for insert with check (${ORG} and ${WEBHOOK});
    grant select, insert (org_id, event_id, type, stripe_created_at) on stripe_event to hearth_app;
    create trigger stripe_event_append_only before update or delete on stripe_event
      for each row execute function forbid_change();
    create trigger stripe_event_no_truncate before truncate on stripe_event
      for each statement execute function forbid_change();

    -- ── the webhook's narrow powers over the ledger ───────────────────
    -- It sees the org's online payments and refunds (to find a payment and what was already
    -- refunded of it) and appends only online payments and refunds; the ledger's own
    -- trigger still checks a refund against its payment.
    create policy ledger_entry_webhook_select on ledger_entry for select using (${ORG} and ${WEBHOOK}
      and (method = 'online' or kind = 'refund'));
    -- Whether an entry of the signed org is an online payment (a policy may not read its own table).
    create function ledger_entry_is_online_payment(entry uuid) returns boolean language sql stable security definer
      set search_path = pg_catalog, public as $$
      select exists (select 1 from ledger_entry p where p.org_id = current_org_id() and p.id = entry and p.kind = 'payment' and p.method = 'online')
    $$;
    revoke execute on function ledger_entry_is_online_payment(uuid) from public;
    grant execute on function ledger_entry_is_online_payment(uuid) to hearth_app;
    create policy ledger_entry_webhook_insert on ledger_entry for insert with check (${ORG} and ${WEBHOOK}
      and ((kind = 'payment' and method = 'online')
        or (kind = 'refund' and refund_of_id is not null and ledger_entry_is_online_payment(refund_of_id))));
    -- Only the webhook's context writes online payments: members record every other method.
    drop policy ledger_entry_insert on ledger_entry;
    create policy ledger_entry_insert on ledger_entry for insert with check (${ORG} and method is distinct from 'online' and (
      ${ADMIN} or (${ROLE} = 'house_manager' and house_id = any (${MY_HOUSES}))));
    -- The webhook dates a payment by the house's calendar day (its time zone).
    create policy house_webhook_select on house for select using (${ORG} and ${WEBHOOK});
    -- Stripe reports the connected account's status (account.updated).
    create policy org_payment_account_webhook_update on org_payment_account for update
      using (${ORG} and ${WEBHOOK}) with check (${ORG} and ${WEBHOOK});

    -- Each Stripe refund (re_…) and each lost dispute (dp_…) is posted once, as its own
    -- refund entry: the Stripe object id is the key (a manual refund of the same payment
    -- is a different entry and never counts for it).
    create table stripe_refund (
      org_id uuid not null references org (id),
      stripe_id text not null constraint stripe_refund_id_check check (stripe_id ~ '^(re|pyr|dp|du)_[A-Za-z0-9_]{1,255}$'),
      ledger_entry_id uuid not null,
      created_at timestamptz not null default now(),
      constraint stripe_refund_pkey primary key (org_id, stripe_id),
      constraint stripe_refund_entry_fk foreign key (org_id, ledger_entry_id) references ledger_entry (org_id, id)
    );
    alter table stripe_refund enable row level security;
    alter table stripe_refund force row level security;
    create policy stripe_refund_select on stripe_refund for select using (${ORG} and (${ADMIN} or ${WEBHOOK}));
    create policy stripe_refund_insert on stripe_refund for insert with check (${ORG} and ${WEBHOOK});
    grant select, insert (org_id, stripe_id, ledger_entry_id) on stripe_refund to hearth_app;
    create trigger stripe_refund_append_only before update or delete on stripe_refund
      for each row execute function forbid_change();
    create trigger stripe_refund_no_truncate before truncate on stripe_refund
      for each statement execute function forbid_change();
    create policy receipt_counter_webhook_select on receipt_counter for select using (${ORG} and ${WEBHOOK});
    create policy receipt_counter_webhook_insert on receipt_counter for insert with check (${ORG} and ${WEBHOOK});
    create policy receipt_counter_webhook_update on receipt_counter for update using (${ORG} and ${WEBHOOK}) with check (${ORG} and ${WEBHOOK});

    -- ── entries ───────────────────────────────────────────────────────
    -- The org whose connected account a verified Stripe event names (exactly one).
    create function enter_stripe_account(account text, rid text, client_ip text)
      returns setof tenant_signed language sql stable security definer set search_path = pg_catalog, public as $$
      select s.* from (
        select a.org_id from org_payment_account a
        where account ~ '^acct_[A-Za-z0-9]{1,64}$' and a.stripe_account_id = account
      ) a cross join lateral tenant_sign(a.org_id, null, 'payments_webhook', rid, client_ip) s
      where (select count(*) from org_payment_account b where b.stripe_account_id = account) = 1
    $$;
    revoke execute on function enter_stripe_account(text, text, text) from public;
    grant execute on function enter_stripe_account(text, text, text) to hearth_app;

    -- A live, unexpired pay link's org, as the role 'pay_link:<id>' (no user).
    create function enter_pay_link(token text, rid text, client_ip text)
      returns table (org_id uuid, user_id uuid, role text, request_id text, ip text, mac text, link_id uuid)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select s.org_id, s.user_id, s.role, s.request_id, s.ip, s.mac, l.id
      from pay_link l
      cross join lateral tenant_sign(l.org_id, null, 'pay_link:' || l.id::text, rid, client_ip) s
      where token ~ '^[a-z2-7]{32}$' and l.token_hash = auth_token_hash(token)
        and l.revoked_at is null and l.expires_at > now()
      limit 1
    $$;
    revoke execute on function enter_pay_link(text, text, text) from public;
    grant execute on function enter_pay_link(text, text, text) to hearth_app;

    -- What a pay link may show and charge: the org's name and currency, the resident's
    -- balance, and the stay a payment belongs to (current, else latest begun, else
    -- planned). Nothing about the resident is shown; the ids stay on the server.
    create function pay_link_due()
      returns table (org_name text, currency text, balance_cents bigint, resident_id uuid, house_id uuid, stay_id uuid)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select g.name, g.currency,
        (select coalesce(sum(e.amount_cents), 0)::bigint from ledger_entry e where e.org_id = l.org_id and e.resident_id = l.resident_id),
        l.resident_id, st.house_id, st.id
      from pay_link l
      join org g on g.id = l.org_id
      left join lateral (
        select s.id, s.house_id from stay s
        where s.org_id = l.org_id and s.resident_id = l.resident_id
        order by s.during @> current_date desc, lower(s.during) <= current_date desc, lower(s.during) desc
        limit 1
      ) st on true
      where l.org_id = current_org_id() and l.id = current_pay_link_id() and l.revoked_at is null and l.expires_at > now()
    $$;
    revoke execute on function pay_link_due() from public;
    grant execute on function pay_link_due() to hearth_app;
    -- pay_link_due reads as its owner.
    create policy ledger_entry_owner_read on ledger_entry for select to hearth_owner using (${ORG});
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
