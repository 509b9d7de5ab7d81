import { sql, type Kysely } from "kysely";

/**
 * Sign-in hardening (enumeration, sessions, two-factor sign-in).
 *
 * 1. signup_request: a sign-up is only a request until the address confirms it. The form
 *    answers "check your email" whether or not the address has an account, so it reveals
 *    nothing (an account may be a resident's). The row holds the chosen password's hash
 *    until the link is used; the app reads a row only by its token hash (a setting, like
 *    invite_by_token), never lists them.
 *
 * 2. Sessions by kind (app/auth/session.server.ts): \`persistent\` marks a "keep me signed in"
 *    session (only for people without a staff role); every other session is short (idle
 *    30 minutes, at most 12 hours, browser-session cookie). \`two_factor_pending\` marks a
 *    session that has passed the password but not yet the code: it signs nobody in.
 *    \`two_factor_at\` records when the session passed a second factor.
 *
 * 3. Two-factor sign-in (TOTP). The secret sits in app_user.totp_secret, readable and
 *    writable only by hearth_auth (as the password hash is); hearth_app sees only when it
 *    was enabled. Recovery codes are stored as sha256 hashes in recovery_code, reachable
 *    only by hearth_auth, each usable once. org.require_two_factor asks owners and admins
 *    to use it: off for orgs that exist now and for orgs created directly (the demo
 *    seed); sign-up turns it on for every new organisation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table signup_request (
      id text primary key,                        -- sha256(token), hex
      email text not null check (length(email) between 3 and 254),
      name text not null check (length(name) between 1 and 120),
      password_hash text not null,
      org_name text not null check (length(org_name) between 1 and 120),
      time_zone text not null,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index signup_request_expires_idx on signup_request (expires_at);

    alter table signup_request enable row level security;
    alter table signup_request force row level security;
    create policy signup_request_insert on signup_request for insert with check (true);
    create policy signup_request_by_token on signup_request for select
      using (id = nullif(current_setting('app.token_hash', true), ''));
    create policy signup_request_claim on signup_request for update
      using (id = nullif(current_setting('app.token_hash', true), ''))
      with check (id = nullif(current_setting('app.token_hash', true), ''));
    grant insert on signup_request to hearth_app;
    grant select (id, email, name, org_name, time_zone, currency, expires_at, used_at), update (used_at) on signup_request to hearth_app;
    grant select (id, password_hash) on signup_request to hearth_auth;

    alter table user_session
      add column persistent boolean not null default false,
      add column two_factor_pending boolean not null default false,
      add column two_factor_at timestamptz;

    alter table app_user
      add column totp_secret text,
      add column totp_enabled_at timestamptz;
    grant select (totp_enabled_at) on app_user to hearth_app;
    grant select (id, totp_secret, totp_enabled_at), update (totp_secret, totp_enabled_at) on app_user to hearth_auth;

    create table recovery_code (
      user_id uuid not null references app_user (id) on delete cascade,
      code_hash text not null,                    -- sha256(code), hex
      created_at timestamptz not null default now(),
      used_at timestamptz,
      primary key (user_id, code_hash)
    );
    alter table recovery_code enable row level security;
    alter table recovery_code force row level security;
    create policy recovery_code_own on recovery_code for all
      using (user_id = (select current_app_user_id()))
      with check (user_id = (select current_app_user_id()));
    grant select, insert, update, delete on recovery_code to hearth_auth;

    alter table org add column require_two_factor boolean not null default false;
    -- 0006 lists the org columns the app may write; owners and admins may change this one too.
    grant update (require_two_factor) on org to hearth_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
