import { sql } from "kysely";
import type { AssessmentAnswer, AssessmentStatus, AutoCheck, CertificationStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { notFound } from "#app/domain/errors.server";
import { orgRowToday } from "#app/domain/dates.server";
import type { FileInfo } from "#app/domain/files/files.server";
import { openBodiesSql, threadSql, type ThreadEntry } from "#app/domain/review/thread-sql.server";
import { pageOf, type Cursor } from "#app/lib/pagination";
import type { GrantScope, GrantStatus } from "./labels";
import { grantStatusSql } from "./grants.server";

/**
 * The certifier's side of audit grants (issue 13, capability 5; ADR 049). A certifier's roles
 * read an operator's rows only through policies that ask for the covered set (0046, 0063,
 * 0049), so these queries name no grant condition of their own beyond choosing the operator:
 * what they return is what the grants cover today. Every read of operator rows writes
 * certifier_audit() — one event in each org's log — in the same statement count whatever
 * the number of operators or houses. No active grant → 404 (notFound), never a hint.
 */

const OPERATOR_TODAY = orgRowToday("o");

type AuditedRead = { orgId: string; houseId?: string | null; entityType: string; entityId: string; data?: Record<string, unknown> };

/** The reads as the rows certifier_audit and certifier_audit_many take: [{ o, t, i, d }, …]. */
const auditPayload = (rows: AuditedRead[]) =>
  JSON.stringify(rows.map((r) => ({ o: r.orgId, t: r.entityType, i: r.entityId, d: { ...(r.data ?? {}), ...(r.houseId ? { houseId: r.houseId } : {}) } })));

/** One certifier_audit() per operator in a single statement. */
async function auditRead(tx: Tx, rows: AuditedRead[], action: string) {
  if (rows.length === 0) return;
  await sql`select certifier_audit((x->>'o')::uuid, ${action}, x->>'t', x->>'i', x->'d') from jsonb_array_elements(${auditPayload(rows)}::jsonb) x`.execute(tx);
}

export type PipelineHouse = {
  id: string; name: string; narrLevel: number | null; endsOn: string | null;
  /** This body's certification of the house, if any (ADR 050): the dashboard's status filter (ADR 058). */
  certification: { status: CertificationStatus; expiresOn: string | null } | null;
  assessment: { id: string; status: AssessmentStatus; standardLabel: string; level: number; submittedAt: string | null; items: number; answered: number } | null;
};
/**
 * Operators per page of the pipeline (ADR 061, amended): fewer than the app's PAGE_SIZE, as
 * each operator brings all its covered houses (3-4 on average at scale, up to 20), each with
 * its certification and self-assessment; 50 operators made a 257 KB page.
 */
export const PIPELINE_PAGE_SIZE = 20;

export type PipelineOperator = { orgId: string; slug: string; name: string; endsOn: string | null; houses: PipelineHouse[] };

/** The pipeline's `?status=` filter (ADR 058): this body's certification status of a house, `none` (no certification yet), or null for every house. */
export type PipelineStatusFilter = CertificationStatus | "none" | null;

/**
 * The certifier's pipeline, a keyset page of operators at a time (ADR 058, ADR 061): operators
 * with an active grant to this org, by name and id, each with its covered houses (those with the
 * filter's status, when there is one), each house's certification by this body and latest
 * self-assessment. One statement whatever the number of operators: the covered houses and their
 * certification are found set-based, the page of operators is chosen from them, and only the
 * page's houses read their assessment's progress. Not audited here: the page audits everything
 * it shows at once (`auditPipelineRead`).
 */
export async function certifierPipeline(
  tx: Tx,
  opts: { status?: PipelineStatusFilter; cursor?: Cursor | null; limit?: number } = {},
): Promise<{ items: PipelineOperator[]; next: string | null }> {
  const limit = opts.limit ?? PIPELINE_PAGE_SIZE;
  const status = opts.status ?? null;
  const after = opts.cursor?.after ?? null;
  const { rows } = await sql<PipelineOperator & { id: string }>`
    with active as (
      select g.org_id, g.id, g.ends_on from audit_grant g join org o on o.id = g.org_id
      where g.certifier_org_id = (select current_org_id()) and ${grantStatusSql(OPERATOR_TODAY)} = 'active'
    ),
    covered as materialized (
      select a.org_id, gh.house_id, case when bool_or(a.ends_on is null) then null else max(a.ends_on) end as ends_on
      from active a join audit_grant_house gh on gh.org_id = a.org_id and gh.grant_id = a.id
      group by a.org_id, gh.house_id
    ),
    shown as materialized (
      select c.org_id, c.house_id, c.ends_on, x.status, x.expires_on
      from covered c
      -- By index per covered house (certification_house_key, one row at most; the limit keeps the
      -- planner from flattening it): it cannot estimate the RLS-filtered sets and joined both
      -- lists in a nested loop, 715 × 172 comparisons on the scale dataset (ADR 062).
      left join lateral (
        select x.status, x.expires_on from certification x
        where x.org_id = c.org_id and x.house_id = c.house_id and x.certifier_org_id = (select current_org_id())
        limit 1
      ) x on true
      where ${status}::text is null or coalesce(x.status, 'none') = ${status}::text
    ),
    page as (
      select o.id, o.slug, o.name from org o
      where o.kind = 'operator' and o.id in (select org_id from shown)
        and (${after}::uuid is null or (o.name, o.id) > (select a.name, a.id from org a where a.id = ${after}::uuid))
      order by o.name, o.id
      limit ${limit + 1}
    ),
    ph as (
      select s.* from page p join shown s on s.org_id = p.id
    ),
    -- Each page house's latest self-assessment (assessment_house_idx), then the progress of all
    -- of them in one call that checks the covered houses once (0065), not a call per house.
    lx as (
      select ph.org_id, ph.house_id, x.id, x.status, x.standard_label, x.level, x.submitted_at
      from ph cross join lateral (
        select x.id, x.status, x.standard_label, x.level, x.submitted_at from assessment x
        where x.org_id = ph.org_id and x.house_id = ph.house_id order by x.created_at desc limit 1
      ) x
    ),
    pr as (
      select * from certifier_assessments_progress((select array_agg(lx.org_id) from lx), (select array_agg(lx.id) from lx))
    )
    select p.id, p.id as "orgId", p.slug, p.name,
      (select (case when bool_or(c.ends_on is null) then null else max(c.ends_on) end)::text from covered c where c.org_id = p.id) as "endsOn",
      json_agg(json_build_object('id', h.id, 'name', h.name, 'narrLevel', h.narr_level, 'endsOn', s.ends_on::text,
        'certification', case when s.status is null then null else json_build_object('status', s.status, 'expiresOn', s.expires_on::text) end,
        'assessment', case when lx.id is null then null else json_build_object('id', lx.id, 'status', lx.status, 'standardLabel', lx.standard_label,
          'level', lx.level, 'submittedAt', lx.submitted_at, 'items', coalesce(pr.items, 0), 'answered', coalesce(pr.answered, 0)) end)
        order by h.name, h.id) as houses
    from page p
    join ph s on s.org_id = p.id
    join house h on h.org_id = s.org_id and h.id = s.house_id
    left join lx on lx.org_id = s.org_id and lx.house_id = s.house_id
    left join pr on pr.org_id = lx.org_id and pr.assessment_id = lx.id
    group by p.id, p.slug, p.name
    order by p.name, p.id`.execute(tx);
  const page = pageOf(rows, limit);
  return { items: page.items.map(({ id: _id, ...o }) => o), next: page.next };
}

/**
 * The pipeline page's one audit (ADR 049, ADR 061): an `audit.pipeline_viewed` event in the log
 * of each operator whose houses the page names — the page of operators and the dashboard's
 * lists — and one in the certifier's own log naming them all (certifier_audit_many, 0065), one
 * statement.
 */
export async function auditPipelineRead(tx: Tx, shown: { orgId: string; houseIds: string[] }[]): Promise<void> {
  const byOrg = new Map<string, Set<string>>();
  for (const s of shown) {
    const set = byOrg.get(s.orgId) ?? new Set<string>();
    for (const h of s.houseIds) set.add(h);
    byOrg.set(s.orgId, set);
  }
  if (byOrg.size === 0) return;
  const payload = auditPayload([...byOrg].map(([orgId, houses]) => ({ orgId, entityType: "org", entityId: orgId, data: { houseIds: [...houses] } })));
  await sql`select certifier_audit_many('audit.pipeline_viewed', ${payload}::jsonb)`.execute(tx);
}

type Operator = { id: string; slug: string; name: string; timeZone: string };

/** The operator named by slug, when an active grant from it covers the caller's org; 404 otherwise. */
export async function requireGrantingOperator(tx: Tx, slug: string): Promise<Operator> {
  const row = await tx
    .selectFrom("org")
    .select(["id", "slug", "name", "time_zone as timeZone"])
    .where("slug", "=", slug).where("kind", "=", "operator")
    .where(sql<boolean>`certifier_grant_covers(id, null, 'review')`)
    .executeTakeFirst();
  if (!row) throw notFound("Operator");
  return row;
}

export type OperatorGrant = { id: string; scope: GrantScope; startsOn: string; endsOn: string | null; status: GrantStatus; note: string | null; houseNames: string[] };
export type OperatorHouse = { id: string; name: string; narrLevel: number | null; assessments: { id: string; status: AssessmentStatus; standardLabel: string; level: number; submittedAt: string | null }[] };

/** One operator as the certifier sees it: the grants it issued to us and the covered houses with their assessments. */
export async function certifierOperator(tx: Tx, slug: string): Promise<{ operator: Operator; grants: OperatorGrant[]; houses: OperatorHouse[] }> {
  const operator = await requireGrantingOperator(tx, slug);
  const { rows } = await sql<{ grants: OperatorGrant[]; houses: OperatorHouse[] }>`
    select
      coalesce((select json_agg(json_build_object('id', g.id, 'scope', g.scope, 'startsOn', g.starts_on, 'endsOn', g.ends_on, 'note', g.note,
        'status', ${grantStatusSql(OPERATOR_TODAY)},
        'houseNames', coalesce((select json_agg(h.name order by h.name) from audit_grant_house gh join house h on h.org_id = gh.org_id and h.id = gh.house_id
          where gh.org_id = g.org_id and gh.grant_id = g.id), '[]'::json)) order by g.created_at desc)
        from audit_grant g join org o on o.id = g.org_id
        where g.org_id = ${operator.id}::uuid and g.certifier_org_id = (select current_org_id())), '[]'::json) as grants,
      coalesce((select json_agg(json_build_object('id', h.id, 'name', h.name, 'narrLevel', h.narr_level, 'assessments', coalesce((
          select json_agg(json_build_object('id', a.id, 'status', a.status, 'standardLabel', a.standard_label, 'level', a.level, 'submittedAt', a.submitted_at) order by a.created_at desc)
          from assessment a where a.org_id = h.org_id and a.house_id = h.id), '[]'::json)) order by h.name)
        from house h where h.org_id = ${operator.id}::uuid), '[]'::json) as houses`.execute(tx);
  const { grants, houses } = rows[0]!;
  await auditRead(tx, [{ orgId: operator.id, entityType: "org", entityId: operator.id, data: { houseIds: houses.map((h) => h.id) } }], "audit.operator_viewed");
  return { operator, grants, houses };
}

/** `sharedUnderConsent`: about a resident, shown because their consent covers this certifier now (ADR 054). */
export type CertifierEvidence = { id: string; label: string; fileId: string | null; isLink: boolean; contentType: string | null; sharedUnderConsent: boolean };
export type CertifierItem = {
  id: string; code: string; domainCode: string; domainTitle: string; text: string; requirement: "required" | "recommended";
  autoCheck: AutoCheck | null; answer: AssessmentAnswer | null; notes: string | null;
  auto: { ok: boolean; text: string; computedOn: string } | null; evidence: CertifierEvidence[];
  /** This body's review thread on the item (ADR 053), oldest first, and whether its clarification is open. */
  thread: ThreadEntry[]; openBodies: string[];
  /** Evidence about residents the certifier is not shown (no consent covers it now, or not marked shareable): a count only. */
  withheld: number;
};
export type CertifierAssessment = {
  operator: Operator; id: string; houseId: string | null; houseName: string | null; standardLabel: string; level: number;
  status: AssessmentStatus; submittedAt: Date | null; items: CertifierItem[];
  /** Whether this body may raise findings on it (a certification grant covers its house). */
  canRaise: boolean;
};

/** A self-assessment read-only for the certifier: items, answers, notes, the automatic evidence as submitted, evidence labels. */
export async function certifierAssessment(tx: Tx, slug: string, assessmentId: string): Promise<CertifierAssessment> {
  const operator = await requireGrantingOperator(tx, slug);
  const head = await tx
    .selectFrom("assessment as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select(["a.id", "a.house_id as houseId", "h.name as houseName", "a.standard_label as standardLabel", "a.level", "a.status", "a.submitted_at as submittedAt"])
    // Findings (ADR 057) are raised under a certification grant covering the house.
    .select(sql<boolean>`coalesce(certifier_grant_covers(a.org_id, a.house_id, 'certification'), false)`.as("canRaise"))
    .where("a.org_id", "=", operator.id).where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!head) throw notFound("Self-assessment");
  const items = await tx
    .selectFrom("assessment_item as i")
    .select([
      "i.id", "i.code", "i.domain_code as domainCode", "i.domain_title as domainTitle", "i.text", "i.requirement", "i.auto_check as autoCheck", "i.answer", "i.notes",
      sql<CertifierItem["auto"]>`case when i.auto_ok is null then null else json_build_object('ok', i.auto_ok, 'text', i.auto_text, 'computedOn', i.auto_computed_on) end`.as("auto"),
      sql<CertifierEvidence[]>`coalesce((
        select json_agg(json_build_object('id', e.id, 'label', e.label, 'fileId', f.id, 'isLink', e.link_path is not null, 'contentType', f.content_type,
          'sharedUnderConsent', e.shared_resident_id is not null) order by e.created_at)
        from assessment_evidence e left join file f on f.org_id = e.org_id and f.id = e.file_id
        where e.org_id = i.org_id and e.assessment_id = i.assessment_id and e.item_id = i.id and (e.file_id is null or f.id is not null)), '[]'::json)`.as("evidence"),
      threadSql("i").as("thread"),
      openBodiesSql("i").as("openBodies"),
      sql<number>`coalesce(w.withheld, 0)`.as("withheld"),
    ])
    .leftJoin(sql<{ item_id: string; withheld: number }>`certifier_evidence_withheld(${operator.id}::uuid, ${assessmentId}::uuid)`.as("w"), (j) => j.onRef("w.item_id", "=", "i.id"))
    .where("i.org_id", "=", operator.id).where("i.assessment_id", "=", assessmentId)
    .orderBy("i.position")
    .execute();
  await auditRead(tx, [{ orgId: operator.id, houseId: head.houseId, entityType: "assessment", entityId: head.id }], "assessment.viewed");
  if (items.some((i) => i.evidence.some((e) => e.sharedUnderConsent))) await discloseShownEvidence(tx, operator.id, head.houseId, head.id);
  return { operator, ...head, items };
}

/**
 * Each piece of resident evidence the certifier is shown is a disclosure (ADR 040, 054): one
 * granted row per piece in the operator's disclosure log, under the consent that covers it —
 * the resident reads it in theirs — and one audit event in both orgs with the ids. One
 * statement for the rows, one for the audit.
 */
async function discloseShownEvidence(tx: Tx, operatorId: string, houseId: string | null, assessmentId: string) {
  const { rows } = await sql<{ disclosureId: string; evidenceId: string }>`
    select disclosure_id as "disclosureId", evidence_id as "evidenceId" from certifier_disclose_evidence(${operatorId}::uuid, ${assessmentId}::uuid)`.execute(tx);
  if (rows.length === 0) return;
  await auditRead(tx, [{
    orgId: operatorId, houseId, entityType: "assessment", entityId: assessmentId,
    data: { evidenceIds: rows.map((r) => r.evidenceId), disclosureIds: rows.map((r) => r.disclosureId) },
  }], "assessment.evidence_disclosed");
}

/** An evidence file of a covered, submitted assessment, for download; audited in both orgs. */
export async function certifierEvidenceFile(tx: Tx, slug: string, fileId: string): Promise<FileInfo> {
  const operator = await requireGrantingOperator(tx, slug);
  const row = await tx
    .selectFrom("file")
    .select(["id", "house_id as houseId", "content_type as contentType", "extension", "original_name as originalName", "size_bytes as size", "storage_key as storageKey", "sha256"])
    .where("org_id", "=", operator.id).where("id", "=", fileId)
    .executeTakeFirst();
  if (!row) throw notFound("File");
  await auditRead(tx, [{ orgId: operator.id, houseId: row.houseId, entityType: "file", entityId: row.id }], "file.downloaded");
  return row;
}
