import { sql, type Kysely } from "kysely";

/**
 * House life, capability 3 (issue 10): sessions, house meetings and mutual-aid attendance.
 *
 *  - session_kind: the life-skills topics an org adds to the built-in list (the built-in
 *    kinds — house meeting, recovery-coach group and the seven life-skills classes — are
 *    values of session_series.kind, in every org without rows).
 *  - session_series: a recurring in-house session of one house: its first day, local
 *    start time and length, an RRULE (expanded in the house's zone, ADR 025), and who
 *    must attend (all residents in the house that day, a list, or optional).
 *  - session_invitee: the list, when attendance is by list.
 *  - session_exception: one occurrence (named by its original local day) cancelled or
 *    moved to another instant.
 *  - session_attendance: present / excused / absent per occurrence and resident, one row
 *    per tap (upserted).
 *  - meeting_log: off-site mutual-aid meetings a resident logs for themselves.
 *  - meeting_target: a house's weekly target of logged meetings per resident.
 *
 * RLS is house-scoped like houses (ADR 009): owners/admins everything; house managers and
 * staff their assigned houses (staff read, and take attendance); residents read the
 * schedule of houses where they have a current stay, and only their own attendance and
 * meeting logs. Meeting logs belong to a resident, not a house: staff see those of
 * residents they can see (resident_is_visible), and only the resident writes them.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
// Houses where the signed-in resident has a current stay today: 0015's helper.
const MY_CURRENT_HOUSES = `(select current_resident_home_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;

const READ_HOUSE = `(${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})) or (${RESIDENT} and house_id = any (${MY_CURRENT_HOUSES})))`;
const WRITE_HOUSE = `(${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES})))`;
const TEAM_HOUSE = `(${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))`;

const SESSION_KINDS = [
  "house_meeting",
  "recovery_coach_group",
  "budgeting",
  "cooking_nutrition",
  "job_search",
  "conflict_resolution",
  "relapse_prevention",
  "digital_literacy",
  "parenting",
  "custom",
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(", ");

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table session_kind (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      name text not null constraint session_kind_name_check check (length(name) between 1 and 80),
      created_at timestamptz not null default now(),
      constraint session_kind_pkey primary key (org_id, id)
    );
    create unique index session_kind_name_key on session_kind (org_id, lower(name));

    create table session_series (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      title text not null constraint session_series_title_check check (length(title) between 1 and 120),
      kind text not null,
      custom_kind_id uuid,
      facilitator_name text constraint session_series_facilitator_name_check check (length(facilitator_name) between 1 and 120),
      facilitator_membership_id uuid,
      place text constraint session_series_place_check check (length(place) between 1 and 120),
      starts_on date not null constraint session_series_starts_on_check check (starts_on between '1900-01-01' and '2200-01-01'),
      start_time time not null,
      duration_minutes integer not null,
      rule text not null constraint session_series_rule_check check (length(rule) between 1 and 500),
      attendance text not null,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint session_series_pkey primary key (org_id, id),
      constraint session_series_house_id_key unique (org_id, house_id, id),
      constraint session_series_kind check (kind in (${list(SESSION_KINDS)})),
      constraint session_series_custom_kind check ((kind = 'custom') = (custom_kind_id is not null)),
      constraint session_series_duration check (duration_minutes between 5 and 720),
      constraint session_series_attendance check (attendance in ('all', 'list', 'optional')),
      constraint session_series_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint session_series_kind_fk foreign key (org_id, custom_kind_id) references session_kind (org_id, id),
      constraint session_series_facilitator_fk foreign key (org_id, facilitator_membership_id) references membership (org_id, id)
        on delete set null (facilitator_membership_id)
    );
    create index session_series_house_idx on session_series (org_id, house_id, title, id);

    create table session_invitee (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      series_id uuid not null,
      resident_id uuid not null,
      created_at timestamptz not null default now(),
      constraint session_invitee_pkey primary key (org_id, id),
      constraint session_invitee_key unique (org_id, series_id, resident_id),
      constraint session_invitee_series_fk foreign key (org_id, house_id, series_id)
        references session_series (org_id, house_id, id) on delete cascade,
      constraint session_invitee_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index session_invitee_house_idx on session_invitee (org_id, house_id, series_id);
    create index session_invitee_resident_idx on session_invitee (org_id, resident_id);

    create table session_exception (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      series_id uuid not null,
      occurs_on date not null,
      action text not null,
      moved_to timestamptz,
      created_at timestamptz not null default now(),
      constraint session_exception_pkey primary key (org_id, id),
      constraint session_exception_key unique (org_id, series_id, occurs_on),
      constraint session_exception_action check (action in ('cancelled', 'moved')),
      constraint session_exception_moved check ((action = 'moved') = (moved_to is not null)),
      constraint session_exception_series_fk foreign key (org_id, house_id, series_id)
        references session_series (org_id, house_id, id) on delete cascade
    );
    create index session_exception_house_idx on session_exception (org_id, house_id, occurs_on);
    create index session_exception_moved_idx on session_exception (org_id, house_id, moved_to) where moved_to is not null;

    create table session_attendance (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      series_id uuid not null,
      occurs_on date not null,
      resident_id uuid not null,
      status text not null,
      recorded_by uuid default current_app_user_id(),
      recorded_at timestamptz not null default now(),
      constraint session_attendance_pkey primary key (org_id, id),
      constraint session_attendance_key unique (org_id, series_id, occurs_on, resident_id),
      constraint session_attendance_status check (status in ('present', 'excused', 'absent')),
      constraint session_attendance_series_fk foreign key (org_id, house_id, series_id)
        references session_series (org_id, house_id, id) on delete cascade,
      constraint session_attendance_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint session_attendance_recorded_by_fk foreign key (org_id, recorded_by) references membership (org_id, user_id)
        on delete set null (recorded_by)
    );
    create index session_attendance_house_idx on session_attendance (org_id, house_id, occurs_on);
    create index session_attendance_resident_idx on session_attendance (org_id, resident_id, occurs_on);

    create table meeting_log (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      resident_id uuid not null,
      met_on date not null constraint meeting_log_met_on_check check (met_on between '1900-01-01' and '2200-01-01'),
      fellowship text not null,
      place text not null constraint meeting_log_place_check check (length(place) between 1 and 120),
      verifier_name text constraint meeting_log_verifier_name_check check (length(verifier_name) between 1 and 120),
      created_at timestamptz not null default now(),
      constraint meeting_log_pkey primary key (org_id, id),
      constraint meeting_log_fellowship check (fellowship in ('aa', 'na', 'smart', 'recovery_dharma', 'celebrate_recovery', 'other')),
      constraint meeting_log_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index meeting_log_resident_idx on meeting_log (org_id, resident_id, met_on desc, id desc);

    create table meeting_target (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      weekly_target smallint not null,
      updated_at timestamptz not null default now(),
      constraint meeting_target_pkey primary key (org_id, id),
      constraint meeting_target_house_key unique (org_id, house_id),
      constraint meeting_target_range check (weekly_target between 0 and 21),
      constraint meeting_target_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );

    -- ── row-level security ─────────────────────────────────────────────
    alter table session_kind enable row level security;
    alter table session_kind force row level security;
    create policy session_kind_select on session_kind for select using (${ORG} and ${ROLE} in ('owner', 'admin', 'house_manager', 'staff', 'resident'));
    create policy session_kind_insert on session_kind for insert with check (${ORG} and ${ROLE} in ('owner', 'admin', 'house_manager'));

    alter table session_series enable row level security;
    alter table session_series force row level security;
    create policy session_series_select on session_series for select using (${ORG} and ${READ_HOUSE});
    create policy session_series_insert on session_series for insert with check (${ORG} and ${WRITE_HOUSE});
    create policy session_series_update on session_series for update using (${ORG} and ${WRITE_HOUSE}) with check (${ORG} and ${WRITE_HOUSE});

    alter table session_invitee enable row level security;
    alter table session_invitee force row level security;
    -- A resident sees only whether they themselves are on a list.
    create policy session_invitee_select on session_invitee for select using (${ORG} and (
      ${TEAM_HOUSE} or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy session_invitee_insert on session_invitee for insert with check (${ORG} and ${WRITE_HOUSE});
    create policy session_invitee_delete on session_invitee for delete using (${ORG} and ${WRITE_HOUSE});

    alter table session_exception enable row level security;
    alter table session_exception force row level security;
    create policy session_exception_select on session_exception for select using (${ORG} and ${READ_HOUSE});
    create policy session_exception_insert on session_exception for insert with check (${ORG} and ${WRITE_HOUSE});
    create policy session_exception_update on session_exception for update using (${ORG} and ${WRITE_HOUSE}) with check (${ORG} and ${WRITE_HOUSE});
    create policy session_exception_delete on session_exception for delete using (${ORG} and ${WRITE_HOUSE});

    alter table session_attendance enable row level security;
    alter table session_attendance force row level security;
    create policy session_attendance_select on session_attendance for select using (${ORG} and (
      ${TEAM_HOUSE} or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    -- Whoever runs the session takes attendance: owners/admins, house managers and staff of the house.
    create policy session_attendance_insert on session_attendance for insert with check (${ORG} and ${TEAM_HOUSE}
      and recorded_by is not distinct from (select current_app_user_id()));
    create policy session_attendance_update on session_attendance for update using (${ORG} and ${TEAM_HOUSE})
      with check (${ORG} and ${TEAM_HOUSE} and recorded_by is not distinct from (select current_app_user_id()));

    alter table meeting_log enable row level security;
    alter table meeting_log force row level security;
    create policy meeting_log_select on meeting_log for select using (${ORG} and (
      ${ADMIN} or (${SCOPED} and resident_is_visible(resident_id)) or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    -- Residents log their own; owners and admins may record on a resident's behalf.
    create policy meeting_log_insert on meeting_log for insert with check (${ORG} and (
      ${ADMIN} or (${RESIDENT} and resident_id = ${MY_RESIDENT})));
    create policy meeting_log_delete on meeting_log for delete using (${ORG} and ${RESIDENT} and resident_id = ${MY_RESIDENT});

    alter table meeting_target enable row level security;
    alter table meeting_target force row level security;
    create policy meeting_target_select on meeting_target for select using (${ORG} and ${READ_HOUSE});
    create policy meeting_target_insert on meeting_target for insert with check (${ORG} and ${WRITE_HOUSE});
    create policy meeting_target_update on meeting_target for update using (${ORG} and ${WRITE_HOUSE}) with check (${ORG} and ${WRITE_HOUSE});

    grant select, insert on session_kind to hearth_app;
    grant select, insert on session_series to hearth_app;
    grant update (title, kind, custom_kind_id, facilitator_name, facilitator_membership_id, place, starts_on, start_time,
      duration_minutes, rule, attendance, archived_at, updated_at) on session_series to hearth_app;
    grant select, insert, delete on session_invitee to hearth_app;
    grant select, insert, delete on session_exception to hearth_app;
    grant update (action, moved_to) on session_exception to hearth_app;
    grant select, insert on session_attendance to hearth_app;
    grant update (status, recorded_by, recorded_at) on session_attendance to hearth_app;
    grant select, insert, delete on meeting_log to hearth_app;
    grant select, insert on meeting_target to hearth_app;
    grant update (weekly_target, updated_at) on meeting_target to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
