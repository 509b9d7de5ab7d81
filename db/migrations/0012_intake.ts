import { sql, type Kysely } from "kysely";

/**
 * Intake follows the person (issue 7, item 7) and held beds end on their own (item 9).
 *
 *  1. The application records the intake facts operators ask for: a recovery date (the
 *     applicant's choice), who pays (payer), a sponsor or recovery-coach contact and a
 *     probation/court contact, beside the referral and needs it already had.
 *  2. Screening notes are a dated, append-only log (screening_note), not one overwritable
 *     column: rows are never edited; the only change allowed is linking an application's
 *     notes to the resident it became (resident_id, once). The retention job (system
 *     context: admin role, no user) may delete the notes of applications it anonymises.
 *  3. resident_intake: the intake facts on the resident's record, a staff-only section
 *     (residents never read it), house-scoped like staff notes. Admission copies the
 *     application's facts into it in the admitting transaction.
 *  4. moud_status: medication for opioid use disorder (yes / no / prefer not to say) is
 *     42 CFR Part 2 information, kept in its own table so no other query can read it by
 *     accident. Readable by owners/admins and by house managers and staff of the person's
 *     house only: for an application, the house it names (an application open to any
 *     house: owners/admins only) or the house it was admitted to; for a resident, the
 *     houses of their current and planned stays. Written by owners/admins and those house
 *     managers. The domain audits every read. Who recorded it and when is stamped by a
 *     trigger.
 *  5. bed.held_until: a bed held for a resident's return (on discharge) is released — made
 *     available — by the worker's maintenance once the house's local today reaches it.
 *  6. invite_house (item 10): the houses a house manager or staff invitation assigns. Team
 *     admins write them with the invitation; accepting it assigns the new member to those
 *     houses (membership_house_invited: oneself, a house the invitation names, with the
 *     invitation's token, claimed in this transaction — as membership_insert does for the
 *     membership itself).
 *
 * New tables: primary key (org_id, id), composite foreign keys with org_id, forced RLS.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const USER = `(select current_app_user_id())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const PAYERS = `('self', 'family', 'voucher_or_grant', 'employer')`;
const TEAM_ADMIN = `${ROLE} in ('owner', 'admin', 'certifier_admin')`;
const TOKEN = `nullif(current_setting('app.token_hash', true), '')`;
const REFERRAL_SOURCES = `('self', 'family', 'treatment_program', 'court', 'probation', 'hospital', 'other')`;

// MOUD: the person's house, as the policy text for a moud_status row.
const MOUD_HOUSE = `(
  (resident_id is not null and exists (select 1 from stay s
    where s.org_id = moud_status.org_id and s.resident_id = moud_status.resident_id
      and s.house_id = any (${MY_HOUSES})
      and (upper_inf(s.during) or upper(s.during) > house_local_today(s.house_id))))
  or (application_id is not null and exists (select 1 from application a
    where a.org_id = moud_status.org_id and a.id = moud_status.application_id
      and coalesce(a.admitted_house_id, a.house_id) = any (${MY_HOUSES})))
)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── 1. intake facts on the application ─────────────────────────────
    alter table application
      add column recovery_date date
        constraint application_recovery_date_check check (recovery_date between '1900-01-01' and '2200-01-01'),
      add column payer text constraint application_payer check (payer in ${PAYERS}),
      add column sponsor_name text constraint application_sponsor_name_check check (length(sponsor_name) between 1 and 120),
      add column sponsor_phone text constraint application_sponsor_phone_check check (length(sponsor_phone) between 1 and 40),
      add column probation_contact_name text
        constraint application_probation_contact_name_check check (length(probation_contact_name) between 1 and 120),
      add column probation_contact_phone text
        constraint application_probation_contact_phone_check check (length(probation_contact_phone) between 1 and 40);

    -- ── 2. the screening log ───────────────────────────────────────────
    create table screening_note (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      application_id uuid,
      resident_id uuid,
      author_user_id uuid default current_app_user_id() references app_user (id) on delete set null,
      body text not null constraint screening_note_body_check check (length(body) between 1 and 4000),
      created_at timestamptz not null default now(),
      constraint screening_note_pkey primary key (org_id, id),
      constraint screening_note_subject check (application_id is not null or resident_id is not null),
      constraint screening_note_application_fk foreign key (org_id, application_id) references application (org_id, id),
      constraint screening_note_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index screening_note_application_idx on screening_note (org_id, application_id, created_at)
      where application_id is not null;
    create index screening_note_resident_idx on screening_note (org_id, resident_id, created_at)
      where resident_id is not null;

    -- Append-only: a note never changes, except that an application's note is linked once
    -- to the resident the application became.
    create function screening_note_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if (new.id, new.org_id, new.application_id, new.author_user_id, new.body, new.created_at)
           is distinct from (old.id, old.org_id, old.application_id, old.author_user_id, old.body, old.created_at)
         or (old.resident_id is not null and new.resident_id is distinct from old.resident_id) then
        raise exception 'screening notes are append-only' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$;
    create trigger screening_note_guard before update on screening_note
      for each row execute function screening_note_guard();

    -- The old one-box notes become the first entry of each log (as the owner role, which
    -- FORCE RLS binds too: a policy for the copy only, dropped again).
    create policy application_migrate_read on application for select to hearth_owner using (true);
    insert into screening_note (org_id, application_id, resident_id, author_user_id, body, created_at)
      select org_id, id, admitted_resident_id, null, screening_notes, updated_at
      from application where screening_notes is not null;
    drop policy application_migrate_read on application;

    -- The public form still writes nothing staff-only (as in 0006, without the old column).
    drop policy application_insert on application;
    alter table application drop column screening_notes;
    create policy application_insert on application for insert with check (${ORG} and (
      ${ADMIN}
      or (${MANAGER} and (house_id is null or house_id = any (${MY_HOUSES})))
      or (${ROLE} = '' and ${USER} is null and submitted_via = 'public' and status = 'new'
        and decline_reason is null and admitted_resident_id is null
        and admitted_house_id is null and anonymised_at is null
        and (house_id is null or house_id in (select h.id from house h where h.org_id = application.org_id and h.status = 'active')))
    ));

    alter table screening_note enable row level security;
    alter table screening_note force row level security;
    create policy screening_note_select on screening_note for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and (
        (resident_id is not null and resident_is_visible(resident_id))
        or (application_id is not null and exists (select 1 from application a
          where a.org_id = screening_note.org_id and a.id = screening_note.application_id))))
    ));
    create policy screening_note_insert on screening_note for insert with check (${ORG}
      and author_user_id is not distinct from ${USER}
      and (
        ${ADMIN}
        or (${MANAGER} and (
          (resident_id is null and exists (select 1 from application a
            where a.org_id = screening_note.org_id and a.id = screening_note.application_id
              and (a.house_id is null or a.house_id = any (${MY_HOUSES}))))
          or (resident_id is not null and application_id is null and resident_is_visible(resident_id))))
      ));
    -- Linking an application's notes to the admitted resident (the trigger allows nothing else).
    create policy screening_note_link on screening_note for update
      using (${ORG} and (${ADMIN} or ${MANAGER}))
      with check (${ORG} and resident_id is not null and (${ADMIN} or (${MANAGER} and resident_is_visible(resident_id))));
    -- Retention (the system context: admin role, no user) removes an anonymised application's notes.
    create policy screening_note_retention on screening_note for delete
      using (${ORG} and ${ROLE} = 'admin' and ${USER} is null);
    grant select, insert, delete on screening_note to hearth_app;
    grant update (resident_id) on screening_note to hearth_app;

    -- ── 3. intake on the resident's record ─────────────────────────────
    create table resident_intake (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      referral_source text constraint resident_intake_referral_source check (referral_source in ${REFERRAL_SOURCES}),
      referral_detail text constraint resident_intake_referral_detail_check check (length(referral_detail) between 1 and 200),
      needs text constraint resident_intake_needs_check check (length(needs) between 1 and 2000),
      payer text constraint resident_intake_payer check (payer in ${PAYERS}),
      sponsor_name text constraint resident_intake_sponsor_name_check check (length(sponsor_name) between 1 and 120),
      sponsor_phone text constraint resident_intake_sponsor_phone_check check (length(sponsor_phone) between 1 and 40),
      probation_contact_name text
        constraint resident_intake_probation_contact_name_check check (length(probation_contact_name) between 1 and 120),
      probation_contact_phone text
        constraint resident_intake_probation_contact_phone_check check (length(probation_contact_phone) between 1 and 40),
      -- The application it came from, if any.
      application_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint resident_intake_pkey primary key (org_id, id),
      constraint resident_intake_resident_key unique (org_id, resident_id),
      constraint resident_intake_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint resident_intake_application_fk foreign key (org_id, application_id) references application (org_id, id)
    );

    alter table resident_intake enable row level security;
    alter table resident_intake force row level security;
    create policy resident_intake_select on resident_intake for select using (${ORG} and (
      ${ADMIN} or (${SCOPED} and resident_is_visible(resident_id))
    ));
    create policy resident_intake_insert on resident_intake for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and resident_is_visible(resident_id))
    ));
    create policy resident_intake_update on resident_intake for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and resident_is_visible(resident_id))))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and resident_is_visible(resident_id))));
    grant select on resident_intake to hearth_app;
    grant insert (org_id, resident_id, referral_source, referral_detail, needs, payer, sponsor_name, sponsor_phone,
      probation_contact_name, probation_contact_phone, application_id) on resident_intake to hearth_app;
    grant update (referral_source, referral_detail, needs, payer, sponsor_name, sponsor_phone,
      probation_contact_name, probation_contact_phone, updated_at) on resident_intake to hearth_app;

    -- ── 4. medication for opioid use disorder (Part 2) ─────────────────
    create table moud_status (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      application_id uuid,
      resident_id uuid,
      status text not null constraint moud_status_status check (status in ('yes', 'no', 'prefer_not_to_say')),
      recorded_by uuid,
      recorded_at timestamptz not null default now(),
      constraint moud_status_pkey primary key (org_id, id),
      constraint moud_status_subject check (num_nonnulls(application_id, resident_id) = 1),
      constraint moud_status_application_key unique (org_id, application_id),
      constraint moud_status_resident_key unique (org_id, resident_id),
      constraint moud_status_application_fk foreign key (org_id, application_id) references application (org_id, id),
      constraint moud_status_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );

    create function moud_status_stamp() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      new.recorded_by := current_app_user_id();
      new.recorded_at := now();
      return new;
    end $$;
    create trigger moud_status_stamp before insert or update on moud_status
      for each row execute function moud_status_stamp();

    alter table moud_status enable row level security;
    alter table moud_status force row level security;
    create policy moud_status_select on moud_status for select using (${ORG} and (
      ${ADMIN} or (${SCOPED} and ${MOUD_HOUSE})
    ));
    create policy moud_status_insert on moud_status for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and ${MOUD_HOUSE})
    ));
    create policy moud_status_update on moud_status for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and ${MOUD_HOUSE})))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and ${MOUD_HOUSE})));
    -- Retention removes an anonymised application's answer (system context, as above).
    create policy moud_status_retention on moud_status for delete
      using (${ORG} and ${ROLE} = 'admin' and ${USER} is null);
    grant select, delete on moud_status to hearth_app;
    grant insert (org_id, application_id, resident_id, status) on moud_status to hearth_app;
    grant update (status) on moud_status to hearth_app;

    -- ── 5. held beds end ───────────────────────────────────────────────
    alter table bed add column held_until date;
    alter table bed add constraint bed_held_until check (held_until is null or status = 'held');
    create index bed_held_until_idx on bed (org_id, held_until) where held_until is not null;

    -- ── 6. houses chosen with an invitation ────────────────────────────
    -- invite (org_id, id) must be unique for the composite key below (it may already be).
    do $do$ begin
      if not exists (
        select 1 from pg_index i
        where i.indrelid = 'invite'::regclass and i.indisunique and i.indpred is null
          and (select array_agg(a.attname::text order by a.attname) from pg_attribute a
               where a.attrelid = i.indrelid and a.attnum = any (i.indkey)) = array['id', 'org_id']
      ) then
        alter table invite add constraint invite_org_id_key unique (org_id, id);
      end if;
    end $do$;
    create table invite_house (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      invite_id uuid not null,
      house_id uuid not null,
      constraint invite_house_pkey primary key (org_id, id),
      constraint invite_house_key unique (org_id, invite_id, house_id),
      constraint invite_house_invite_fk foreign key (org_id, invite_id) references invite (org_id, id) on delete cascade,
      constraint invite_house_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    alter table invite_house enable row level security;
    alter table invite_house force row level security;
    create policy invite_house_select on invite_house for select using (
      (${ORG} and ${USER} is not null and ${TEAM_ADMIN})
      or exists (select 1 from invite i where i.org_id = invite_house.org_id and i.id = invite_house.invite_id
        and i.token_hash = ${TOKEN})
    );
    create policy invite_house_insert on invite_house for insert with check (
      ${ORG} and ${USER} is not null and ${ROLE} in ('owner', 'admin')
      and exists (select 1 from invite i where i.org_id = invite_house.org_id and i.id = invite_house.invite_id
        and i.role in ('house_manager', 'staff') and i.accepted_at is null)
    );
    grant select, insert on invite_house to hearth_app;

    create policy membership_house_invited on membership_house for insert with check (
      ${ORG} and ${USER} is not null
      and membership_id in (select m.id from membership m where m.org_id = membership_house.org_id
        and m.user_id = ${USER} and m.role in ('house_manager', 'staff'))
      and exists (select 1 from invite_house ih join invite i on i.org_id = ih.org_id and i.id = ih.invite_id
        where ih.org_id = membership_house.org_id and ih.house_id = membership_house.house_id
          and i.token_hash = ${TOKEN} and i.accepted_at = now() and i.role in ('house_manager', 'staff'))
    );
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0012_intake cannot be reverted; restore a backup instead.");
}
