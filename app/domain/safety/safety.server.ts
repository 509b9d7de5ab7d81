import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { ComplianceDocumentKind, SafetyCheckKind, SafetyCheckResult } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { addDays, type CalendarDate } from "#app/lib/dates";
import type { Cursor } from "#app/lib/pagination";
import { pageOf } from "#app/lib/pagination";
import { DUE_SOON_DAYS, EXPIRES_SOON_DAYS } from "./labels";
import { CheckInput, ComplianceInput, LogInput } from "./schemas";

/**
 * A house's safety and compliance log (issue 13, capability 3; ADR 044): recurring checks
 * with an interval, each due `interval_days` after it was last done (or on its first due
 * day), overdue the day after; checks done (who, when, result, notes, naloxone's expiry,
 * a photo); compliance documents with an expiry and their file. Row-level security scopes
 * everything to the houses the caller may see; writes are for owners, admins and the
 * house's managers. Every change is audited.
 */

export type CheckState = "overdue" | "due_soon" | "ok";
export type ExpiryState = "expired" | "expires_soon" | "ok" | "none";

export type SafetyCheck = {
  id: string;
  kind: SafetyCheckKind;
  name: string;
  intervalDays: number;
  dueOn: CalendarDate;
  lastDoneOn: CalendarDate | null;
  lastResult: SafetyCheckResult | null;
  /** Naloxone: the expiry date recorded at the last check. */
  lastExpiresOn: CalendarDate | null;
  state: CheckState;
  expiry: ExpiryState;
};

export type SafetyLogEntry = {
  id: string;
  checkId: string;
  checkName: string;
  doneOn: CalendarDate;
  result: SafetyCheckResult;
  notes: string | null;
  expiresOn: CalendarDate | null;
  photoFileId: string | null;
  loggedBy: string | null;
};

export type ComplianceDocument = {
  id: string;
  kind: ComplianceDocumentKind;
  title: string;
  expiresOn: CalendarDate | null;
  fileId: string;
  fileName: string;
  expiry: ExpiryState;
};

export type SafetyHouse = { id: string; name: string; timeZone: string; today: CalendarDate };

/** The house (RLS decides whether the caller sees it) and its local today; 404 otherwise. */
export async function getSafetyHouse(tx: Tx, houseId: string): Promise<SafetyHouse> {
  const row = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.name", "h.time_zone as timeZone", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("h.id", "=", houseId)
    .executeTakeFirst();
  if (!row) throw notFound("House");
  return row;
}

export function expiryState(expiresOn: CalendarDate | null, today: CalendarDate): ExpiryState {
  if (!expiresOn) return "none";
  if (expiresOn < today) return "expired";
  if (expiresOn <= addDays(today, EXPIRES_SOON_DAYS)) return "expires_soon";
  return "ok";
}

export function checkState(dueOn: CalendarDate, today: CalendarDate): CheckState {
  if (dueOn < today) return "overdue";
  if (dueOn <= addDays(today, DUE_SOON_DAYS)) return "due_soon";
  return "ok";
}

/** The house's active checks, soonest due first, with their state on the house's today. One statement. */
export async function listChecks(tx: Tx, houseId: string, today: CalendarDate): Promise<SafetyCheck[]> {
  const { rows } = await sql<Omit<SafetyCheck, "state" | "expiry">>`
    select c.id, c.kind, c.name, c.interval_days as "intervalDays",
      coalesce(l.done_on + c.interval_days, c.first_due_on)::text as "dueOn",
      l.done_on::text as "lastDoneOn", l.result as "lastResult", l.expires_on::text as "lastExpiresOn"
    from safety_check c
    left join lateral (
      select x.done_on, x.result, x.expires_on from safety_check_log x
      where x.org_id = c.org_id and x.check_id = c.id
      order by x.done_on desc, x.created_at desc limit 1
    ) l on true
    where c.org_id = (select current_org_id()) and c.house_id = ${houseId} and c.archived_at is null
    order by 5, c.name, c.id`.execute(tx);
  return rows.map((r) => ({ ...r, state: checkState(r.dueOn, today), expiry: r.kind === "naloxone" ? expiryState(r.lastExpiresOn, today) : "none" }));
}

export const LOG_PAGE_SIZE = 20;

