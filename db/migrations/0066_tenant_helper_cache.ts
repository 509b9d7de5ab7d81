import { sql, type Kysely } from "kysely";

/**
 * The RLS helpers that look rows up, once per transaction instead of once per policy (issue 15;
 * ADR 066).
 *
 * Every policy asks its helpers as `(select …)`, so each is evaluated once per statement — but
 * once per *occurrence*: a statement that joins ten tables asks current_resident_id() once for
 * each policy that names it. The resident's week on the scale dataset ran it 50 times per
 * request, current_resident_house_ids() and current_resident_home_ids() 7 times (≈1.8 ms
 * each: an RLS-checked read of the resident's stays), and each call re-verified the signed
 * tenant context (0021) several times: 908 HMACs per request (pg_stat_statements, session 14).
 *
 * Now the four helpers that read tables keep their answer for the rest of the transaction in a
 * transaction-local setting (`app.cache.<name>`), as `value|mac`. The MAC (tenant_cache_mac) is
 * an HMAC with the tenant key over the name, the value, every tenant setting (org, user, role,
 * request, ip, and the context's own MAC), the backend and the transaction: the request role
 * can set any setting but cannot compute it, so a kept value it did not obtain from the helper
 * itself never verifies, nor one from another transaction, connection or tenant context. To
 * write the cache a helper must compute the value: the helpers are security definer (owner
 * hearth_owner, reading through its org-scoped read policies, with the same filters as before:
 * the same answers), and tenant_cache_mac/put are not executable by the request roles.
 *
 * house_select and bed_select are re-created with the stays of their resident branch looked up
 * by org as well as resident (the index is (org_id, resident_id, during); by resident alone
 * it was scanned whole, in every resident page). Same rows.
 *
 * A kept value must not outlive its inputs: any insert, update or delete on resident, stay,
 * house, membership or membership_house clears every kept value (a statement-level trigger),
 * so the next statement computes afresh, exactly as without the cache. `now()` is fixed for
 * the transaction. A resident id is kept only once found (an invitation may link the record
 * later in the same transaction).
 */
const CACHED = ["resident_id", "house_ids", "resident_house_ids", "resident_home_ids"];
const INPUTS = ["resident", "stay", "house", "membership", "membership_house"];
const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;

