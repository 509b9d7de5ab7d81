import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { certifierAudit as auditCertifier } from "#app/domain/grants/coverage.server";
import { requireGrantingOperator } from "#app/domain/grants/certifier.server";
import { addDays, formatDay } from "#app/lib/dates";
import type { Cursor } from "#app/lib/pagination";
import { FINDING_DUE_DAYS, type FindingFilter } from "./labels";
import { listFindings, readFinding, type FindingRow, type FindingView } from "./findings.server";
import { notifyOperator, type NoticeFinding } from "./notices.server";
import { DecideFindingInput, EditFindingInput, RaiseFindingInput } from "./schemas";

/**
 * The certifying body's side of findings (ADR 053). Reads need an active grant (review scope)
 * from the operator; writes one with the certification scope covering the finding's house —
 * otherwise not found, the same words as a finding that does not exist. The database checks
 * the workflow again (finding_transition) and writes the history; every read and write goes to
 * both orgs' logs through certifier_audit().
 */

type Operator = { id: string; slug: string; name: string };

const certifierAudit = (tx: Tx, operatorOrgId: string, action: string, entityId: string, data: Record<string, unknown>, entityType = "finding") =>
  auditCertifier(tx, operatorOrgId, action, entityType, entityId, data);

const noticeOf = (op: Operator, f: FindingView): NoticeFinding => ({
  id: f.id, orgId: op.id, operatorSlug: op.slug, operatorName: op.name, certifierSlug: f.certifierSlug, certifierName: f.certifierName,
  houseName: f.houseName, severity: f.severity, dueOn: f.dueOn,
});

/** One operator's findings raised by this body: a page, by due date; the read is audited in both orgs. */
export async function certifierFindings(
  tx: Tx,
  slug: string,
  opts: { filter: FindingFilter; cursor?: Cursor | null },
): Promise<{ operator: Operator; items: FindingRow[]; next: string | null }> {
  const operator = await requireGrantingOperator(tx, slug);
  const page = await listFindings(tx, { orgId: sql<string>`${operator.id}::uuid`, certifierOnly: true, filter: opts.filter, cursor: opts.cursor });
  await certifierAudit(tx, operator.id, "finding.listed", operator.id, { findingIds: page.items.map((f) => f.id), filter: opts.filter }, "org");
  return { operator, ...page };
}

/** One finding of this body, with evidence and history; audited in both orgs. */
export async function certifierFinding(tx: Tx, slug: string, findingId: string): Promise<{ operator: Operator; finding: FindingView }> {
  const operator = await requireGrantingOperator(tx, slug);
  const finding = await readFinding(tx, sql<string>`${operator.id}::uuid`, findingId, { certifierOnly: true });
  if (!finding) throw notFound("Finding");
  await certifierAudit(tx, operator.id, "finding.viewed", finding.id, { houseId: finding.houseId });
  return { operator, finding };
}

/** What a write needs: the finding of this body, its house's today, and a certification grant covering it (else not found). */
async function writableFinding(tx: Tx, operator: Operator, findingId: string) {
  const row = await tx
    .selectFrom("finding as f")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "f.org_id").onRef("h.id", "=", "f.house_id"))
    .select([
      "f.id", "f.status", "f.house_id as houseId", sql<string>`f.due_on::text`.as("dueOn"), sql<string>`${houseToday("h")}::text`.as("today"),
      sql<boolean>`certifier_grant_covers(f.org_id, f.house_id, 'certification')`.as("writes"),
    ])
    .where("f.org_id", "=", operator.id)
    .where("f.id", "=", findingId)
    .where("f.certifier_org_id", "=", sql<string>`(select current_org_id())`)
    .executeTakeFirst();
  if (!row?.writes) throw notFound("Finding");
  return row;
}

/** Whether this body may write findings for the operator at all (a certification grant covering any house): not found otherwise. */
export async function requireFindingWriter(tx: Tx, slug: string, findingId?: string): Promise<Operator> {
  const operator = await requireGrantingOperator(tx, slug);
  if (findingId) await writableFinding(tx, operator, findingId);
  return operator;
}

/**
 * Raise a finding on an item of a submitted self-assessment of a covered house: severity,
 * summary and due date (empty: 30 days after the house's today; never before today). The
 * operator's owners and admins are told by email.
 */
