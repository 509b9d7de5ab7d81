import { stringify } from "csv-stringify/sync";

/**
 * A CSV download that opens in spreadsheets (ADR 011): csv-stringify with a UTF-8 byte
 * order mark and formula escaping (a cell starting with = + - @ cannot run), as the audit
 * export writes it.
 */
export function csvResponse(rows: (string | number | null)[][], columns: string[], filename: string, opts: { escapeFormulas?: boolean } = {}): Response {
  const csv = stringify(rows, { header: true, columns, escape_formulas: opts.escapeFormulas ?? true, bom: true });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** One text cell made safe for a spreadsheet, as csv-stringify's escape_formulas does: a leading = + - @ tab or return is quoted with '. */
export const safeCell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
