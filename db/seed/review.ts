import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addCertifierComment, addOperatorComment } from "#app/domain/review/threads.server";

/**
 * Demo review threads (ADR 053) on Maple Street's submitted self-assessment, which Keystone may
 * review: Sofia (auditor) comments on the first item and asks for clarification on the second
 * and third; Pat (owner) answers the second. So Keystone's page shows one item awaiting the
 * operator's answer, and Maple Street's Standards page one request to answer. Through the domain,
 * as each person, under RLS. Runs after the grants demo.
 */
type SeedInput = {
  orgs: { maple: { id: string }; keystone: { id: string } };
  users: Record<string, { id: string }>;
};

export async function seedReviewDemo({ orgs, users }: SeedInput) {
  const sofia: TenantContext = { orgId: orgs.keystone.id, userId: users["sofia.auditor@demo.hearth.test"]!.id, role: "auditor" };
  const pat: TenantContext = { orgId: orgs.maple.id, userId: users["pat.owner@demo.hearth.test"]!.id, role: "owner" };
  const { assessmentId, items } = await withTenant(pat, async (tx) => {
    const a = await tx.selectFrom("assessment").select("id").where("status", "=", "submitted").orderBy("created_at").executeTakeFirstOrThrow();
    const rows = await tx.selectFrom("assessment_item").select("id").where("assessment_id", "=", a.id).orderBy("position").limit(3).execute();
    return { assessmentId: a.id, items: rows.map((r) => r.id) };
  });
  const [first, second, third] = items as [string, string, string];
  await withTenant(sofia, async (tx) => {
    await addCertifierComment(tx, "maple-street", assessmentId, { itemId: first, kind: "comment", body: "The mission statement is clear and posted where residents see it." });
    await addCertifierComment(tx, "maple-street", assessmentId, { itemId: second, kind: "clarification", body: "Is the vision statement reviewed with residents each year? Please say when it was last reviewed." });
    await addCertifierComment(tx, "maple-street", assessmentId, { itemId: third, kind: "clarification", body: "Please upload the current certificate of good standing; the one attached has expired." });
  });
  await withTenant(pat, (tx) =>
    addOperatorComment(tx, assessmentId, { itemId: second, certifierOrgId: orgs.keystone.id, kind: "reply", body: "Yes — at the January house meeting; the minutes are in the evidence." }, { operatorSlug: "maple-street" }),
  );
}
