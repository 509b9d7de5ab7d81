import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { formatDay } from "#app/lib/dates";
import type { Cursor } from "#app/lib/pagination";
import type { FindingFilter } from "./labels";
import { findingOverdueSql, listFindings, readFinding, type FindingRow, type FindingView } from "./findings.server";
import { notifyCertifier } from "./notices.server";
import { AnswerFindingInput, EvidenceLabelInput } from "./schemas";

/**
 * The operator's side of findings (ADR 053): owners and admins see every finding, a house's
 * managers their houses' (row-level security); they answer with a corrective action plan and
 * a target date (again after a reopen, or to revise it before the body decides) and attach
 * files. The certifying body's administrators are told by email. Audited in the operator's log.
 */

const ORG = sql<string>`(select current_org_id())`;

/** The operator's findings: open first, by house, then due date; a page. */
export async function operatorFindings(tx: Tx, opts: { filter: FindingFilter; houseId?: string | null; cursor?: Cursor | null }): Promise<{ items: FindingRow[]; next: string | null }> {
  return listFindings(tx, { orgId: ORG, certifierOnly: false, filter: opts.filter, houseId: opts.houseId, cursor: opts.cursor });
}

/** One finding with its evidence and history; not found when the caller may not see it. */
export async function operatorFinding(tx: Tx, findingId: string): Promise<FindingView> {
  const finding = await readFinding(tx, ORG, findingId);
  if (!finding) throw notFound("Finding");
  return finding;
}

/** A house's open and overdue findings, for its Standards tab (one statement). */
/** A house's open and overdue findings as one JSON value (`{ open, overdue }`), to read beside other things in one statement. */
export const houseFindingCountsJson = (houseId: string) => sql<{ open: number; overdue: number }>`(
    select json_build_object('open', count(*) filter (where f.status <> 'accepted'), 'overdue', count(*) filter (where ${findingOverdueSql()}))
    from finding f join house h on h.org_id = f.org_id and h.id = f.house_id
    where f.org_id = (select current_org_id()) and f.house_id = ${houseId}::uuid)`;

export async function houseFindingCounts(tx: Tx, houseId: string): Promise<{ open: number; overdue: number }> {
  const { rows } = await sql<{ c: { open: number; overdue: number } }>`select ${houseFindingCountsJson(houseId)} as c`.execute(tx);
  return rows[0]!.c;
}

/** What answering needs: the finding (visible to the caller), its house and the house's today. */
export async function answerableFinding(tx: Tx, findingId: string): Promise<{ id: string; houseId: string; status: string; today: string }> {
  const row = await tx
    .selectFrom("finding as f")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "f.org_id").onRef("h.id", "=", "f.house_id"))
    .select(["f.id", "f.house_id as houseId", "f.status", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("f.org_id", "=", ORG)
    .where("f.id", "=", findingId)
    .executeTakeFirst();
  if (!row) throw notFound("Finding");
  return row;
}

/**
 * Answer a finding with a corrective action plan and a target date (not before the house's
 * today): open or reopened → responded; a responded one may be revised until the body decides.
 */
export async function answerFinding(tx: Tx, findingId: string, input: unknown): Promise<{ houseId: string }> {
  const data = parseInput(AnswerFindingInput, input);
  const cur = await answerableFinding(tx, findingId);
  if (cur.status === "accepted") throw new DomainError("conflict", "This finding was accepted and is closed.");
  if (data.planDueOn < cur.today) {
    throw new DomainError("invalid", `The target date can't be before today (${formatDay(cur.today)} at the house).`, { field: "planDueOn" });
  }
  const updated = await guardDb(
    tx
      .updateTable("finding")
      .set({ status: "responded", plan: data.plan, plan_due_on: data.planDueOn, note: null })
      .where("org_id", "=", ORG)
      .where("id", "=", findingId)
      .where("status", "<>", "accepted")
      .executeTakeFirst(),
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("conflict", "This finding was accepted and is closed.");
  await audit(tx, "finding.answered", { type: "finding", id: findingId }, { houseId: cur.houseId, planDueOn: data.planDueOn });
  const view = (await readFinding(tx, ORG, findingId))!;
  await notifyCertifier(tx, {
    id: view.id, orgId: view.orgId, operatorSlug: (await orgSlug(tx)), operatorName: view.operatorName, certifierSlug: view.certifierSlug,
    certifierName: view.certifierName, houseName: view.houseName, severity: view.severity, dueOn: view.dueOn,
  });
  return { houseId: cur.houseId };
}

async function orgSlug(tx: Tx): Promise<string> {
  const row = await tx.selectFrom("org").select("slug").where("id", "=", ORG).executeTakeFirstOrThrow();
  return row.slug;
}

/** Attach an uploaded file (recorded with `recordFile`) to a finding not yet accepted. */
export async function addFindingEvidence(tx: Tx, findingId: string, input: { fileId: string; label: unknown }): Promise<void> {
  const { label } = parseInput(EvidenceLabelInput, { label: input.label });
  const id = crypto.randomUUID();
  await guardDb(tx.insertInto("finding_evidence").values({ id, org_id: ORG, finding_id: findingId, file_id: input.fileId, label }).execute());
  await audit(tx, "finding.evidence_added", { type: "finding", id: findingId }, { fileId: input.fileId, evidenceId: id });
}
