import { sql, type Kysely } from "kysely";

/**
 * Uploaded files and the safety and compliance log (issue 13, capability 3 and the upload
 * rules of capability 4; ADR 044):
 *
 *  - file: one uploaded file's record — its bytes live in storage (local disk under the data
 *    folder, or an S3-compatible bucket) under a random key; the row keeps the sha256, size,
 *    the type detected from the bytes, the person's original name (shown, never used as a
 *    path) and who uploaded it. Optional house: a house's files follow the house's RLS.
 *    Append-only for the app (no update or delete grants).
 *  - safety_check: a house's recurring check (smoke/CO detectors, extinguishers, naloxone on
 *    hand, evacuation drill, or one the operator names) with its interval in days and the
 *    day it is first due; archived, never deleted.
 *  - safety_check_log: a check done — day, result, notes, naloxone's expiry date, an optional
 *    photo, who logged it (the database writes logged_by). Append-only.
 *  - compliance_document: a house's document with an expiry (insurance, business
 *    registration, landlord permission, occupancy permit, other) and its uploaded file;
 *    archived when replaced or no longer needed.
 *  - compliance_reminder: one row per document and stage (30 days, 7 days, expired) that was
 *    queued; unique (org, document, stage) makes the reminder job idempotent. Append-only.
 *
 * RLS (ADR 009): owners and admins everything; house managers and staff read their houses'
 * rows; owners, admins and the house's managers write; residents and certifier roles
 * nothing (certifier access comes with audit grants, later). An org-level file (no house) is
 * read by owners and admins and by the person who uploaded it.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const RUNS_HOUSE = `(${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES})))`;
const READS_HOUSE = `(${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table file (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid,
      sha256 text not null constraint file_sha256_check check (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes bigint not null constraint file_size_check check (size_bytes between 1 and 104857600),
      content_type text not null constraint file_content_type_check check (content_type in (
        'application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.oasis.opendocument.text')),
      extension text not null constraint file_extension_check check (extension ~ '^[a-z0-9]{1,8}$'),
      original_name text not null constraint file_original_name_check check (length(original_name) between 1 and 200),
      storage_key text not null constraint file_storage_key_check check (storage_key ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}\\.[a-z0-9]{1,8}$'),
      uploaded_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint file_pkey primary key (org_id, id),
      constraint file_storage_key_key unique (org_id, storage_key),
      constraint file_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index file_house_idx on file (org_id, house_id, created_at desc);
    create trigger file_append_only before update or delete on file
      for each row execute function forbid_change();

    create table safety_check (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      kind text not null,
      name text not null constraint safety_check_name_check check (length(name) between 1 and 120),
      interval_days integer not null constraint safety_check_interval_check check (interval_days between 1 and 730),
      first_due_on date not null,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      constraint safety_check_pkey primary key (org_id, id),
      constraint safety_check_house_key unique (org_id, house_id, id),
      constraint safety_check_kind check (kind in ('smoke_co', 'extinguisher', 'naloxone', 'evacuation_drill', 'other')),
      constraint safety_check_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create unique index safety_check_name_key on safety_check (org_id, house_id, lower(name)) where archived_at is null;
    create index safety_check_house_idx on safety_check (org_id, house_id) where archived_at is null;

    create table safety_check_log (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      check_id uuid not null,
      done_on date not null,
      result text not null,
      notes text constraint safety_check_log_notes_check check (length(notes) between 1 and 1000),
      expires_on date,
      photo_file_id uuid,
      logged_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint safety_check_log_pkey primary key (org_id, id),
      constraint safety_check_log_result check (result in ('ok', 'needs_attention', 'failed')),
      constraint safety_check_log_check_fk foreign key (org_id, house_id, check_id) references safety_check (org_id, house_id, id),
      constraint safety_check_log_photo_fk foreign key (org_id, photo_file_id) references file (org_id, id)
    );
    create index safety_check_log_check_idx on safety_check_log (org_id, check_id, done_on desc);
    create index safety_check_log_house_idx on safety_check_log (org_id, house_id, done_on desc);
    create trigger safety_check_log_append_only before update or delete on safety_check_log
      for each row execute function forbid_change();

    create table compliance_document (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      kind text not null,
      title text not null constraint compliance_document_title_check check (length(title) between 1 and 120),
      expires_on date,
      file_id uuid not null,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      archived_at timestamptz,
      constraint compliance_document_pkey primary key (org_id, id),
      constraint compliance_document_kind check (kind in ('insurance', 'business_registration', 'landlord_permission', 'occupancy_permit', 'other')),
      constraint compliance_document_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint compliance_document_file_fk foreign key (org_id, file_id) references file (org_id, id)
    );
    create index compliance_document_house_idx on compliance_document (org_id, house_id, expires_on) where archived_at is null;
    create index compliance_document_expiry_idx on compliance_document (org_id, expires_on) where archived_at is null;

    create table compliance_reminder (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      document_id uuid not null,
      stage text not null,
      created_at timestamptz not null default now(),
      constraint compliance_reminder_pkey primary key (org_id, id),
      constraint compliance_reminder_once_key unique (org_id, document_id, stage),
      constraint compliance_reminder_stage check (stage in ('30_days', '7_days', 'expired')),
      constraint compliance_reminder_document_fk foreign key (org_id, document_id) references compliance_document (org_id, id),
      constraint compliance_reminder_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create index compliance_reminder_house_idx on compliance_reminder (org_id, house_id, created_at desc);
    create trigger compliance_reminder_append_only before update or delete on compliance_reminder
      for each row execute function forbid_change();

    -- ── row-level security ─────────────────────────────────────────────
    alter table file enable row level security;
    alter table file force row level security;
    create policy file_select on file for select using (${ORG} and (
      ${ADMIN}
      or (house_id is null and uploaded_by = (select current_app_user_id()))
      or (${SCOPED} and house_id = any (${MY_HOUSES}))));
    create policy file_insert on file for insert with check (${ORG} and (
      ${ADMIN}
      or (house_id is null and ${SCOPED})
      or (${MANAGER} and house_id = any (${MY_HOUSES}))));

    alter table safety_check enable row level security;
    alter table safety_check force row level security;
    create policy safety_check_select on safety_check for select using (${ORG} and ${READS_HOUSE});
    create policy safety_check_insert on safety_check for insert with check (${ORG} and ${RUNS_HOUSE});
    create policy safety_check_update on safety_check for update using (${ORG} and ${RUNS_HOUSE}) with check (${ORG} and ${RUNS_HOUSE});

    alter table safety_check_log enable row level security;
    alter table safety_check_log force row level security;
    create policy safety_check_log_select on safety_check_log for select using (${ORG} and ${READS_HOUSE});
    create policy safety_check_log_insert on safety_check_log for insert with check (${ORG} and ${RUNS_HOUSE});

    alter table compliance_document enable row level security;
    alter table compliance_document force row level security;
    create policy compliance_document_select on compliance_document for select using (${ORG} and ${READS_HOUSE});
    create policy compliance_document_insert on compliance_document for insert with check (${ORG} and ${RUNS_HOUSE});
    create policy compliance_document_update on compliance_document for update using (${ORG} and ${RUNS_HOUSE}) with check (${ORG} and ${RUNS_HOUSE});

    alter table compliance_reminder enable row level security;
    alter table compliance_reminder force row level security;
    create policy compliance_reminder_select on compliance_reminder for select using (${ORG} and ${READS_HOUSE});
    create policy compliance_reminder_insert on compliance_reminder for insert with check (${ORG} and ${ADMIN});

    grant select on file to hearth_app;
    grant insert (id, org_id, house_id, sha256, size_bytes, content_type, extension, original_name, storage_key) on file to hearth_app;
    grant select on safety_check to hearth_app;
    grant insert (id, org_id, house_id, kind, name, interval_days, first_due_on) on safety_check to hearth_app;
    grant update (name, interval_days, archived_at) on safety_check to hearth_app;
    grant select on safety_check_log to hearth_app;
    grant insert (id, org_id, house_id, check_id, done_on, result, notes, expires_on, photo_file_id) on safety_check_log to hearth_app;
    grant select on compliance_document to hearth_app;
    grant insert (id, org_id, house_id, kind, title, expires_on, file_id) on compliance_document to hearth_app;
    grant update (archived_at) on compliance_document to hearth_app;
    grant select on compliance_reminder to hearth_app;
    grant insert (org_id, house_id, document_id, stage) on compliance_reminder to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
