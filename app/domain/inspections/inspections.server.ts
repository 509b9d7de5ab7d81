import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { FileContentType, InspectionStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { houseToday } from "#app/domain/dates.server";
import { houseFindingCountsJson } from "#app/domain/findings/operator.server";
import { certifierAudit as auditCertifier, houseCoverage, houseWriter, type CoveredOperator } from "#app/domain/grants/coverage.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import type { StoredUpload } from "#app/domain/files/files.server";
import type { AssessmentAnswer } from "#app/db/schema";
import type { CalendarDate } from "#app/lib/dates";
import { FINDING_DUE_DAYS, type VerdictValue } from "./labels";
import { PhotoInput, RescheduleInput, ScheduleInput, VerdictInput } from "./schemas";

/**
 * Inspections (issue 13, capability 6; ADR 053, migration 0051): a certifying body schedules a
 * visit of an operator's house to walk one submitted self-assessment, starts it on site, records
 * one verdict per item (each its own small write) with photos, and completes it — every not-met
 * verdict becomes a finding in the same transaction. Rows live in the operator's org; RLS lets
 * certifier roles write only under an active 'certification' grant covering the house (read
 * with 'review'). No grant (never, ended, revoked) → not found, the same words as no house.
 * Every certifier read and write goes to both orgs' logs (certifier_audit).
 */

const NOT_FOUND = "House not found.";

type Operator = CoveredOperator;
const coverage = (tx: Tx, operatorSlug: string, houseId: string) => houseCoverage(tx, operatorSlug, houseId, NOT_FOUND);
const writer = (tx: Tx, operatorSlug: string, houseId: string) => houseWriter(tx, operatorSlug, houseId, NOT_FOUND);
const certifierAudit = (tx: Tx, operatorOrgId: string, action: string, entityId: string, data: Record<string, unknown>) =>
  auditCertifier(tx, operatorOrgId, action, "inspection", entityId, data);

// ── the house's inspections (the certifier's list and scheduling) ──────────────

export type InspectionRow = {
  id: string;
  status: InspectionStatus;
  scheduledOn: CalendarDate;
  assessmentId: string;
  assessmentLabel: string;
  inspectorUserId: string | null;
  inspectorName: string | null;
  note: string | null;
  verdicts: number;
  items: number;
  findings: number;
};

export type InspectionsPage = {
  operator: { id: string; name: string; slug: string };
  house: { id: string; name: string; city: string; region: string; today: CalendarDate };
  canWrite: boolean;
  /** The house's submitted self-assessments, newest first (the first is the default to walk). */
  assessments: { id: string; label: string; submittedAt: string | null }[];
  /** The people of the caller's body who may inspect. */
  inspectors: { id: string; name: string }[];
  inspections: InspectionRow[];
};

const INSPECTION_ROW = sql<InspectionRow>`json_build_object(
  'id', x.id, 'status', x.status, 'scheduledOn', x.scheduled_on::text, 'assessmentId', x.assessment_id,
  'assessmentLabel', a.standard_label, 'inspectorUserId', x.inspector_user_id, 'inspectorName', u.name, 'note', x.note,
  'verdicts', (select count(*)::int from inspection_verdict v where v.org_id = x.org_id and v.inspection_id = x.id),
  'items', (select count(*)::int from assessment_item i where i.org_id = x.org_id and i.assessment_id = x.assessment_id),
  'findings', (select count(*)::int from finding f where f.org_id = x.org_id and f.inspection_id = x.id))`;

/** A house's inspections by the caller's body, its submitted self-assessments and the body's inspectors: one statement after the grant check. */
export async function inspectionsPage(tx: Tx, operatorSlug: string, houseId: string): Promise<InspectionsPage> {
  const op = await coverage(tx, operatorSlug, houseId);
  const { rows } = await sql<{
    id: string; name: string; city: string; region: string; today: string;
    assessments: InspectionsPage["assessments"]; inspectors: InspectionsPage["inspectors"]; inspections: InspectionRow[];
  }>`
    select h.id, h.name, h.city, h.region, ${houseToday("h")}::text as today,
      coalesce((select json_agg(json_build_object('id', a.id, 'label', a.standard_label, 'submittedAt', a.submitted_at) order by a.submitted_at desc nulls last, a.id)
        from assessment a where a.org_id = h.org_id and a.house_id = h.id and a.status = 'submitted'), '[]'::json) as assessments,
      coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name, u.id)
        from membership m join app_user u on u.id = m.user_id
        where m.org_id = (select current_org_id()) and m.role in ('certifier_admin', 'auditor') and m.disabled_at is null), '[]'::json) as inspectors,
      coalesce((select json_agg(${INSPECTION_ROW} order by x.scheduled_on desc, x.created_at desc)
        from inspection x
        join assessment a on a.org_id = x.org_id and a.id = x.assessment_id
        left join app_user u on u.id = x.inspector_user_id
        where x.org_id = h.org_id and x.house_id = h.id and x.certifier_org_id = (select current_org_id())), '[]'::json) as inspections
    from house h where h.org_id = ${op.id}::uuid and h.id = ${houseId}::uuid`.execute(tx);
  const h = rows[0];
  if (!h) throw new DomainError("not_found", NOT_FOUND);
  await certifierAudit(tx, op.id, "inspection.listed", houseId, { houseId, inspectionIds: h.inspections.map((i) => i.id) });
  return {
    operator: { id: op.id, name: op.name, slug: op.slug },
    house: { id: h.id, name: h.name, city: h.city, region: h.region, today: h.today },
    canWrite: op.writes,
    assessments: h.assessments,
    inspectors: h.inspectors,
    inspections: h.inspections,
  };
}

/** The inspector, when one is named, is a member of the caller's body with a certifier role. */
async function checkInspector(tx: Tx, userId: string | null) {
  if (!userId) return;
  const found = await tx
    .selectFrom("membership")
    .select("id")
    .where("org_id", "=", sql<string>`(select current_org_id())`)
    .where("user_id", "=", userId)
    .where("role", "in", ["certifier_admin", "auditor"])
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!found) throw new DomainError("invalid", "Choose an inspector from your organisation.", { field: "inspectorUserId" });
}

