import { sql, type Kysely } from "kysely";

/**
 * Signed tenant settings (issue 8, item 6; ADR 010). `app.org_id`, `app.user_id` and
 * `app.role` are plain settings any SQL in the transaction can change; from now on the
 * policies believe them only with a valid `app.mac`: HMAC-SHA256, under a key only
 * hearth_owner can read, over (org, user, role, request id, IP, backend pid, transaction
 * start). The helpers every policy uses (current_org_id(), current_app_user_id(),
 * current_app_role()) return NULL / '' when the MAC does not match, so forged or replayed
 * settings see nothing. The all-empty context (anonymous) needs no MAC: it grants nothing.
 *
 * Only SECURITY DEFINER functions owned by hearth_owner compute a MAC. They return the
 * signed values and the caller sets them (a set_config inside a function with a pinned
 * search_path is undone when the function returns):
 *  - enter_session(token, org, org_slug, request_id, ip, allow_pending): the user of a live
 *    session named by its raw token; with an org, that org and the member's role.
 *    EXECUTE to PUBLIC: the login calls it in the statement that switches to hearth_app.
 *  - auth_enter_user(user, token, request_id, ip): a user-only context for the user this
 *    transaction proved (password, reset link, live session: auth_proven), created, or
 *    already acts as; or whose live session (also one waiting for its second factor)
 *    the raw token names.
 *  - enter_public_form(slug, request_id, ip): an operator org's public application form
 *    (the org, no user, no role).
 *  - enter_invite(token, user, request_id, ip): the org and invited role of a pending
 *    invitation (or one claimed in this transaction) for no user, the acting user, or a
 *    user proven or created in this transaction. Never a higher role: only the database
 *    claims an invitation (claim_invite) and links the invited resident record
 *    (link_invited_resident), see invitationsClaimedByTheDatabase below.
 *  - enter_new_org(org, request_id, ip): the acting user as top role of an org created in
 *    this transaction (sign-up).
 *  - enter_feed(token, request_id, ip): a calendar feed's member (org, user, current role)
 *    from the feed link's raw token (see feedsEnterByToken below).
 *  - enter_trusted(org, user, role, request_id, ip): anything. EXECUTE only for
 *    hearth_owner (and so superusers): the migration login, background jobs run on it,
 *    seeds, tests. A production app login (not a member of hearth_owner) cannot call it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- ── the key ─────────────────────────────────────────────────────────
    create table tenant_key (
      id int primary key check (id = 1),
      inner_pad text not null check (inner_pad ~ '^[0-9a-f]{128}$'),
      outer_pad text not null check (outer_pad ~ '^[0-9a-f]{128}$'),
      created_at timestamptz not null default now()
    );
    alter table tenant_key enable row level security;
    alter table tenant_key force row level security;
    create policy tenant_key_owner on tenant_key for all to hearth_owner using (true) with check (true);
    revoke all on tenant_key from public;

    -- 64 random bytes (gen_random_uuid is the server's strong random source), stored as
    -- HMAC's inner and outer pads (key xor 0x36, key xor 0x5c), in hex.
    do $$
    declare
      k bytea := sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'))
              || sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'));
      ip bytea := k;
      op bytea := k;
    begin
      for i in 0..63 loop
        ip := set_byte(ip, i, get_byte(k, i) # 54);
        op := set_byte(op, i, get_byte(k, i) # 92);
      end loop;
      insert into tenant_key (id, inner_pad, outer_pad) values (1, encode(ip, 'hex'), encode(op, 'hex'));
    end $$;

    -- HMAC-SHA256 of the context, bound to this backend and this transaction. Internal.
    create function tenant_mac(org uuid, uid uuid, role text, rid text, ip text) returns text
      language sql stable set search_path = pg_catalog, public as $$
      select encode(sha256(decode(k.outer_pad, 'hex') || sha256(decode(k.inner_pad, 'hex') || convert_to(jsonb_build_array(
        org, uid, coalesce(role, ''), coalesce(rid, ''), coalesce(ip, ''),
        pg_backend_pid(), extract(epoch from transaction_timestamp()))::text, 'UTF8'))), 'hex')
      from tenant_key k where k.id = 1
    $$;

    create type tenant_signed as (org_id uuid, user_id uuid, role text, request_id text, ip text, mac text);

    -- The signed row the entries return. Internal.
    create function tenant_sign(org uuid, uid uuid, role text, rid text, ip text) returns tenant_signed
      language sql stable set search_path = pg_catalog, public as $$
      select row(org, uid, coalesce(role, ''), coalesce(rid, ''), coalesce(ip, ''),
        tenant_mac(org, uid, coalesce(role, ''), coalesce(rid, ''), coalesce(ip, '')))::tenant_signed
    $$;

    -- Whether this transaction's tenant settings carry a valid MAC (or are all empty).
    create function tenant_context_ok() returns boolean language plpgsql stable security definer
      set search_path = pg_catalog, public as $$
    declare
      o text := coalesce(current_setting('app.org_id', true), '');
      u text := coalesce(current_setting('app.user_id', true), '');
      r text := coalesce(current_setting('app.role', true), '');
    begin
      if o = '' and u = '' and r = '' then return true; end if;
      return coalesce(current_setting('app.mac', true), '') = tenant_mac(nullif(o, '')::uuid, nullif(u, '')::uuid, r,
        coalesce(current_setting('app.request_id', true), ''), coalesce(current_setting('app.ip', true), ''));
    end $$;

    create or replace function current_org_id() returns uuid language sql stable as $$
      select case when tenant_context_ok() then nullif(current_setting('app.org_id', true), '')::uuid end
    $$;
    create or replace function current_app_user_id() returns uuid language sql stable as $$
      select case when tenant_context_ok() then nullif(current_setting('app.user_id', true), '')::uuid end
    $$;
    create or replace function current_app_role() returns text language sql stable as $$
      select case when tenant_context_ok() then coalesce(current_setting('app.role', true), '') else '' end
    $$;

    -- The entries read memberships, orgs and invitations as the owner.
    create policy membership_owner_read on membership for select to hearth_owner using (true);
    create policy org_owner_read on org for select to hearth_owner using (true);
    create policy invite_owner_read on invite for select to hearth_owner using (true);

    -- ── entries ─────────────────────────────────────────────────────────
    create function enter_trusted(org uuid, uid uuid, role text, rid text, ip text) returns setof tenant_signed
      language sql stable security definer set search_path = pg_catalog, public as $$
      select * from tenant_sign(org, uid, role, rid, ip)
    $$;

    create function enter_session(token text, org uuid, org_slug text, rid text, ip text, allow_pending boolean default false)
      returns setof tenant_signed language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      uid uuid;
      pending boolean;
      o uuid;
      r text;
    begin
      if token is null or token !~ '^[a-z2-7]{32}$' then return; end if;
      select s.user_id, s.two_factor_pending into uid, pending
        from user_session s join app_user u on u.id = s.user_id
        where s.id = auth_token_hash(token) and s.expires_at > now() and u.disabled_at is null;
      if uid is null or (pending and not allow_pending) then return; end if;
      if org is null and org_slug is null then
        return query select * from tenant_sign(null, uid, '', rid, ip);
        return;
      end if;
      if pending then return; end if;
      select m.org_id, m.role::text into o, r
        from membership m join org g on g.id = m.org_id
        where m.user_id = uid and m.disabled_at is null
          and (enter_session.org is null or g.id = enter_session.org)
          and (org_slug is null or g.slug = org_slug);
      if o is null then return; end if;
      return query select * from tenant_sign(o, uid, r, rid, ip);
    end $$;

    create function auth_enter_user(uid uuid, token text, rid text, ip text) returns setof tenant_signed
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    begin
      if uid is null then return; end if;
      if uid = current_app_user_id() or auth_proven(uid)
         or exists (select 1 from app_user u where u.id = uid and u.created_at = now())
         or exists (select 1 from enter_session(token, null, null, rid, ip, true) e where e.user_id = uid) then
        return query select * from tenant_sign(null, uid, '', rid, ip);
      end if;
    end $$;

    create function enter_public_form(slug text, rid text, ip text) returns setof tenant_signed
      language sql stable security definer set search_path = pg_catalog, public as $$
      select s.* from org o, tenant_sign(o.id, null, '', rid, ip) s
      where o.slug = enter_public_form.slug and o.kind = 'operator'
    $$;

    create function enter_invite(token text, uid uuid, rid text, ip text) returns setof tenant_signed
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      inv invite;
    begin
      select * into inv from invite i
        where i.token_hash = auth_token_hash(token) and i.revoked_at is null
          and ((i.accepted_at is null and i.expires_at > now()) or i.accepted_at = now());
      if inv.id is null then return; end if;
      if uid is not null and not (uid = current_app_user_id() or auth_proven(uid)
          or exists (select 1 from app_user u where u.id = uid and u.created_at = now())) then
        return;
      end if;
      return query select * from tenant_sign(inv.org_id, uid, inv.role::text, rid, ip);
    end $$;

    create function enter_new_org(org uuid, rid text, ip text) returns setof tenant_signed
      language sql stable security definer set search_path = pg_catalog, public as $$
      select s.* from org o,
        tenant_sign(o.id, current_app_user_id(), case o.kind when 'certifier' then 'certifier_admin' else 'owner' end, rid, ip) s
      where o.id = enter_new_org.org and o.created_at = now() and current_app_user_id() is not null
        and not exists (select 1 from membership m where m.org_id = o.id)
    $$;

    revoke execute on function tenant_mac(uuid, uuid, text, text, text), tenant_sign(uuid, uuid, text, text, text),
      enter_trusted(uuid, uuid, text, text, text), enter_session(text, uuid, text, text, text, boolean),
      auth_enter_user(uuid, text, text, text), enter_public_form(text, text, text),
      enter_invite(text, uuid, text, text), enter_new_org(uuid, text, text) from public;
    -- enter_session needs a live raw token; the app's login calls it in the statement that
    -- switches to hearth_app (EXECUTE is checked before that switch), so PUBLIC may.
    grant execute on function enter_session(text, uuid, text, text, text, boolean) to public;
    grant execute on function auth_enter_user(uuid, text, text, text), enter_public_form(text, text, text),
      enter_invite(text, uuid, text, text), enter_new_org(uuid, text, text) to hearth_app;
  `.execute(db);
  await secondFactorInTheDatabase(db);
  await invitationsClaimedByTheDatabase(db);
  await feedsEnterByToken(db);
}

/**
 * The second factor checked by the database (ADR 028). TOTP secrets and recovery codes
 * leave hearth_auth's reach: enrolling, enabling, checking and disabling are SECURITY
 * DEFINER functions for the acting (signed) user, the TOTP code is computed in SQL
 * (pgcrypto's hmac, RFC 6238: 30-second steps, 6 digits, one step either side, each step
 * once), and a passed check is recorded as a second-factor proof for the transaction.
 * For a user with two-step sign-in on, the user_session insert policy admits only a
 * session waiting for its second factor unless this transaction proved one (a code, a
 * recovery code, or ending a live session that had passed it).
 */
