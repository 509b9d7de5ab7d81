import { sql } from "kysely";
import { config } from "#app/config.server";
import { withSystem, withWorker } from "#app/db/tenant.server";
import { anonymiseDecidedApplications } from "#app/domain/admissions/retention.server";
import { queueFeeReminders } from "#app/domain/arrears/reminders.server";
import { postDueCharges } from "#app/domain/fees/charges.server";
import { releaseEndedHolds } from "#app/domain/houses/layout.server";
import { queueComplianceReminders } from "#app/domain/safety/reminders.server";
import { expireCertifications } from "#app/domain/certification/certification.server";
import { queueCertificationReminders } from "#app/domain/certification/reminders.server";
import { logger } from "#app/lib/logger.server";

/**
 * Periodic housekeeping, run by the worker (startOutboxWorker) about once an hour:
 *  - retention of decided applications, per org, in that org's system context (no user,
 *    the admin role, signed by the trusted entry on the migration login: withSystem,
 *    ADR 010; audited per application);
 *  - beds held for a resident's return become available once the hold has ended
 *    (`releaseEndedHolds`, same context);
 *  - fee charges that are due (`postDueCharges`, same context, its own transaction per
 *    org so one org's failure is logged and does not stop the others): idempotent, so
 *    every run — or two workers at once — posts each period once, and it catches up on
 *    periods missed while nothing ran (ADR 030);
 *  - payment reminders, when the org turned them on (`queueFeeReminders`, same context,
 *    after the charges, its own transaction per org): at most one per resident and cadence
 *    period however often it runs (ADR 034);
 *  - compliance document expiry reminders, 30 and 7 days ahead and once expired
 *    (`queueComplianceReminders`, same context, its own transaction per org; ADR 044);
 *  - certifications past their expiry become expired, then renewal reminders 90 and 30 days
 *    ahead go to the owners and admins (`expireCertifications`, `queueCertificationReminders`,
 *    same context, one transaction per org; ADR 050);
 *  - finished outbox jobs, sent or dead, are purged `OUTBOX_RETENTION_DAYS` after they
 *    finished (processed_at; their payloads were already redacted then).
 * The org list comes from the worker role, which may read org ids and nothing else of them.
 */
export async function runMaintenance(opts: { applicationDays?: number; outboxDays?: number } = {}) {
  const c = config();
  const applicationDays = opts.applicationDays ?? c.APPLICATION_RETENTION_DAYS;
  const outboxDays = opts.outboxDays ?? c.OUTBOX_RETENTION_DAYS;
  const orgs = await withWorker((tx) => tx.selectFrom("org").select("id").execute());
  let anonymised = 0;
  let released = 0;
  let charged = 0;
  let reminded = 0;
  for (const org of orgs) {
    const done = await withSystem({ orgId: org.id, userId: null, role: "admin" }, async (tx) => ({
      anonymised: await anonymiseDecidedApplications(tx, { olderThanDays: applicationDays }),
      released: await releaseEndedHolds(tx),
    }));
    anonymised += done.anonymised.length;
    released += done.released.length;
    try {
      charged += (await withSystem({ orgId: org.id, userId: null, role: "admin" }, (tx) => postDueCharges(tx))).posted;
    } catch (error) {
      logger().error({ err: error, orgId: org.id }, "posting fee charges failed");
    }
    try {
      reminded += (await withSystem({ orgId: org.id, userId: null, role: "admin" }, (tx) => queueFeeReminders(tx))).residentIds.length;
    } catch (error) {
      logger().error({ err: error, orgId: org.id }, "queueing payment reminders failed");
    }
    try {
      reminded += (await withSystem({ orgId: org.id, userId: null, role: "admin" }, (tx) => queueComplianceReminders(tx))).documentIds.length;
    } catch (error) {
      logger().error({ err: error, orgId: org.id }, "queueing compliance reminders failed");
    }
    try {
      reminded += await withSystem({ orgId: org.id, userId: null, role: "admin" }, async (tx) => {
        await expireCertifications(tx);
        return (await queueCertificationReminders(tx)).certificationIds.length;
      });
    } catch (error) {
      logger().error({ err: error, orgId: org.id }, "certification expiry or reminders failed");
    }
  }
  const purged = await withWorker(async (tx) => {
    const r = await tx
      .deleteFrom("outbox")
      .where("status", "in", ["done", "dead"])
      .where("processed_at", "<", sql<Date>`now() - make_interval(days => ${outboxDays})`)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  });
  if (anonymised || released || purged || charged || reminded) logger().info({ anonymised, released, purged, charged, reminded }, "maintenance");
  return { anonymised, released, purged, charged, reminded };
}
