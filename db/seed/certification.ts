import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { moveCertification } from "#app/domain/certification/certification.server";
import { queueCertificationReminders } from "#app/domain/certification/reminders.server";
import { localToday } from "#app/domain/dates.server";
import { addDays } from "#app/lib/dates";

/**
 * Demo certifications (ADR 050): Keystone (the certifying body) certified Riverside's first
 * active house about ten months ago, expiring in 60 days — so its 90-day renewal reminder has
 * gone to Riverside's owner and admin — and has Riverside's second house in review. Through an
 * audit grant with the certification scope (issued here as Riverside's owner unless one already
 * covers both houses), then the domain API as Keystone's certifier admin, under RLS.
 */
type SeedInput = { orgs: { riverside: { id: string }; keystone: { id: string } }; users: Record<string, { id: string }> };

export async function seedCertificationDemo({ orgs, users }: SeedInput) {
  const riverside: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  const elena: TenantContext = { orgId: orgs.keystone.id, userId: users["elena.certifier@demo.hearth.test"]!.id, role: "certifier_admin" };
  const { houses, today } = await withTenant(riverside, async (tx) => {
    const houses = await tx.selectFrom("house").select(["id", "narr_level"]).where("status", "=", "active").orderBy("name").orderBy("id").limit(2).execute();
    const today = await localToday(tx, { houseId: houses[0]!.id });
    const covered = await tx
      .selectFrom("audit_grant_house as gh")
      .innerJoin("audit_grant as g", (j) => j.onRef("g.org_id", "=", "gh.org_id").onRef("g.id", "=", "gh.grant_id"))
      .select("gh.house_id")
      .where("g.certifier_org_id", "=", orgs.keystone.id)
      .where("g.scope", "=", "certification")
      .where("g.revoked_at", "is", null)
      .where("g.starts_on", "<=", today)
      .where((eb) => eb.or([eb("g.ends_on", "is", null), eb("g.ends_on", ">=", today)]))
      .execute();
    if (!houses.every((h) => covered.some((c) => c.house_id === h.id))) {
      const g = await tx
        .insertInto("audit_grant")
        .values({ org_id: orgs.riverside.id, certifier_org_id: orgs.keystone.id, scope: "certification", starts_on: addDays(today, -330), ends_on: null, note: "Certification and renewal." })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.insertInto("audit_grant_house").values(houses.map((h) => ({ org_id: orgs.riverside.id, grant_id: g.id, house_id: h.id }))).execute();
    }
    return { houses, today };
  });
  const [certified, inReview] = houses as [{ id: string; narr_level: number }, { id: string; narr_level: number } | undefined];
  await withTenant(elena, async (tx) => {
    const level = certified.narr_level;
    await moveCertification(tx, "riverside", certified.id, { status: "submitted", level, note: "Application and self-assessment received." });
    await moveCertification(tx, "riverside", certified.id, { status: "in_review", level, note: "Documents reviewed; clarification on the fee policy answered." });
    await moveCertification(tx, "riverside", certified.id, { status: "site_visit", level, note: "Inspection scheduled with the house manager present." });
    await moveCertification(tx, "riverside", certified.id, {
      status: "certified", level, decidedOn: addDays(today, -305), expiresOn: addDays(today, 60), note: "Every required item met at the site visit.",
    });
    if (inReview) {
      await moveCertification(tx, "riverside", inReview.id, { status: "submitted", level: inReview.narr_level, note: "Application received." });
      await moveCertification(tx, "riverside", inReview.id, { status: "in_review", level: inReview.narr_level, note: "Document review under way." });
    }
  });
  // The 90-day renewal reminder (maintenance would queue it on its next run).
  await withTenant(riverside, (tx) => queueCertificationReminders(tx));
}