/** The house's checks done, newest first, keyset-paged. One statement. */
export async function listLogEntries(tx: Tx, houseId: string, cursor: Cursor | null, limit = LOG_PAGE_SIZE) {
  let q = tx
    .selectFrom("safety_check_log as l")
    .innerJoin("safety_check as c", (j) => j.onRef("c.org_id", "=", "l.org_id").onRef("c.id", "=", "l.check_id"))
    .leftJoin("app_user as u", "u.id", "l.logged_by")
    .select([
      "l.id",
      "l.check_id as checkId",
      "c.name as checkName",
      sql<string>`l.done_on::text`.as("doneOn"),
      "l.result",
      "l.notes",
      sql<string | null>`l.expires_on::text`.as("expiresOn"),
      "l.photo_file_id as photoFileId",
      "u.name as loggedBy",
    ])
    .where("l.house_id", "=", houseId);
  if (cursor) {
    q = q.where(sql<boolean>`(l.done_on, l.created_at, l.id) < (select p.done_on, p.created_at, p.id from safety_check_log p where p.id = ${cursor.after}::uuid)`);
  }
  const rows: SafetyLogEntry[] = await q.orderBy("l.done_on", "desc").orderBy("l.created_at", "desc").orderBy("l.id", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit);
}

/** The house's current compliance documents, soonest expiry first. One statement. */
export async function listComplianceDocuments(tx: Tx, houseId: string, today: CalendarDate): Promise<ComplianceDocument[]> {
  const rows = await tx
    .selectFrom("compliance_document as d")
    .innerJoin("file as f", (j) => j.onRef("f.org_id", "=", "d.org_id").onRef("f.id", "=", "d.file_id"))
    .select(["d.id", "d.kind", "d.title", sql<string | null>`d.expires_on::text`.as("expiresOn"), "d.file_id as fileId", "f.original_name as fileName"])
    .where("d.house_id", "=", houseId)
    .where("d.archived_at", "is", null)
    .orderBy(sql`d.expires_on nulls last`)
    .orderBy("d.title")
    .execute();
  return rows.map((r) => ({ ...r, expiry: expiryState(r.expiresOn, today) }));
}

/** Add a recurring check to a house's list. */
export async function addCheck(tx: Tx, raw: CheckInput): Promise<string> {
  const v = parseInput(CheckInput, raw);
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("safety_check")
      .values({ id, org_id: sql<string>`current_org_id()`, house_id: v.houseId, kind: v.kind, name: v.name, interval_days: v.intervalDays, first_due_on: v.firstDueOn })
      .execute(),
  );
  await audit(tx, "safety_check.added", { type: "safety_check", id }, { houseId: v.houseId, kind: v.kind, intervalDays: v.intervalDays });
  return id;
}

/** Take a check off the house's list (its log stays). */
export async function archiveCheck(tx: Tx, houseId: string, checkId: string): Promise<void> {
  const r = await tx
    .updateTable("safety_check")
    .set({ archived_at: sql<Date>`now()` })
    .where("id", "=", checkId)
    .where("house_id", "=", houseId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!r.numUpdatedRows) throw notFound("Check");
  await audit(tx, "safety_check.archived", { type: "safety_check", id: checkId }, { houseId });
}

/** Log a check done: not in the future (house's today), naloxone with its expiry date; an optional photo already recorded with recordFile. */
export async function logCheck(tx: Tx, raw: LogInput, photoFileId: string | null = null): Promise<string> {
  const v = parseInput(LogInput, raw);
  const check = await tx
    .selectFrom("safety_check as c")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "c.org_id").onRef("h.id", "=", "c.house_id"))
    .select(["c.kind", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("c.id", "=", v.checkId)
    .where("c.house_id", "=", v.houseId)
    .where("c.archived_at", "is", null)
    .executeTakeFirst();
  if (!check) throw new DomainError("not_found", "That check is not on this house's list.", { field: "checkId" });
  if (v.doneOn > check.today) throw new DomainError("invalid", "The day can't be in the future.", { field: "doneOn" });
  if (check.kind === "naloxone" && !v.expiresOn) throw new DomainError("invalid", "Enter the expiry date printed on the naloxone.", { field: "expiresOn" });
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("safety_check_log")
      .values({
        id,
        org_id: sql<string>`current_org_id()`,
        house_id: v.houseId,
        check_id: v.checkId,
        done_on: v.doneOn,
        result: v.result,
        notes: v.notes,
        expires_on: v.expiresOn,
        photo_file_id: photoFileId,
      })
      .execute(),
  );
  await audit(tx, "safety_check.logged", { type: "safety_check", id: v.checkId }, { houseId: v.houseId, logId: id, doneOn: v.doneOn, result: v.result, photo: Boolean(photoFileId) });
  return id;
}

