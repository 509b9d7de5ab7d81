import { sql, type Kysely } from "kysely";
import { ACTIVE_GRANTS } from "./0063_certifier_covered_sets";

/**
 * The certifier's pipeline, set-based to the end (issue 13; ADR 049, ADR 061, amended).
 *
 *  - certifier_assessments_progress(orgs, ids): the progress (items, answered) of a page's
 *    self-assessments in one call. 0059's certifier_assessment_progress was called once per
 *    house of the page, each call checking the grant again (certifier_grant_covers) and
 *    counting on its own: 76 calls, ≈10 ms of the page's statement on the scale dataset. This
 *    one works out the covered houses once (certifier_covered_houses, 0063) and counts every
 *    assessment's items in one grouped pass. Same rule as 0059: only a submitted assessment of a
 *    covered house is counted; anything else is not returned (the caller shows 0 of 0).
 *  - certifier_audit_many(action, rows): a certifier's read of several operators' rows at once,
 *    audited as one event per operator in that operator's log (as certifier_audit does, with
 *    the grant checked for each) and ONE event in the certifier's own log naming them all,
 *    instead of one there per operator. The pipeline's page wrote 41 events (two per operator),
 *    each sealed into its chain at commit; now 21.
 *  - certifier_covered_houses / certifier_covered_orgs (0063), same body, now PL/pgSQL: every
 *    certifier policy calls them once per statement and table, and a SQL set-returning function
 *    that cannot be inlined (security definer) is planned again at every call; PL/pgSQL keeps
 *    its plan for the connection. On the scale dataset a certifier's pipeline statements went
 *    from 17 + 17 to 10 + 13 ms.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function certifier_assessments_progress(p_orgs uuid[], p_ids uuid[])
      returns table (org_id uuid, assessment_id uuid, items int, answered int)
      language sql stable security definer set search_path = pg_catalog, public rows 50 as $$
      select a.org_id, a.id, count(i.id)::int, count(i.answer)::int
      from unnest(p_orgs, p_ids) k(org_id, id)
        join assessment a on a.org_id = k.org_id and a.id = k.id
        join assessment_item i on i.org_id = a.org_id and i.assessment_id = a.id
      where a.status = 'submitted'
        and (a.org_id, a.house_id) in (select c.org_id, c.house_id from certifier_covered_houses('review') c)
      group by a.org_id, a.id
    $$;
    revoke all on function certifier_assessments_progress(uuid[], uuid[]) from public;
    grant execute on function certifier_assessments_progress(uuid[], uuid[]) to hearth_app;

    -- p_rows: [{ "o": operator org, "t": entity type, "i": entity id, "d": data }, …]
    create function certifier_audit_many(p_action text, p_rows jsonb)
      returns void language plpgsql security definer set search_path = pg_catalog, public as $$
    declare
      me uuid := current_org_id();
      certifier text;
      r jsonb;
      houses jsonb := '[]'::jsonb;
      operators jsonb := '[]'::jsonb;
    begin
      if jsonb_typeof(p_rows) <> 'array' or jsonb_array_length(p_rows) = 0 then
        raise exception 'certifier_audit_many needs at least one row' using errcode = '22023';
      end if;
      select o.name into certifier from org o where o.id = me;
      for r in select x from jsonb_array_elements(p_rows) x loop
        if not certifier_grant_covers((r->>'o')::uuid, nullif(r->'d'->>'houseId', '')::uuid, 'review') then
          raise exception 'no active audit grant covers this' using errcode = '42501', constraint = 'audit_grant_required';
        end if;
        insert into audit_event (org_id, action, entity_type, entity_id, data)
          values ((r->>'o')::uuid, p_action, r->>'t', r->>'i',
                  coalesce(r->'d', '{}'::jsonb) || jsonb_build_object('certifierOrgId', me, 'certifier', certifier));
        operators := operators || to_jsonb(r->>'o');
        if jsonb_typeof(r->'d'->'houseIds') = 'array' then houses := houses || (r->'d'->'houseIds'); end if;
      end loop;
      insert into audit_event (org_id, action, entity_type, entity_id, data)
        values (me, p_action, 'org', me::text, jsonb_build_object('operatorOrgIds', operators, 'houseIds', houses));
    end $$;
    revoke all on function certifier_audit_many(text, jsonb) from public;
    grant execute on function certifier_audit_many(text, jsonb) to hearth_app;

    create or replace function certifier_covered_houses(p_scope text default 'review') returns table (org_id uuid, house_id uuid)
      language plpgsql stable security definer set search_path = pg_catalog, public rows 200 as $$
    begin
      return query select distinct g.org_id, gh.house_id ${ACTIVE_GRANTS("\n        join audit_grant_house gh on gh.org_id = g.org_id and gh.grant_id = g.id")};
    end $$;
    create or replace function certifier_covered_orgs(p_scope text default 'review') returns table (org_id uuid)
      language plpgsql stable security definer set search_path = pg_catalog, public rows 50 as $$
    begin
      return query select distinct g.org_id ${ACTIVE_GRANTS()};
    end $$;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
