import { sql } from "kysely";
import type { AssessmentAnswer, AssessmentStatus, AutoCheck } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { openBodiesSql, threadSql, type ThreadEntry } from "#app/domain/review/thread-sql.server";
import { automaticEvidence } from "./evidence.server";
import { AnswerInput, LinkEvidenceInput, StartInput, type EvidenceSharing } from "./schemas";
import type { Information } from "#app/domain/consents/labels";
import { id as idSchema } from "#app/lib/fields";

/**
 * Self-assessments (issue 13, capability 4; ADR 047): an operator answers the items of one
 * published standard version that apply at the house's level (or the operator's), with
 * notes and evidence — uploads through app/domain/files or links to in-app records — and
 * submits it for review, which locks it in the database (trigger assessment_locked).
 * Starting copies the applicable items (one statement), so the version never shifts.
 */

export type AssessmentSummary = {
  id: string; houseId: string | null; houseName: string | null; standardLabel: string; level: number;
  status: AssessmentStatus; submittedAt: Date | null; items: number; answered: number; met: number;
  domains: DomainProgress[];
};

/** Assessments the caller may see (RLS), newest first, with answer counts — one query. */
export async function listAssessments(tx: Tx, opts: { houseId?: string } = {}): Promise<AssessmentSummary[]> {
  let q = tx
    .selectFrom("assessment as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.id", "a.house_id as houseId", "h.name as houseName", "a.standard_label as standardLabel", "a.level", "a.status", "a.submitted_at as submittedAt",
      sql<number>`(select count(*)::int from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id)`.as("items"),
      sql<number>`(select count(*)::int from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id and i.answer is not null)`.as("answered"),
      sql<number>`(select count(*)::int from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id and i.answer in ('met', 'na'))`.as("met"),
      sql<DomainProgress[]>`coalesce((select json_agg(d order by d.code) from (
        select i.domain_code as code, min(i.domain_title) as title, count(*)::int as items,
          (count(*) filter (where i.answer is not null))::int as answered, (count(*) filter (where i.answer in ('met', 'na')))::int as met
        from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id group by i.domain_code) d), '[]'::json)`.as("domains"),
    ])
    .orderBy("a.created_at", "desc")
    .limit(200);
  if (opts.houseId) q = q.where("a.house_id", "=", opts.houseId);
  return q.execute();
}