/** Add a compliance document with its file (recorded with recordFile in the same transaction). */
export async function addComplianceDocument(tx: Tx, raw: ComplianceInput, fileId: string): Promise<string> {
  const v = parseInput(ComplianceInput, raw);
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("compliance_document")
      .values({ id, org_id: sql<string>`current_org_id()`, house_id: v.houseId, kind: v.kind, title: v.title, expires_on: v.expiresOn, file_id: fileId })
      .execute(),
  );
  await audit(tx, "compliance_document.added", { type: "compliance_document", id }, { houseId: v.houseId, kind: v.kind, expiresOn: v.expiresOn, fileId });
  return id;
}

/** Take a document off the house's current list (replaced, or no longer needed); its file stays. */
export async function archiveComplianceDocument(tx: Tx, houseId: string, documentId: string): Promise<void> {
  const r = await tx
    .updateTable("compliance_document")
    .set({ archived_at: sql<Date>`now()` })
    .where("id", "=", documentId)
    .where("house_id", "=", houseId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!r.numUpdatedRows) throw notFound("Document");
  await audit(tx, "compliance_document.archived", { type: "compliance_document", id: documentId }, { houseId });
}

export type CheckOnTime = {
  checkId: string;
  kind: SafetyCheckKind;
  name: string;
  intervalDays: number;
  /** Checks done since `since`. */
  logged: number;
  /** Times a check came later than its interval allowed (or never came) within the window. */
  late: number;
  overdueNow: boolean;
  lastDoneOn: CalendarDate | null;
};

export type SafetyOnTimeSummary = {
  houseId: string;
  since: CalendarDate;
  today: CalendarDate;
  checks: CheckOnTime[];
  /** Every active check was done within its interval throughout the window and none is overdue now. */
  onTime: boolean;
  /** Share of checks with no late occurrence, 0–1 (1 when the house has no checks: nothing to be late). */
  rate: number;
};

/**
 * For the standards module's automatic evidence ("safety checks logged on time"): per active
 * check of the house, how many were logged since `since` and how many gaps exceeded the
 * interval — between `since` (or the first due day, whichever is later) and the first check,
 * between consecutive checks, and from the last check to today. One statement; RLS decides
 * whether the caller sees the house (404 otherwise).
 */
export async function safetyChecksOnTime(tx: Tx, houseId: string, since: CalendarDate): Promise<SafetyOnTimeSummary> {
  const { rows } = await sql<{ today: string; checks: CheckOnTime[] | null }>`
    with h as (
      select h.org_id, h.id, ${houseToday("h")} as today from house h
      where h.org_id = (select current_org_id()) and h.id = ${houseId}
    ),
    c as (
      select c.id, c.kind, c.name, c.interval_days, greatest(c.first_due_on, ${since}::date) as start_on, h.today
      from safety_check c join h on h.org_id = c.org_id and h.id = c.house_id
      where c.archived_at is null
    ),
    done as (
      select c.id, l.done_on, lag(l.done_on) over (partition by c.id order by l.done_on) as prev_on
      from c join safety_check_log l on l.org_id = (select current_org_id()) and l.check_id = c.id and l.done_on >= ${since}::date
    ),
    per as (
      select c.id, c.kind, c.name, c.interval_days, c.today,
        count(d.done_on)::int as logged,
        max(d.done_on) as last_on,
        min(d.done_on) as first_on,
        count(*) filter (where d.prev_on is not null and d.done_on - d.prev_on > c.interval_days)::int as late_gaps,
        c.start_on
      from c left join done d on d.id = c.id
      group by c.id, c.kind, c.name, c.interval_days, c.today, c.start_on
    )
    select (select today::text from h) as today,
      (select json_agg(json_build_object(
        'checkId', p.id, 'kind', p.kind, 'name', p.name, 'intervalDays', p.interval_days, 'logged', p.logged,
        'late', p.late_gaps
          + (case when p.first_on is null then (case when p.today - p.start_on > p.interval_days then 1 else 0 end)
                  when p.first_on - p.start_on > p.interval_days then 1 else 0 end)
          + (case when p.last_on is not null and p.today - p.last_on > p.interval_days then 1 else 0 end),
        'overdueNow', coalesce(p.last_on + p.interval_days, p.start_on) < p.today,
        'lastDoneOn', p.last_on::text) order by p.name, p.id)
       from per p) as checks`.execute(tx);
  const row = rows[0];
  if (!row?.today) throw notFound("House");
  const checks = row.checks ?? [];
  const onTimeCount = checks.filter((c) => c.late === 0 && !c.overdueNow).length;
  return { houseId, since, today: row.today, checks, onTime: onTimeCount === checks.length, rate: checks.length ? onTimeCount / checks.length : 1 };
}