/** A resident's houses whose stay meets `stayCondition` (0029's bodies), kept under `kept`. */
const residentHouses = (fn: string, kept: string, stayCondition: string) => `
    create or replace function ${fn}() returns uuid[]
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      kept text := tenant_cache_get('${kept}');
      ids uuid[];
    begin
      if kept is not null then return kept::uuid[]; end if;
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        ids := '{}'::uuid[];
      else
        ids := coalesce((
          select array_agg(distinct s.house_id)
          from stay s
          join house h on h.org_id = s.org_id and h.id = s.house_id
          where s.org_id = (select current_org_id()) and s.resident_id = (select current_resident_id())
            and ${stayCondition}
        ), '{}'::uuid[]);
      end if;
      perform tenant_cache_put('${kept}', ids::text);
      return ids;
    end $$;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- HMAC of a kept value, bound to this transaction's tenant settings. Internal.
    create function tenant_cache_mac(name text, value text) returns text
      language sql stable security definer set search_path = pg_catalog, public as $$
      select encode(sha256(decode(k.outer_pad, 'hex') || sha256(decode(k.inner_pad, 'hex') || convert_to(jsonb_build_array(
        'cache', name, value,
        coalesce(current_setting('app.org_id', true), ''), coalesce(current_setting('app.user_id', true), ''),
        coalesce(current_setting('app.role', true), ''), coalesce(current_setting('app.request_id', true), ''),
        coalesce(current_setting('app.ip', true), ''), coalesce(current_setting('app.mac', true), ''),
        pg_backend_pid(), extract(epoch from transaction_timestamp()))::text, 'UTF8'))), 'hex')
      from tenant_key k where k.id = 1
    $$;

    -- The value kept under name in this transaction, or null when none is kept or it does not verify. Internal.
    create function tenant_cache_get(name text) returns text
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      c text := current_setting('app.cache.' || name, true);
      bar int;
    begin
      if c is null or c = '' then return null; end if;
      bar := length(c) - position('|' in reverse(c)) + 1;
      if bar > length(c) then return null; end if;
      if substr(c, bar + 1) = tenant_cache_mac(name, left(c, bar - 1)) then return left(c, bar - 1); end if;
      return null;
    end $$;

    -- Keeps value under name for the rest of this transaction. Internal.
    create function tenant_cache_put(name text, value text) returns void
      language plpgsql volatile security definer set search_path = pg_catalog, public as $$
    begin
      perform set_config('app.cache.' || name, value || '|' || tenant_cache_mac(name, value), true);
    end $$;

    revoke execute on function tenant_cache_mac(text, text), tenant_cache_get(text), tenant_cache_put(text, text) from public;

    -- Any write to a helper's inputs: nothing kept survives it.
    create function tenant_cache_clear() returns trigger language plpgsql as $$
    begin
      ${CACHED.map((n) => `perform set_config('app.cache.${n}', '', true);`).join("\n      ")}
      return null;
    end $$;
    ${INPUTS.map(
      (t) => `create trigger ${t}_tenant_cache_clear after insert or update or delete on ${t}
      for each statement execute function tenant_cache_clear();`,
    ).join("\n    ")}

    create or replace function current_resident_id() returns uuid
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      kept text := tenant_cache_get('resident_id');
      found uuid;
    begin
      if kept is not null then return nullif(kept, '')::uuid; end if;
      if current_app_role() <> 'resident' or current_org_id() is null or current_app_user_id() is null then
        perform tenant_cache_put('resident_id', '');
        return null;
      end if;
      found := (select r.id from resident r where r.org_id = current_org_id() and r.user_id = current_app_user_id());
      if found is not null then perform tenant_cache_put('resident_id', found::text); end if;
      return found;
    end $$;

    create or replace function current_house_ids() returns uuid[]
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      kept text := tenant_cache_get('house_ids');
      ids uuid[];
    begin
      if kept is not null then return kept::uuid[]; end if;
      if current_app_role() not in ('house_manager', 'staff') or current_org_id() is null
         or current_app_user_id() is null then
        ids := '{}'::uuid[];
      else
        ids := coalesce((
          select array_agg(mh.house_id)
          from membership_house mh
          join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
          where mh.org_id = current_org_id() and m.user_id = current_app_user_id()
            and m.role in ('house_manager', 'staff') and m.disabled_at is null
        ), '{}'::uuid[]);
      end if;
      perform tenant_cache_put('house_ids', ids::text);
      return ids;
    end $$;

    ${residentHouses("current_resident_house_ids", "resident_house_ids", "(upper_inf(s.during) or upper(s.during) > (now() at time zone h.time_zone)::date)")}

    ${residentHouses("current_resident_home_ids", "resident_home_ids", "s.during @> (now() at time zone h.time_zone)::date")}

    -- The resident's branch of house and bed: "a house (bed) of one of my stays" looked the stays
    -- up by resident_id alone, which the (org_id, resident_id, during) index can only scan whole
    -- (1,444 buffers, 3.4 ms on the scale dataset, in every resident page's statements). The same
    -- stays, with their org: a stay's org is its resident's (composite foreign key).
    drop policy house_select on house;
    create policy house_select on house for select using (${ORG} and (${ADMIN}
      or (${SCOPED} and id = any ((select current_house_ids())::uuid[]))
      or (${RESIDENT} and id in (select s.house_id from stay s
        where s.org_id = (select current_org_id()) and s.resident_id = (select current_resident_id())))
      or (${ROLE} = 'house_manager' and created_by = (select current_app_user_id()) and created_at = now())));
    drop policy bed_select on bed;
    create policy bed_select on bed for select using (${ORG} and (${ADMIN}
      or (${SCOPED} and house_id = any ((select current_house_ids())::uuid[]))
      or (${RESIDENT} and id in (select s.bed_id from stay s
        where s.org_id = (select current_org_id()) and s.resident_id = (select current_resident_id())))));
  `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
