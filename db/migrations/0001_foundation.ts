import { sql, type Kysely } from "kysely";

/**
 * Foundation: platform tables (no org), tenant tables (org_id + forced RLS), the audit
 * log and the outbox. Migrations are frozen in time: they never import app code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Helpers that read the request's tenant settings. An unset or reverted setting
    -- reads '' (not NULL), so nullif() turns "no context" into NULL → zero rows.
    create function current_org_id() returns uuid language sql stable
      as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;
    create function current_app_user_id() returns uuid language sql stable
      as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
    create function current_app_role() returns text language sql stable
      as $$ select coalesce(current_setting('app.role', true), '') $$;

    create function forbid_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', TG_TABLE_NAME using errcode = '42501';
    end $$;

    -- ── platform tables ────────────────────────────────────────────────
    create table org (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 120),
      kind text not null check (kind in ('operator', 'certifier')),
      time_zone text not null,
      currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
      created_at timestamptz not null default now()
    );

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null check (length(email) between 3 and 254),
      name text not null check (length(name) between 1 and 120),
      password_hash text,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz,
      disabled_at timestamptz
    );
    create unique index app_user_email_key on app_user (lower(email));

    create table user_session (
      id text primary key,                        -- sha256(token), hex
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      ip text,
      user_agent text
    );
    create index user_session_user_idx on user_session (user_id);

    create table password_reset_token (
      id text primary key,                        -- sha256(token), hex
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index password_reset_token_user_idx on password_reset_token (user_id);

    create table rate_limit (
      key text primary key,
      window_start timestamptz not null,
      hits integer not null
    );

    create table outbox (
      id bigint generated always as identity primary key,
      org_id uuid references org (id),
      kind text not null,
      payload jsonb not null,
      dedupe_key text unique,
      status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
      attempts integer not null default 0,
      run_after timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      processed_at timestamptz
    );
    create index outbox_pending_idx on outbox (run_after) where status = 'pending';

    -- ── tenant tables ──────────────────────────────────────────────────
    create table membership (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      user_id uuid not null references app_user (id) on delete cascade,
      role text not null check (role in ('owner', 'admin', 'house_manager', 'staff', 'resident', 'certifier_admin', 'auditor')),
      created_at timestamptz not null default now(),
      unique (org_id, user_id),
      unique (org_id, id)
    );
    create index membership_user_idx on membership (user_id);

    create table invite (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      email text not null check (length(email) between 3 and 254),
      role text not null check (role in ('owner', 'admin', 'house_manager', 'staff', 'resident', 'certifier_admin', 'auditor')),
      token_hash text not null unique,
      invited_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz
    );
    create index invite_org_idx on invite (org_id, created_at desc);

    create table audit_event (
      id bigint generated always as identity primary key,
      org_id uuid references org (id) default current_org_id(),
      actor_user_id uuid default current_app_user_id(),
      action text not null check (length(action) between 1 and 80),
      entity_type text,
      entity_id text,
      request_id text default nullif(current_setting('app.request_id', true), ''),
      ip text default nullif(current_setting('app.ip', true), ''),
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index audit_event_org_idx on audit_event (org_id, id desc);
    create index audit_event_org_time_idx on audit_event (org_id, created_at);
    create index audit_event_org_actor_idx on audit_event (org_id, actor_user_id, created_at desc);
    create index audit_event_actor_idx on audit_event (actor_user_id, created_at desc) where org_id is null;
    create trigger audit_event_append_only before update or delete on audit_event
      for each row execute function forbid_change();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function forbid_change();

    -- ── row-level security ─────────────────────────────────────────────
    -- Orgs are a platform table (names and slugs are public, e.g. for application
    -- forms), but only the current org may be changed.
    alter table org enable row level security;
    alter table org force row level security;
    create policy org_read on org for select using (true);
    create policy org_create on org for insert with check (true);
    create policy org_update on org for update using (id = (select current_org_id()))
      with check (id = (select current_org_id()));

    alter table membership enable row level security;
    alter table membership force row level security;
    -- Members see their org's memberships (residents only their own); everyone sees
    -- their own memberships across orgs (the org switcher).
    create policy membership_select on membership for select using (
      (org_id = (select current_org_id()) and ((select current_app_role()) <> 'resident' or user_id = (select current_app_user_id())))
      or user_id = (select current_app_user_id())
    );
    create policy membership_write on membership for insert with check (org_id = (select current_org_id()));
    create policy membership_update on membership for update using (org_id = (select current_org_id()))
      with check (org_id = (select current_org_id()));
    create policy membership_delete on membership for delete using (org_id = (select current_org_id()));

    alter table invite enable row level security;
    alter table invite force row level security;
    -- Staff of the org see its invites; residents never do (emails of other people).
    create policy invite_select on invite for select
      using (org_id = (select current_org_id()) and (select current_app_role()) <> 'resident');
    create policy invite_insert on invite for insert with check (org_id = (select current_org_id()));
    create policy invite_update on invite for update using (org_id = (select current_org_id()))
      with check (org_id = (select current_org_id()));
    create policy invite_delete on invite for delete using (org_id = (select current_org_id()));
    -- An anonymous visitor holding the token may read (and accept) that one invite.
    create policy invite_by_token on invite for select
      using (token_hash = nullif(current_setting('app.token_hash', true), ''));

    alter table audit_event enable row level security;
    alter table audit_event force row level security;
    create policy audit_insert on audit_event for insert
      with check (org_id is not distinct from (select current_org_id()));
    create policy audit_select_org on audit_event for select using (
      org_id = (select current_org_id()) and (select current_app_role()) in ('owner', 'admin', 'certifier_admin')
    );
    create policy audit_select_own on audit_event for select using (
      org_id is null and actor_user_id = (select current_app_user_id())
    );

    -- ── grants: hearth_app is not the owner and gets only what the app uses ──
    grant select, insert, update on org to hearth_app;
    -- Password hashes: only hearth_auth may read or change them (app/auth/credentials.server.ts).
    grant select (id, email, name, created_at, password_changed_at, disabled_at) on app_user to hearth_app;
    grant insert on app_user to hearth_app;
    grant update (name, email, disabled_at) on app_user to hearth_app;
    grant select (id, password_hash), update (password_hash, password_changed_at) on app_user to hearth_auth;
    grant select, insert, update, delete on user_session, password_reset_token, rate_limit to hearth_app;
    -- The outbox is written by requests but read only by the worker's role: a tenant
    -- transaction cannot see other orgs' queued emails.
    grant insert on outbox to hearth_app;
    grant select, update on outbox to hearth_worker;
    grant select, insert, update, delete on membership, invite to hearth_app;
    grant select, insert on audit_event to hearth_app;
    grant usage on all sequences in schema public to hearth_app, hearth_worker;
    grant select on kysely_migration to hearth_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("The foundation migration cannot be reverted; restore a backup instead.");
}