/** Schedule a visit of the house to walk one of its submitted self-assessments (certification scope). */
export async function scheduleInspection(tx: Tx, operatorSlug: string, houseId: string, input: unknown): Promise<{ id: string }> {
  const data = parseInput(ScheduleInput, input);
  const op = await writer(tx, operatorSlug, houseId);
  const assessment = await tx
    .selectFrom("assessment")
    .select("id")
    .where("org_id", "=", op.id)
    .where("id", "=", data.assessmentId)
    .where("house_id", "=", houseId)
    .where("status", "=", "submitted")
    .executeTakeFirst();
  if (!assessment) throw new DomainError("invalid", "Choose one of this house's submitted self-assessments.", { field: "assessmentId" });
  await checkInspector(tx, data.inspectorUserId);
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("inspection")
      .values({
        id, org_id: op.id, house_id: houseId, certifier_org_id: sql<string>`current_org_id()`, assessment_id: data.assessmentId,
        scheduled_on: data.scheduledOn, inspector_user_id: data.inspectorUserId, note: data.note,
      })
      .execute(),
  );
  await certifierAudit(tx, op.id, "inspection.scheduled", id, { houseId, assessmentId: data.assessmentId, scheduledOn: data.scheduledOn, inspectorUserId: data.inspectorUserId });
  return { id };
}

type Head = { id: string; status: InspectionStatus; assessment_id: string };

/** The caller's body's inspection of this house, locked for the change; not found otherwise. */
async function inspectionForUpdate(tx: Tx, op: Operator, houseId: string, inspectionId: string): Promise<Head> {
  const row = await tx
    .selectFrom("inspection")
    .select(["id", "status", "assessment_id"])
    .where("org_id", "=", op.id)
    .where("id", "=", inspectionId)
    .where("house_id", "=", houseId)
    .where("certifier_org_id", "=", sql<string>`(select current_org_id())`)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "Inspection not found.");
  return row;
}

const LOCKED = "This inspection is completed or cancelled and can no longer change.";

/** Another day, inspector or note for an inspection not yet started. */
export async function rescheduleInspection(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string, input: unknown): Promise<void> {
  const data = parseInput(RescheduleInput, input);
  const op = await writer(tx, operatorSlug, houseId);
  const x = await inspectionForUpdate(tx, op, houseId, inspectionId);
  if (x.status !== "scheduled") throw new DomainError("conflict", x.status === "in_progress" ? "This inspection has started; it can no longer be rescheduled." : LOCKED);
  await checkInspector(tx, data.inspectorUserId);
  await guardDb(
    tx.updateTable("inspection")
      .set({ scheduled_on: data.scheduledOn, inspector_user_id: data.inspectorUserId, note: data.note })
      .where("org_id", "=", op.id).where("id", "=", inspectionId)
      .execute(),
  );
  await certifierAudit(tx, op.id, "inspection.rescheduled", inspectionId, { houseId, scheduledOn: data.scheduledOn, inspectorUserId: data.inspectorUserId });
}

