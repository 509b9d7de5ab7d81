import { sql, type Kysely } from "kysely";

/**
 * Certification status, public verification and renewals (issue 13, capability 8; ADR 050).
 *
 *  - certification: one per house and certifying body, in the operator's org (org_id =
 *    operator): the level (1–4), the status (draft … certified, conditional, denied, appeal,
 *    expired, revoked), the decision date and expiry of the latest decision, and the note of
 *    the latest change. The database keeps `decision` (the latest decision, still in force
 *    while a renewal is reviewed) and `first_certified_on` (a public page exists from then
 *    on), and a random `public_token` for the verification link (a public identifier, not a
 *    secret: it is printed on the certificate).
 *  - certification_event: the append-only history — every insert and status change, with
 *    who (user and org) and when, written by the database (trigger), never by the app.
 *  - certification_reminder: one row per certification, stage (90 or 30 days) and expiry
 *    that was queued; the unique key makes the renewal reminder job idempotent.
 *
 * Transitions are checked by a trigger (`certification_transition`): certifier roles move a
 * certification along the workflow; an operator's owner or admin may only ask for an appeal
 * of a denial, and may mark a certified/conditional one expired once its expiry has passed in
 * the house's zone (the maintenance job runs as the org's admin). Certified and conditional
 * need a decision date and an expiry after it (check constraint).
 *
 * RLS: certifier roles read (`review`) and write (`certification`) only the certifications
 * of their own body and only while certifier_grant_covers(org_id, house_id, …) holds — the
 * one grant function of migration 0046; operators' owners and admins read all of their org's
 * certifications, house managers their houses'; nobody else (staff, residents, other orgs)
 * sees them. No one deletes. Certifier roles also read the houses their grant covers (the
 * house's name on their pages).
 *
 * The public verification page has no tenant: enter_verify(token) signs an org-only public
 * context (org, no user, no role — what enter_public_form signs for any operator's slug), and
 * public_certification(token), a SECURITY DEFINER function bound by the owner-read policies,
 * returns only public fields: house name and town, operator, certifying body, level, the public
 * status, decision and expiry dates. Never a resident.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const CERTIFIER_ROLE = `${ROLE} in ('certifier_admin', 'auditor')`;
const MY_BODY = `certifier_org_id = (select current_org_id())`;
const OPERATOR_READS = `(${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))))`;
const CERTIFIER_READS = `(${CERTIFIER_ROLE} and ${MY_BODY} and certifier_grant_covers(org_id, house_id, 'review'))`;
const CERTIFIER_WRITES = `(${CERTIFIER_ROLE} and ${MY_BODY} and certifier_grant_covers(org_id, house_id, 'certification'))`;

const STATUSES = `'draft', 'submitted', 'in_review', 'interview', 'site_visit', 'corrective_action', 'certified', 'conditional', 'denied', 'appeal', 'expired', 'revoked'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table certification (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      certifier_org_id uuid not null references org (id),
      level smallint not null constraint certification_level check (level between 1 and 4),
      status text not null constraint certification_status check (status in (${STATUSES})),
      decided_on date,
      expires_on date,
      decision text constraint certification_decision check (decision in ('certified', 'conditional', 'denied', 'expired', 'revoked')),
      first_certified_on date,
      public_token text not null default substr(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 1, 32)
        constraint certification_public_token_check check (public_token ~ '^[0-9a-f]{32}$'),
      note text constraint certification_note check (length(note) between 1 and 1000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint certification_pkey primary key (org_id, id),
      constraint certification_house_key unique (org_id, house_id, certifier_org_id),
      constraint certification_token_key unique (org_id, public_token),
      constraint certification_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint certification_not_self check (certifier_org_id <> org_id),
      constraint certification_dates check (
        (status not in ('certified', 'conditional') or (decided_on is not null and expires_on is not null))
        and (status not in ('denied', 'revoked') or decided_on is not null)
        and (expires_on is null or (decided_on is not null and expires_on > decided_on)))
    );
    create index certification_house_idx on certification (org_id, house_id);
    create index certification_certifier_idx on certification (certifier_org_id, org_id);
    -- The public link finds its certification by token alone (random, 128 bits).
    create index certification_public_token_idx on certification (public_token);
    -- The renewal and expiry jobs read an org's decided certifications by expiry.
    create index certification_expiry_idx on certification (org_id, expires_on) where expires_on is not null;

    create table certification_event (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      certification_id uuid not null,
      house_id uuid not null,
      certifier_org_id uuid not null references org (id),
      from_status text constraint certification_event_from check (from_status in (${STATUSES})),
      to_status text not null constraint certification_event_to check (to_status in (${STATUSES})),
      level smallint not null,
      decided_on date,
      expires_on date,
      note text,
      actor_user_id uuid,
      actor_org_id uuid,
      created_at timestamptz not null default now(),
      constraint certification_event_pkey primary key (org_id, id),
      constraint certification_event_certification_fk foreign key (org_id, certification_id) references certification (org_id, id),
      constraint certification_event_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index certification_event_certification_idx on certification_event (org_id, certification_id, created_at desc);
    create trigger certification_event_append_only before update or delete on certification_event
      for each row execute function forbid_change();

    create table certification_reminder (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      certification_id uuid not null,
      stage text not null constraint certification_reminder_stage check (stage in ('90_days', '30_days')),
      expires_on date not null,
      created_at timestamptz not null default now(),
      constraint certification_reminder_pkey primary key (org_id, id),
      constraint certification_reminder_once_key unique (org_id, certification_id, stage, expires_on),
      constraint certification_reminder_certification_fk foreign key (org_id, certification_id) references certification (org_id, id),
      constraint certification_reminder_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index certification_reminder_house_idx on certification_reminder (org_id, house_id, created_at desc);
    create trigger certification_reminder_append_only before update or delete on certification_reminder
      for each row execute function forbid_change();

    -- ── the workflow, in the database ─────────────────────────────────
    create function certification_transition() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      certifier boolean := current_app_role() in ('certifier_admin', 'auditor');
      today date;
      allowed text[];
    begin
      if tg_op = 'INSERT' then
        if not certifier then
          raise exception 'only a certifying body starts a certification' using errcode = '23514', constraint = 'certification_transition';
        end if;
        if not exists (select 1 from org o where o.id = new.certifier_org_id and o.kind = 'certifier') then
          raise exception 'a certification is held from a certifying body' using errcode = '23514', constraint = 'certification_transition';
        end if;
        if new.status not in ('draft', 'submitted', 'in_review') then
          raise exception 'a certification starts as a draft, submitted or in review' using errcode = '23514', constraint = 'certification_transition';
        end if;
        new.decision := null;
        new.first_certified_on := null;
        new.decided_on := null;
        new.expires_on := null;
        return new;
      end if;

      if new.org_id <> old.org_id or new.house_id <> old.house_id or new.certifier_org_id <> old.certifier_org_id
         or new.public_token <> old.public_token or new.created_at <> old.created_at then
        raise exception 'a certification''s house, body and link are fixed' using errcode = '23514', constraint = 'certification_transition';
      end if;
      if new.status = old.status then
        raise exception 'a change moves the certification to another status' using errcode = '23514', constraint = 'certification_transition';
      end if;

      if certifier then
        allowed := case old.status
          when 'draft' then array['submitted', 'in_review']
          when 'submitted' then array['in_review']
          when 'in_review' then array['interview', 'site_visit', 'corrective_action', 'certified', 'conditional', 'denied']
          when 'interview' then array['in_review', 'site_visit', 'corrective_action', 'certified', 'conditional', 'denied']
          when 'site_visit' then array['corrective_action', 'certified', 'conditional', 'denied']
          when 'corrective_action' then array['site_visit', 'certified', 'conditional', 'denied']
          when 'certified' then array['conditional', 'revoked', 'submitted']
          when 'conditional' then array['certified', 'corrective_action', 'denied', 'revoked', 'submitted']
          when 'denied' then array['submitted']
          when 'appeal' then array['in_review', 'certified', 'conditional', 'denied']
          when 'expired' then array['submitted']
          when 'revoked' then array['submitted']
          else array[]::text[] end;
        if not new.status = any (allowed) then
          raise exception 'this status cannot follow the current one' using errcode = '23514', constraint = 'certification_transition';
        end if;
      else
        -- An operator: an appeal of a denial, or the expiry once it has passed; nothing else changes.
        select (now() at time zone h.time_zone)::date into today from house h where h.org_id = new.org_id and h.id = new.house_id;
        if not ((old.status = 'denied' and new.status = 'appeal')
                or (old.status in ('certified', 'conditional') and new.status = 'expired' and old.expires_on < today)) then
          raise exception 'an operator may only appeal a denial' using errcode = '23514', constraint = 'certification_transition';
        end if;
        if new.level <> old.level or new.decided_on is distinct from old.decided_on or new.expires_on is distinct from old.expires_on then
          raise exception 'an operator may only appeal a denial' using errcode = '23514', constraint = 'certification_transition';
        end if;
      end if;

      new.decision := case when new.status in ('certified', 'conditional', 'denied', 'expired', 'revoked') then new.status else old.decision end;
      new.first_certified_on := coalesce(old.first_certified_on, case when new.status in ('certified', 'conditional') then new.decided_on end);
      new.updated_at := now();
      return new;
    end $$;
    create trigger certification_transition before insert or update on certification
      for each row execute function certification_transition();

    -- The history row of every insert and status change, written as the owner (the app may
    -- only read the history): who (user, org) comes from the signed settings.
    create function certification_history() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    begin
      insert into certification_event (org_id, certification_id, house_id, certifier_org_id, from_status, to_status,
        level, decided_on, expires_on, note, actor_user_id, actor_org_id)
      values (new.org_id, new.id, new.house_id, new.certifier_org_id, case when tg_op = 'UPDATE' then old.status end,
        new.status, new.level, new.decided_on, new.expires_on, new.note, current_app_user_id(), current_org_id());
      return null;
    end $$;
    create trigger certification_history after insert or update on certification
      for each row execute function certification_history();

    -- ── row-level security ─────────────────────────────────────────────
    alter table certification enable row level security;
    alter table certification force row level security;
    create policy certification_select on certification for select using (${OPERATOR_READS} or ${CERTIFIER_READS});
    create policy certification_insert on certification for insert with check (${CERTIFIER_WRITES});
    create policy certification_update on certification for update
      using (${CERTIFIER_WRITES} or (${ORG} and ${ADMIN} and status in ('denied', 'certified', 'conditional')))
      with check (${CERTIFIER_WRITES} or (${ORG} and ${ADMIN} and status in ('appeal', 'expired')));

    alter table certification_event enable row level security;
    alter table certification_event force row level security;
    create policy certification_event_select on certification_event for select using (${OPERATOR_READS} or ${CERTIFIER_READS});
    create policy certification_event_owner_insert on certification_event for insert to hearth_owner with check (true);

    alter table certification_reminder enable row level security;
    alter table certification_reminder force row level security;
    create policy certification_reminder_select on certification_reminder for select using (${OPERATOR_READS});
    create policy certification_reminder_insert on certification_reminder for insert with check (${ORG} and ${ADMIN});

    -- A certifier reads the houses an active grant covers through 0049's house_certifier_select.

    grant select on certification to hearth_app;
    grant insert (id, org_id, house_id, certifier_org_id, level, status, note) on certification to hearth_app;
    grant update (level, status, decided_on, expires_on, note, updated_at) on certification to hearth_app;
    grant select on certification_event to hearth_app;
    grant select on certification_reminder to hearth_app;
    grant insert (org_id, house_id, certification_id, stage, expires_on) on certification_reminder to hearth_app;

    -- The renewal reminders' recipients: the org's active owners and admins. The maintenance
    -- job's system context (no user) cannot read memberships (membership_select needs a
    -- signed-in user); an owner or admin could read these anyway, so nothing new is exposed.
    create function org_admin_emails() returns table (email text)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select distinct u.email from membership m join app_user u on u.id = m.user_id
      where m.org_id = (select current_org_id()) and (select current_app_role()) in ('owner', 'admin')
        and m.role in ('owner', 'admin') and m.disabled_at is null and u.disabled_at is null
      order by u.email
    $$;
    revoke all on function org_admin_emails() from public;
    grant execute on function org_admin_emails() to hearth_app;

    -- ── the public verification page ──────────────────────────────────
    create policy certification_owner_read on certification for select to hearth_owner using (true);

    -- The org of a certification that was once certified, for the public link's token: the
    -- org-only public context (no user, no role — RLS grants it nothing of its own).
    create function enter_verify(token text, rid text, ip text) returns setof tenant_signed
      language sql stable security definer set search_path = pg_catalog, public as $$
      select s.* from (
        select c.org_id from certification c
        where token ~ '^[0-9a-f]{32}$' and c.public_token = token and c.first_certified_on is not null
        limit 1) c, tenant_sign(c.org_id, null, '', rid, ip) s
    $$;
    revoke all on function enter_verify(text, text, text) from public;
    grant execute on function enter_verify(text, text, text) to hearth_app;

    create function public_certification(p_token text)
      returns table (
        house_name text, city text, region text, operator_name text, certifier_name text, level smallint,
        status text, renewal_in_progress boolean, decided_on date, expires_on date, first_certified_on date)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select h.name, h.city, h.region, op.name, body.name, c.level,
        case
          when c.status in ('certified', 'conditional') and c.expires_on < (now() at time zone h.time_zone)::date then 'expired'
          when c.status in ('certified', 'conditional', 'denied', 'expired', 'revoked') then c.status
          when c.decision in ('certified', 'conditional') and c.expires_on < (now() at time zone h.time_zone)::date then 'expired'
          else c.decision
        end,
        c.status not in ('certified', 'conditional', 'denied', 'expired', 'revoked'),
        c.decided_on, c.expires_on, c.first_certified_on
      from certification c
      join house h on h.org_id = c.org_id and h.id = c.house_id
      join org op on op.id = c.org_id
      join org body on body.id = c.certifier_org_id
      where c.org_id = (select current_org_id()) and c.public_token = p_token and c.first_certified_on is not null
        -- only the public entry: no member acts through this function
        and (select current_app_user_id()) is null
    $$;
    revoke all on function public_certification(text) from public;
    grant execute on function public_certification(text) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
