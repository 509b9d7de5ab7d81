/**
 * Keyset pagination, one shape for every list: a page is the PAGE_SIZE rows after the
 * last row shown, and the cursor is that row's id only. The query looks the row's sort
 * key up (`(sort key, id) > (select …, id from … where id = :after)`), so no sort key —
 * a name, a time — ever travels in a URL, and pages stay fast and stable however deep
 * you go. Encoded as opaque base64url in the `cursor` query parameter; a cursor that
 * does not decode is bad input (400 with the list's filter message), never a 500
 * (`cursorParam` in cursor.server.ts: zod stays out of the pages' browser code).
 */
export const PAGE_SIZE = 50;

/** The query parameter that carries the cursor. */
export const CURSOR_PARAM = "cursor";

/** The last row shown: a uuid, or a positive integer for identity columns (the audit log). */
export type Cursor = { after: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ after: c.after })).toString("base64url");
}

/** Given up to limit+1 rows, the page and the cursor of the next page (null on the last). */
export function pageOf<T extends { id: string | number }>(rows: T[], limit: number = PAGE_SIZE): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor({ after: String(last.id) }) : null };
}
