import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, notFound } from "#app/domain/errors.server";
import type { CalendarDate } from "#app/lib/dates";
import { monthDayIn } from "#app/lib/dates";
import { ENTRY_COLUMNS, ledgerRows, type LedgerRow } from "./ledger-rows.server";
import { residentPlan } from "./plans.server";

/**
 * Monthly statements and ledger exports (ADR 033). A statement is a resident's calendar
 * month in their house's days (entries carry the house's date): the opening balance,
 * every entry of the month, the closing balance and the payment plan's status, in four
 * statements whatever the history. The balances are summed in SQL, separately, so
 * opening + entries = closing is a check, not a tautology.
 */

/** A month, "2026-11", or null when the text is not one. */
export function parseMonth(text: string | undefined): { first: CalendarDate; next: CalendarDate; last: CalendarDate } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text ?? "");
  if (!m || Number(m[1]) < 1900 || Number(m[1]) > 2199) return null;
  const first = `${m[1]}-${m[2]}-01`;
  return { first, next: monthDayIn(first, 1, 1), last: monthDayIn(first, 0, 31) };
}

/** The most entries a statement lists (a month of daily charges is ~31). */
export const STATEMENT_LIMIT = 500;

/** An entry as a statement and the export list it. */
export type StatementEntry = Omit<LedgerRow, "reversesId" | "corrected" | "houseId">;

export async function monthlyStatement(tx: Tx, residentId: string, monthText: string, opts: { self?: boolean } = {}) {
  const month = parseMonth(monthText);
  if (!month) throw new DomainError("not_found", "Statement not found.");
  const head = await tx
    .selectFrom("resident as r")
    .innerJoin("org as o", "o.id", "r.org_id")
    .select([
      "r.id",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"),
      "o.name as orgName",
      "o.currency",
      sql<string | null>`(select h.name from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = r.org_id and s.resident_id = r.id order by lower(s.during) desc limit 1)`.as("houseName"),
      sql<string>`coalesce((select house_local_today(s.house_id) from stay s where s.org_id = r.org_id and s.resident_id = r.id
        order by lower(s.during) desc limit 1), current_date)::text`.as("today"),
      sql<number>`coalesce((select sum(e.amount_cents) from ledger_entry e where e.org_id = r.org_id and e.resident_id = r.id and e.effective_on < ${month.first}::date), 0)::bigint`.as("openingCents"),
      sql<number>`coalesce((select sum(e.amount_cents) from ledger_entry e where e.org_id = r.org_id and e.resident_id = r.id and e.effective_on < ${month.next}::date), 0)::bigint`.as("closingCents"),
    ])
    .where("r.id", "=", residentId)
    .executeTakeFirst();
  if (!head) throw notFound("Resident");
  const rows = await ledgerRows(tx, residentId, { from: month.first, before: month.next, limit: STATEMENT_LIMIT });
  const asOf = head.today < month.last ? head.today : month.last;
  const { plan } = await residentPlan(tx, residentId, asOf);
  if (!opts.self) await audit(tx, "statement.viewed", { type: "resident", id: residentId }, { residentId, month: monthText });
  return {
    month: monthText,
    first: month.first,
    last: month.last,
    resident: { id: head.id, name: head.name },
    orgName: head.orgName,
    houseName: head.houseName,
    currency: head.currency,
    openingCents: Number(head.openingCents),
    closingCents: Number(head.closingCents),
    entries: rows.slice(0, STATEMENT_LIMIT),
    truncated: rows.length > STATEMENT_LIMIT,
    plan: plan && plan.startsOn <= month.last ? plan : null,
    today: head.today,
  };
}
export type MonthlyStatement = Awaited<ReturnType<typeof monthlyStatement>>;

/** The most rows one ledger export holds; the file says so when there are more. */
export const LEDGER_EXPORT_LIMIT = 20000;

export type LedgerExportRow = StatementEntry & { residentName: string; balanceCents: number; reference: string | null };

/**
 * A house's or a resident's ledger for export, oldest first, with each resident's running
 * balance (summed in SQL, in the order listed). A house's export holds the entries booked
 * to that house (and the running balance of those). Audited as an export of resident data.
 */
export async function ledgerExport(tx: Tx, scope: { houseId: string } | { residentId: string }) {
  let q = tx
    .selectFrom("ledger_entry as e")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "e.org_id").onRef("r.id", "=", "e.resident_id"))
    .select([
      ...ENTRY_COLUMNS,
      "e.reference",
      "e.resident_id as residentId",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("residentName"),
      sql<number>`sum(e.amount_cents) over (partition by e.resident_id order by e.effective_on, e.created_at, e.id)::bigint`.as("balanceCents"),
    ]);
  q = "houseId" in scope ? q.where("e.house_id", "=", scope.houseId) : q.where("e.resident_id", "=", scope.residentId);
  const rows = await q.orderBy("e.effective_on").orderBy("e.created_at").orderBy("e.id").limit(LEDGER_EXPORT_LIMIT + 1).execute();
  const items = rows.slice(0, LEDGER_EXPORT_LIMIT).map((r) => ({ ...r, amountCents: Number(r.amountCents), balanceCents: Number(r.balanceCents) }));
  const residentIds = [...new Set(items.map((r) => r.residentId))];
  await audit(tx, "ledger.exported", "houseId" in scope ? { type: "house", id: scope.houseId } : { type: "resident", id: scope.residentId }, { residentIds, rows: items.length });
  return { items, more: rows.length > LEDGER_EXPORT_LIMIT };
}

/** The signed-in resident's own statement (not audited: their own record), or not_found when not linked. */
export async function myStatement(tx: Tx, monthText: string) {
  const me = (await sql<{ id: string | null }>`select current_resident_id() as id`.execute(tx)).rows[0]?.id;
  if (!me) throw new DomainError("not_found", "Statement not found.");
  return monthlyStatement(tx, me, monthText, { self: true });
}
