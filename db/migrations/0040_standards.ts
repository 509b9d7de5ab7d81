import { sql, type Kysely } from "kysely";
import { BUILT_IN_STANDARD, flatItems } from "../standards/hearth-rr-1";

/**
 * Standards as data and self-assessments (issue 13, capabilities 1 and 4; ADR 047):
 *
 *  - standard: a named, versioned standard owned by an org — the platform's built-in one
 *    belongs to the standards org created here (kind certifier, no members), a certifier's
 *    state version to that certifier. Draft or published; a published version is immutable
 *    (trigger) and readable by every org (policy).
 *  - standard_heading: the structure — domains (1–4), principles (A–J) and numbered
 *    standards (1–31), keyed by (org, standard, kind, code).
 *  - standard_item: a checkable item (code like `2.F.17.c`), its text, guidance, evidence
 *    hint, applicability per level I–IV (required / recommended / na) and an optional
 *    automatic-check key.
 *  - assessment: an operator's self-assessment of one house (or of the operator: house null)
 *    against one published standard version at one level; draft, then submitted (locked).
 *    It names the standard by (standard_org_id, standard_id) without a foreign key: the
 *    standard lives in another org, and tenant keys never cross orgs (ADR 047).
 *  - assessment_item: the applicable items, copied from the standard version when the
 *    assessment starts (a snapshot: the version an assessment used never changes under it),
 *    with the answer (met / partial / not met / na), notes and who answered.
 *  - assessment_evidence: an uploaded file (app/domain/files) or a link to an in-app record.
 *
 * A submitted assessment refuses every change to itself, its items and its evidence
 * (trigger: constraint assessment_locked). RLS: owners and admins everything in their org;
 * house managers their houses' assessments; other roles nothing (certifier grants later).
 */

export const STANDARDS_ORG_ID = "00000000-0000-4000-8000-00000000057d";
export const BUILT_IN_STANDARD_ID = "00000000-0000-4000-8000-000000000001";

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const CERTIFIER = `${ROLE} = 'certifier_admin'`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const RUNS = `(${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES})))`;
const PUBLISHED_PARENT = (t: string) =>
  `exists (select 1 from standard s where s.org_id = ${t}.org_id and s.id = ${t}.standard_id and (s.org_id = (select current_org_id()) or s.status = 'published'))`;
const OWN_DRAFT_PARENT = (t: string) =>
  `(${ORG} and ${CERTIFIER} and exists (select 1 from standard s where s.org_id = ${t}.org_id and s.id = ${t}.standard_id))`;
const VISIBLE_ASSESSMENT = (t: string) =>
  `(${ORG} and exists (select 1 from assessment a where a.org_id = ${t}.org_id and a.id = ${t}.assessment_id))`;

