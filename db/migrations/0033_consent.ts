import { sql, type Kysely } from "kysely";

/**
 * Consent under 42 CFR Part 2 and the disclosure log (issue 12, capability 3; ADR 040).
 *
 *  1. consent: one written consent of a resident to let this org disclose information to
 *     a recipient, with the elements §2.31 requires: the resident, who may disclose (the
 *     org: org_id), the recipient (a named person, a named organisation or a general
 *     designation, plus recipient_ref: a machine-matchable reference such as
 *     `named:<normalised name>` or `service:<uuid>`), the purpose (a fixed list, with
 *     optional words), how much and what kind of information (a fixed list of
 *     categories), an expiry date or event, and the resident's e-signature (typed name;
 *     the time, IP and user stamped by the trigger, never by the app). Staff of the
 *     resident's house prepare it (house_id: a house where the resident has a stay); only
 *     the resident signs it; the resident (or staff recording what the resident told
 *     them) revokes it. The elements never change once written; revocation is stamped by
 *     the trigger and never undone. No DELETE grant: consents are kept.
 *  2. disclosure: the disclosure log. Every attempt to disclose through disclose()
 *     (app/domain/consents/disclose.server.ts), granted or refused, is one row: what,
 *     to whom, for which purpose and information, under which consent (granted) or why
 *     not (refused), by whom and when. Append-only (select, insert; a trigger refuses
 *     UPDATE and DELETE). The trigger refuses a *granted* row unless its consent is
 *     signed, not revoked, not expired and covers the recipient, purpose and every
 *     information category at this moment: the database, not only the app, holds the gate.
 *
 * RLS, house-scoped (ADR 009): owners and admins everything; house managers and staff the
 * consents and disclosures of their houses; residents their own (read; sign and revoke
 * their consents). Residents also gain read access to their own intake and MOUD status
 * (the "my data" export shows what they gave).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

const RECIPIENT_KINDS = `('person', 'organisation', 'general')`;
const PURPOSES = `('verify_residence', 'court_or_probation', 'employment', 'treatment', 'referral', 'benefits', 'certification', 'family', 'other')`;
const INFORMATION = `array['residence', 'participation', 'payments', 'plan', 'referrals', 'treatment']`;
const WHAT = `('release_letter', 'referral_summary', 'certifier_evidence', 'export')`;
const REFUSALS = `('no_consent', 'recipient', 'purpose', 'information', 'expired', 'revoked', 'not_signed')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── 1. consents ────────────────────────────────────────────────────
    create table consent (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      resident_id uuid not null,
      recipient_kind text not null constraint consent_recipient_kind check (recipient_kind in ${RECIPIENT_KINDS}),
      recipient_name text not null constraint consent_recipient_name_check check (length(recipient_name) between 1 and 200),
      recipient_ref text not null constraint consent_recipient_ref_check check (recipient_ref ~ '^[a-z]+:.{1,240}$'),
      purpose text not null constraint consent_purpose check (purpose in ${PURPOSES}),
      purpose_detail text constraint consent_purpose_detail_check check (length(purpose_detail) between 1 and 500),
      information text[] not null constraint consent_information check (
        cardinality(information) between 1 and 6 and information <@ ${INFORMATION}),
      expires_on date,
      expiry_event text constraint consent_expiry_event check (expiry_event in ('end_of_stay')),
      prepared_by uuid,
      prepared_at timestamptz not null default now(),
      typed_name text constraint consent_typed_name_check check (length(typed_name) between 1 and 120),
      signed_at timestamptz,
      signed_ip text,
      signed_by uuid,
      revoked_at timestamptz,
      revoked_by uuid,
      constraint consent_pkey primary key (org_id, id),
      constraint consent_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint consent_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint consent_expiry check (expires_on is not null or expiry_event is not null),
      constraint consent_signed check ((typed_name is null) = (signed_at is null)),
      constraint consent_revoked check (revoked_at is null or signed_at is not null)
    );
    create index consent_resident_idx on consent (org_id, resident_id, prepared_at desc, id desc);
    create index consent_house_idx on consent (org_id, house_id, prepared_at desc);

    -- Is consent c active now (signed, not revoked, not past its date or event)?
    create function consent_is_active(c consent) returns boolean language sql stable
      set search_path = pg_catalog, public as $$
      select c.signed_at is not null and c.revoked_at is null
        and (c.expires_on is null or c.expires_on >= (select (now() at time zone h.time_zone)::date
              from house h where h.org_id = c.org_id and h.id = c.house_id))
        and (c.expiry_event is distinct from 'end_of_stay' or exists (
              select 1 from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
              where s.org_id = c.org_id and s.resident_id = c.resident_id and s.house_id = c.house_id
                and s.during @> (now() at time zone h.time_zone)::date))
    $$;

    -- Elements are written once; the signature and the revocation are stamped here.
    create function consent_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'consents are kept' using errcode = 'insufficient_privilege';
      end if;
      if tg_op = 'INSERT' then
        new.prepared_by := current_app_user_id();
        new.prepared_at := now();
        new.typed_name := null; new.signed_at := null; new.signed_ip := null; new.signed_by := null;
        new.revoked_at := null; new.revoked_by := null;
        return new;
      end if;
      if (new.id, new.org_id, new.house_id, new.resident_id, new.recipient_kind, new.recipient_name, new.recipient_ref,
          new.purpose, new.purpose_detail, new.information, new.expires_on, new.expiry_event, new.prepared_by, new.prepared_at)
         is distinct from
         (old.id, old.org_id, old.house_id, old.resident_id, old.recipient_kind, old.recipient_name, old.recipient_ref,
          old.purpose, old.purpose_detail, old.information, old.expires_on, old.expiry_event, old.prepared_by, old.prepared_at) then
        raise exception 'a consent''s elements never change' using errcode = 'check_violation', constraint = 'consent_immutable';
      end if;
      if old.revoked_at is not null then
        raise exception 'a revoked consent stays revoked' using errcode = 'check_violation', constraint = 'consent_immutable';
      end if;
      if old.signed_at is null and new.typed_name is not null then
        -- signing: only the resident themselves, only before its date has passed
        if current_app_role() is distinct from 'resident' or new.resident_id is distinct from current_resident_id() then
          raise exception 'only the resident signs their consent' using errcode = 'insufficient_privilege';
        end if;
        if new.expires_on is not null and new.expires_on < (select (now() at time zone h.time_zone)::date
            from house h where h.org_id = new.org_id and h.id = new.house_id) then
          raise exception 'this consent''s end date has passed' using errcode = 'check_violation', constraint = 'consent_expired';
        end if;
        new.signed_at := now();
        new.signed_ip := nullif(current_setting('app.ip', true), '');
        new.signed_by := current_app_user_id();
        new.revoked_at := null; new.revoked_by := null;
        return new;
      end if;
      if new.typed_name is distinct from old.typed_name then
        raise exception 'a signature never changes' using errcode = 'check_violation', constraint = 'consent_immutable';
      end if;
      if new.revoked_at is not null then
        if old.signed_at is null then
          raise exception 'only a signed consent can be revoked' using errcode = 'check_violation', constraint = 'consent_revoked';
        end if;
        new.revoked_at := now();
        new.revoked_by := current_app_user_id();
        return new;
      end if;
      if (new.signed_at, new.signed_ip, new.signed_by, new.revoked_by) is distinct from (old.signed_at, old.signed_ip, old.signed_by, old.revoked_by) then
        raise exception 'stamped by the database' using errcode = 'check_violation', constraint = 'consent_immutable';
      end if;
      return new;
    end $$;
    create trigger consent_guard before insert or update or delete on consent
      for each row execute function consent_guard();

    -- ── 2. the disclosure log ──────────────────────────────────────────
    create table disclosure (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      resident_id uuid not null,
      consent_id uuid,
      what text not null constraint disclosure_what check (what in ${WHAT}),
      recipient_kind text not null constraint disclosure_recipient_kind check (recipient_kind in ${RECIPIENT_KINDS}),
      recipient_name text not null constraint disclosure_recipient_name_check check (length(recipient_name) between 1 and 200),
      recipient_ref text not null constraint disclosure_recipient_ref_check check (recipient_ref ~ '^[a-z]+:.{1,240}$'),
      purpose text not null constraint disclosure_purpose check (purpose in ${PURPOSES}),
      information text[] not null constraint disclosure_information check (
        cardinality(information) between 1 and 6 and information <@ ${INFORMATION}),
      outcome text not null constraint disclosure_outcome check (outcome in ('granted', 'refused')),
      refusal text constraint disclosure_refusal check (refusal in ${REFUSALS}),
      disclosed_by uuid default current_app_user_id(),
      disclosed_at timestamptz not null default now(),
      ip text default nullif(current_setting('app.ip', true), ''),
      constraint disclosure_pkey primary key (org_id, id),
      constraint disclosure_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint disclosure_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint disclosure_consent_fk foreign key (org_id, consent_id) references consent (org_id, id),
      constraint disclosure_granted check ((outcome = 'granted') = (consent_id is not null and refusal is null)),
      constraint disclosure_refused check ((outcome = 'refused') = (refusal is not null))
    );
    create index disclosure_resident_idx on disclosure (org_id, resident_id, disclosed_at desc, id desc);
    create index disclosure_house_idx on disclosure (org_id, house_id, disclosed_at desc);
    create index disclosure_consent_idx on disclosure (org_id, consent_id) where consent_id is not null;

    -- Append-only; a granted row only under a consent that covers it now.
    create function disclosure_guard() returns trigger language plpgsql
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
        if not found or c.resident_id <> new.resident_id or c.house_id <> new.house_id
           or c.recipient_ref <> new.recipient_ref or c.purpose <> new.purpose
           or not (new.information <@ c.information) or not consent_is_active(c) then
          raise exception 'no active consent covers this disclosure' using errcode = 'check_violation',
            constraint = 'disclosure_consent_covers';
        end if;
      end if;
      return new;
    end $$;
    create trigger disclosure_guard before insert or update or delete on disclosure
      for each row execute function disclosure_guard();
    create trigger disclosure_no_truncate before truncate on disclosure
      for each statement execute function forbid_change();

    -- ── row-level security ─────────────────────────────────────────────
    alter table consent enable row level security;
    alter table consent force row level security;
    create policy consent_select on consent for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));
    -- Staff of a house prepare a consent for a resident with a stay in that house.
    create policy consent_insert on consent for insert with check (${ORG}
      and (${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))
      and exists (select 1 from stay s where s.org_id = consent.org_id and s.resident_id = consent.resident_id
        and s.house_id = consent.house_id)
    );
    -- The resident signs or revokes their own; staff of the house record a revocation (trigger).
    create policy consent_update on consent for update
      using (${ORG} and (${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})) or (${RESIDENT} and resident_id = ${MY_RESIDENT})))
      with check (${ORG} and (${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})) or (${RESIDENT} and resident_id = ${MY_RESIDENT})));

    alter table disclosure enable row level security;
    alter table disclosure force row level security;
    create policy disclosure_select on disclosure for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));
    create policy disclosure_insert on disclosure for insert with check (${ORG}
      and (${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))
    );

    -- A resident reads the intake they gave and their own MOUD status (my data).
    create policy resident_intake_select_own on resident_intake for select using (${ORG} and ${RESIDENT} and resident_id = ${MY_RESIDENT});
    create policy moud_status_select_own on moud_status for select using (${ORG} and ${RESIDENT} and resident_id = ${MY_RESIDENT});

    -- ── grants: only what the domain uses ──────────────────────────────
    grant select on consent to hearth_app;
    grant insert (org_id, house_id, resident_id, recipient_kind, recipient_name, recipient_ref, purpose, purpose_detail,
      information, expires_on, expiry_event) on consent to hearth_app;
    grant update (typed_name, revoked_at) on consent to hearth_app;
    grant select on disclosure to hearth_app;
    grant insert (org_id, house_id, resident_id, consent_id, what, recipient_kind, recipient_name, recipient_ref, purpose,
      information, outcome, refusal) on disclosure to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy resident_intake_select_own on resident_intake;
    drop policy moud_status_select_own on moud_status;
    drop table disclosure;
    drop function disclosure_guard(), consent_is_active(consent);
    drop table consent;
    drop function consent_guard();
  `.execute(db);
}
