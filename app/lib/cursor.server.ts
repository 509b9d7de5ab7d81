import { z } from "zod";
import type { Cursor } from "./pagination";

/** A row id a cursor may carry: a uuid, or a positive integer for identity columns. */
const ROW_ID = z.union([z.uuid(), z.string().regex(/^[1-9][0-9]{0,18}$/)]);

/** Decode and validate a `cursor` query parameter (use in the list's zod filter schema). */
export const cursorParam = z
  .string()
  .max(200)
  .transform((s, ctx): Cursor => {
    try {
      const value = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as { after?: unknown };
      const after = ROW_ID.parse(value?.after);
      return { after };
    } catch {
      ctx.addIssue({ code: "custom", message: "Invalid page cursor." });
      return z.NEVER;
    }
  });
