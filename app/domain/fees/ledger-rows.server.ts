import { sql } from "kysely";
import type { LedgerEntryKind, PaymentMethod, PaymentPayer } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import type { CalendarDate } from "#app/lib/dates";
import { PAGE_SIZE, type Cursor } from "#app/lib/pagination";

/**
 * The one query of a resident's ledger entries as they are listed (ADR 030, ADR 033): the
 * resident's "My dues" and a house's resident ledger page (newest first, a page at a time,
 * on the keyset of ledger_entry_resident_idx) and a monthly statement (a month, oldest
 * first, in the order the entries were booked). One statement either way; RLS decides what
 * the reader sees. The columns are shared with the ledger export (`ENTRY_COLUMNS`).
 */

export type LedgerRow = {
  id: string;
  kind: LedgerEntryKind;
  amountCents: number;
  effectiveOn: CalendarDate;
  memo: string | null;
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  receiptNumber: number | null;
  method: PaymentMethod | null;
  payer: PaymentPayer | null;
  reversesId: string | null;
  /** A later entry reverses or refunds this one. */
  corrected: boolean;
  houseId: string;
};

/** What every listing of entries reads of one (the ledger export adds its own columns). */
export const ENTRY_COLUMNS = [
  "e.id",
  "e.kind",
  "e.amount_cents as amountCents",
  sql<string>`e.effective_on::text`.as("effectiveOn"),
  "e.memo",
  sql<string | null>`e.period_start::text`.as("periodStart"),
  sql<string | null>`e.period_end::text`.as("periodEnd"),
  "e.receipt_number as receiptNumber",
  "e.method",
  "e.payer",
] as const;

/** Which entries: a page, newest first (after a cursor); or a month's, oldest first, at most `limit` + 1 (so the caller knows there are more). */
export type LedgerRange = { page: Cursor | null } | { from: CalendarDate; before: CalendarDate; limit: number };

export async function ledgerRows(tx: Tx, residentId: string, range: LedgerRange): Promise<LedgerRow[]> {
  let q = tx
    .selectFrom("ledger_entry as e")
    .select([
      ...ENTRY_COLUMNS,
      "e.reverses_id as reversesId",
      "e.house_id as houseId",
      sql<boolean>`exists (select 1 from ledger_entry c where c.org_id = e.org_id and (c.reverses_id = e.id or c.refund_of_id = e.id))`.as("corrected"),
    ])
    .where("e.resident_id", "=", residentId);
  if ("page" in range) {
    const c = range.page;
    if (c) q = q.where(sql<boolean>`(e.effective_on, e.id) < (select c.effective_on, c.id from ledger_entry c where c.id = ${c.after}::uuid)`);
    q = q.orderBy("e.effective_on", "desc").orderBy("e.id", "desc").limit(PAGE_SIZE + 1);
  } else {
    q = q.where("e.effective_on", ">=", range.from).where("e.effective_on", "<", range.before).orderBy("e.effective_on").orderBy("e.created_at").orderBy("e.id").limit(range.limit + 1);
  }
  const rows = await q.execute();
  return rows.map((e) => ({ ...e, amountCents: Number(e.amountCents) }));
}