/** Start a self-assessment: the items of the version that apply at `level`, copied in one statement. */
export async function startAssessment(tx: Tx, raw: StartInput): Promise<{ id: string }> {
  const input = parseInput(StartInput, raw);
  const standard = await tx
    .selectFrom("standard").select(["org_id", "id", "name", "version", "status"])
    .where("org_id", "=", input.standardOrgId).where("id", "=", input.standardId)
    .executeTakeFirst();
  if (!standard || standard.status !== "published") throw new DomainError("invalid", "Choose a published standard.", { field: "standardId" });
  if (input.houseId) {
    const house = await tx.selectFrom("house").select("id").where("id", "=", input.houseId).executeTakeFirst();
    if (!house) throw notFound("House");
  }
  const created = await guardDb(
    tx.insertInto("assessment")
      .values({
        org_id: sql<string>`current_org_id()`, house_id: input.houseId, standard_org_id: standard.org_id, standard_id: standard.id,
        standard_label: `${standard.name} ${standard.version}`, level: input.level,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  const levelColumn = sql.ref(`i.level_${input.level}`);
  await sql`
    insert into assessment_item (org_id, assessment_id, position, code, domain_code, domain_title, principle_code, principle_title,
      section_number, section_title, text, guidance, evidence_hint, requirement, auto_check)
    select current_org_id(), ${created.id}::uuid, i.position, i.code, d.code, d.title, p.code, p.title, s.code::int, s.title,
      i.text, i.guidance, i.evidence_hint, ${levelColumn}, i.auto_check
    from standard_item i
    join standard_heading d on d.org_id = i.org_id and d.standard_id = i.standard_id and d.kind = 'domain' and d.code = split_part(i.code, '.', 1)
    join standard_heading p on p.org_id = i.org_id and p.standard_id = i.standard_id and p.kind = 'principle' and p.code = split_part(i.code, '.', 2)
    join standard_heading s on s.org_id = i.org_id and s.standard_id = i.standard_id and s.kind = 'section' and s.code = split_part(i.code, '.', 3)
    where i.org_id = ${standard.org_id}::uuid and i.standard_id = ${standard.id}::uuid and ${levelColumn} <> 'na'`.execute(tx);
  await audit(tx, "assessment.started", { type: "assessment", id: created.id }, { houseId: input.houseId, standardId: standard.id, level: input.level });
  return created;
}

export type Evidence = {
  id: string; label: string; fileId: string | null; linkPath: string | null; contentType: string | null; createdAt: string;
  /** About one resident and shareable with a certifier under their consent (ADR 054): what it shows, and who (the operator's own staff see the name). */
  sharedInformation: Information | null; sharedResident: string | null;
};
export type AssessmentItem = {
  id: string; code: string; domainCode: string; domainTitle: string; principleTitle: string; sectionNumber: number; sectionTitle: string;
  text: string; guidance: string | null; evidenceHint: string | null; requirement: "required" | "recommended"; autoCheck: AutoCheck | null;
  answer: AssessmentAnswer | null; notes: string | null; answeredAt: Date | null; evidence: Evidence[];
  /** Every certifying body's review thread on the item (ADR 053), and the bodies whose clarification is open. */
  thread: ThreadEntry[]; openBodies: string[];
};
export type Assessment = {
  id: string; houseId: string | null; houseName: string | null; standardLabel: string; level: number; status: AssessmentStatus;
  submittedAt: Date | null; items: AssessmentItem[];
};

/** The assessment with its items, answers and evidence: two queries whatever the number of items. */
export async function getAssessment(tx: Tx, assessmentId: string, opts: { houseId?: string | null } = {}): Promise<Assessment> {
  let q = tx
    .selectFrom("assessment as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select(["a.id", "a.house_id as houseId", "h.name as houseName", "a.standard_label as standardLabel", "a.level", "a.status", "a.submitted_at as submittedAt"])
    .where("a.id", "=", assessmentId);
  if (opts.houseId !== undefined) q = opts.houseId === null ? q.where("a.house_id", "is", null) : q.where("a.house_id", "=", opts.houseId);
  const head = await q.executeTakeFirst();
  if (!head) throw notFound("Self-assessment");
  const items = await tx
    .selectFrom("assessment_item as i")
    .select([
      "i.id", "i.code", "i.domain_code as domainCode", "i.domain_title as domainTitle", "i.principle_title as principleTitle",
      "i.section_number as sectionNumber", "i.section_title as sectionTitle", "i.text", "i.guidance", "i.evidence_hint as evidenceHint",
      "i.requirement", "i.auto_check as autoCheck", "i.answer", "i.notes", "i.answered_at as answeredAt",
      sql<Evidence[]>`coalesce((
        select json_agg(json_build_object('id', e.id, 'label', e.label, 'fileId', e.file_id, 'linkPath', e.link_path,
          'contentType', f.content_type, 'createdAt', e.created_at, 'sharedInformation', e.shared_information,
          'sharedResident', (select r.legal_name from resident r where r.org_id = e.org_id and r.id = e.shared_resident_id)) order by e.created_at)
        from assessment_evidence e left join file f on f.org_id = e.org_id and f.id = e.file_id
        where e.org_id = i.org_id and e.assessment_id = i.assessment_id and e.item_id = i.id), '[]'::json)`.as("evidence"),
      threadSql("i").as("thread"),
      openBodiesSql("i").as("openBodies"),
    ])
    .where("i.org_id", "=", sql<string>`current_org_id()`)
    .where("i.assessment_id", "=", assessmentId)
    .orderBy("i.position")
    .execute();
  return { ...head, items };
}

export type DomainProgress = { code: string; title: string; items: number; answered: number; met: number };

/** Progress per domain (answered, and met or not applicable, out of the applicable items). */
export function progressByDomain(items: Pick<AssessmentItem, "domainCode" | "domainTitle" | "answer">[]): DomainProgress[] {
  const out = new Map<string, DomainProgress>();
  for (const it of items) {
    const p = out.get(it.domainCode) ?? { code: it.domainCode, title: it.domainTitle, items: 0, answered: 0, met: 0 };
    p.items++;
    if (it.answer) p.answered++;
    if (it.answer === "met" || it.answer === "na") p.met++;
    out.set(it.domainCode, p);
  }
  return [...out.values()];
}

async function requireDraftItem(tx: Tx, assessmentId: string, itemId: string) {
  const row = await tx
    .selectFrom("assessment_item as i")
    .innerJoin("assessment as a", (j) => j.onRef("a.org_id", "=", "i.org_id").onRef("a.id", "=", "i.assessment_id"))
    .select(["i.id", "a.status", "a.house_id as houseId"])
    .where("i.assessment_id", "=", assessmentId).where("i.id", "=", itemId)
    .executeTakeFirst();
  if (!row) throw notFound("Item");
  if (row.status !== "draft") throw new DomainError("conflict", "This self-assessment was submitted for review and cannot change.");
  return row;
}

/** Answer one item (its own small POST). */
export async function answerItem(tx: Tx, assessmentId: string, raw: AnswerInput): Promise<void> {
  const input = parseInput(AnswerInput, raw);
  await requireDraftItem(tx, assessmentId, input.itemId);
  await guardDb(
    tx.updateTable("assessment_item")
      .set({ answer: input.answer, notes: input.notes ?? null, answered_at: sql`now()`, answered_by: sql`current_app_user_id()` })
      .where("assessment_id", "=", assessmentId).where("id", "=", input.itemId)
      .execute(),
  );
  await audit(tx, "assessment.answered", { type: "assessment", id: assessmentId }, { itemId: input.itemId, answer: input.answer });
}

/** The house an item's evidence belongs to (uploads are recorded against it), after checking the item is open. */
export async function evidenceTarget(tx: Tx, assessmentId: string, itemId: string): Promise<{ houseId: string | null }> {
  const row = await requireDraftItem(tx, assessmentId, itemId);
  return { houseId: row.houseId };
}

/** Attach an uploaded file (already recorded with recordFile) to an item; optionally about one resident, shared under consent (ADR 054). */
export async function addFileEvidence(tx: Tx, assessmentId: string, input: { itemId: string; fileId: string; label: string } & EvidenceSharing): Promise<void> {
  const sharing = await requireSharing(tx, input);
  await requireDraftItem(tx, assessmentId, input.itemId);
  await guardDb(
    tx.insertInto("assessment_evidence")
      .values({ org_id: sql<string>`current_org_id()`, assessment_id: assessmentId, item_id: input.itemId, file_id: input.fileId, label: input.label.slice(0, 200), ...sharing })
      .execute(),
  );
  await audit(tx, "assessment.evidence_added", { type: "assessment", id: assessmentId }, { itemId: input.itemId, fileId: input.fileId, ...sharedAudit(sharing) });
}

/** Attach a link to an in-app record (a page under this org); optionally about one resident, shared under consent (ADR 054). */
export async function addLinkEvidence(tx: Tx, assessmentId: string, orgSlug: string, raw: LinkEvidenceInput): Promise<void> {
  const input = parseInput(LinkEvidenceInput, raw);
  if (!input.linkPath.startsWith(`/o/${orgSlug}/`)) throw new DomainError("invalid", "Link to a page of this organisation.", { field: "linkPath" });
  const sharing = await requireSharing(tx, input);
  await requireDraftItem(tx, assessmentId, input.itemId);
  await guardDb(
    tx.insertInto("assessment_evidence")
      .values({ org_id: sql<string>`current_org_id()`, assessment_id: assessmentId, item_id: input.itemId, link_path: input.linkPath, label: input.label, ...sharing })
      .execute(),
  );
  await audit(tx, "assessment.evidence_added", { type: "assessment", id: assessmentId }, { itemId: input.itemId, link: true, ...sharedAudit(sharing) });
}

type Sharing = { shared_resident_id: string | null; shared_information: Information | null };
const sharedAudit = (s: Sharing) => (s.shared_resident_id ? { sharedResidentId: s.shared_resident_id, sharedInformation: s.shared_information } : {});

/** The resident a piece of evidence is about must be one the caller sees (RLS); both or neither. */
async function requireSharing(tx: Tx, input: EvidenceSharing): Promise<Sharing> {
  if (!input.sharedResidentId && !input.sharedInformation) return { shared_resident_id: null, shared_information: null };
  if (!input.sharedResidentId) throw new DomainError("invalid", "Choose the resident it is about.", { field: "sharedResidentId" });
  if (!input.sharedInformation) throw new DomainError("invalid", "Choose what it shows about the resident.", { field: "sharedInformation" });
  const rid = parseInput(idSchema, input.sharedResidentId);
  const found = await tx.selectFrom("resident").select("id").where("org_id", "=", sql<string>`current_org_id()`).where("id", "=", rid).executeTakeFirst();
  if (!found) throw new DomainError("invalid", "Choose a resident from the list.", { field: "sharedResidentId" });
  return { shared_resident_id: rid, shared_information: input.sharedInformation };
}

/** Residents a piece of evidence may be about: those with a stay in the house (every house the caller sees, for the whole organisation), by name. */
export async function evidenceResidentOptions(tx: Tx, houseId: string | null): Promise<{ id: string; name: string }[]> {
  let q = tx
    .selectFrom("resident as r")
    .select(["r.id", "r.legal_name as name"])
    .where("r.org_id", "=", sql<string>`current_org_id()`)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("stay as s").select(sql`1`.as("x")).whereRef("s.org_id", "=", "r.org_id").whereRef("s.resident_id", "=", "r.id")
        .$if(houseId !== null, (w) => w.where("s.house_id", "=", houseId!))));
  q = q.orderBy("r.legal_name").orderBy("r.id");
  return q.limit(200).execute();
}

/**
 * Take a piece of evidence off an item of a draft self-assessment. An uploaded file stays in
 * the org's files (the audit log names it); a submitted assessment refuses (locked).
 */
export async function removeEvidence(tx: Tx, assessmentId: string, input: { itemId: string; evidenceId: string }): Promise<{ label: string }> {
  await requireDraftItem(tx, assessmentId, input.itemId);
  const removed = await guardDb(
    tx.deleteFrom("assessment_evidence")
      .where("id", "=", input.evidenceId)
      .where("assessment_id", "=", assessmentId)
      .where("item_id", "=", input.itemId)
      .returning(["label", "file_id"])
      .executeTakeFirst(),
  );
  if (!removed) throw notFound("Evidence");
  await audit(tx, "assessment.evidence_removed", { type: "assessment", id: assessmentId }, { itemId: input.itemId, evidenceId: input.evidenceId, fileId: removed.file_id });
  return { label: removed.label };
}

/**
 * Submit for review: from now on the database refuses every change to it. The automatic
 * evidence is snapshotted on each item first (ADR 049): a certifier cannot read the
 * operations it is computed from, and should see what the operator saw when submitting.
 */
export async function submitAssessment(tx: Tx, assessmentId: string): Promise<void> {
  const head = await requireAssessment(tx, assessmentId);
  if (head.status !== "draft") throw new DomainError("conflict", "This self-assessment was submitted for review and cannot change.");
  const auto = await automaticEvidence(tx, head.houseId, "");
  const snapshot = JSON.stringify(Object.entries(auto).map(([check, e]) => ({ check, ok: e.ok, text: e.text.slice(0, 500), on: e.computedOn })));
  await guardDb(sql`
    update assessment_item i set auto_ok = (x->>'ok')::boolean, auto_text = x->>'text', auto_computed_on = (x->>'on')::date
    from jsonb_array_elements(${snapshot}::jsonb) x
    where i.org_id = current_org_id() and i.assessment_id = ${assessmentId}::uuid and i.auto_check = x->>'check'`.execute(tx));
  const result = await guardDb(
    tx.updateTable("assessment")
      .set({ status: "submitted", submitted_at: sql`now()`, submitted_by: sql`current_app_user_id()` })
      .where("id", "=", assessmentId)
      .executeTakeFirst(),
  );
  if (result.numUpdatedRows === 0n) throw notFound("Self-assessment");
  await audit(tx, "assessment.submitted", { type: "assessment", id: assessmentId });
}

export type AssessmentHead = { id: string; houseId: string | null; status: AssessmentStatus; standardLabel: string; level: number; houseName: string | null };

/** The assessment's head row (RLS decides whether the caller sees it); 404 otherwise. */
export async function requireAssessment(tx: Tx, assessmentId: string): Promise<AssessmentHead> {
  const row = await tx
    .selectFrom("assessment as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select(["a.id", "a.house_id as houseId", "a.status", "a.standard_label as standardLabel", "a.level", "h.name as houseName"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!row) throw notFound("Self-assessment");
  return row;
}

/** One item of an assessment with its evidence and the assessment's head: one query. */
export async function getAssessmentItem(tx: Tx, assessmentId: string, itemId: string): Promise<AssessmentItem & { assessment: AssessmentHead }> {
  const row = await tx
    .selectFrom("assessment_item as i")
    .innerJoin("assessment as a", (j) => j.onRef("a.org_id", "=", "i.org_id").onRef("a.id", "=", "i.assessment_id"))
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "i.id", "i.code", "i.domain_code as domainCode", "i.domain_title as domainTitle", "i.principle_title as principleTitle",
      "i.section_number as sectionNumber", "i.section_title as sectionTitle", "i.text", "i.guidance", "i.evidence_hint as evidenceHint",
      "i.requirement", "i.auto_check as autoCheck", "i.answer", "i.notes", "i.answered_at as answeredAt",
      "a.house_id as houseId", "a.status", "a.standard_label as standardLabel", "a.level", "h.name as houseName",
      sql<Evidence[]>`coalesce((
        select json_agg(json_build_object('id', e.id, 'label', e.label, 'fileId', e.file_id, 'linkPath', e.link_path,
          'contentType', f.content_type, 'createdAt', e.created_at, 'sharedInformation', e.shared_information,
          'sharedResident', (select r.legal_name from resident r where r.org_id = e.org_id and r.id = e.shared_resident_id)) order by e.created_at)
        from assessment_evidence e left join file f on f.org_id = e.org_id and f.id = e.file_id
        where e.org_id = i.org_id and e.assessment_id = i.assessment_id and e.item_id = i.id), '[]'::json)`.as("evidence"),
      threadSql("i").as("thread"),
      openBodiesSql("i").as("openBodies"),
    ])
    .where("i.assessment_id", "=", assessmentId).where("i.id", "=", itemId)
    .executeTakeFirst();
  if (!row) throw notFound("Item");
  const { houseId, status, standardLabel, level, houseName, ...item } = row;
  return { ...item, assessment: { id: assessmentId, houseId, status, standardLabel, level, houseName } };
}
