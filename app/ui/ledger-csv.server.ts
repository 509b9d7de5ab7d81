import { centsToInput } from "#app/domain/fees/money";
import { ENTRY_KIND_LABELS, PAYMENT_METHOD_LABELS, PAYMENT_PAYER_LABELS } from "#app/domain/fees/schemas";
import type { LedgerExportRow } from "#app/domain/fees/statements.server";
import { csvResponse, safeCell } from "#app/lib/csv.server";

/** A ledger export as CSV (ADR 033): amounts as text with two decimals from integer cents, never a float; text cells formula-escaped. */
export const LEDGER_CSV_COLUMNS = ["Date", "Resident", "Kind", "Description", "Amount", "Running balance", "Receipt number", "Method", "Payer", "Reference"];

export function ledgerCsv(items: (Omit<LedgerExportRow, "residentName"> & { residentName: string })[], more: boolean, filename: string): Response {
  const rows: (string | number | null)[][] = items.map((e) => [
    e.effectiveOn,
    safeCell(e.residentName),
    ENTRY_KIND_LABELS[e.kind],
    safeCell(e.memo ?? (e.periodStart && e.periodEnd ? `${e.periodStart} to ${e.periodEnd}` : "")),
    centsToInput(e.amountCents),
    centsToInput(e.balanceCents),
    e.receiptNumber ?? "",
    e.method ? PAYMENT_METHOD_LABELS[e.method] : "",
    e.payer ? PAYMENT_PAYER_LABELS[e.payer] : "",
    safeCell(e.reference ?? ""),
  ]);
  if (more) rows.push(["Only the oldest entries are included: ask for a resident's ledger for the rest."]);
  // Text cells are escaped one by one above; amounts stay numbers a spreadsheet can add ("-40.00").
  return csvResponse(rows, LEDGER_CSV_COLUMNS, filename, { escapeFormulas: false });
}
