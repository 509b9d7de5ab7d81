import { sql, type Kysely } from "kysely";

/**
 * House documents with resident e-signature (issue 10, capability 1).
 *
 *  1. document_version: one row per version of a house document of one of four kinds
 *     (house rules, resident rights and responsibilities, grievance procedure,
 *     good-neighbour policy), written in Markdown. house_id null = the org-wide default;
 *     a house's own published version of a kind replaces the default for that house
 *     (ADR 023). A version starts as a draft (editable, deletable, at most one per house
 *     and kind) and is published once: the trigger then numbers it (1, 2, … per house
 *     and kind), stamps when and by whom, and stores the sha256 of the exact body. A
 *     published version never changes and is never deleted (trigger, whatever the
 *     grants), so old versions stay readable with their dates.
 *  2. document_signature: a resident's acknowledgement of one published version: the
 *     typed name, when, the IP of the request (from the transaction's settings) and the
 *     version's content hash. Append-only (no UPDATE or DELETE grant, and a trigger).
 *     Only the resident themselves signs, and only a version that is still the newest of
 *     its house and kind, with the hash it has (trigger: superseded → refused).
 *
 * RLS, house-scoped like houses (ADR 009): owners and admins everything; house managers
 * and staff the org defaults and their houses' documents, and the signatures of residents
 * with a stay in their houses, of the org defaults and their houses' versions only; house
 * managers write their houses' documents, owners and
 * admins also the org defaults; residents read only published versions of the houses
 * where they live today (and the org defaults while they live in one), and only their own
 * signatures.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_HOMES = `(select current_resident_home_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
const KINDS = `('house_rules', 'resident_rights', 'grievance_procedure', 'good_neighbour')`;
// Who may write a document row: owners/admins any; a house manager their houses' own.
const WRITER = `(${ADMIN} or (${MANAGER} and house_id is not null and house_id = any (${MY_HOUSES})))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- Houses where the signed-in resident has a current stay today, in the house's zone
    -- ('{}' for other roles). plpgsql and returning early, like current_resident_house_ids().
    create function current_resident_home_ids() returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(distinct s.house_id)
        from stay s
        join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = current_org_id() and s.resident_id = current_resident_id()
          and s.during @> (now() at time zone h.time_zone)::date
      ), '{}'::uuid[]);
    end $$;

    -- ── 1. versions ────────────────────────────────────────────────────
    create table document_version (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid,
      kind text not null,
      body text not null constraint document_version_body_check check (length(body) between 1 and 50000),
      status text not null default 'draft',
      version integer,
      content_hash text,
      published_at timestamptz,
      published_by uuid,
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint document_version_pkey primary key (org_id, id),
      constraint document_version_kind check (kind in ${KINDS}),
      constraint document_version_status check (status in ('draft', 'published')),
      constraint document_version_published check (
        (status = 'published') = (version is not null and content_hash is not null and published_at is not null)),
      constraint document_version_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
      constraint document_version_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint document_version_number_key unique nulls not distinct (org_id, house_id, kind, version)
    );
    -- One draft per house (or org default) and kind.
    create unique index document_version_draft_key on document_version (org_id, house_id, kind) nulls not distinct
      where status = 'draft';
    create index document_version_current_idx on document_version (org_id, house_id, kind, version desc)
      where status = 'published';

    -- Drafts are born drafts; a published version never changes (nor goes back to draft);
    -- publishing numbers the version and stamps its hash, time and publisher.
    create function document_version_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if tg_op = 'INSERT' then
        if new.status <> 'draft' or new.version is not null or new.content_hash is not null or new.published_at is not null then
          raise exception 'a document version starts as a draft' using errcode = 'check_violation',
            constraint = 'document_version_published';
        end if;
        return new;
      end if;
      if tg_op = 'DELETE' then
        if old.status = 'published' then
          raise exception 'published document versions are kept' using errcode = 'check_violation',
            constraint = 'document_version_immutable';
        end if;
        return old;
      end if;
      if old.status = 'published' then
        raise exception 'published document versions cannot be changed' using errcode = 'check_violation',
          constraint = 'document_version_immutable';
      end if;
      if (new.id, new.org_id, new.house_id, new.kind, new.created_by, new.created_at)
           is distinct from (old.id, old.org_id, old.house_id, old.kind, old.created_by, old.created_at) then
        raise exception 'a draft keeps its house and kind' using errcode = 'check_violation',
          constraint = 'document_version_immutable';
      end if;
      if new.status = 'published' then
        new.version := (select coalesce(max(v.version), 0) + 1 from document_version v
          where v.org_id = new.org_id and v.house_id is not distinct from new.house_id and v.kind = new.kind
            and v.status = 'published');
        new.content_hash := encode(sha256(convert_to(new.body, 'UTF8')), 'hex');
        new.published_at := now();
        new.published_by := current_app_user_id();
      else
        new.version := null;
        new.content_hash := null;
        new.published_at := null;
        new.published_by := null;
      end if;
      return new;
    end $$;
    create trigger document_version_guard before insert or update or delete on document_version
      for each row execute function document_version_guard();

    -- ── 2. signatures ──────────────────────────────────────────────────
    create table document_signature (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      document_version_id uuid not null,
      resident_id uuid not null,
      typed_name text not null constraint document_signature_typed_name_check check (length(typed_name) between 1 and 120),
      content_hash text not null constraint document_signature_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
      ip text default nullif(current_setting('app.ip', true), ''),
      signed_by uuid default current_app_user_id(),
      signed_at timestamptz not null default now(),
      constraint document_signature_pkey primary key (org_id, id),
      constraint document_signature_version_fk foreign key (org_id, document_version_id) references document_version (org_id, id),
      constraint document_signature_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint document_signature_once unique (org_id, resident_id, document_version_id)
    );
    create index document_signature_version_idx on document_signature (org_id, document_version_id, resident_id);

    -- Only the newest published version of its house and kind may be signed, with its own hash.
    create function document_signature_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      v record;
    begin
      if tg_op <> 'INSERT' then
        raise exception 'signatures are append-only' using errcode = 'insufficient_privilege';
      end if;
      select d.org_id, d.house_id, d.kind, d.status, d.version, d.content_hash into v
        from document_version d where d.org_id = new.org_id and d.id = new.document_version_id;
      if not found or v.status <> 'published' or v.content_hash <> new.content_hash then
        raise exception 'only a published version may be signed, with its own content hash'
          using errcode = 'check_violation', constraint = 'document_signature_published';
      end if;
      if exists (select 1 from document_version d where d.org_id = v.org_id and d.house_id is not distinct from v.house_id
                 and d.kind = v.kind and d.status = 'published' and d.version > v.version) then
        raise exception 'this version has been replaced by a newer one'
          using errcode = 'check_violation', constraint = 'document_signature_current';
      end if;
      return new;
    end $$;
    create trigger document_signature_guard before insert or update or delete on document_signature
      for each row execute function document_signature_guard();

    -- ── row-level security ─────────────────────────────────────────────
    alter table document_version enable row level security;
    alter table document_version force row level security;
    create policy document_version_select on document_version for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and (house_id is null or house_id = any (${MY_HOUSES})))
      or (${RESIDENT} and status = 'published' and cardinality(${MY_HOMES}) > 0
        and (house_id is null or house_id = any (${MY_HOMES})))
    ));
    create policy document_version_insert on document_version for insert with check (${ORG} and ${WRITER});
    create policy document_version_update on document_version for update
      using (${ORG} and status = 'draft' and ${WRITER})
      with check (${ORG} and ${WRITER});
    create policy document_version_delete on document_version for delete using (${ORG} and status = 'draft' and ${WRITER});

    alter table document_signature enable row level security;
    alter table document_signature force row level security;
    create policy document_signature_select on document_signature for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and exists (select 1 from stay s where s.org_id = document_signature.org_id
        and s.resident_id = document_signature.resident_id and s.house_id = any (${MY_HOUSES}))
        and exists (select 1 from document_version d where d.org_id = document_signature.org_id
          and d.id = document_signature.document_version_id and (d.house_id is null or d.house_id = any (${MY_HOUSES}))))
      or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));
    -- The resident themselves, for a published version of a house they live in (or a default).
    create policy document_signature_insert on document_signature for insert with check (${ORG}
      and ${RESIDENT} and resident_id = ${MY_RESIDENT}
      and signed_by is not distinct from (select current_app_user_id())
      and exists (select 1 from document_version d where d.org_id = document_signature.org_id
        and d.id = document_signature.document_version_id and d.status = 'published'
        and (d.house_id is null or d.house_id = any (${MY_HOMES})))
    );

    -- ── grants: only what the domain uses ──────────────────────────────
    grant select, delete on document_version to hearth_app;
    grant insert (org_id, house_id, kind, body) on document_version to hearth_app;
    grant update (body, status, updated_at) on document_version to hearth_app;
    grant select on document_signature to hearth_app;
    grant insert (org_id, document_version_id, resident_id, typed_name, content_hash) on document_signature to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table document_signature, document_version;
    drop function document_signature_guard(), document_version_guard(), current_resident_home_ids();
  `.execute(db);
}
