import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { localToday } from "#app/domain/dates.server";
import { raiseFinding } from "#app/domain/findings/certifier.server";
import { answerFinding } from "#app/domain/findings/operator.server";
import { addDays } from "#app/lib/dates";

/**
 * Demo findings (ADR 053, 057): on the self-assessment behind Riverside's certification in review
 * (seed/consented-evidence.ts), Keystone's certifier admin raises two findings from the desk
 * review — a minor one still open (due in 30 days, the default) and a major one Riverside's owner
 * has answered with a corrective action plan, waiting for Keystone's decision. Through the domain
 * API as each org's person, under RLS. Runs after the consented-evidence demo.
 */
type SeedInput = { orgs: { riverside: { id: string }; keystone: { id: string } }; users: Record<string, { id: string }> };

export async function seedFindingsDemo({ orgs, users }: SeedInput) {
  const owner: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  const elena: TenantContext = { orgId: orgs.keystone.id, userId: users["elena.certifier@demo.hearth.test"]!.id, role: "certifier_admin" };
  const target = await withTenant(owner, async (tx) => {
    const houses = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").orderBy("id").limit(2).execute();
    const house = houses[1];
    if (!house) return null;
    const assessment = await tx.selectFrom("assessment").select("id").where("house_id", "=", house.id).where("status", "=", "submitted")
      .orderBy("submitted_at", "desc").executeTakeFirst();
    if (!assessment) return null;
    const items = await tx.selectFrom("assessment_item").select(["id", "code"]).where("assessment_id", "=", assessment.id)
      .where("code", "in", ["2.F.18.d", "3.G.19.a"]).orderBy("code").execute();
    return { assessmentId: assessment.id, items, today: await localToday(tx, { houseId: house.id }) };
  });
  if (!target || target.items.length < 2) return;
  const [safety, rules] = target.items as [{ id: string; code: string }, { id: string; code: string }];
  const answered = await withTenant(elena, async (tx) => {
    await raiseFinding(tx, "riverside", target.assessmentId, {
      itemId: rules.id, severity: "minor", summary: "The house rules posted in the kitchen are an older version than the one residents signed.", dueOn: "",
    });
    return raiseFinding(tx, "riverside", target.assessmentId, {
      itemId: safety.id, severity: "major", summary: "The fire extinguisher's monthly check was not logged for the last two months.", dueOn: addDays(target.today, 14),
    });
  });
  await withTenant(owner, (tx) =>
    answerFinding(tx, answered.id, {
      plan: "The house manager checks the extinguisher on the first Monday of each month and logs it the same day; a reminder is set in the house calendar.",
      planDueOn: addDays(target.today, 7),
    }),
  );
}