async function move(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string, from: InspectionStatus[], to: InspectionStatus, action: string) {
  const op = await writer(tx, operatorSlug, houseId);
  const x = await inspectionForUpdate(tx, op, houseId, inspectionId);
  if (!from.includes(x.status)) {
    throw new DomainError("conflict", x.status === "completed" || x.status === "cancelled" ? LOCKED : to === "completed" ? "Start the inspection first." : "This inspection has already started.");
  }
  await guardDb(tx.updateTable("inspection").set({ status: to }).where("org_id", "=", op.id).where("id", "=", inspectionId).execute());
  return { op, x, action };
}

/** Cancel a scheduled or started inspection (it stays on record, locked). */
export async function cancelInspection(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string): Promise<void> {
  const { op, x } = await move(tx, operatorSlug, houseId, inspectionId, ["scheduled", "in_progress"], "cancelled", "inspection.cancelled");
  await certifierAudit(tx, op.id, "inspection.cancelled", inspectionId, { houseId, from: x.status });
}

/** On site: scheduled → in progress (the database stamps the start). */
export async function startInspection(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string): Promise<void> {
  const { op } = await move(tx, operatorSlug, houseId, inspectionId, ["scheduled"], "in_progress", "inspection.started");
  await certifierAudit(tx, op.id, "inspection.started", inspectionId, { houseId });
}

/**
 * Record (or change) one item's verdict while the inspection is in progress: an upsert on
 * (inspection, item), so a repeated POST after a dropped connection changes nothing more.
 * Returns when it was recorded (the database's time).
 */
export async function recordVerdict(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string, input: unknown): Promise<{ itemId: string; verdict: VerdictValue; recordedAt: Date }> {
  const data = parseInput(VerdictInput, input);
  const op = await writer(tx, operatorSlug, houseId);
  const x = await inspectionForUpdate(tx, op, houseId, inspectionId);
  if (x.status !== "in_progress") throw new DomainError("conflict", x.status === "scheduled" ? "Start the inspection before recording verdicts." : LOCKED);
  const row = await guardDb(
    tx
      .insertInto("inspection_verdict")
      .values({ org_id: op.id, inspection_id: inspectionId, item_id: data.itemId, verdict: data.verdict, note: data.note })
      .onConflict((oc) => oc.constraint("inspection_verdict_item_key").doUpdateSet({ verdict: data.verdict, note: data.note }))
      .returning(["recorded_at"])
      .executeTakeFirstOrThrow(),
  );
  await certifierAudit(tx, op.id, "inspection.verdict_recorded", inspectionId, { houseId, itemId: data.itemId, verdict: data.verdict });
  return { itemId: data.itemId, verdict: data.verdict, recordedAt: row.recorded_at as Date };
}

/** Where a photo goes: the operator's org (its files) and the house; checks the grant, the status and the item before any bytes are stored. */
export async function photoTarget(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string, input: unknown): Promise<{ operatorOrgId: string; itemId: string; caption: string | null }> {
  const data = parseInput(PhotoInput, input);
  const op = await writer(tx, operatorSlug, houseId);
  const x = await inspectionForUpdate(tx, op, houseId, inspectionId);
  if (x.status !== "in_progress") throw new DomainError("conflict", x.status === "scheduled" ? "Start the inspection before adding photos." : LOCKED);
  const item = await tx.selectFrom("assessment_item").select("id").where("org_id", "=", op.id).where("assessment_id", "=", x.assessment_id).where("id", "=", data.itemId).executeTakeFirst();
  if (!item) throw new DomainError("invalid", "That item is not part of this inspection.", { field: "itemId" });
  return { operatorOrgId: op.id, itemId: data.itemId, caption: data.caption };
}

/**
 * A photo for an item: the file row in the operator's files (house-scoped; certifier roles may
 * insert under a certification grant, policy file_certifier_insert) and the inspection's photo row.
 */
