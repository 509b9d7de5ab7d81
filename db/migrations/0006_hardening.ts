import { sql, type Kysely } from "kysely";

/**
 * Security hardening inside an org. The database is the last wall, so every
 * rule here holds whatever SQL the app role sends with the app's own settings:
 *
 *  1. Admissions: a stay may only be inserted for a resident the caller can see (a
 *     plpgsql helper, so stay → resident → stay never loops in the rewriter), and a house
 *     manager's move-in lies in the admission window around the house's local today
 *     (30 days back, 365 ahead); back-dating further needs owner/admin.
 *  2. Off-boarding: `resident.created_by` is plain history (no foreign key): the old
 *     `on delete set null` collided with the trigger that keeps it immutable, so removing
 *     a member who had added a resident failed. Memberships can be disabled (disabled_at).
 *  3. Memberships and invitations: house-scoped roles see staff only (never residents or
 *     resident invitations, except the invitation of a resident they can see).
 *  4. Decided applications (admitted, declined, withdrawn) are read by owners/admins and by
 *     managers of the admitted house only; the house is recorded at admission. Anonymised
 *     applications need no contact (the retention job clears it).
 *  5. Role-aware writes on membership, invite and org; selects need a signed-in user or a
 *     named public purpose (app.public_slug for the application form, app.token_hash for
 *     an invitation link, the org being set up in this transaction).
 *  6. The outbox gets forced RLS (requests insert for the current org only; the worker
 *     role reads and updates); the worker may list org ids (for retention jobs).
 *  7. The audit log is tamper-evident: the app role inserts only action, entity and data
 *     (a trigger stamps org, actor, request id, IP and time from the transaction's
 *     settings), and every event is sealed into a per-org hash chain (audit_seal) when its
 *     transaction commits (a deferred trigger holding a per-chain advisory lock, so
 *     concurrent writers are serialized only for the moment of commit).
 * 18. The public form may only name an active house as preference.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const USER = `(select current_app_user_id())`;
const SIGNED_IN = `${USER} is not null`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const TEAM_ADMIN = `${ROLE} in ('owner', 'admin', 'certifier_admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const TOKEN = `nullif(current_setting('app.token_hash', true), '')`;
// Only the top role of an org (owner; certifier_admin in a certifier org) grants, changes
// or removes that role.
const topRoleRule = (col: string) => `(${col} not in ('owner', 'certifier_admin') or ${col} = ${ROLE})`;
const DECIDED = `('admitted', 'declined', 'withdrawn')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── helpers ────────────────────────────────────────────────────────
    -- Is this resident visible to the caller (under the caller's RLS)? plpgsql, so a policy
    -- on stay can ask without the rewriter expanding resident's policies (which read stay).
    create function resident_is_visible(rid uuid) returns boolean language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      return exists (select 1 from resident r where r.org_id = current_org_id() and r.id = rid);
    end $$;

    -- A house's local today. plpgsql for the same reason (house's policy reads stay).
    create function house_local_today(hid uuid) returns date language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      return (select (now() at time zone h.time_zone)::date from house h where h.org_id = current_org_id() and h.id = hid);
    end $$;

    -- ── 1. admissions ──────────────────────────────────────────────────
    drop policy stay_insert on stay;
    create policy stay_insert on stay for insert with check (${ORG} and resident_is_visible(resident_id) and (
      ${ADMIN}
      or (${MANAGER} and house_id = any (${MY_HOUSES})
        and lower(during) between house_local_today(house_id) - 30 and house_local_today(house_id) + 365)
    ));

    -- ── 2. off-boarding ────────────────────────────────────────────────
    alter table resident drop constraint resident_created_by_fk;
    alter table membership add column disabled_at timestamptz;

    -- ── 3 + 5. memberships ─────────────────────────────────────────────
    drop policy membership_select on membership;
    drop policy membership_write on membership;
    drop policy membership_update on membership;
    drop policy membership_delete on membership;
    -- Owners/admins (and the certifier roles) see the whole team; house managers and staff
    -- see staff only; everyone sees their own memberships (the org switcher).
    create policy membership_select on membership for select using (
      (${ORG} and ${SIGNED_IN} and (
        ${ROLE} in ('owner', 'admin', 'certifier_admin', 'auditor')
        or (${SCOPED} and role <> 'resident')))
      or user_id = ${USER}
    );
    create policy membership_insert on membership for insert with check (${ORG} and ${SIGNED_IN} and (
      (${TEAM_ADMIN} and ${topRoleRule("role")})
      -- accepting an invitation: oneself, in the invited role, with the invitation's token,
      -- claimed in this transaction
      or (user_id = ${USER} and exists (select 1 from invite i where i.org_id = membership.org_id
        and i.token_hash = ${TOKEN} and i.role = membership.role and i.accepted_at = now()))
      -- setting up a new org: oneself as its owner, in the transaction that created it
      or (user_id = ${USER} and role in ('owner', 'certifier_admin')
        and exists (select 1 from org o where o.id = membership.org_id and o.created_at = now()))
    ));
    create policy membership_update on membership for update
      using (${ORG} and ${SIGNED_IN} and ${TEAM_ADMIN} and ${topRoleRule("role")})
      with check (${ORG} and ${SIGNED_IN} and ${TEAM_ADMIN} and ${topRoleRule("role")});
    create policy membership_delete on membership for delete
      using (${ORG} and ${SIGNED_IN} and ${TEAM_ADMIN} and ${topRoleRule("role")});
    revoke insert, update on membership from hearth_app;
    grant insert (org_id, user_id, role) on membership to hearth_app;
    grant update (role, disabled_at) on membership to hearth_app;

    -- ── 3 + 5. invitations ─────────────────────────────────────────────
    drop policy invite_select on invite;
    drop policy invite_insert on invite;
    drop policy invite_update on invite;
    drop policy invite_delete on invite;
    create policy invite_select on invite for select using (${ORG} and ${SIGNED_IN} and (
      ${TEAM_ADMIN}
      or (${SCOPED} and (role <> 'resident' or (resident_id is not null and resident_is_visible(resident_id))))
    ));
    create policy invite_insert on invite for insert with check (${ORG} and ${SIGNED_IN} and invited_by = ${USER} and (
      (${TEAM_ADMIN} and ${topRoleRule("role")})
      -- a portal invitation for a resident the house manager can see
      or (${MANAGER} and role = 'resident' and resident_id is not null and resident_is_visible(resident_id))
    ));
    create policy invite_update on invite for update
      using (${ORG} and ${SIGNED_IN} and (${TEAM_ADMIN}
        or (${MANAGER} and role = 'resident' and resident_id is not null and resident_is_visible(resident_id))))
      with check (${ORG} and ${SIGNED_IN} and (${TEAM_ADMIN}
        or (${MANAGER} and role = 'resident' and resident_id is not null and resident_is_visible(resident_id))));
    -- The holder of the link claims it (accepted_at, the only column besides revoked_at the
    -- app may change).
    create policy invite_accept on invite for update using (token_hash = ${TOKEN}) with check (token_hash = ${TOKEN});
    revoke update, delete on invite from hearth_app;
    grant update (accepted_at, revoked_at) on invite to hearth_app;

    -- ── 5. orgs ────────────────────────────────────────────────────────
    drop policy org_read on org;
    drop policy org_update on org;
    create policy org_read on org for select using (
      ${SIGNED_IN}
      or id = (select current_org_id())                                         -- the public form, once entered
      or slug = nullif(current_setting('app.public_slug', true), '')            -- the public form, by its link
      or id in (select i.org_id from invite i where i.token_hash = ${TOKEN})    -- an invitation link
      or created_at = now()                                                     -- sign-up, in its transaction
    );
    create policy org_update on org for update
      using (id = (select current_org_id()) and ${SIGNED_IN} and ${TEAM_ADMIN})
      with check (id = (select current_org_id()) and ${SIGNED_IN} and ${TEAM_ADMIN});
    create policy org_worker_read on org for select to hearth_worker using (true);
    revoke insert, update on org from hearth_app;
    grant insert (slug, name, kind, time_zone, currency) on org to hearth_app;
    grant update (name, time_zone, currency) on org to hearth_app;
    grant select (id) on org to hearth_worker;

    -- ── 4. decided applications ────────────────────────────────────────
    alter table application add column admitted_house_id uuid;
    alter table application add column anonymised_at timestamptz;
    alter table application add constraint application_admitted_house_fk
      foreign key (org_id, admitted_house_id) references house (org_id, id);
    alter table application drop constraint application_contact;
    alter table application add constraint application_contact
      check (phone is not null or email is not null or anonymised_at is not null);
    update application a set admitted_house_id = (
      select s.house_id from stay s where s.org_id = a.org_id and s.resident_id = a.admitted_resident_id
      order by lower(s.during), s.created_at limit 1)
    where a.status = 'admitted';
    drop policy application_select on application;
    create policy application_select on application for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and status not in ${DECIDED} and (house_id is null or house_id = any (${MY_HOUSES})))
      or (${MANAGER} and status = 'admitted' and admitted_house_id = any (${MY_HOUSES}))
      -- the manager deciding it, for the rest of that transaction
      or (${MANAGER} and status_changed_at = now() and (house_id is null or house_id = any (${MY_HOUSES})))
    ));
    -- 18. The public form names an active house or none.
    drop policy application_insert on application;
    create policy application_insert on application for insert with check (${ORG} and (
      ${ADMIN}
      or (${MANAGER} and (house_id is null or house_id = any (${MY_HOUSES})))
      or (${ROLE} = '' and ${USER} is null and submitted_via = 'public' and status = 'new'
        and screening_notes is null and decline_reason is null and admitted_resident_id is null
        and admitted_house_id is null and anonymised_at is null
        and (house_id is null or house_id in (select h.id from house h where h.org_id = application.org_id and h.status = 'active')))
    ));

    -- ── 6. the outbox ──────────────────────────────────────────────────
    alter table outbox enable row level security;
    alter table outbox force row level security;
    create policy outbox_insert on outbox for insert to hearth_app
      with check (org_id is not distinct from (select current_org_id()));
    create policy outbox_worker on outbox for all to hearth_worker using (true) with check (true);
    grant delete on outbox to hearth_worker;

    -- ── 7. tamper-evident audit log ────────────────────────────────────
    revoke insert on audit_event from hearth_app;
    grant insert (action, entity_type, entity_id, data) on audit_event to hearth_app;

    -- Whatever inserts, org, actor, request id, IP and time come from the transaction.
    create function audit_event_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.org_id := current_org_id();
      new.actor_user_id := current_app_user_id();
      new.request_id := nullif(current_setting('app.request_id', true), '');
      new.ip := nullif(current_setting('app.ip', true), '');
      new.created_at := now();
      return new;
    end $$;
    create trigger audit_event_stamp before insert on audit_event
      for each row execute function audit_event_stamp();

    -- One chain per org (org_id null: the platform chain). seq counts from 1 per chain.
    create table audit_seal (
      org_id uuid,
      seq bigint not null check (seq > 0),
      event_id bigint not null unique references audit_event (id),
      prev_hash text,
      hash text not null,
      sealed_at timestamptz not null default clock_timestamp()
    );
    create unique index audit_seal_chain_key on audit_seal ((coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid)), seq);
    alter table audit_seal enable row level security;
    alter table audit_seal force row level security;
    -- Only the owner role (the sealing trigger and npm run audit:verify) reads or writes it.
    create policy audit_seal_owner on audit_seal for all to hearth_owner using (true) with check (true);
    create trigger audit_seal_append_only before update or delete on audit_seal
      for each row execute function forbid_change();
    create trigger audit_seal_no_truncate before truncate on audit_seal
      for each statement execute function forbid_change();
    create policy audit_owner_read on audit_event for select to hearth_owner using (true);

    -- sha256 over the previous hash, the position and every column of the event.
    create function audit_event_digest(prev_hash text, seq bigint, e audit_event) returns text
      language sql stable set search_path = pg_catalog, public as $$
      select encode(sha256(convert_to(jsonb_build_array(
        prev_hash, seq, e.id, e.org_id, e.actor_user_id, e.action, e.entity_type, e.entity_id,
        e.request_id, e.ip, e.data, to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
      )::text, 'UTF8')), 'hex')
    $$;

    -- Runs at commit (deferred), as the owner role: serialize on the chain, append a seal.
    create function audit_event_seal() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public as $$
    declare
      head record;
      next_seq bigint;
    begin
      perform pg_advisory_xact_lock(hashtextextended('hearth.audit:' || coalesce(new.org_id::text, 'platform'), 0));
      select s.seq, s.hash into head from audit_seal s
        where coalesce(s.org_id, '00000000-0000-0000-0000-000000000000'::uuid)
            = coalesce(new.org_id, '00000000-0000-0000-0000-000000000000'::uuid)
        order by s.seq desc limit 1;
      next_seq := coalesce(head.seq, 0) + 1;
      insert into audit_seal (org_id, seq, event_id, prev_hash, hash)
        values (new.org_id, next_seq, new.id, head.hash, audit_event_digest(head.hash, next_seq, new));
      return null;
    end $$;
    create constraint trigger audit_event_seal after insert on audit_event
      deferrable initially deferred for each row execute function audit_event_seal();

    -- Seal what is already there, in order.
    do $$
    declare
      e audit_event;
      head record;
      next_seq bigint;
    begin
      for e in select * from audit_event order by id loop
        select s.seq, s.hash into head from audit_seal s
          where coalesce(s.org_id, '00000000-0000-0000-0000-000000000000'::uuid)
              = coalesce(e.org_id, '00000000-0000-0000-0000-000000000000'::uuid)
          order by s.seq desc limit 1;
        next_seq := coalesce(head.seq, 0) + 1;
        insert into audit_seal (org_id, seq, event_id, prev_hash, hash)
          values (e.org_id, next_seq, e.id, head.hash, audit_event_digest(head.hash, next_seq, e));
      end loop;
    end $$;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0006_hardening cannot be reverted; restore a backup instead.");
}
