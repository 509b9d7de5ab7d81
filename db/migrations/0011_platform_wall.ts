import { sql, type Kysely } from "kysely";

/**
 * The platform tables behind a wall (issue 8, item 6; ADR 017). SQL sent as the app role
 * (an injection, a compromised dependency) must not sign anyone in, read password hashes,
 * mint reset links or rewrite rate limits. So the app role reaches credentials only through
 * narrow SECURITY DEFINER functions, owned by hearth_owner with search_path pinned and
 * EXECUTE granted to hearth_app alone, and a session can only be opened for a user whose
 * identity was proven in the same transaction.
 *
 *  - Proof of identity (auth_proof, owner-only): recorded by the functions that check a
 *    password (auth_prove_password), claim a reset link (auth_claim_password_reset) or end
 *    a live session by its raw token (auth_end_session: replacing a session, completing
 *    two-step sign-in). A user created in this transaction (sign-up, a new member from an
 *    invitation) needs none. Keyed by the transaction id: it dies with the transaction.
 *  - Password hashes: nobody but the owner reads them. auth_password_params returns the
 *    algorithm, parameters and salt (not the hash); the app derives the candidate hash
 *    from the typed password and the database compares (auth_prove_password). A new hash
 *    is stored by auth_set_password, only with a proof or the current password.
 *    hearth_auth loses its rights on password_hash (it keeps the TOTP secret, ADR 017).
 *  - Reset links: the database makes the token, stores its hash and queues the email
 *    (auth_issue_password_reset); the app role never sees the token and cannot insert,
 *    read or update password_reset_token.
 *  - user_session: forced RLS. The app role reads and deletes sessions, inserts one only
 *    for a proven (or new) user with a bounded lifetime, and updates nothing but
 *    last_seen_at. Marking a session as having passed two-step sign-in needs its raw token.
 *  - rate_limit: reached only through rate_limit_hit/peek/clear (keys hold emails).
 *  - app_user: the app role may no longer change an email address or disabled_at (nothing
 *    in the app does; a changed email was a way to take an account over by reset).
 *  - Sign-up: the chosen hash is read by auth_signup_password_hash, only with the raw
 *    token of a request claimed in this transaction.
 *  - current_house_ids() ignores disabled memberships.
 *  - application_select names only the statuses the status check allows (the value-list
 *    check in app/db/schema.test.ts reads policies and functions too).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- ── proofs of identity ─────────────────────────────────────────────
    create table auth_proof (
      tx bigint not null,
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (tx, user_id)
    );
    create index auth_proof_created_idx on auth_proof (created_at);
    alter table auth_proof enable row level security;
    alter table auth_proof force row level security;
    create policy auth_proof_owner on auth_proof for all to hearth_owner using (true) with check (true);

    create function auth_record_proof(uid uuid) returns void language plpgsql security definer
      set search_path = pg_catalog, public as $$
    begin
      delete from auth_proof where created_at < now() - interval '1 hour';
      insert into auth_proof (tx, user_id) values (txid_current(), uid) on conflict do nothing;
    end $$;

    -- Whether this transaction proved who uid is (used by the user_session insert policy).
    create function auth_proven(uid uuid) returns boolean language sql stable security definer
      set search_path = pg_catalog, public as $$
      select exists (select 1 from auth_proof p where p.tx = txid_current_if_assigned() and p.user_id = uid)
    $$;

    -- sha256(token) as hex: the same as hashToken() in app/lib/tokens.server.ts.
    create function auth_token_hash(token text) returns text language sql immutable
      set search_path = pg_catalog, public as $$
      select encode(sha256(convert_to(token, 'UTF8')), 'hex')
    $$;

    -- 32 characters of lower-case base32 (160 bits) from the server's strong random source.
    create function auth_new_token() returns text language sql volatile
      set search_path = pg_catalog, public as $$
      select string_agg(substr('abcdefghijklmnopqrstuvwxyz234567', get_byte(s.h, i) % 32 + 1, 1), '' order by i)
      from (select sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')) as h) s,
        generate_series(0, 31) as i
    $$;

    -- ── passwords ──────────────────────────────────────────────────────
    -- The stored PHC string without its hash: algorithm, version, parameters and salt.
    create function auth_password_params(uid uuid) returns table (params text, hash_length int)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select regexp_replace(u.password_hash, '[$][^$]*$', ''), length(substring(u.password_hash from '[^$]*$'))
      from app_user u where u.id = uid and u.password_hash is not null and u.disabled_at is null
    $$;

    -- Is candidate (the typed password hashed with the stored parameters) the stored hash?
    create function auth_prove_password(uid uuid, candidate text) returns boolean language plpgsql
      security definer set search_path = pg_catalog, public as $$
    begin
      if exists (select 1 from app_user u where u.id = uid and u.disabled_at is null
                 and u.password_hash is not null and u.password_hash = candidate) then
        perform auth_record_proof(uid);
        return true;
      end if;
      return false;
    end $$;

    -- Store a new hash: with the current password (its candidate hash), or for a user proven
    -- in this transaction (a reset link, a password just checked). False when the current
    -- password does not match (wrong, or changed in between).
    create function auth_set_password(uid uuid, new_hash text, current_candidate text default null) returns boolean
      language plpgsql security definer set search_path = pg_catalog, public as $$
    begin
      if new_hash is null or new_hash !~ '^[$]argon2(id|i|d)[$]' then
        raise exception 'not a password hash' using errcode = '22023';
      end if;
      if current_candidate is not null then
        if not auth_prove_password(uid, current_candidate) then return false; end if;
      elsif not auth_proven(uid) then
        raise exception 'no proof of identity for this user in this transaction' using errcode = '42501';
      end if;
      update app_user set password_hash = new_hash, password_changed_at = now() where id = uid;
      return found;
    end $$;

    -- ── reset links ────────────────────────────────────────────────────
    -- For an enabled account with this email: a new token, its hash stored, and the email
    -- queued with the token in place of {token} in body. Returns the user id, or null: no
    -- account, nothing stored, and body_no_account queued instead (the same work either way).
    create function auth_issue_password_reset(email text, ttl_seconds int, subject text, body text, body_no_account text) returns uuid
      language plpgsql security definer set search_path = pg_catalog, public as $$
    declare
      uid uuid;
      token text;
    begin
      if position('{token}' in body) = 0 then
        raise exception 'the email must contain {token}' using errcode = '22023';
      end if;
      select u.id into uid from app_user u where lower(u.email) = lower(auth_issue_password_reset.email) and u.disabled_at is null;
      if uid is null then
        insert into outbox (org_id, kind, payload)
          values (null, 'email', jsonb_build_object('to', auth_issue_password_reset.email, 'subject', subject, 'text', body_no_account));
        return null;
      end if;
      token := auth_new_token();
      insert into password_reset_token (id, user_id, expires_at)
        values (auth_token_hash(token), uid, now() + make_interval(secs => least(greatest(ttl_seconds, 60), 86400)));
      insert into outbox (org_id, kind, payload)
        values (null, 'email', jsonb_build_object('to', auth_issue_password_reset.email, 'subject', subject,
          'text', replace(body, '{token}', token)));
      return uid;
    end $$;

    -- What a reset link's holder may see about it.
    create function auth_password_reset(token text)
      returns table (user_id uuid, email text, name text, expires_at timestamptz, used_at timestamptz, disabled_at timestamptz)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select t.user_id, u.email, u.name, t.expires_at, t.used_at, u.disabled_at
      from password_reset_token t join app_user u on u.id = t.user_id
      where t.id = auth_token_hash(token)
    $$;

    -- Use a reset link once: every open link of the account is spent, the user is proven.
    create function auth_claim_password_reset(token text) returns uuid language plpgsql
      security definer set search_path = pg_catalog, public as $$
    declare
      uid uuid;
    begin
      update password_reset_token t set used_at = now()
        from app_user u
        where t.id = auth_token_hash(token) and t.used_at is null and t.expires_at > now()
          and u.id = t.user_id and u.disabled_at is null
        returning t.user_id into uid;
      if uid is null then return null; end if;
      update password_reset_token set used_at = now() where user_id = uid and used_at is null;
      perform auth_record_proof(uid);
      return uid;
    end $$;

    -- ── sessions ───────────────────────────────────────────────────────
    -- End the session this raw token names; a live one proves its user.
    create function auth_end_session(token text)
      returns table (user_id uuid, two_factor_at timestamptz, two_factor_pending boolean, ip text, user_agent text)
      language plpgsql security definer set search_path = pg_catalog, public as $$
    declare
      s user_session;
    begin
      delete from user_session where id = auth_token_hash(token) returning * into s;
      if s.id is null then return; end if;
      if s.expires_at > now() then perform auth_record_proof(s.user_id); end if;
      return query select s.user_id, s.two_factor_at, s.two_factor_pending, s.ip, s.user_agent;
    end $$;

    -- The session this raw token names has passed a second factor (enabling two-step sign-in).
    create function auth_mark_two_factor(token text) returns boolean language plpgsql
      security definer set search_path = pg_catalog, public as $$
    begin
      update user_session set two_factor_at = now()
        where id = auth_token_hash(token) and not two_factor_pending and expires_at > now();
      return found;
    end $$;

    alter table user_session enable row level security;
    alter table user_session force row level security;
    create policy user_session_owner on user_session for all to hearth_owner using (true) with check (true);
    create policy user_session_read on user_session for select to hearth_app using (true);
    create policy user_session_end on user_session for delete to hearth_app using (true);
    create policy user_session_open on user_session for insert to hearth_app with check (
      (auth_proven(user_id)
        or exists (select 1 from app_user u where u.id = user_session.user_id and u.created_at = now()))
      and expires_at <= now() + interval '31 days'
      and (two_factor_at is null or two_factor_at <= clock_timestamp())
    );
    create policy user_session_touch on user_session for update to hearth_app
      using (true) with check (last_seen_at <= clock_timestamp() + interval '1 minute');
    revoke all on user_session from hearth_app;
    grant select, delete on user_session to hearth_app;
    grant insert (id, user_id, expires_at, ip, user_agent, persistent, two_factor_pending, two_factor_at) on user_session to hearth_app;
    grant update (last_seen_at) on user_session to hearth_app;

    alter table password_reset_token enable row level security;
    alter table password_reset_token force row level security;
    create policy password_reset_token_owner on password_reset_token for all to hearth_owner using (true) with check (true);
    revoke all on password_reset_token from hearth_app;

    -- The reset email is queued by the owner role (auth_issue_password_reset).
    create policy outbox_owner_insert on outbox for insert to hearth_owner with check (org_id is null);

    -- ── rate limits ────────────────────────────────────────────────────
    create function rate_limit_hit(key text, window_seconds int) returns table (hits int, window_start timestamptz)
      language sql volatile security definer set search_path = pg_catalog, public as $$
      insert into rate_limit as r (key, window_start, hits) values (rate_limit_hit.key, now(), 1)
      on conflict (key) do update set
        hits = case when r.window_start <= now() - make_interval(secs => window_seconds) then 1 else r.hits + 1 end,
        window_start = case when r.window_start <= now() - make_interval(secs => window_seconds) then now() else r.window_start end
      returning r.hits, r.window_start
    $$;
    create function rate_limit_peek(key text) returns table (hits int, window_start timestamptz)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select r.hits, r.window_start from rate_limit r where r.key = rate_limit_peek.key
    $$;
    create function rate_limit_clear(key text) returns void
      language sql volatile security definer set search_path = pg_catalog, public as $$
      delete from rate_limit r where r.key = rate_limit_clear.key
    $$;
    alter table rate_limit enable row level security;
    alter table rate_limit force row level security;
    create policy rate_limit_owner on rate_limit for all to hearth_owner using (true) with check (true);
    revoke all on rate_limit from hearth_app;

    -- ── app_user and sign-up ───────────────────────────────────────────
    revoke update (email, disabled_at) on app_user from hearth_app;
    revoke select (password_hash), update (password_hash, password_changed_at) on app_user from hearth_auth;
    revoke select (password_hash) on signup_request from hearth_auth;

    -- The chosen hash of a sign-up request claimed (used_at = now()) in this transaction.
    create function auth_signup_password_hash(token text) returns text
      language sql stable security definer set search_path = pg_catalog, public as $$
      select r.password_hash from signup_request r where r.id = auth_token_hash(token) and r.used_at = now()
    $$;

    -- ── only hearth_app calls these ────────────────────────────────────
    revoke execute on function auth_record_proof(uuid), auth_proven(uuid), auth_token_hash(text), auth_new_token(),
      auth_password_params(uuid), auth_prove_password(uuid, text), auth_set_password(uuid, text, text),
      auth_issue_password_reset(text, int, text, text, text), auth_password_reset(text), auth_claim_password_reset(text),
      auth_end_session(text), auth_mark_two_factor(text), rate_limit_hit(text, int), rate_limit_peek(text),
      rate_limit_clear(text), auth_signup_password_hash(text) from public;
    grant execute on function auth_proven(uuid), auth_password_params(uuid), auth_prove_password(uuid, text),
      auth_set_password(uuid, text, text), auth_issue_password_reset(text, int, text, text, text), auth_password_reset(text),
      auth_claim_password_reset(text), auth_end_session(text), auth_mark_two_factor(text), rate_limit_hit(text, int),
      rate_limit_peek(text), rate_limit_clear(text), auth_signup_password_hash(text) to hearth_app;

    -- ── decided applications: the statuses that exist ─────────────────
    drop policy application_select on application;
    create policy application_select on application for select using (org_id = (select current_org_id()) and (
      (select current_app_role()) in ('owner', 'admin')
      or ((select current_app_role()) in ('house_manager', 'staff') and status not in ('admitted', 'declined')
        and (house_id is null or house_id = any ((select current_house_ids())::uuid[])))
      or ((select current_app_role()) = 'house_manager' and status = 'admitted'
        and admitted_house_id = any ((select current_house_ids())::uuid[]))
      -- the manager deciding it, for the rest of that transaction
      or ((select current_app_role()) = 'house_manager' and status_changed_at = now()
        and (house_id is null or house_id = any ((select current_house_ids())::uuid[])))
    ));

    -- ── disabled members have no houses ────────────────────────────────
    create or replace function current_house_ids() returns uuid[] language plpgsql stable as $$
    begin
      if current_app_role() not in ('house_manager', 'staff') or current_org_id() is null
         or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(mh.house_id)
        from membership_house mh
        join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
        where mh.org_id = current_org_id() and m.user_id = current_app_user_id()
          and m.role in ('house_manager', 'staff') and m.disabled_at is null
      ), '{}'::uuid[]);
    end $$;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0011_platform_wall cannot be reverted; restore a backup instead.");
}
