import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { localToday } from "#app/domain/dates.server";
import { scheduleInspection } from "#app/domain/inspections/inspections.server";
import { startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { addDays } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";

/**
 * Demo inspections (ADR 053): Keystone schedules a visit in a week, with Sofia as inspector, of
 * the Riverside house its certification grant covers that already has a submitted
 * self-assessment (the house in review, seed/consented-evidence.ts); failing that, a covered
 * house with no self-assessment (one of Luis's first) gets one submitted with every item
 * answered. Through the domain API as each org's person, under RLS. Runs after the grants,
 * certification and consented-evidence demos.
 */
type SeedInput = { orgs: { riverside: { id: string }; keystone: { id: string } }; users: Record<string, { id: string }> };

export async function seedInspectionsDemo({ orgs, users }: SeedInput) {
  const riverside: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  const elena: TenantContext = { orgId: orgs.keystone.id, userId: users["elena.certifier@demo.hearth.test"]!.id, role: "certifier_admin" };
  const luis = users["luis.manager@demo.hearth.test"]!.id;
  const target = await withTenant(riverside, async (tx) => {
    const submitted = await sql<{ house_id: string; id: string }>`
      select a.house_id, a.id from assessment a
      where a.org_id = ${orgs.riverside.id}::uuid and a.status = 'submitted' and a.house_id is not null
        and exists (select 1 from audit_grant g join audit_grant_house gh on gh.org_id = g.org_id and gh.grant_id = g.id
          where g.org_id = a.org_id and gh.house_id = a.house_id and g.certifier_org_id = ${orgs.keystone.id}::uuid and g.scope = 'certification' and g.revoked_at is null)
      order by a.submitted_at desc limit 1`.execute(tx);
    const ready = submitted.rows[0];
    if (ready) return { houseId: ready.house_id, assessmentId: ready.id, today: await localToday(tx, { houseId: ready.house_id }) };
    const { rows } = await sql<{ id: string; narr_level: number }>`
      select h.id, h.narr_level from house h
      where h.org_id = ${orgs.riverside.id}::uuid and h.status = 'active'
        and not exists (select 1 from assessment a where a.org_id = h.org_id and a.house_id = h.id)
        and exists (select 1 from audit_grant g join audit_grant_house gh on gh.org_id = g.org_id and gh.grant_id = g.id
          where g.org_id = h.org_id and gh.house_id = h.id and g.certifier_org_id = ${orgs.keystone.id}::uuid and g.scope = 'certification' and g.revoked_at is null)
      order by exists (select 1 from membership_house mh join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
          where mh.org_id = h.org_id and mh.house_id = h.id and m.user_id = ${luis}::uuid) desc, h.name, h.id
      limit 1`.execute(tx);
    const house = rows[0];
    if (!house) return null;
    const { id } = await startAssessment(tx, { houseId: house.id, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: house.narr_level });
    // Every item answered in one statement (the demo's shortcut; the app answers one item per POST).
    await tx.updateTable("assessment_item")
      .set({ answer: sql`case when code like '3.%' then 'partial' else 'met' end`, answered_at: sql`now()`, answered_by: sql`current_app_user_id()` })
      .where("assessment_id", "=", id).execute();
    await submitAssessment(tx, id);
    return { houseId: house.id, assessmentId: id, today: await localToday(tx, { houseId: house.id }) };
  });
  if (!target) return;
  await withTenant(elena, (tx) =>
    scheduleInspection(tx, "riverside", target.houseId, {
      assessmentId: target.assessmentId,
      scheduledOn: addDays(target.today, 7),
      inspectorUserId: users["sofia.auditor@demo.hearth.test"]!.id,
      note: "Walk-through with the house manager present.",
    }),
  );
}
