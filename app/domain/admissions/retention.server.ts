import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";

/**
 * Retention: declined applications keep the applicant's details only for
 * a while — `APPLICATION_RETENTION_DAYS`, 180 by default — after the decision. Then the
 * name becomes "Removed" and contact details, notes and free text are cleared; the row
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
      screening_notes: null,
      desired_move_in: null,
      decline_reason: "Removed",
      anonymised_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where("status", "=", "declined")
    .where("anonymised_at", "is", null)
    .where("status_changed_at", "<", sql<Date>`now() - make_interval(days => ${opts.olderThanDays})`)
    .returning("id")
    .execute();
  for (const r of rows) await audit(tx, "application.anonymised", { type: "application", id: r.id }, { afterDays: opts.olderThanDays });
  return rows.map((r) => r.id);
}
