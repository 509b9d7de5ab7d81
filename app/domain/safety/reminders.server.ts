import { houseToday } from "#app/domain/dates.server";
import { sql } from "kysely";
import type { ComplianceReminderStage } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { enqueueEmails } from "#app/domain/outbox/outbox.server";
import { formatDay } from "#app/lib/dates";
import { appLink } from "#app/lib/links.server";
import { COMPLIANCE_KIND_LABELS } from "./labels";

/**
 * Compliance document reminders (ADR 044), run by the worker's maintenance in each org's
 * system context: a document that expires within 30 days, within 7 days, or has expired
 * earns one reminder per stage — to the org's owners and admins and the house's managers.
 * The insert into compliance_reminder (unique per org, document and stage) decides which
 * are new, so a second run, or two at once, queues nothing more. Only the latest stage
 * reached is sent (a document first seen already expired gets "expired" only). Archived
 * documents are skipped.
 */
export async function queueComplianceReminders(tx: Tx): Promise<{ documentIds: string[] }> {
  const { rows } = await sql<{ document_id: string; stage: ComplianceReminderStage; kind: keyof typeof COMPLIANCE_KIND_LABELS; title: string; expires_on: string; house_id: string; house_name: string }>`
    with due as (
      select d.id, d.house_id, d.kind, d.title, d.expires_on, h.name as house_name,
        case when d.expires_on < ${houseToday()} then 'expired'
             when d.expires_on <= ${houseToday()} + 7 then '7_days'
             else '30_days' end as stage
      from compliance_document d
      join house h on h.org_id = d.org_id and h.id = d.house_id
      where d.org_id = (select current_org_id()) and d.archived_at is null and d.expires_on is not null
        and d.expires_on <= ${houseToday()} + 30
    ),
    sent as (
      insert into compliance_reminder (org_id, house_id, document_id, stage)
      select current_org_id(), due.house_id, due.id, due.stage from due
      on conflict (org_id, document_id, stage) do nothing
      returning document_id, stage
    )
    select s.document_id, s.stage, due.kind, due.title, due.expires_on::text, due.house_id, due.house_name
    from sent s join due on due.id = s.document_id
    order by s.document_id`.execute(tx);
  if (!rows.length) return { documentIds: [] };
  const houseIds = [...new Set(rows.map((r) => r.house_id))];
  // A definer function (migration 0058): the job's system context cannot read memberships.
  const people = await sql<{ email: string; house_id: string | null }>`
    select email, house_id from house_reminder_recipients(${houseIds}::uuid[])`.execute(tx);
  const emails = rows.flatMap((r) => {
    const to = [...new Set(people.rows.filter((p) => p.house_id === null || p.house_id === r.house_id).map((p) => p.email))];
    return to.map((email) => ({ email: complianceReminderEmail(email, r), dedupeKey: `compliance-reminder:${r.document_id}:${r.stage}:${email}` }));
  });
  await enqueueEmails(tx, emails, { purpose: "compliance_reminder" });
  const documentIds = rows.map((r) => r.document_id);
  await audit(tx, "compliance_document.reminded", null, { documents: rows.map((r) => ({ id: r.document_id, stage: r.stage })) });
  return { documentIds };
}

export function complianceReminderEmail(to: string, d: { stage: ComplianceReminderStage; kind: keyof typeof COMPLIANCE_KIND_LABELS; title: string; expires_on: string; house_id: string; house_name: string }) {
  const when = formatDay(d.expires_on, "MMMM d, yyyy");
  const what = `${d.title} (${COMPLIANCE_KIND_LABELS[d.kind].toLowerCase()}) for ${d.house_name}`;
  const line = d.stage === "expired" ? `${what} expired on ${when}.` : `${what} expires on ${when}.`;
  return {
    to,
    subject: d.stage === "expired" ? "A house document has expired" : "A house document expires soon",
    text: [
      "Hello,",
      "",
      line,
      "Upload the renewed document on the house's safety page when you have it:",
      appLink("/orgs"),
      "",
      "Hearth",
    ].join("\n"),
  };
}