export async function raiseFinding(tx: Tx, slug: string, assessmentId: string, input: unknown): Promise<{ id: string }> {
  const data = parseInput(RaiseFindingInput, input);
  const operator = await requireGrantingOperator(tx, slug);
  const { rows } = await sql<{ house_id: string | null; status: string; today: string | null; writes: boolean; has_item: boolean }>`
    select a.house_id, a.status, ${houseToday("h")}::text as today,
      coalesce(certifier_grant_covers(a.org_id, a.house_id, 'certification'), false) as writes,
      exists (select 1 from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id and i.id = ${data.itemId}::uuid) as has_item
    from assessment a left join house h on h.org_id = a.org_id and h.id = a.house_id
    where a.org_id = ${operator.id}::uuid and a.id = ${assessmentId}::uuid`.execute(tx);
  const a = rows[0];
  if (!a || !a.house_id || !a.writes) throw notFound("Self-assessment");
  if (a.status !== "submitted") throw new DomainError("conflict", "Findings are raised on a submitted self-assessment.");
  if (!a.has_item) throw new DomainError("invalid", "Choose an item of this self-assessment.", { field: "itemId" });
  const today = a.today!;
  const dueOn = data.dueOn ?? addDays(today, FINDING_DUE_DAYS);
  if (dueOn < today) throw new DomainError("invalid", `The due date can't be before today (${formatDay(today)} at the house).`, { field: "dueOn" });
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("finding")
      .values({
        id, org_id: operator.id, house_id: a.house_id, certifier_org_id: sql<string>`current_org_id()`, assessment_id: assessmentId, item_id: data.itemId,
        severity: data.severity, summary: data.summary, due_on: dueOn, note: null,
      })
      .execute(),
  );
  await certifierAudit(tx, operator.id, "finding.raised", id, { houseId: a.house_id, itemId: data.itemId, severity: data.severity, dueOn });
  const view = (await readFinding(tx, sql<string>`${operator.id}::uuid`, id))!;
  await notifyOperator(tx, noticeOf(operator, view), "raised");
  return { id };
}

/** Change severity, summary or due date of a finding not yet accepted (a due date already passed may stay; a new one not before today). */
export async function editFinding(tx: Tx, slug: string, findingId: string, input: unknown): Promise<void> {
  const data = parseInput(EditFindingInput, input);
  const operator = await requireGrantingOperator(tx, slug);
  const cur = await writableFinding(tx, operator, findingId);
  if (cur.status === "accepted") throw new DomainError("conflict", "This finding was accepted and is closed; it can't change.");
  if (data.dueOn !== cur.dueOn && data.dueOn < cur.today) {
    throw new DomainError("invalid", `The due date can't be before today (${formatDay(cur.today)} at the house).`, { field: "dueOn" });
  }
  await guardDb(
    tx
      .updateTable("finding")
      .set({ severity: data.severity, summary: data.summary, due_on: data.dueOn, note: data.note })
      .where("org_id", "=", operator.id)
      .where("id", "=", findingId)
      .executeTakeFirstOrThrow(),
  );
  await certifierAudit(tx, operator.id, "finding.updated", findingId, { houseId: cur.houseId, severity: data.severity, dueOn: data.dueOn });
}

/** Accept a responded finding (closing it) or reopen it with a note saying what is missing; the operator is told by email. */
export async function decideFinding(tx: Tx, slug: string, findingId: string, input: unknown): Promise<"accepted" | "reopened"> {
  const data = parseInput(DecideFindingInput, input);
  if (data.decision === "reopen" && !data.note) throw new DomainError("invalid", "Say what the plan still needs, so the operator can answer.", { field: "note" });
  const operator = await requireGrantingOperator(tx, slug);
  const cur = await writableFinding(tx, operator, findingId);
  if (cur.status !== "responded") {
    throw new DomainError("conflict", "Only a finding whose plan is waiting for review can be accepted or reopened.");
  }
  const status = data.decision === "accept" ? "accepted" : "reopened";
  const updated = await guardDb(
    tx
      .updateTable("finding")
      .set({ status, note: data.note })
      .where("org_id", "=", operator.id)
      .where("id", "=", findingId)
      .where("status", "=", "responded")
      .executeTakeFirst(),
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("conflict", "Only a finding whose plan is waiting for review can be accepted or reopened.");
  await certifierAudit(tx, operator.id, `finding.${status}`, findingId, { houseId: cur.houseId });
  const view = (await readFinding(tx, sql<string>`${operator.id}::uuid`, findingId))!;
  await notifyOperator(tx, noticeOf(operator, view), status);
  return status;
}

export type RaiseContext = {
  operator: Operator;
  assessmentId: string;
  houseId: string;
  houseName: string;
  standardLabel: string;
  today: string;
  items: { id: string; code: string; text: string }[];
};

/**
 * What the form that raises a finding needs: a submitted self-assessment of a house a
 * certification grant covers, its items and the house's today; not found otherwise. The
 * read is audited in both orgs (as a view of the self-assessment).
 */
export async function raiseContext(tx: Tx, slug: string, assessmentId: string): Promise<RaiseContext> {
  const operator = await requireGrantingOperator(tx, slug);
  const { rows } = await sql<Omit<RaiseContext, "operator" | "assessmentId"> & { writes: boolean; status: string }>`
    select a.house_id as "houseId", h.name as "houseName", a.standard_label as "standardLabel", a.status, ${houseToday("h")}::text as today,
      certifier_grant_covers(a.org_id, a.house_id, 'certification') as writes,
      coalesce((select json_agg(json_build_object('id', i.id, 'code', i.code, 'text', i.text) order by i.position)
        from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id), '[]'::json) as items
    from assessment a join house h on h.org_id = a.org_id and h.id = a.house_id
    where a.org_id = ${operator.id}::uuid and a.id = ${assessmentId}::uuid`.execute(tx);
  const a = rows[0];
  if (!a || !a.writes || a.status !== "submitted") throw notFound("Self-assessment");
  await certifierAudit(tx, operator.id, "assessment.viewed", assessmentId, { houseId: a.houseId }, "assessment");
  return { operator, assessmentId, houseId: a.houseId, houseName: a.houseName, standardLabel: a.standardLabel, today: a.today, items: a.items };
}
