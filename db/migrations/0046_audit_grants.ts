import { sql, type Kysely } from "kysely";

/**
 * Audit grants (issue 13, capability 5; ADR 049): the operator's permission for a certifying
 * body to look at its houses.
 *
 *  - audit_grant: issued by an operator (org_id) to a certifier org (certifier_org_id), with a
 *    scope — 'review' (read the self-assessments and their evidence, comment) or
 *    'certification' (review, and also inspect, record findings and certification decisions)
 *    — a first and last day (dates in the operator's zone; no last day = until revoked), and
 *    revocable at any time (revoked_at, revoked_by; never deleted).
 *  - audit_grant_house: the houses a grant covers (composite keys to the operator's houses).
 *
 *  - certifier_grant_covers(org, house, scope): true when the current user acts for a
 *    certifier org (certifier_admin or auditor) that holds an active grant from `org` covering
 *    `house` (null: the operator-wide work, covered by any active grant) with at least
 *    `scope`. Every policy that lets a certifier read or write an operator's rows calls this
 *    one function, so expiry and revocation take effect at once everywhere. It runs as the
 *    owner (the certifier cannot read the operator's grant rows through their own policies
 *    when the org is not theirs — they can, but the houses join must not depend on them).
 *  - certifier_audit(org, action, entity_type, entity_id, data): a certifier's read or write
 *    of an operator's rows, written to both orgs' audit logs in one call: the certifier's own
 *    (as every audit event) and the operator's (org named by the function; only the owner role
 *    may name an org other than the transaction's, which audit_event_stamp now allows).
 *    Refused unless certifier_grant_covers(org, house, 'review') holds for the house named in
 *    data->>'houseId' (or operator-wide).
 *
 * RLS: the operator's owners and admins see, issue and revoke their grants; the certifier org's
 * certifier_admins and auditors see the grants issued to them (never write them).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const CERTIFIER_ROLE = `${ROLE} in ('certifier_admin', 'auditor')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table audit_grant (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      certifier_org_id uuid not null references org (id),
      scope text not null default 'certification' constraint audit_grant_scope check (scope in ('review', 'certification')),
      starts_on date not null,
      ends_on date,
      note text constraint audit_grant_note_check check (length(note) between 1 and 500),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by uuid,
      constraint audit_grant_pkey primary key (org_id, id),
      constraint audit_grant_dates check (ends_on is null or ends_on >= starts_on),
      constraint audit_grant_not_self check (certifier_org_id <> org_id),
      constraint audit_grant_revoked check ((revoked_at is null) = (revoked_by is null))
    );
    create index audit_grant_org_idx on audit_grant (org_id, created_at desc);
    create index audit_grant_certifier_idx on audit_grant (certifier_org_id, org_id) where revoked_at is null;

    create table audit_grant_house (
      org_id uuid not null,
      grant_id uuid not null,
      house_id uuid not null,
      constraint audit_grant_house_pkey primary key (org_id, grant_id, house_id),
      constraint audit_grant_house_grant_fk foreign key (org_id, grant_id) references audit_grant (org_id, id),
      constraint audit_grant_house_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index audit_grant_house_house_idx on audit_grant_house (org_id, house_id);

    -- The certifier named is a certifier org; a grant's houses are fixed once issued; a
    -- revoked grant stays revoked.
    create function audit_grant_check() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'INSERT' then
        if not exists (select 1 from org o where o.id = new.certifier_org_id and o.kind = 'certifier') then
          raise exception 'a grant is issued to a certifying body' using errcode = '23514', constraint = 'audit_grant_certifier';
        end if;
        return new;
      end if;
      if old.revoked_at is not null then
        raise exception 'a revoked grant cannot change' using errcode = '23514', constraint = 'audit_grant_revoked_final';
      end if;
      if new.certifier_org_id <> old.certifier_org_id or new.org_id <> old.org_id or new.scope <> old.scope or new.starts_on <> old.starts_on then
        raise exception 'a grant''s certifier, scope and start are fixed; issue a new one' using errcode = '23514', constraint = 'audit_grant_fixed';
      end if;
      return new;
    end $$;
    create trigger audit_grant_check before insert or update on audit_grant
      for each row execute function audit_grant_check();

    -- A grant's houses are named when it is issued (in the transaction that created it), never
    -- added later: widening access is a new grant, with its own audit event.
    create function audit_grant_house_check() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    begin
      if not exists (select 1 from audit_grant g where g.org_id = new.org_id and g.id = new.grant_id and g.created_at = now()) then
        raise exception 'a grant''s houses are fixed once issued' using errcode = '23514', constraint = 'audit_grant_fixed';
      end if;
      return new;
    end $$;
    create trigger audit_grant_house_check before insert on audit_grant_house
      for each row execute function audit_grant_house_check();

    create function certifier_grant_covers(p_org uuid, p_house uuid, p_scope text default 'review') returns boolean
      language sql stable security definer set search_path = pg_catalog, public as $$
      select current_app_role() in ('certifier_admin', 'auditor') and exists (
        select 1 from audit_grant g
          join org o on o.id = g.org_id
        where g.org_id = p_org and g.certifier_org_id = current_org_id()
          and g.revoked_at is null
          and g.starts_on <= (now() at time zone o.time_zone)::date
          and (g.ends_on is null or g.ends_on >= (now() at time zone o.time_zone)::date)
          and (p_scope = 'review' or g.scope = 'certification')
          and (p_house is null or exists (
            select 1 from audit_grant_house gh where gh.org_id = g.org_id and gh.grant_id = g.id and gh.house_id = p_house)))
    $$;
    revoke all on function certifier_grant_covers(uuid, uuid, text) from public;
    grant execute on function certifier_grant_covers(uuid, uuid, text) to hearth_app;

    -- Only the owner role (a security-definer function such as certifier_audit) may name the
    -- org of an audit event; everyone else's events belong to the transaction's org.
    create or replace function audit_event_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if not (current_user = 'hearth_owner' and new.org_id is not null) then
        new.org_id := current_org_id();
      end if;
      new.actor_user_id := current_app_user_id();
      new.request_id := nullif(current_setting('app.request_id', true), '');
      new.ip := nullif(current_setting('app.ip', true), '');
      new.created_at := now();
      return new;
    end $$;

    create function certifier_audit(p_org uuid, p_action text, p_entity_type text, p_entity_id text, p_data jsonb default '{}')
      returns void language plpgsql security definer set search_path = pg_catalog, public as $$
    declare
      house uuid := nullif(p_data->>'houseId', '')::uuid;
      me uuid := current_org_id();
      certifier text;
    begin
      if not certifier_grant_covers(p_org, house, 'review') then
        raise exception 'no active audit grant covers this' using errcode = '42501', constraint = 'audit_grant_required';
      end if;
      select o.name into certifier from org o where o.id = me;
      insert into audit_event (org_id, action, entity_type, entity_id, data)
        values (me, p_action, p_entity_type, p_entity_id, p_data || jsonb_build_object('operatorOrgId', p_org));
      insert into audit_event (org_id, action, entity_type, entity_id, data)
        values (p_org, p_action, p_entity_type, p_entity_id, p_data || jsonb_build_object('certifierOrgId', me, 'certifier', certifier));
    end $$;
    revoke all on function certifier_audit(uuid, text, text, text, jsonb) from public;
    grant execute on function certifier_audit(uuid, text, text, text, jsonb) to hearth_app;

    -- ── row-level security ─────────────────────────────────────────────
    alter table audit_grant enable row level security;
    alter table audit_grant force row level security;
    create policy audit_grant_select on audit_grant for select using (
      (${ORG} and ${ADMIN}) or (certifier_org_id = (select current_org_id()) and ${CERTIFIER_ROLE}));
    create policy audit_grant_insert on audit_grant for insert with check (${ORG} and ${ADMIN});
    create policy audit_grant_update on audit_grant for update using (${ORG} and ${ADMIN}) with check (${ORG} and ${ADMIN});

    alter table audit_grant_house enable row level security;
    alter table audit_grant_house force row level security;
    create policy audit_grant_house_select on audit_grant_house for select using (
      exists (select 1 from audit_grant g where g.org_id = audit_grant_house.org_id and g.id = audit_grant_house.grant_id));
    create policy audit_grant_house_insert on audit_grant_house for insert with check (${ORG} and ${ADMIN});

    create policy audit_insert_owner on audit_event for insert to hearth_owner with check (true);
    create policy audit_grant_owner_read on audit_grant for select to hearth_owner using (true);
    create policy audit_grant_house_owner_read on audit_grant_house for select to hearth_owner using (true);

    grant select on audit_grant, audit_grant_house to hearth_app;
    grant insert (id, org_id, certifier_org_id, scope, starts_on, ends_on, note) on audit_grant to hearth_app;
    grant update (ends_on, revoked_at, revoked_by) on audit_grant to hearth_app;
    grant insert (org_id, grant_id, house_id) on audit_grant_house to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
