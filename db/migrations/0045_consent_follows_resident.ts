import { sql, type Kysely } from "kysely";

/**
 * A consent follows the resident across the org's houses (ADR 040, "After a move").
 *
 * Under 42 CFR Part 2 the party that may disclose is the organisation (org_id), not one
 * house. Until now a consent was visible and usable only by staff of the house that
 * prepared it (house_id), so after a transfer the new house's staff neither saw the
 * resident's consents nor could disclose under them, and an "end of stay" consent
 * expired on the day of a move.
 *
 *  - Staff of a house where the resident lives now or will move in (the same set the
 *    plan policies use: current_plan_resident_ids()) read the resident's consents and
 *    disclosure log and may record a revocation; staff of the preparing house keep the
 *    access they had.
 *  - A disclosure is logged under the house that disclosed (the caller's), and a granted
 *    row no longer has to name the consent's preparing house: the guard still requires
 *    the same resident, recipient, purpose, information, and an active consent.
 *  - "End of stay" means the end of the resident's stay with the org: a current stay in
 *    any of its houses keeps the consent active; a transfer is a move, not an end. (Read
 *    under the caller's RLS: for staff of the house the resident left, the consent is no
 *    longer active — they no longer serve the resident.)
 *  - An end date is compared with the preparing house's today, or the org's when the
 *    caller cannot see that house.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
const MY_PEOPLE = `(select current_plan_resident_ids())::uuid[]`;
const STAFF_SEES = `(${SCOPED} and (house_id = any (${MY_HOUSES}) or resident_id = any (${MY_PEOPLE})))`;
const OLD_STAFF_SEES = `(${SCOPED} and house_id = any (${MY_HOUSES}))`;

function policies(staff: string) {
  return `
    drop policy consent_select on consent;
    create policy consent_select on consent for select using (${ORG} and (
      ${ADMIN} or ${staff} or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));
    drop policy consent_update on consent;
    create policy consent_update on consent for update
      using (${ORG} and (${ADMIN} or ${staff} or (${RESIDENT} and resident_id = ${MY_RESIDENT})))
      with check (${ORG} and (${ADMIN} or ${staff} or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    drop policy disclosure_select on disclosure;
    create policy disclosure_select on disclosure for select using (${ORG} and (
      ${ADMIN} or ${staff} or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));`;
}

function isActive(sameHouse: boolean) {
  return `
    create or replace function consent_is_active(c consent) returns boolean language sql stable
      set search_path = pg_catalog, public as $$
      select c.signed_at is not null and c.revoked_at is null
        and (c.expires_on is null or c.expires_on >= ${sameHouse ? "" : "coalesce("}(select (now() at time zone h.time_zone)::date
              from house h where h.org_id = c.org_id and h.id = c.house_id)${sameHouse ? "" : `,
              (select (now() at time zone o.time_zone)::date from org o where o.id = c.org_id))`})
        and (c.expiry_event is distinct from 'end_of_stay' or exists (
              select 1 from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
              where s.org_id = c.org_id and s.resident_id = c.resident_id${sameHouse ? " and s.house_id = c.house_id" : ""}
                and s.during @> (now() at time zone h.time_zone)::date))
    $$;`;
}

function guard(sameHouse: boolean) {
  return `
    create or replace function disclosure_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      c consent;
    begin
      if tg_op <> 'INSERT' then
        raise exception 'the disclosure log is append-only' using errcode = 'insufficient_privilege';
      end if;
      new.disclosed_by := current_app_user_id();
      new.disclosed_at := now();
      new.ip := nullif(current_setting('app.ip', true), '');
      if new.outcome = 'granted' then
        select * into c from consent k where k.org_id = new.org_id and k.id = new.consent_id;
        if not found or c.resident_id <> new.resident_id${sameHouse ? " or c.house_id <> new.house_id" : ""}
           or c.recipient_ref <> new.recipient_ref or c.purpose <> new.purpose
           or not (new.information <@ c.information) or not consent_is_active(c) then
          raise exception 'no active consent covers this disclosure' using errcode = 'check_violation',
            constraint = 'disclosure_consent_covers';
        end if;
      end if;
      return new;
    end $$;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(policies(STAFF_SEES) + isActive(false) + guard(false)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(policies(OLD_STAFF_SEES) + isActive(true) + guard(true)).execute(db);
}
