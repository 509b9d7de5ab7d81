import { z } from "zod";
import { APPLICATION_STATUSES } from "#app/domain/admissions/labels";
import { cursorParam } from "#app/lib/cursor.server";

/** The list's filters in the URL: checked on the server only. */
export const filterSchema = z
  .object({
    view: z.enum(["all", "waitlist"]).optional(),
    status: z.union([z.literal(""), z.enum(APPLICATION_STATUSES)]).optional(),
    house: z.union([z.literal(""), z.uuid()]).optional(),
    cursor: cursorParam.optional(),
  })
  .strict();
