import { z } from "zod";
import type { OrgContext } from "#app/auth/guard.server";
import { isoDate, startOfDayInZone } from "#app/lib/dates";
import { plain } from "#app/lib/fields";
import { badRequest } from "#app/lib/http.server";
import { cursorParam } from "#app/lib/cursor.server";
import type { AuditFilter } from "#app/domain/audit/queries.server";

/** The audit log's filters, shared by the page and its CSV export (same URL query). */
const filterSchema = z
  .object({
    actor: z.union([z.literal(""), z.uuid()]).optional(),
    action: plain(z.string().trim().max(80).optional()),
    from: z.union([z.literal(""), isoDate]).optional(),
    to: z.union([z.literal(""), isoDate]).optional(),
    record: z.union([z.literal(""), z.uuid()]).optional(),
    cursor: cursorParam.optional(),
  })
  .strict();

export function auditFilterFrom(ctx: OrgContext, url: URL, limit: number): AuditFilter {
  const parsed = filterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) badRequest("Those filters aren't valid. Check the dates (YYYY-MM-DD) and try again.");
  const f = parsed.data;
  const tz = ctx.org.timeZone;
  return {
    actorId: f.actor || undefined,
    action: f.action || undefined,
    from: f.from ? startOfDayInZone(f.from, tz) : undefined,
    to: f.to ? new Date(startOfDayInZone(f.to, tz).getTime() + 24 * 60 * 60 * 1000) : undefined,
    recordId: f.record || undefined,
    cursor: f.cursor,
    limit,
  };
}
