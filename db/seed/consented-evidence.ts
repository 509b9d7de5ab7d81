import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { prepareConsent, signConsent } from "#app/domain/consents/consents.server";
import { localToday } from "#app/domain/dates.server";
import { addLinkEvidence, startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { addDays } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";

/**
 * Demo: the self-assessment behind Riverside's certification in review (ADR 054). Riverside's
 * second active house (the one Keystone is reviewing, seed/certification.ts) submits a
 * self-assessment with every item answered, and two pieces of evidence about residents: one
 * marked shareable (a resident's move-in record, "residence") under that resident's signed
 * consent to Keystone for the certification review — Keystone's auditors see it and each view is
 * in the resident's disclosure log — and one not marked (another resident's fee ledger), which
 * Keystone sees only as "Evidence about a resident — not shared". Together with the Riverside
 * draft and the Maple Street submission (seed/standards.ts) the demo certifier has a draft, a
 * submitted assessment and one in review. Through the domain API as Riverside's owner and the
 * resident, under RLS. Runs after the certification demo.
 */
type SeedInput = {
  orgs: { riverside: { id: string }; keystone: { id: string } };
  users: Record<string, { id: string }>;
};

export async function seedConsentedEvidenceDemo({ orgs, users }: SeedInput) {
  const owner: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  const plan = await withTenant(owner, async (tx) => {
    const houses = await tx.selectFrom("house").select(["id", "narr_level"]).where("status", "=", "active").orderBy("name").orderBy("id").limit(2).execute();
    const house = houses[1];
    if (!house) return null;
    const today = await localToday(tx, { houseId: house.id });
    const residents = await tx
      .selectFrom("stay as s")
      .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
      .select(["r.id", "r.user_id as userId", "r.legal_name as name"])
      .where("s.house_id", "=", house.id)
      .where(sql<boolean>`s.during @> ${today}::date`)
      .orderBy(sql`r.user_id is null`).orderBy("r.legal_name")
      .limit(2)
      .execute();
    // The consent needs a resident who can sign in the app: a current resident of this house
    // with a portal account, else the org's resident who has one (Sam).
    const withAccount = residents.find((r) => r.userId) ?? (await tx
      .selectFrom("resident").select(["id", "user_id as userId", "legal_name as name"])
      .where("user_id", "is not", null).orderBy("legal_name").limit(1).executeTakeFirst());
    const people = [withAccount, residents.find((r) => r.id !== withAccount?.id)];
    const keystone = await tx.selectFrom("org").select("name").where("id", "=", orgs.keystone.id).executeTakeFirstOrThrow();
    const { id } = await startAssessment(tx, { houseId: house.id, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: house.narr_level });
    await tx.updateTable("assessment_item")
      .set({ answer: sql`case when code like '3.%' then 'partial' else 'met' end`, answered_at: sql`now()`, answered_by: sql`current_app_user_id()` })
      .where("assessment_id", "=", id).execute();
    const items = await tx.selectFrom("assessment_item").select(["id", "code"]).where("assessment_id", "=", id).orderBy("position").execute();
    const item = items.find((i) => i.code.startsWith("2.")) ?? items[0]!;
    const [shared, unshared] = people;
    if (shared) {
      await addLinkEvidence(tx, id, "riverside", {
        itemId: item.id, label: "A resident's move-in and orientation record", linkPath: `/o/riverside/residents/${shared.id}`,
        sharedResidentId: shared.id, sharedInformation: "residence",
      });
    }
    if (unshared) {
      await addLinkEvidence(tx, id, "riverside", { itemId: item.id, label: "A resident's fee ledger", linkPath: `/o/riverside/residents/${unshared.id}/fees` });
    }
    await submitAssessment(tx, id);
    if (!shared) return null;
    const consent = await prepareConsent(tx, shared.id, {
      recipientKind: "organisation", recipientName: keystone.name, purpose: "certification", information: ["residence"],
      expiresOn: addDays(today, 180), expiryEvent: null,
    });
    return { consentId: consent.id, resident: shared };
  });
  if (plan?.resident?.userId) {
    const resident: TenantContext = { orgId: orgs.riverside.id, userId: plan.resident.userId, role: "resident" };
    await withTenant(resident, (tx) => signConsent(tx, { consentId: plan.consentId, typedName: plan.resident.name }));
  }
}
