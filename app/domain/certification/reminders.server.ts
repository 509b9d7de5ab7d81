import { sql } from "kysely";
import type { CertificationReminderStage } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { enqueueEmails } from "#app/domain/outbox/outbox.server";
import { formatDay } from "#app/lib/dates";
import { appLink } from "#app/lib/links.server";

type Due = { certification_id: string; stage: CertificationReminderStage; expires_on: string; house_id: string; house_name: string };

/**
 * Certification renewal reminders (ADR 050), run by the worker's maintenance in each org's
 * system context, the way compliance document reminders are (ADR 044): a certification in
 * force (its latest decision certified or conditional, also while a renewal is reviewed) that
 * expires within 90 days, or within 30, earns one reminder per stage and expiry date, to the
 * org's owners and admins. The insert into certification_reminder (unique per certification,
 * stage and expiry) decides which are new, so a second run, or two at once, queues nothing
 * more; a renewal with a new expiry is reminded again. Only the latest stage reached is sent
 * (first seen 20 days ahead: the 30-day reminder only). Day boundaries are the house's.
 */
export async function queueCertificationReminders(tx: Tx): Promise<{ certificationIds: string[] }> {
  const { rows } = await sql<Due>`
    with due as (
      select c.id, c.house_id, c.expires_on, h.name as house_name,
        case when c.expires_on <= ${houseToday()} + 30 then '30_days' else '90_days' end as stage
      from certification c
      join house h on h.org_id = c.org_id and h.id = c.house_id
      where c.org_id = (select current_org_id()) and c.decision in ('certified', 'conditional')
        and c.expires_on >= ${houseToday()} and c.expires_on <= ${houseToday()} + 90
    ),
    sent as (
      insert into certification_reminder (org_id, house_id, certification_id, stage, expires_on)
      select current_org_id(), due.house_id, due.id, due.stage, due.expires_on from due
      on conflict (org_id, certification_id, stage, expires_on) do nothing
      returning certification_id, stage
    )
    select s.certification_id, s.stage, due.expires_on::text, due.house_id, due.house_name
    from sent s join due on due.id = s.certification_id
    order by s.certification_id`.execute(tx);
  if (!rows.length) return { certificationIds: [] };
  // org_admin_emails(): the system context has no user, and memberships are read by signed-in members only (0050).
  const people = await sql<{ email: string }>`select email from org_admin_emails()`.execute(tx);
  const emails = rows.flatMap((r) =>
    people.rows.map((p) => ({
      email: certificationReminderEmail(p.email, r),
      dedupeKey: `certification-reminder:${r.certification_id}:${r.stage}:${r.expires_on}:${p.email}`,
    })),
  );
  await enqueueEmails(tx, emails, { purpose: "certification_reminder" });
  await audit(tx, "certification.reminded", null, { certifications: rows.map((r) => ({ id: r.certification_id, houseId: r.house_id, stage: r.stage })) });
  return { certificationIds: rows.map((r) => r.certification_id) };
}

export function certificationReminderEmail(to: string, d: Pick<Due, "stage" | "expires_on" | "house_name">) {
  const when = formatDay(d.expires_on, "MMMM d, yyyy");
  return {
    to,
    subject: d.stage === "30_days" ? "A house certification expires in 30 days" : "A house certification expires in 90 days",
    text: [
      "Hello,",
      "",
      `The certification of ${d.house_name} expires on ${when}.`,
      "Start the renewal with your certifying body in good time; the house's Standards tab shows the certification:",
      appLink("/orgs"),
      "",
      "Hearth",
    ].join("\n"),
  };
}
