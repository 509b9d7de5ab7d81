import { sql, type Kysely } from "kysely";

/**
 * Houses, rooms, beds; house-scoped staff assignments; applications (waitlist);
 * residents and staff-only notes; stays (bed occupancy over date ranges).
 *
 * Tenancy rules, enforced here and not only in code:
 *  - every table has org_id, and every reference carries org_id in a composite foreign
 *    key, so a row can never point into another org (bed → room → house; stay → bed
 *    and its house; stay → resident; …);
 *  - RLS is enabled and forced; owner/admin see the whole org, house_manager and staff
 *    only their assigned houses (membership_house), residents only their own resident
 *    row, their own stays and the house/room/bed of those stays, and never
 *    applications, other residents or staff notes;
 *  - owner/admin set up every house; a house manager may also set up a house, and in
 *    the same transaction assign themselves to it (and only themselves, only to a house
 *    they created in that transaction: house.created_by + created_at = now()); from then
 *    on they edit, archive and lay out (rooms, beds) the houses they are assigned to.
 *    Assigning anyone else stays with owner/admin. Staff never write houses, rooms or beds;
 *  - a bed is never double-booked and a resident never has two overlapping stays
 *    (exclusion constraints), and nobody moves into an out-of-service bed (trigger).
 *
 * Policies never reference each other in a cycle: cross-table lookups that could loop
 * (resident ⇄ stay) go through two plpgsql helpers that return early for other roles.
 */

// Role predicates shared by the policies below (static SQL, evaluated once per query).
const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
/**
 * A resident this user added who has never been admitted. (Not a subquery on stay: under
 * the caller's RLS a stay in another house would be invisible and the row would leak.)
 */
const ADDED_BY_ME_NOT_HOUSED = `(resident.created_by = (select current_app_user_id()) and resident.first_admitted_at is null)`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
// Rooms and beds (rows with a house_id): owner/admin, or a house manager in their houses.
const LAYOUT = `(${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES})))`;
// A house the current house manager created in this transaction (created_at is now()).
const createdNow = (alias: string) =>
  `(${MANAGER} and ${alias}created_by = (select current_app_user_id()) and ${alias}created_at = now())`;
const CREATED_NOW = createdNow("");
const CREATED_NOW_H = createdNow("h.");
// What the app writes when it creates a house (never id, status, created_by, created_at).
const HOUSE_COLUMNS = "org_id, name, address_line1, address_line2, city, region, postal_code, populations, narr_level, time_zone, phone";