async function secondFactorInTheDatabase(db: Kysely<any>) {
  await sql`
    alter table auth_proof add column second_factor boolean not null default false;

    create function auth_record_second_factor(uid uuid) returns void language plpgsql security definer
      set search_path = pg_catalog, public as $$
    begin
      delete from auth_proof where created_at < now() - interval '1 hour';
      insert into auth_proof (tx, user_id, second_factor) values (txid_current(), uid, true)
        on conflict (tx, user_id) do update set second_factor = true;
    end $$;

    create function auth_second_factor_proven(uid uuid) returns boolean language sql stable security definer
      set search_path = pg_catalog, public as $$
      select exists (select 1 from auth_proof p where p.tx = txid_current_if_assigned() and p.user_id = uid and p.second_factor)
    $$;

    create function auth_needs_second_factor(uid uuid) returns boolean language sql stable security definer
      set search_path = pg_catalog, public as $$
      select exists (select 1 from app_user u where u.id = uid and u.totp_enabled_at is not null)
    $$;

    -- RFC 4648 base32 (upper or lower case, padding ignored) to bytes.
    create function auth_base32_decode(s text) returns bytea language plpgsql immutable
      set search_path = pg_catalog, public as $$
    declare
      bits bigint := 0;
      nbits int := 0;
      result bytea := ''::bytea;
      v int;
    begin
      for i in 1..length(s) loop
        exit when substr(s, i, 1) = '=';
        v := strpos('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', upper(substr(s, i, 1))) - 1;
        if v < 0 then raise exception 'not base32' using errcode = '22023'; end if;
        bits := (bits << 5) | v;
        nbits := nbits + 5;
        if nbits >= 8 then
          result := result || set_byte('\\x00'::bytea, 0, ((bits >> (nbits - 8)) & 255)::int);
          nbits := nbits - 8;
          bits := bits & ((1::bigint << nbits) - 1);
        end if;
      end loop;
      return result;
    end $$;

    -- HOTP (RFC 4226), 6 digits.
    create function auth_hotp(key bytea, counter bigint) returns text language plpgsql immutable
      set search_path = pg_catalog, public as $$
    declare
      msg bytea := '\\x0000000000000000'::bytea;
      h bytea;
      o int;
    begin
      for i in 0..7 loop
        msg := set_byte(msg, i, ((counter >> (8 * (7 - i))) & 255)::int);
      end loop;
      h := hmac(msg, key, 'sha1');
      o := get_byte(h, 19) & 15;
      return lpad(((((get_byte(h, o) & 127)::bigint << 24) | (get_byte(h, o + 1) << 16)
        | (get_byte(h, o + 2) << 8) | get_byte(h, o + 3)) % 1000000)::text, 6, '0');
    end $$;

    -- Accept a TOTP code of uid once: a step within one of now, later than the last one
    -- accepted (which it becomes). At most 10 wrong codes per user per 10 minutes (they
    -- count in rate_limit, key totp:<user>). Internal.
    create function auth_totp_claim(uid uuid, code text) returns boolean language plpgsql volatile
      set search_path = pg_catalog, public as $$
    declare
      u app_user;
      k bytea;
      now_step bigint := floor(extract(epoch from clock_timestamp()) / 30)::bigint;
    begin
      select * into u from app_user where id = uid;
      if u.totp_secret is null or code is null or code !~ '^[0-9]{6}$' then return false; end if;
      if (select r.hits from rate_limit r where r.key = 'totp:' || uid::text and r.window_start > now() - interval '10 minutes') >= 10 then
        return false;
      end if;
      k := auth_base32_decode(u.totp_secret);
      for d in -1..1 loop
        if auth_hotp(k, now_step + d) = code and (u.totp_last_step is null or now_step + d > u.totp_last_step) then
          update app_user set totp_last_step = now_step + d
            where id = uid and (totp_last_step is null or totp_last_step < now_step + d);
          if found then return true; end if;
        end if;
      end loop;
      perform rate_limit_hit('totp:' || uid::text, 600);
      return false;
    end $$;

    -- Enrolling: the secret waiting for the acting user (new_secret is stored when none
    -- waits), or null when two-step sign-in is already on.
    create function auth_totp_enrol(uid uuid, new_secret text) returns text language plpgsql volatile security definer
      set search_path = pg_catalog, public as $$
    declare
      s text;
    begin
      if uid is null or uid is distinct from current_app_user_id() then
        raise exception 'only for the signed-in user' using errcode = '42501';
      end if;
      if new_secret is null or new_secret !~ '^[A-Z2-7]{16,64}$' then
        raise exception 'not a TOTP secret' using errcode = '22023';
      end if;
      update app_user set totp_secret = coalesce(totp_secret, new_secret)
        where id = uid and totp_enabled_at is null
        returning totp_secret into s;
      return s;
    end $$;

    -- Turn it on with a right code from the app: stores the recovery codes' hashes and
    -- proves the second factor for this transaction.
    create function auth_totp_enable(uid uuid, code text, recovery_hashes text[]) returns boolean language plpgsql volatile
      security definer set search_path = pg_catalog, public as $$
    begin
      if uid is null or uid is distinct from current_app_user_id() then return false; end if;
      if not exists (select 1 from app_user u where u.id = uid and u.totp_secret is not null and u.totp_enabled_at is null) then
        return false;
      end if;
      if not auth_totp_claim(uid, code) then return false; end if;
      update app_user set totp_enabled_at = now() where id = uid;
      delete from recovery_code where user_id = uid;
      insert into recovery_code (user_id, code_hash) select uid, h from unnest(recovery_hashes) h where h ~ '^[0-9a-f]{64}$';
      perform auth_record_second_factor(uid);
      return true;
    end $$;

    -- The second factor of the acting user: 'totp', 'recovery_code' (then spent) or null.
    create function auth_check_second_factor(uid uuid, code text, recovery_hash text) returns text language plpgsql volatile
      security definer set search_path = pg_catalog, public as $$
    begin
      if uid is null or uid is distinct from current_app_user_id() or not auth_needs_second_factor(uid) then return null; end if;
      if auth_totp_claim(uid, code) then
        perform auth_record_second_factor(uid);
        return 'totp';
      end if;
      update recovery_code set used_at = now() where user_id = uid and code_hash = recovery_hash and used_at is null;
      if found then
        perform auth_record_second_factor(uid);
        return 'recovery_code';
      end if;
      return null;
    end $$;

    -- Turn it off: only after a second factor passed in this transaction.
    create function auth_totp_disable(uid uuid) returns boolean language plpgsql volatile security definer
      set search_path = pg_catalog, public as $$
    begin
      if uid is null or uid is distinct from current_app_user_id() or not auth_second_factor_proven(uid) then return false; end if;
      update app_user set totp_secret = null, totp_enabled_at = null, totp_last_step = null where id = uid;
      delete from recovery_code where user_id = uid;
      return true;
    end $$;

    create function auth_two_factor_status(uid uuid) returns table (enabled boolean, recovery_codes_left int)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select u.totp_enabled_at is not null,
        (select count(*)::int from recovery_code c where c.user_id = u.id and c.used_at is null)
      from app_user u where u.id = uid and uid = current_app_user_id()
    $$;

    create policy recovery_code_owner on recovery_code for all to hearth_owner using (true) with check (true);

    -- Ending a live session that had passed the second factor carries that proof.
    create or replace function auth_end_session(token text)
      returns table (user_id uuid, two_factor_at timestamptz, two_factor_pending boolean, ip text, user_agent text)
      language plpgsql security definer set search_path = pg_catalog, public as $$
    declare
      s user_session;
    begin
      delete from user_session where id = auth_token_hash(token) returning * into s;
      if s.id is null then return; end if;
      if s.expires_at > now() then
        perform auth_record_proof(s.user_id);
        if not s.two_factor_pending and s.two_factor_at is not null then perform auth_record_second_factor(s.user_id); end if;
      end if;
      return query select s.user_id, s.two_factor_at, s.two_factor_pending, s.ip, s.user_agent;
    end $$;

    -- Marking a session as past the second factor needs that proof in this transaction.
    create or replace function auth_mark_two_factor(token text) returns boolean language plpgsql
      security definer set search_path = pg_catalog, public as $$
    begin
      update user_session set two_factor_at = now()
        where id = auth_token_hash(token) and not two_factor_pending and expires_at > now()
          and auth_second_factor_proven(user_id);
      return found;
    end $$;

    drop policy user_session_open on user_session;
    create policy user_session_open on user_session for insert to hearth_app with check (
      (auth_proven(user_id)
        or exists (select 1 from app_user u where u.id = user_session.user_id and u.created_at = now()))
      and expires_at <= now() + interval '31 days'
      and (two_factor_at is null or (two_factor_at <= clock_timestamp() and auth_second_factor_proven(user_id)))
      and (two_factor_pending or not auth_needs_second_factor(user_id) or auth_second_factor_proven(user_id))
    );

    -- hearth_auth no longer reads or writes secrets, steps or recovery codes.
    revoke select (totp_secret, totp_last_step), update (totp_secret, totp_enabled_at, totp_last_step) on app_user from hearth_auth;
    revoke select, insert, update, delete on recovery_code from hearth_auth;

    revoke execute on function auth_record_second_factor(uuid), auth_second_factor_proven(uuid), auth_needs_second_factor(uuid),
      auth_base32_decode(text), auth_hotp(bytea, bigint), auth_totp_claim(uuid, text), auth_totp_enrol(uuid, text),
      auth_totp_enable(uuid, text, text[]), auth_check_second_factor(uuid, text, text), auth_totp_disable(uuid),
      auth_two_factor_status(uuid) from public;
    grant execute on function auth_second_factor_proven(uuid), auth_needs_second_factor(uuid), auth_totp_enrol(uuid, text),
      auth_totp_enable(uuid, text, text[]), auth_check_second_factor(uuid, text, text), auth_totp_disable(uuid),
      auth_two_factor_status(uuid) to hearth_app;
  `.execute(db);
}