export async function addInspectionPhoto(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string, stored: StoredUpload, input: unknown): Promise<{ fileId: string }> {
  const target = await photoTarget(tx, operatorSlug, houseId, inspectionId, input);
  const fileId = randomUUID();
  await guardDb(
    tx
      .insertInto("file")
      .values({
        id: fileId, org_id: target.operatorOrgId, house_id: houseId, sha256: stored.sha256, size_bytes: stored.size,
        content_type: stored.contentType as FileContentType, extension: stored.extension, original_name: stored.originalName, storage_key: stored.storageKey,
      })
      .execute(),
  );
  await guardDb(
    tx.insertInto("inspection_photo").values({ org_id: target.operatorOrgId, inspection_id: inspectionId, item_id: target.itemId, file_id: fileId, caption: target.caption }).execute(),
  );
  await certifierAudit(tx, target.operatorOrgId, "inspection.photo_added", inspectionId, { houseId, itemId: target.itemId, fileId, size: stored.size, contentType: stored.contentType });
  return { fileId };
}

/**
 * Complete the inspection (in progress → completed; refused without a verdict): in the same
 * transaction every not-met verdict becomes a finding — severity minor, summary the verdict's
 * note or else the item's text, due 30 days after the house's today. The verdicts are then
 * locked by the database.
 */
export async function completeInspection(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string): Promise<{ findingIds: string[] }> {
  const op = await writer(tx, operatorSlug, houseId);
  const x = await inspectionForUpdate(tx, op, houseId, inspectionId);
  if (x.status !== "in_progress") throw new DomainError("conflict", x.status === "scheduled" ? "Start the inspection first." : LOCKED);
  const counted = await tx
    .selectFrom("inspection_verdict")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("org_id", "=", op.id).where("inspection_id", "=", inspectionId)
    .executeTakeFirstOrThrow();
  if (counted.n === 0) throw new DomainError("invalid", "Record at least one verdict before completing the inspection.");
  await guardDb(tx.updateTable("inspection").set({ status: "completed" }).where("org_id", "=", op.id).where("id", "=", inspectionId).execute());
  const { rows } = await guardDb(
    sql<{ id: string }>`
      insert into finding (org_id, house_id, certifier_org_id, assessment_id, item_id, inspection_id, severity, summary, due_on)
      select x.org_id, x.house_id, x.certifier_org_id, x.assessment_id, v.item_id, x.id, 'minor',
        left(coalesce(v.note, i.text), 2000), ${houseToday("h")} + ${FINDING_DUE_DAYS}::int
      from inspection x
      join house h on h.org_id = x.org_id and h.id = x.house_id
      join inspection_verdict v on v.org_id = x.org_id and v.inspection_id = x.id and v.verdict = 'not_met'
      join assessment_item i on i.org_id = v.org_id and i.id = v.item_id
      where x.org_id = ${op.id}::uuid and x.id = ${inspectionId}::uuid
      order by i.position
      returning id`.execute(tx),
  );
  const findingIds = rows.map((r) => r.id);
  await certifierAudit(tx, op.id, "inspection.completed", inspectionId, { houseId, verdicts: counted.n, findingIds });
  return { findingIds };
}

// ── inspection mode ─────────────────────────────────────────────────────────

export type ModeItem = {
  id: string; code: string; domainCode: string; domainTitle: string; text: string;
  answer: AssessmentAnswer | null; notes: string | null;
  verdict: VerdictValue | null; verdictNote: string | null; recordedAt: string | null;
  photos: { id: string; fileId: string; caption: string | null; name: string }[];
};

export type InspectionMode = {
  operator: { id: string; name: string; slug: string };
  house: { id: string; name: string; timeZone: string };
  canWrite: boolean;
  inspection: {
    id: string; status: InspectionStatus; scheduledOn: CalendarDate; assessmentLabel: string; inspectorName: string | null; note: string | null;
    startedAt: string | null; completedAt: string | null; findings: number;
  };
  items: ModeItem[];
};

