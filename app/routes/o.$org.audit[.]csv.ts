import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { actionLabel, actorName, describeEvent, plainText } from "#app/domain/audit/describe";
import { listAuditEvents, resolveSubjects } from "#app/domain/audit/queries.server";
import { formatInZone } from "#app/lib/dates";
import { auditFilterFrom } from "./o.$org.audit.helpers.server";

/** One download holds at most this many events; narrow the dates for more. */
export const EXPORT_LIMIT = 5000;

/**
 * The audit log as CSV, with the page's filters: an access report (who did what to which
 * record, when, from where) for an owner, an administrator or a certifier. Written by
 * csv-stringify (ADR 011) with formula escaping, so a cell starting with = + - @ cannot run
 * in a spreadsheet. The export is itself audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audit:read");
  const filter = auditFilterFrom(ctx, new URL(request.url), EXPORT_LIMIT);
  const tz = ctx.org.timeZone;
  const { items, subjects, more } = await withTenant(ctx.tenant, async (tx) => {
    const page = await listAuditEvents(tx, { ...filter, cursor: undefined });
    const subjects = await resolveSubjects(tx, page.items);
    await audit(tx, "audit.exported", null, { rows: page.items.length, filtered: Boolean(filter.actorId || filter.action || filter.from || filter.to || filter.recordId) });
    return { items: page.items, subjects, more: Boolean(page.next) };
  });
  const rows = items.map((e) => {
    const actor = actorName(e);
    return [
      formatInZone(e.created_at, tz),
      e.created_at.toISOString(),
      actor,
      `${actor} ${plainText(describeEvent(e, subjects))}`,
      actionLabel(e.action),
      e.action,
      e.entity_type ?? "",
      e.entity_id ?? "",
      e.ip ?? "",
      e.request_id ?? "",
    ];
  });
  if (more) rows.push([`Only the newest ${EXPORT_LIMIT} events are included: choose a shorter date range for the rest.`]);
  const csv = stringify(rows, {
    header: true,
    columns: [`Time (${tz})`, "Time (UTC)", "Person", "What happened", "Event", "Event code", "Record type", "Record id", "IP address", "Request id"],
    escape_formulas: true,
    bom: true,
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${ctx.org.slug}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
