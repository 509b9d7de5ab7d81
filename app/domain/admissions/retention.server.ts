import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { auditAll } from "#app/domain/audit/audit.server";

/**
 * Retention: declined applications keep the applicant's details only for
 * a while — `APPLICATION_RETENTION_DAYS`, 180 by default — after the decision. Then the
 * name becomes "Removed"; contact details, intake facts and free text are cleared and the
 * screening log and medication answer deleted; the row
 * stays (counts, referral source, dates) and each one gets an `application.anonymised`
 * audit entry (ids only). Run per org by `runRetention` (app/server/maintenance.server.ts)
 * in a system context of that org (no user, the admin role).
 */
export async function anonymiseDecidedApplications(tx: Tx, opts: { olderThanDays: number }): Promise<string[]> {
  const rows = await tx
    .updateTable("application")
    .set({
      applicant_name: "Removed",
      phone: null,
      email: null,
      referral_detail: null,
      needs: null,
      desired_move_in: null,
      recovery_date: null,
      payer: null,
      sponsor_name: null,
      sponsor_phone: null,
      probation_contact_name: null,
      probation_contact_phone: null,
      decline_reason: "Removed",
      anonymised_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where("status", "=", "declined")
    .where("anonymised_at", "is", null)
    .where("status_changed_at", "<", sql<Date>`now() - make_interval(days => ${opts.olderThanDays})`)
    .returning("id")
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    // The screening log and any medication answer go with the details (policies allow this
    // delete only in the system context).
    await tx.deleteFrom("screening_note").where("application_id", "in", ids).execute();
    await tx.deleteFrom("moud_status").where("application_id", "in", ids).execute();
  }
  await auditAll(tx, rows.map((r) => ({ action: "application.anonymised", entity: { type: "application", id: r.id }, data: { afterDays: opts.olderThanDays } })));
  return rows.map((r) => r.id);
}
