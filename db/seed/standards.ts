import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addLinkEvidence, answerItem, getAssessment, startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";

/**
 * Demo self-assessments (ADR 047) against the built-in standard: Riverside's first active
 * house (one of Luis's) in progress — a dozen items answered, one with a link to the house's
 * safety log; Maple Street's house submitted for review with every item answered.
 * Through the domain API as each org's owner, under RLS.
 */
type SeedInput = { orgs: { riverside: { id: string; slug?: string }; maple: { id: string } }; users: Record<string, { id: string }> };

const ANSWERS = ["met", "met", "partial", "met", "not_met", "met"] as const;

export async function seedStandardsDemo({ orgs, users }: SeedInput) {
  const riverside: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  const maple: TenantContext = { orgId: orgs.maple.id, userId: users["pat.owner@demo.hearth.test"]!.id, role: "owner" };
  const luis = users["luis.manager@demo.hearth.test"]!.id;
  await withTenant(riverside, async (tx) => {
    const house = await tx
      .selectFrom("membership_house as mh")
      .innerJoin("membership as m", (j) => j.onRef("m.org_id", "=", "mh.org_id").onRef("m.id", "=", "mh.membership_id"))
      .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "mh.org_id").onRef("h.id", "=", "mh.house_id"))
      .select(["h.id", "h.narr_level"])
      .where("m.user_id", "=", luis).where("h.status", "=", "active")
      .orderBy("h.name").executeTakeFirstOrThrow();
    const { id } = await startAssessment(tx, { houseId: house.id, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: house.narr_level });
    const a = await getAssessment(tx, id);
    for (const [n, item] of a.items.slice(0, 12).entries()) {
      await answerItem(tx, id, { itemId: item.id, answer: ANSWERS[n % ANSWERS.length]!, notes: n === 4 ? "Code of ethics to be signed at the next staff meeting." : null });
    }
    const safety = a.items.find((i) => i.code === "2.F.18.d")!;
    await answerItem(tx, id, { itemId: safety.id, answer: "partial", notes: "Extinguisher check overdue this month." });
    await addLinkEvidence(tx, id, "riverside", { itemId: safety.id, label: "The house's safety log", linkPath: `/o/riverside/houses/${house.id}/safety` });
  });
  await withTenant(maple, async (tx) => {
    const house = await tx.selectFrom("house").select(["id", "narr_level"]).where("status", "=", "active").orderBy("name").executeTakeFirstOrThrow();
    const { id } = await startAssessment(tx, { houseId: house.id, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: house.narr_level });
    // Every item answered in one statement (the demo's shortcut; the app answers one item per POST).
    await tx.updateTable("assessment_item")
      .set({ answer: sql`case when code like '4.%' then 'partial' else 'met' end`, answered_at: sql`now()`, answered_by: sql`current_app_user_id()` })
      .where("assessment_id", "=", id).execute();
    await submitAssessment(tx, id);
  });
}