const POPULATIONS = [
  "men",
  "women",
  "all_genders",
  "lgbtq_affirming",
  "families_with_children",
  "pregnant_postpartum",
  "veterans",
  "young_adults",
  "older_adults",
  "justice_involved",
  "moud_supportive",
];
const REFERRAL_SOURCES = ["self", "family", "treatment_program", "court", "probation", "hospital", "other"];
const APPLICATION_STATUSES = ["new", "screening", "accepted", "waitlisted", "declined", "admitted"];
const DISCHARGE_REASONS = [
  "completed_program",
  "independent_housing",
  "left_voluntarily",
  "rule_related",
  "return_to_use",
  "hospital_or_treatment",
  "incarceration",
  "deceased",
  "other",
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(", ");

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── houses ─────────────────────────────────────────────────────────
    create table house (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      name text not null check (length(name) between 1 and 120),
      address_line1 text not null check (length(address_line1) between 1 and 200),
      address_line2 text check (length(address_line2) between 1 and 200),
      city text not null check (length(city) between 1 and 100),
      region text not null check (length(region) between 1 and 100),
      postal_code text not null check (length(postal_code) between 1 and 20),
      populations text[] not null,
      narr_level smallint not null,
      time_zone text not null check (length(time_zone) between 1 and 64),
      phone text check (length(phone) between 1 and 40),
      status text not null default 'active',
      -- Who set the house up: always the caller, as the app role may write neither this
      -- column nor created_at (null from seeds and scripts that run without a user); a
      -- member of this org (composite key), set to null if they leave the team.
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint house_populations check (
        cardinality(populations) between 1 and ${POPULATIONS.length}
        and populations <@ array[${list(POPULATIONS)}]::text[]),
      constraint house_narr_level check (narr_level between 1 and 4),
      constraint house_status check (status in ('active', 'inactive')),
      constraint house_org_id_key unique (org_id, id),
      constraint house_created_by_fk foreign key (org_id, created_by) references membership (org_id, user_id)
        on delete set null (created_by)
    );
    create unique index house_org_name_key on house (org_id, lower(name));

    -- House-scoped roles (house_manager, staff) act only on the houses listed here.
    create table membership_house (
      org_id uuid not null references org (id),
      membership_id uuid not null,
      house_id uuid not null,
      created_at timestamptz not null default now(),
      constraint membership_house_pkey primary key (org_id, membership_id, house_id),
      constraint membership_house_membership_fk foreign key (org_id, membership_id)
        references membership (org_id, id) on delete cascade,
      constraint membership_house_house_fk foreign key (org_id, house_id) references house (org_id, id) on delete cascade
    );
    create index membership_house_house_idx on membership_house (org_id, house_id);

    create table room (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      name text not null check (length(name) between 1 and 60),
      size_sq_ft integer check (size_sq_ft between 1 and 10000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint room_house_id_key unique (org_id, house_id, id),
      constraint room_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create unique index room_house_name_key on room (org_id, house_id, lower(name));

    create table bed (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      room_id uuid not null,
      label text not null check (length(label) between 1 and 20),
      kind text not null default 'adult',
      accessible boolean not null default false,
      status text not null default 'available',
      status_reason text check (length(status_reason) between 1 and 200),
      status_changed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint bed_kind check (kind in ('adult', 'child')),
      constraint bed_status check (status in ('available', 'held', 'out_of_service')),
      constraint bed_out_of_service_reason check (status <> 'out_of_service' or status_reason is not null),
      constraint bed_available_no_reason check (status <> 'available' or status_reason is null),
      constraint bed_house_id_key unique (org_id, house_id, id),
      -- The bed's house is its room's house: (org_id, house_id, room_id) must exist in room.
      constraint bed_room_fk foreign key (org_id, house_id, room_id) references room (org_id, house_id, id) on delete cascade
    );
    create unique index bed_room_label_key on bed (org_id, room_id, lower(label));

    -- ── residents ──────────────────────────────────────────────────────
    create table resident (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      -- Portal account: must be a member of this org (the domain requires role resident).
      user_id uuid,
      legal_name text not null check (length(legal_name) between 1 and 120),
      preferred_name text check (length(preferred_name) between 1 and 80),
      pronouns text check (length(pronouns) between 1 and 40),
      date_of_birth date check (date_of_birth between '1900-01-01' and '2200-01-01'),
      phone text check (length(phone) between 1 and 40),
      email text check (length(email) between 3 and 254),
      emergency_contact_name text check (length(emergency_contact_name) between 1 and 120),
      emergency_contact_phone text check (length(emergency_contact_phone) between 1 and 40),
      emergency_contact_relationship text check (length(emergency_contact_relationship) between 1 and 60),
      recovery_start_date date check (recovery_start_date between '1900-01-01' and '2200-01-01'),
      -- Who added the record: a house manager sees a resident they added until the
      -- resident is first admitted (then the stay's house decides). first_admitted_at is
      -- set by a trigger on stay, whoever admits and whichever house.
      created_by uuid default current_app_user_id(),
      first_admitted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint resident_org_id_key unique (org_id, id),
      constraint resident_membership_fk foreign key (org_id, user_id) references membership (org_id, user_id)
        on delete set null (user_id),
      constraint resident_created_by_fk foreign key (org_id, created_by) references membership (org_id, user_id)
        on delete set null (created_by)
    );
    create unique index resident_user_key on resident (org_id, user_id) where user_id is not null;
    create index resident_org_name_idx on resident (org_id, lower(legal_name));

    -- Staff-only notes: a separate table that residents can never select.
    create table resident_note (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      author_user_id uuid default current_app_user_id() references app_user (id) on delete set null,
      body text not null check (length(body) between 1 and 4000),
      created_at timestamptz not null default now(),
      constraint resident_note_resident_fk foreign key (org_id, resident_id) references resident (org_id, id) on delete cascade
    );
    create index resident_note_resident_idx on resident_note (org_id, resident_id, created_at desc);

    -- ── applications and the waitlist ──────────────────────────────────
    create table application (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid,                              -- preference; null = any house
      applicant_name text not null check (length(applicant_name) between 1 and 120),
      phone text check (length(phone) between 1 and 40),
      email text check (length(email) between 3 and 254),
      referral_source text not null,
      referral_detail text check (length(referral_detail) between 1 and 200),
      desired_move_in date check (desired_move_in between '1900-01-01' and '2200-01-01'),
      needs text check (length(needs) between 1 and 2000),
      consent_to_contact boolean not null,
      status text not null default 'new',
      decline_reason text check (length(decline_reason) between 1 and 500),
      screening_notes text check (length(screening_notes) between 1 and 4000),
      submitted_via text not null default 'staff',
      admitted_resident_id uuid,
      status_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint application_referral_source check (referral_source in (${list(REFERRAL_SOURCES)})),
      constraint application_status check (status in (${list(APPLICATION_STATUSES)})),
      constraint application_submitted_via check (submitted_via in ('staff', 'public')),
      constraint application_consent check (consent_to_contact),
      constraint application_contact check (phone is not null or email is not null),
      constraint application_declined_reason check ((status = 'declined') = (decline_reason is not null)),
      constraint application_admitted_resident check ((status = 'admitted') = (admitted_resident_id is not null)),
      constraint application_org_id_key unique (org_id, id),
      constraint application_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint application_resident_fk foreign key (org_id, admitted_resident_id) references resident (org_id, id)
    );
    create index application_org_status_idx on application (org_id, status, created_at, id);
    create index application_org_created_idx on application (org_id, created_at desc, id desc);
    create index application_org_house_idx on application (org_id, house_id, status) where house_id is not null;

    -- ── stays ──────────────────────────────────────────────────────────
    -- during = [move-in, move-out): move-out exclusive, open-ended = still there.
    -- A finite upper bound without end_type is an expected move-out; end_type records
    -- how the stay ended (discharge with reason, or transfer to another bed).
    create table stay (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      house_id uuid not null,
      bed_id uuid not null,
      during daterange not null,
      end_type text,
      discharge_reason text,
      discharge_destination text check (length(discharge_destination) between 1 and 200),
      transferred_from_stay_id uuid,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint stay_during_valid check (not isempty(during) and not lower_inf(during)),
      constraint stay_end_type check (end_type in ('discharge', 'transfer')),
      constraint stay_ended_has_date check (end_type is null or not upper_inf(during)),
      constraint stay_discharge_reason check (
        coalesce(end_type = 'discharge', false) = (discharge_reason is not null)
        and (discharge_reason is null or discharge_reason in (${list(DISCHARGE_REASONS)}))),
      constraint stay_discharge_destination check (discharge_destination is null or end_type = 'discharge'),
      constraint stay_org_id_key unique (org_id, id),
      constraint stay_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint stay_bed_fk foreign key (org_id, house_id, bed_id) references bed (org_id, house_id, id),
      constraint stay_transferred_from_fk foreign key (org_id, transferred_from_stay_id) references stay (org_id, id),
      constraint stay_bed_no_overlap exclude using gist (org_id with =, bed_id with =, during with &&),
      constraint stay_resident_no_overlap exclude using gist (org_id with =, resident_id with =, during with &&)
    );
    create index stay_house_during_idx on stay using gist (org_id, house_id, during);

    -- Nobody moves into an out-of-service bed. The bed row is share-locked, so a
    -- concurrent "take out of service" (which locks it for update) waits, and vice versa.
    create function stay_check_bed_in_service() returns trigger language plpgsql as $$
    declare
      bed_status text;
    begin
      select b.status into bed_status from bed b where b.org_id = new.org_id and b.id = new.bed_id for share;
      if bed_status = 'out_of_service' then
        raise exception 'bed is out of service' using errcode = 'check_violation', constraint = 'stay_bed_in_service';
      end if;
      return new;
    end $$;
    create trigger stay_bed_in_service before insert or update of bed_id on stay
      for each row execute function stay_check_bed_in_service();

    -- Residents may change only their own contact details (RLS limits them to their own
    -- row; this limits the columns, whatever code path issued the update).
    create function resident_self_update_guard() returns trigger language plpgsql as $$
    begin
      -- Who added the record never changes, and "admitted" is set once (by the stay
      -- trigger) and never cleared: either would move the record into someone's view.
      if new.created_by is distinct from old.created_by
         or (old.first_admitted_at is not null and new.first_admitted_at is distinct from old.first_admitted_at) then
        raise exception 'who added a resident and when they were first admitted cannot be changed'
          using errcode = 'insufficient_privilege';
      end if;
      if current_app_role() = 'resident' and (
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
    create trigger resident_self_update_guard before update on resident
      for each row execute function resident_self_update_guard();

    -- The first stay of a resident marks them admitted (see ADDED_BY_ME_NOT_HOUSED).
    create function stay_mark_resident_admitted() returns trigger language plpgsql as $$
    begin
      update resident set first_admitted_at = now()
        where org_id = new.org_id and id = new.resident_id and first_admitted_at is null;
      return null;
    end $$;
    create trigger stay_mark_resident_admitted after insert on stay
      for each row execute function stay_mark_resident_admitted();

    -- ── RLS helpers ────────────────────────────────────────────────────
    -- plpgsql (never inlined) and returning early for other roles, so policies that use
    -- them cannot recurse into each other.
    create function current_house_ids() returns uuid[] language plpgsql stable as $$
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
          and m.role in ('house_manager', 'staff')
      ), '{}'::uuid[]);
    end $$;

    create function current_resident_id() returns uuid language plpgsql stable as $$
    begin
      if current_app_role() <> 'resident' or current_org_id() is null or current_app_user_id() is null then
        return null;
      end if;
      return (select r.id from resident r where r.org_id = current_org_id() and r.user_id = current_app_user_id());
    end $$;

    -- ── row-level security ─────────────────────────────────────────────
    alter table house enable row level security;
    alter table house force row level security;
    -- The last line: a house manager sees the house they are creating for the rest of that
    -- transaction (RETURNING, and the membership_house check below), and only then.
    create policy house_select on house for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and id = any (${MY_HOUSES}))
      or (${RESIDENT} and id in (select s.house_id from stay s where s.resident_id = ${MY_RESIDENT}))
      or ${CREATED_NOW}
    ));
    -- The public application form (org set, no user, no role) may list active houses;
    -- its query selects only id and name.
    create policy house_public_select on house for select using (
      ${ORG} and ${ROLE} = '' and (select current_app_user_id()) is null and status = 'active'
    );
    create policy house_insert on house for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and created_by = (select current_app_user_id()))
    ));
    create policy house_update on house for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and id = any (${MY_HOUSES}))))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and id = any (${MY_HOUSES}))));

    alter table membership_house enable row level security;
    alter table membership_house force row level security;
    create policy membership_house_select on membership_house for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and membership_id in (select m.id from membership m where m.org_id = membership_house.org_id
        and m.user_id = (select current_app_user_id())))
    ));
    -- Owner/admin assign anyone. A house manager only themselves, and only to a house they
    -- created in this very transaction (so an admin's later unassignment sticks).
    create policy membership_house_insert on membership_house for insert with check (${ORG} and (
      ${ADMIN}
      or (${MANAGER}
        and membership_id in (select m.id from membership m where m.org_id = membership_house.org_id
          and m.user_id = (select current_app_user_id()) and m.role = 'house_manager')
        and house_id in (select h.id from house h where h.org_id = membership_house.org_id and ${CREATED_NOW_H}))
    ));
    create policy membership_house_delete on membership_house for delete using (${ORG} and ${ADMIN});

    alter table room enable row level security;
    alter table room force row level security;
    create policy room_select on room for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and id in (select b.room_id from stay s join bed b on b.org_id = s.org_id and b.id = s.bed_id
        where s.resident_id = ${MY_RESIDENT}))
    ));
    create policy room_insert on room for insert with check (${ORG} and ${LAYOUT});
    create policy room_update on room for update using (${ORG} and ${LAYOUT}) with check (${ORG} and ${LAYOUT});
    create policy room_delete on room for delete using (${ORG} and ${LAYOUT});

    alter table bed enable row level security;
    alter table bed force row level security;
    create policy bed_select on bed for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and id in (select s.bed_id from stay s where s.resident_id = ${MY_RESIDENT}))
    ));
    create policy bed_insert on bed for insert with check (${ORG} and ${LAYOUT});
    -- House managers also change a bed's status (and lock it while admitting) in their houses.
    create policy bed_update on bed for update using (${ORG} and ${LAYOUT}) with check (${ORG} and ${LAYOUT});
    create policy bed_delete on bed for delete using (${ORG} and ${LAYOUT});

    alter table resident enable row level security;
    alter table resident force row level security;
    create policy resident_select on resident for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and exists (select 1 from stay s where s.org_id = resident.org_id and s.resident_id = resident.id
        and s.house_id = any (${MY_HOUSES})))
      or (${MANAGER} and ${ADDED_BY_ME_NOT_HOUSED})
      or (${RESIDENT} and user_id = (select current_app_user_id()))
    ));
    -- A house manager's new resident is theirs (created_by) until it has a stay.
    create policy resident_insert on resident for insert with check (${ORG} and (
      ${ADMIN} or (${MANAGER} and created_by = (select current_app_user_id()))
    ));
    create policy resident_update on resident for update
      using (${ORG} and (
        ${ADMIN}
        or (${MANAGER} and exists (select 1 from stay s where s.org_id = resident.org_id and s.resident_id = resident.id
          and s.house_id = any (${MY_HOUSES})))
        or (${MANAGER} and ${ADDED_BY_ME_NOT_HOUSED})
        or (${RESIDENT} and user_id = (select current_app_user_id()))
      ))
      with check (${ORG} and (
        ${ADMIN}
        or (${MANAGER} and exists (select 1 from stay s where s.org_id = resident.org_id and s.resident_id = resident.id
          and s.house_id = any (${MY_HOUSES})))
        or (${MANAGER} and ${ADDED_BY_ME_NOT_HOUSED})
        or (${RESIDENT} and user_id = (select current_app_user_id()))
      ));

    alter table resident_note enable row level security;
    alter table resident_note force row level security;
    create policy resident_note_select on resident_note for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and exists (select 1 from stay s where s.org_id = resident_note.org_id
        and s.resident_id = resident_note.resident_id and s.house_id = any (${MY_HOUSES})))
    ));
    create policy resident_note_insert on resident_note for insert with check (${ORG}
      and author_user_id is not distinct from (select current_app_user_id())
      and (
        ${ADMIN}
        or (${SCOPED} and exists (select 1 from stay s where s.org_id = resident_note.org_id
          and s.resident_id = resident_note.resident_id and s.house_id = any (${MY_HOUSES})))
      ));

    alter table application enable row level security;
    alter table application force row level security;
    create policy application_select on application for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and (house_id is null or house_id = any (${MY_HOUSES})))
    ));
    create policy application_insert on application for insert with check (${ORG} and (
      ${ADMIN}
      or (${MANAGER} and (house_id is null or house_id = any (${MY_HOUSES})))
      -- The public form: no user, no role; a fresh application and nothing staff-only.
      -- (It cannot read anything back: no select policy matches an empty role.)
      or (${ROLE} = '' and (select current_app_user_id()) is null and submitted_via = 'public' and status = 'new'
        and screening_notes is null and decline_reason is null and admitted_resident_id is null)
    ));
    create policy application_update on application for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and (house_id is null or house_id = any (${MY_HOUSES})))))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and (house_id is null or house_id = any (${MY_HOUSES})))));

    alter table stay enable row level security;
    alter table stay force row level security;
    create policy stay_select on stay for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any (${MY_HOUSES}))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));
    create policy stay_insert on stay for insert
      with check (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));
    create policy stay_update on stay for update
      using (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))))
      with check (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));
    create policy stay_delete on stay for delete
      using (${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))));

    -- ── grants: only what the domain modules use ───────────────────────
    -- House columns by name: created_by and created_at are never written by the app role,
    -- so they always record who set the house up and when (the self-assignment rule above).
    grant select on house to hearth_app;
    grant insert (${HOUSE_COLUMNS}) on house to hearth_app;
    grant update (${HOUSE_COLUMNS.replace("org_id, ", "")}, status, updated_at) on house to hearth_app;
    grant select, insert, delete on membership_house to hearth_app;
    grant select, insert, update, delete on room, bed to hearth_app;
    grant select, insert, update on resident, application to hearth_app;
    grant select, insert on resident_note to hearth_app;
    grant select, insert, update, delete on stay to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table stay, application, resident_note, resident, bed, room, membership_house, house;
    drop function current_house_ids(), current_resident_id(), stay_check_bed_in_service(), resident_self_update_guard(), stay_mark_resident_admitted();
  `.execute(db);
}