/**
 * Invitations claimed by the database (attacker review, HIGH 1). The app role could
 * insert an invitation with accepted_at already set, and enter_invite signed 'admin'
 * for a resident invitation "claimed in this transaction": a house manager wrote one
 * for a resident they see and became admin. Now:
 *  - hearth_app inserts invitations without accepted_at (or created_at) and can no longer
 *    update accepted_at: claim_invite(raw token) is the only way an invitation is
 *    claimed, so `accepted_at = now()` is a record the database made in this transaction
 *    (membership_insert and enter_invite rely on it);
 *  - no entry signs an admin context for an invitation: link_invited_resident(raw token,
 *    user) links the invited resident record to the account itself, only for a resident
 *    invitation claimed in this transaction, for the signed user, who must be the
 *    invitation's address and a resident member of its org, and only a record not yet
 *    linked.
 */
async function invitationsClaimedByTheDatabase(db: Kysely<any>) {
  await sql`
    revoke insert on invite from hearth_app;
    grant insert (id, org_id, email, role, resident_id, token_hash, invited_by, expires_at) on invite to hearth_app;
    revoke update (accepted_at) on invite from hearth_app;
    drop policy invite_accept on invite;
    create policy invite_owner_claim on invite for update to hearth_owner using (true) with check (true);
    create policy resident_owner_link on resident for update to hearth_owner
      using (org_id = (select current_org_id())) with check (org_id = (select current_org_id()));

    -- The self-update guard stops a resident changing their record's account; the linking
    -- function below runs as the owner in the invitee's (resident) context.
    create or replace function resident_self_update_guard() returns trigger language plpgsql as $$
    begin
      if new.created_by is distinct from old.created_by
         or (old.first_admitted_at is not null and new.first_admitted_at is distinct from old.first_admitted_at) then
        raise exception 'who added a resident and when they were first admitted cannot be changed'
          using errcode = 'insufficient_privilege';
      end if;
      if current_app_role() = 'resident' and current_user <> 'hearth_owner' and (
        new.id, new.org_id, new.user_id, new.legal_name, new.preferred_name, new.pronouns,
        new.date_of_birth, new.recovery_start_date, new.created_at
      ) is distinct from (
        old.id, old.org_id, old.user_id, old.legal_name, old.preferred_name, old.pronouns,
        old.date_of_birth, old.recovery_start_date, old.created_at
      ) then
        raise exception 'residents may change only their contact details' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$;

    -- Claim the pending invitation the raw token names: its id, or null (unknown, used,
    -- revoked or expired; also when a concurrent claim won).
    create function claim_invite(token text) returns uuid language plpgsql volatile security definer
      set search_path = pg_catalog, public as $$
    declare
      claimed uuid;
    begin
      if token is null or token !~ '^[a-z2-7]{32}$' then return null; end if;
      update invite i set accepted_at = now()
        where (i.org_id, i.id) = (select p.org_id, p.id from invite p
            where p.token_hash = auth_token_hash(token) and p.accepted_at is null and p.revoked_at is null and p.expires_at > now()
            limit 1)
          and i.accepted_at is null and i.revoked_at is null
        returning i.id into claimed;
      return claimed;
    end $$;

    -- Link the resident record of a resident invitation claimed in this transaction to the
    -- signed user's account: true when linked, false (nothing changed) otherwise.
    create function link_invited_resident(token text, uid uuid) returns boolean language plpgsql volatile security definer
      set search_path = pg_catalog, public as $$
    declare
      inv invite;
    begin
      if uid is null or uid is distinct from current_app_user_id() then return false; end if;
      select * into inv from invite i
        where i.token_hash = auth_token_hash(token) and i.org_id = current_org_id() and i.accepted_at = now()
          and i.revoked_at is null and i.role = 'resident' and i.resident_id is not null;
      if inv.id is null then return false; end if;
      if not exists (select 1 from membership m join app_user u on u.id = m.user_id
          where m.org_id = inv.org_id and m.user_id = uid and m.role = 'resident' and m.disabled_at is null
            and lower(u.email) = lower(inv.email)) then
        return false;
      end if;
      update resident r set user_id = uid, updated_at = now()
        where r.org_id = inv.org_id and r.id = inv.resident_id and r.user_id is null;
      return found;
    end $$;

    revoke execute on function claim_invite(text), link_invited_resident(text, uuid) from public;
    grant execute on function claim_invite(text), link_invited_resident(text, uuid) to hearth_app;
  `.execute(db);
}

