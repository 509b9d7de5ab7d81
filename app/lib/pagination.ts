import { z } from "zod";

/**
 * Keyset pagination: the cursor is the sort key of the last row shown (a timestamp and
 * an id), so pages stay fast and stable however deep you go. Encoded as opaque base64url.
 */
export type Cursor = { at: string; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");
}

export const cursorParam = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    try {
      const [at, id] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown[];
      if (typeof at !== "string" || Number.isNaN(Date.parse(at)) || typeof id !== "string" || !/^[\w-]{1,64}$/.test(id)) throw new Error();
      return { at, id } satisfies Cursor;
    } catch {
      ctx.addIssue({ code: "custom", message: "Invalid page cursor." });
      return z.NEVER;
    }
  });

export const PAGE_SIZE = 50;

/** Given limit+1 rows, the page and the cursor of the next page (if any). */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => Cursor): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
