import { z } from "zod";
import { RESIDENT_FILTERS, RESIDENT_SORTS } from "#app/domain/residents/directory";
import { cursorParam } from "#app/lib/cursor.server";
import { plain } from "#app/lib/fields";

/** The directory's browse (GET) and name search (POST) parameters: checked on the server only. */
export const browseSchema = z.strictObject({
  status: z.enum(RESIDENT_FILTERS).default("current"),
  house: z.uuid().optional(),
  sort: z.enum(RESIDENT_SORTS).default("name"),
  cursor: cursorParam.optional(),
  added: z.literal("1").optional(),
});
export const searchSchema = z.strictObject({
  intent: z.literal("search"),
  status: z.enum(RESIDENT_FILTERS).default("current"),
  house: z.union([z.literal(""), z.uuid()]).default(""),
  sort: z.enum(RESIDENT_SORTS).default("name"),
  q: plain(z.string().trim().max(80, "Use at most 80 characters.").default("")),
  cursor: z.union([z.literal(""), cursorParam]).optional(),
});