/**
 * A calendar feed's reader (calendar.$feed.ts, ADR 026): the calendar app has no session,
 * so enter_feed(raw token) hashes the token in SQL, finds the live feed, and signs its
 * member's context — org, user and current role from the membership — when the member
 * and account are active and the role fits the feed's kind (a resident's own feed; a
 * house feed for the team). Returns the signed row with the feed's target. Replaces
 * calendar_feed_holder (a hash → member lookup after which the app set app.user_id by
 * hand, which policies no longer believe).
 */
async function feedsEnterByToken(db: Kysely<any>) {
  await sql`
    create function enter_feed(token text, rid text, client_ip text)
      returns table (org_id uuid, user_id uuid, role text, request_id text, ip text, mac text,
        feed_id uuid, kind text, resident_id uuid, house_id uuid)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select s.org_id, s.user_id, s.role, s.request_id, s.ip, s.mac, f.id, f.kind, f.resident_id, f.house_id
      from calendar_feed f
      join membership m on m.org_id = f.org_id and m.user_id = f.user_id and m.disabled_at is null
      join app_user u on u.id = f.user_id and u.disabled_at is null
      cross join lateral tenant_sign(f.org_id, f.user_id, m.role::text, rid, client_ip) s
      where token ~ '^[a-z2-7]{32}$' and f.token_hash = auth_token_hash(token)
        and f.revoked_at is null and f.user_id is not null
        and case f.kind when 'resident' then m.role = 'resident'
          else m.role in ('owner', 'admin', 'house_manager', 'staff') end
      limit 1
    $$;
    revoke execute on function enter_feed(text, text, text) from public;
    grant execute on function enter_feed(text, text, text) to hearth_app;
    drop function calendar_feed_holder(text);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0021_signed_tenant cannot be reverted; restore a backup instead.");
}
