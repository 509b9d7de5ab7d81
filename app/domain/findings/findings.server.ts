import { sql, type RawBuilder } from "kysely";
import type { FindingSeverity, FindingStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { houseToday } from "#app/domain/dates.server";
import type { CalendarDate, } from "#app/lib/dates";
import { PAGE_SIZE, pageOf, type Cursor } from "#app/lib/pagination";
import type { FindingFilter } from "./labels";

/**
 * Findings and corrective action plans (issue 13, capability 7; ADR 053), what both sides
 * share: the overdue rule, a finding with its evidence and history in one statement, and the
 * list query. The rows live in the operator's org (migration 0051); row-level security
 * decides who sees what (certifier roles through certifier_grant_covers, the operator's
 * owners and admins, a house's managers), so these queries name only the org and the body.
 */

/**
 * Overdue: not accepted and due before the house's today — the one expression for every page
 * and dashboard (`f`: the finding's alias, `h`: its house's, joined on org_id and house_id).
 */
export const findingOverdueSql = (f = "f", h = "h"): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${f}.status`)} <> 'accepted' and ${sql.ref(`${f}.due_on`)} < ${houseToday(h)})`;

/** A list filter as a condition on `f` (finding) and `h` (its house). */
export function findingFilterSql(filter: FindingFilter, f = "f", h = "h"): RawBuilder<boolean> {
  if (filter === "open") return sql<boolean>`${sql.ref(`${f}.status`)} <> 'accepted'`;
  if (filter === "overdue") return findingOverdueSql(f, h);
  if (filter === "accepted") return sql<boolean>`${sql.ref(`${f}.status`)} = 'accepted'`;
  return sql<boolean>`true`;
}

export type FindingEventView = {
  id: string;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus;
  severity: FindingSeverity;
  dueOn: CalendarDate;
  plan: string | null;
  planDueOn: CalendarDate | null;
  note: string | null;
  actorName: string | null;
  actorOrgName: string | null;
  at: string;
};

export type FindingEvidenceView = { id: string; label: string; fileId: string; at: string };

export type FindingView = {
  id: string;
  orgId: string;
  operatorName: string;
  houseId: string;
  houseName: string;
  today: CalendarDate;
  certifierOrgId: string;
  certifierName: string;
  certifierSlug: string;
  assessmentId: string;
  itemId: string;
  itemCode: string;
  itemText: string;
  severity: FindingSeverity;
  summary: string;
  dueOn: CalendarDate;
  status: FindingStatus;
  plan: string | null;
  planDueOn: CalendarDate | null;
  overdue: boolean;
  createdAt: string;
  /** Whether the caller (a certifier role) may change it: a grant with the certification scope covers its house. */
  canDecide: boolean;
  evidence: FindingEvidenceView[];
  history: FindingEventView[];
};

/** One finding with its item, evidence and full history, in one statement (RLS decides whether it shows). */
export async function readFinding(tx: Tx, orgId: RawBuilder<string>, findingId: string, opts: { certifierOnly?: boolean } = {}): Promise<FindingView | null> {
  const { rows } = await sql<FindingView>`
    select f.id, f.org_id as "orgId", op.name as "operatorName", f.house_id as "houseId", h.name as "houseName", ${houseToday("h")}::text as today,
      f.certifier_org_id as "certifierOrgId", body.name as "certifierName", body.slug as "certifierSlug",
      f.assessment_id as "assessmentId", f.item_id as "itemId", i.code as "itemCode", i.text as "itemText",
      f.severity, f.summary, f.due_on::text as "dueOn", f.status, f.plan, f.plan_due_on::text as "planDueOn",
      ${findingOverdueSql()} as overdue, f.created_at as "createdAt",
      certifier_grant_covers(f.org_id, f.house_id, 'certification') and f.certifier_org_id = (select current_org_id()) as "canDecide",
      coalesce((select json_agg(json_build_object('id', e.id, 'label', e.label, 'fileId', e.file_id, 'at', e.created_at) order by e.created_at, e.id)
        from finding_evidence e where e.org_id = f.org_id and e.finding_id = f.id), '[]'::json) as evidence,
      coalesce((select json_agg(json_build_object('id', ev.id, 'fromStatus', ev.from_status, 'toStatus', ev.to_status, 'severity', ev.severity,
          'dueOn', ev.due_on, 'plan', ev.plan, 'planDueOn', ev.plan_due_on, 'note', ev.note, 'actorName', u.name, 'actorOrgName', ao.name, 'at', ev.created_at)
          order by ev.created_at desc, ev.id desc)
        from finding_event ev
        left join app_user u on u.id = ev.actor_user_id
        left join org ao on ao.id = ev.actor_org_id
        where ev.org_id = f.org_id and ev.finding_id = f.id), '[]'::json) as history
    from finding f
    join house h on h.org_id = f.org_id and h.id = f.house_id
    join org op on op.id = f.org_id
    join org body on body.id = f.certifier_org_id
    join assessment_item i on i.org_id = f.org_id and i.id = f.item_id
    where f.org_id = ${orgId} and f.id = ${findingId}::uuid
      ${opts.certifierOnly ? sql`and f.certifier_org_id = (select current_org_id())` : sql``}`.execute(tx);
  return rows[0] ?? null;
}

export type FindingRow = {
  id: string;
  houseId: string;
  houseName: string;
  certifierName: string;
  itemCode: string;
  severity: FindingSeverity;
  summary: string;
  dueOn: CalendarDate;
  status: FindingStatus;
  planDueOn: CalendarDate | null;
  overdue: boolean;
};

/**
 * A page of findings in one statement. The certifier's list (one operator, this body) is
 * ordered by due date; the operator's by open first, then house, then due date. Keyset: the
 * last row's id (ADR 034), its sort key looked up in the query.
 */
export async function listFindings(
  tx: Tx,
  where: { orgId: RawBuilder<string>; certifierOnly: boolean; filter: FindingFilter; houseId?: string | null; cursor?: Cursor | null },
  limit = PAGE_SIZE,
): Promise<{ items: FindingRow[]; next: string | null }> {
  const byHouse = !where.certifierOnly;
  const key = byHouse ? sql`(f.status = 'accepted', h.name, f.due_on, f.id)` : sql`(f.due_on, f.id)`;
  const after = where.cursor
    ? byHouse
      ? sql`and ${key} > (select c.status = 'accepted', ch.name, c.due_on, c.id from finding c join house ch on ch.org_id = c.org_id and ch.id = c.house_id
          where c.org_id = ${where.orgId} and c.id = ${where.cursor.after}::uuid)`
      : sql`and ${key} > (select c.due_on, c.id from finding c where c.org_id = ${where.orgId} and c.id = ${where.cursor.after}::uuid)`
    : sql``;
  const { rows } = await sql<FindingRow>`
    select f.id, f.house_id as "houseId", h.name as "houseName", body.name as "certifierName", i.code as "itemCode",
      f.severity, f.summary, f.due_on::text as "dueOn", f.status, f.plan_due_on::text as "planDueOn", ${findingOverdueSql()} as overdue
    from finding f
    join house h on h.org_id = f.org_id and h.id = f.house_id
    join org body on body.id = f.certifier_org_id
    join assessment_item i on i.org_id = f.org_id and i.id = f.item_id
    where f.org_id = ${where.orgId} and ${findingFilterSql(where.filter)}
      ${where.certifierOnly ? sql`and f.certifier_org_id = (select current_org_id())` : sql``}
      ${where.houseId ? sql`and f.house_id = ${where.houseId}::uuid` : sql``}
      ${after}
    order by ${byHouse ? sql`f.status = 'accepted', h.name, f.due_on, f.id` : sql`f.due_on, f.id`}
    limit ${limit + 1}`.execute(tx);
  return pageOf(rows, limit);
}