const lit = (v: string | number | null | undefined) =>
  v === null || v === undefined ? "null" : typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`;
const LEVEL = { R: "required", r: "recommended", "-": "na" } as Record<string, string>;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table standard (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      name text not null constraint standard_name_check check (length(name) between 1 and 120),
      version text not null constraint standard_version_check check (version ~ '^[0-9A-Za-z.\\-]{1,20}$'),
      publisher text not null constraint standard_publisher_check check (length(publisher) between 1 and 120),
      status text not null default 'draft' constraint standard_status check (status in ('draft', 'published')),
      based_on_org_id uuid,
      based_on_id uuid,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      constraint standard_pkey primary key (org_id, id),
      constraint standard_version_key unique (org_id, name, version)
    );
    create index standard_published_idx on standard (status, name, version);

    create table standard_heading (
      org_id uuid not null,
      standard_id uuid not null,
      kind text not null constraint standard_heading_kind check (kind in ('domain', 'principle', 'section')),
      code text not null constraint standard_heading_code_check check (code ~ '^[0-9A-Z]{1,3}$'),
      parent_code text,
      title text not null constraint standard_heading_title_check check (length(title) between 1 and 200),
      constraint standard_heading_pkey primary key (org_id, standard_id, kind, code),
      constraint standard_heading_standard_fk foreign key (org_id, standard_id) references standard (org_id, id)
    );

    create table standard_item (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      standard_id uuid not null,
      code text not null constraint standard_item_code_check check (code ~ '^[1-9][0-9]?\\.[A-Z]\\.[1-9][0-9]?\\.[a-z]{1,2}$'),
      position integer not null,
      text text not null constraint standard_item_text_check check (length(text) between 1 and 1000),
      guidance text constraint standard_item_guidance_check check (length(guidance) between 1 and 2000),
      evidence_hint text constraint standard_item_evidence_check check (length(evidence_hint) between 1 and 500),
      level_1 text not null, level_2 text not null, level_3 text not null, level_4 text not null,
      auto_check text,
      constraint standard_item_pkey primary key (org_id, id),
      constraint standard_item_code_key unique (org_id, standard_id, code),
      constraint standard_item_levels check (level_1 in ('required', 'recommended', 'na') and level_2 in ('required', 'recommended', 'na')
        and level_3 in ('required', 'recommended', 'na') and level_4 in ('required', 'recommended', 'na')),
      constraint standard_item_auto_check check (auto_check in ('rules_signed', 'meetings_weekly', 'chores_verified', 'fee_agreement_before_charge',
        'ledger_per_resident', 'recovery_plans', 'safety_checks_on_time', 'bed_space', 'bathrooms')),
      constraint standard_item_standard_fk foreign key (org_id, standard_id) references standard (org_id, id)
    );
    create index standard_item_order_idx on standard_item (org_id, standard_id, position);

    create table assessment (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid,
      standard_org_id uuid not null,
      standard_id uuid not null,
      standard_label text not null constraint assessment_standard_label_check check (length(standard_label) between 1 and 200),
      level integer not null constraint assessment_level check (level between 1 and 4),
      status text not null default 'draft' constraint assessment_status check (status in ('draft', 'submitted')),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      submitted_at timestamptz,
      submitted_by uuid,
      constraint assessment_pkey primary key (org_id, id),
      constraint assessment_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint assessment_submitted_check check ((status = 'submitted') = (submitted_at is not null))
    );
    create index assessment_house_idx on assessment (org_id, house_id, created_at desc);
    create unique index assessment_one_draft_key on assessment (org_id, coalesce(house_id, '00000000-0000-0000-0000-000000000000'::uuid), standard_id) where status = 'draft';

    create table assessment_item (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      assessment_id uuid not null,
      position integer not null,
      code text not null,
      domain_code text not null, domain_title text not null,
      principle_code text not null, principle_title text not null,
      section_number integer not null, section_title text not null,
      text text not null, guidance text, evidence_hint text,
      requirement text not null constraint assessment_item_requirement check (requirement in ('required', 'recommended')),
      auto_check text constraint assessment_item_auto_check check (auto_check in ('rules_signed', 'meetings_weekly', 'chores_verified',
        'fee_agreement_before_charge', 'ledger_per_resident', 'recovery_plans', 'safety_checks_on_time', 'bed_space', 'bathrooms')),
      answer text constraint assessment_item_answer check (answer in ('met', 'partial', 'not_met', 'na')),
      notes text constraint assessment_item_notes_check check (length(notes) between 1 and 2000),
      answered_at timestamptz,
      answered_by uuid,
      constraint assessment_item_pkey primary key (org_id, id),
      constraint assessment_item_code_key unique (org_id, assessment_id, code),
      constraint assessment_item_assessment_fk foreign key (org_id, assessment_id) references assessment (org_id, id)
    );
    create index assessment_item_order_idx on assessment_item (org_id, assessment_id, position);

    create table assessment_evidence (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null,
      assessment_id uuid not null,
      item_id uuid not null,
      file_id uuid,
      link_path text constraint assessment_evidence_link_check check (link_path ~ '^/o/[a-z0-9-]+/[A-Za-z0-9/_.?=&-]+$' and length(link_path) <= 500),
      label text not null constraint assessment_evidence_label_check check (length(label) between 1 and 200),
      created_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint assessment_evidence_pkey primary key (org_id, id),
      constraint assessment_evidence_one_kind check ((file_id is null) <> (link_path is null)),
      constraint assessment_evidence_item_fk foreign key (org_id, item_id) references assessment_item (org_id, id),
      constraint assessment_evidence_assessment_fk foreign key (org_id, assessment_id) references assessment (org_id, id),
      constraint assessment_evidence_file_fk foreign key (org_id, file_id) references file (org_id, id)
    );
    create index assessment_evidence_item_idx on assessment_evidence (org_id, assessment_id, item_id);
    `,
    )
    .execute(db);

  // ── the built-in standard, in the platform's standards org (before the triggers) ──
  const s = BUILT_IN_STANDARD;
  const headings: string[] = [];
  for (const d of s.domains) {
    headings.push(`('domain', ${lit(d.code)}, null, ${lit(d.title)})`);
    for (const p of d.principles) {
      headings.push(`('principle', ${lit(p.code)}, ${lit(d.code)}, ${lit(p.title)})`);
      for (const sec of p.sections) headings.push(`('section', ${lit(String(sec.number))}, ${lit(p.code)}, ${lit(sec.title)})`);
    }
  }
  const items = flatItems().map((it, n) => {
    const [l1, l2, l3, l4] = [...it.levels].map((c) => LEVEL[c]!);
    return `(${lit(it.code)}, ${n + 1}, ${lit(it.text)}, ${lit(it.guidance)}, ${lit(it.evidence)}, ${lit(l1)}, ${lit(l2)}, ${lit(l3)}, ${lit(l4)}, ${lit(it.auto)})`;
  });
  await sql
    .raw(
      `
    insert into org (id, slug, name, kind, time_zone) values
      ('${STANDARDS_ORG_ID}', 'hearth-standards', 'Hearth built-in standards', 'certifier', 'UTC');
    insert into standard (id, org_id, name, version, publisher, status, published_at) values
      ('${BUILT_IN_STANDARD_ID}', '${STANDARDS_ORG_ID}', ${lit(s.name)}, ${lit(s.version)}, ${lit(s.publisher)}, 'published', now());
    insert into standard_heading (org_id, standard_id, kind, code, parent_code, title)
      select '${STANDARDS_ORG_ID}', '${BUILT_IN_STANDARD_ID}', v.* from (values ${headings.join(", ")}) v;
    insert into standard_item (org_id, standard_id, code, position, text, guidance, evidence_hint, level_1, level_2, level_3, level_4, auto_check)
      select '${STANDARDS_ORG_ID}', '${BUILT_IN_STANDARD_ID}', v.* from (values ${items.join(", ")}) v;
    `,
    )
    .execute(db);

  await sql
    .raw(
      `
    -- ── published versions never change ────────────────────────────────
    create function standard_immutable() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'standard' then
        if old.status = 'published' then
          raise exception 'a published standard cannot change' using errcode = '23514', constraint = 'standard_published';
        end if;
        return new;
      end if;
      if exists (select 1 from standard s where s.org_id = coalesce(new.org_id, old.org_id)
                 and s.id = coalesce(new.standard_id, old.standard_id) and s.status = 'published') then
        raise exception 'a published standard cannot change' using errcode = '23514', constraint = 'standard_published';
      end if;
      return coalesce(new, old);
    end $$;
    create trigger standard_immutable before update or delete on standard
      for each row execute function standard_immutable();
    create trigger standard_heading_immutable before insert or update or delete on standard_heading
      for each row execute function standard_immutable();
    create trigger standard_item_immutable before insert or update or delete on standard_item
      for each row execute function standard_immutable();

    -- ── a submitted assessment is locked ───────────────────────────────
    create function assessment_locked() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'assessment' then
        if old.status = 'submitted' then
          raise exception 'a submitted assessment cannot change' using errcode = '23514', constraint = 'assessment_locked';
        end if;
        return coalesce(new, old);
      end if;
      if exists (select 1 from assessment a where a.org_id = coalesce(new.org_id, old.org_id)
                 and a.id = coalesce(new.assessment_id, old.assessment_id) and a.status <> 'draft') then
        raise exception 'a submitted assessment cannot change' using errcode = '23514', constraint = 'assessment_locked';
      end if;
      return coalesce(new, old);
    end $$;
    create trigger assessment_locked before update or delete on assessment
      for each row execute function assessment_locked();
    create trigger assessment_item_locked before insert or update or delete on assessment_item
      for each row execute function assessment_locked();
    create trigger assessment_evidence_locked before insert or update or delete on assessment_evidence
      for each row execute function assessment_locked();

    -- ── row-level security ─────────────────────────────────────────────
    alter table standard enable row level security;
    alter table standard force row level security;
    create policy standard_select on standard for select using (${ORG} or status = 'published');
    create policy standard_insert on standard for insert with check (${ORG} and ${CERTIFIER});
    create policy standard_update on standard for update using (${ORG} and ${CERTIFIER}) with check (${ORG} and ${CERTIFIER});

    alter table standard_heading enable row level security;
    alter table standard_heading force row level security;
    create policy standard_heading_select on standard_heading for select using (${PUBLISHED_PARENT("standard_heading")});
    create policy standard_heading_insert on standard_heading for insert with check (${OWN_DRAFT_PARENT("standard_heading")});
    create policy standard_heading_update on standard_heading for update using (${OWN_DRAFT_PARENT("standard_heading")}) with check (${OWN_DRAFT_PARENT("standard_heading")});

    alter table standard_item enable row level security;
    alter table standard_item force row level security;
    create policy standard_item_select on standard_item for select using (${PUBLISHED_PARENT("standard_item")});
    create policy standard_item_insert on standard_item for insert with check (${OWN_DRAFT_PARENT("standard_item")});
    create policy standard_item_update on standard_item for update using (${OWN_DRAFT_PARENT("standard_item")}) with check (${OWN_DRAFT_PARENT("standard_item")});
    create policy standard_item_delete on standard_item for delete using (${OWN_DRAFT_PARENT("standard_item")});

    alter table assessment enable row level security;
    alter table assessment force row level security;
    create policy assessment_select on assessment for select using (${ORG} and ${RUNS});
    create policy assessment_insert on assessment for insert with check (${ORG} and ${RUNS});
    create policy assessment_update on assessment for update using (${ORG} and ${RUNS}) with check (${ORG} and ${RUNS});

    alter table assessment_item enable row level security;
    alter table assessment_item force row level security;
    create policy assessment_item_select on assessment_item for select using (${VISIBLE_ASSESSMENT("assessment_item")});
    create policy assessment_item_insert on assessment_item for insert with check (${VISIBLE_ASSESSMENT("assessment_item")});
    create policy assessment_item_update on assessment_item for update using (${VISIBLE_ASSESSMENT("assessment_item")}) with check (${VISIBLE_ASSESSMENT("assessment_item")});

    alter table assessment_evidence enable row level security;
    alter table assessment_evidence force row level security;
    create policy assessment_evidence_select on assessment_evidence for select using (${VISIBLE_ASSESSMENT("assessment_evidence")});
    create policy assessment_evidence_insert on assessment_evidence for insert with check (${VISIBLE_ASSESSMENT("assessment_evidence")});
    create policy assessment_evidence_delete on assessment_evidence for delete using (${VISIBLE_ASSESSMENT("assessment_evidence")});

    grant select on standard, standard_heading, standard_item to hearth_app;
    grant insert (id, org_id, name, version, publisher, based_on_org_id, based_on_id) on standard to hearth_app;
    grant update (status, published_at) on standard to hearth_app;
    grant insert (org_id, standard_id, kind, code, parent_code, title) on standard_heading to hearth_app;
    grant update (title) on standard_heading to hearth_app;
    grant insert (id, org_id, standard_id, code, position, text, guidance, evidence_hint, level_1, level_2, level_3, level_4, auto_check) on standard_item to hearth_app;
    grant update (text, guidance, evidence_hint, level_1, level_2, level_3, level_4, auto_check) on standard_item to hearth_app;
    grant delete on standard_item to hearth_app;
    grant select on assessment, assessment_item, assessment_evidence to hearth_app;
    grant insert (id, org_id, house_id, standard_org_id, standard_id, standard_label, level) on assessment to hearth_app;
    grant update (status, submitted_at, submitted_by) on assessment to hearth_app;
    grant insert (id, org_id, assessment_id, position, code, domain_code, domain_title, principle_code, principle_title,
      section_number, section_title, text, guidance, evidence_hint, requirement, auto_check) on assessment_item to hearth_app;
    grant update (answer, notes, answered_at, answered_by) on assessment_item to hearth_app;
    grant insert (id, org_id, assessment_id, item_id, file_id, link_path, label) on assessment_evidence to hearth_app;
    grant delete on assessment_evidence to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