/** One inspection with every item of its self-assessment, the operator's answer, the verdict and photos: three statements and the audit. */
export async function inspectionMode(tx: Tx, operatorSlug: string, houseId: string, inspectionId: string): Promise<InspectionMode> {
  const op = await coverage(tx, operatorSlug, houseId);
  const { rows } = await sql<InspectionMode["inspection"] & { assessmentId: string; houseName: string; timeZone: string }>`
    select x.id, x.status, x.scheduled_on::text as "scheduledOn", a.standard_label as "assessmentLabel", u.name as "inspectorName", x.note,
      x.started_at as "startedAt", x.completed_at as "completedAt", x.assessment_id as "assessmentId", h.name as "houseName", h.time_zone as "timeZone",
      (select count(*)::int from finding f where f.org_id = x.org_id and f.inspection_id = x.id) as findings
    from inspection x
    join house h on h.org_id = x.org_id and h.id = x.house_id
    join assessment a on a.org_id = x.org_id and a.id = x.assessment_id
    left join app_user u on u.id = x.inspector_user_id
    where x.org_id = ${op.id}::uuid and x.id = ${inspectionId}::uuid and x.house_id = ${houseId}::uuid
      and x.certifier_org_id = (select current_org_id())`.execute(tx);
  const head = rows[0];
  if (!head) throw new DomainError("not_found", "Inspection not found.");
  const { rows: items } = await sql<ModeItem>`
    select i.id, i.code, i.domain_code as "domainCode", i.domain_title as "domainTitle", i.text, i.answer, i.notes,
      v.verdict, v.note as "verdictNote", v.recorded_at as "recordedAt",
      coalesce((select json_agg(json_build_object('id', p.id, 'fileId', p.file_id, 'caption', p.caption, 'name', f.original_name) order by p.created_at, p.id)
        from inspection_photo p join file f on f.org_id = p.org_id and f.id = p.file_id
        where p.org_id = i.org_id and p.inspection_id = ${inspectionId}::uuid and p.item_id = i.id), '[]'::json) as photos
    from assessment_item i
    left join inspection_verdict v on v.org_id = i.org_id and v.inspection_id = ${inspectionId}::uuid and v.item_id = i.id
    where i.org_id = ${op.id}::uuid and i.assessment_id = ${head.assessmentId}::uuid
    order by i.position`.execute(tx);
  await certifierAudit(tx, op.id, "inspection.viewed", inspectionId, { houseId });
  const { assessmentId: _a, houseName, timeZone, ...inspection } = head;
  return { operator: { id: op.id, name: op.name, slug: op.slug }, house: { id: houseId, name: houseName, timeZone }, canWrite: op.writes, inspection, items };
}

// ── the operator's side ─────────────────────────────────────────────────────

export type OperatorInspection = {
  id: string; status: InspectionStatus; scheduledOn: CalendarDate; certifierName: string;
  verdicts: { code: string; text: string; verdict: VerdictValue; note: string | null }[];
};

/**
 * A house's inspections as its operator reads them (owners/admins, the house's managers; RLS):
 * verdicts once completed; the latest 50, as one JSON array to read beside other things in one statement.
 */
export const houseInspectionsJson = (houseId: string) => sql<OperatorInspection[]>`coalesce((
    select json_agg(json_build_object('id', t.id, 'status', t.status, 'scheduledOn', t."scheduledOn", 'certifierName', t."certifierName",
      'verdicts', t.verdicts) order by t.d desc, t.c desc) from (
      select x.id, x.status, x.scheduled_on::text as "scheduledOn", body.name as "certifierName",
        case when x.status = 'completed' then coalesce((
          select json_agg(json_build_object('code', i.code, 'text', i.text, 'verdict', v.verdict, 'note', v.note) order by i.position)
          from inspection_verdict v join assessment_item i on i.org_id = v.org_id and i.id = v.item_id
          where v.org_id = x.org_id and v.inspection_id = x.id), '[]'::json) else '[]'::json end as verdicts,
        x.scheduled_on as d, x.created_at as c
      from inspection x
      join org body on body.id = x.certifier_org_id
      where x.org_id = (select current_org_id()) and x.house_id = ${houseId}::uuid
      order by x.scheduled_on desc, x.created_at desc
      limit 50) t), '[]'::json)`;

export async function houseInspections(tx: Tx, houseId: string): Promise<OperatorInspection[]> {
  const { rows } = await sql<{ list: OperatorInspection[] }>`select ${houseInspectionsJson(houseId)} as list`.execute(tx);
  return rows[0]!.list;
}

/** The house's Standards tab's review panel in one statement: its inspections and its open and overdue findings. */
export async function houseReviewSummary(tx: Tx, houseId: string): Promise<{ inspections: OperatorInspection[]; findings: { open: number; overdue: number } }> {
  const { rows } = await sql<{ inspections: OperatorInspection[]; findings: { open: number; overdue: number } }>`
    select ${houseInspectionsJson(houseId)} as inspections, ${houseFindingCountsJson(houseId)} as findings`.execute(tx);
  return rows[0]!;
}
