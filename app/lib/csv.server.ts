import { stringify } from "csv-stringify/sync";

/**
 * A CSV download that opens in spreadsheets (ADR 011): csv-stringify with a UTF-8 byte
 * order mark and formula escaping (a cell starting with = + - @ cannot run), as the audit
 * export writes it.
 */
export function csvResponse(rows: (string | number | null)[][], columns: string[], filename: string): Response {
  const csv = stringify(rows, { header: true, columns, escape_formulas: true, bom: true });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
