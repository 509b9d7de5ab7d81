import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { answerItem, startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";

/**
 * A submitted self-assessment of `houseId` against the built-in standard at `level`, started,
 * partly answered and submitted through the domain (as the operator's owner or admin):
 * what a certifier reviews, inspects and raises findings on (migration 0051, ADR 053).
 * Returns its id and its items in order.
 */
export async function submittedAssessment(
  operator: TenantContext,
  houseId: string | null,
  opts: { level?: 1 | 2 | 3 | 4; answers?: number } = {},
): Promise<{ assessmentId: string; items: { id: string; code: string }[] }> {
  return withTenant(operator, async (tx) => {
    const { id } = await startAssessment(tx, { houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: opts.level ?? 2 });
    const items = await tx.selectFrom("assessment_item").select(["id", "code"]).where("assessment_id", "=", id).orderBy("position").execute();
    for (const item of items.slice(0, opts.answers ?? 3)) await answerItem(tx, id, { itemId: item.id, answer: "met" });
    await submitAssessment(tx, id);
    return { assessmentId: id, items };
  });
}
