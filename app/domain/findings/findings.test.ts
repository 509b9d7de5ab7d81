import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { grantAccess, makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import { submittedAssessment } from "#tests/support/review";
import { decideFinding, editFinding, raiseFinding } from "./certifier.server";
import { answerFinding, houseFindingCounts, operatorFindings } from "./operator.server";

/**
 * The findings domain (ADR 053, 057): who is emailed (the definer recipient functions of
 * migration 0055), the rules the app checks before the database, and the operator's scoping.
 */
const t = useTestDatabase();

async function world() {
  const op = await makeOperator();
  const slug = (await t.db.selectFrom("org").select("slug").where("id", "=", op.orgId).executeTakeFirstOrThrow()).slug;
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  const other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  const admin = await makeMember(op, "admin");
  const manager = await makeMember(op, "house_manager", [house.houseId]);
  const otherManager = await makeMember(op, "house_manager", [other.houseId]);
  const { assessmentId, items } = await submittedAssessment(op.owner, house.houseId);
  const body = await makeCertifier();
  const stranger = await makeCertifier();
  const today = todayIn("America/New_York");
  return { op, slug, house, other, admin, manager, otherManager, assessmentId, items, body, stranger, today };
}

const emails = async (ctx: TenantContext, q: ReturnType<typeof sql>) => withTenant(ctx, async (tx) => (await sql<{ email: string }>`${q}`.execute(tx)).rows.map((r) => r.email));
const emailOf = async (userId: string) => (await t.db.selectFrom("app_user").select("email").where("id", "=", userId).executeTakeFirstOrThrow()).email;

describe("findings domain", () => {
  it("emails the operator's owners and admins to the raising body only, and the body's certifier admins to the house's people only", async () => {
    const w = await world();
    const grantId = await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    await grantAccess(w.op, w.stranger.orgId, [w.house.houseId]);
    const { id } = await withTenant(w.body.auditor, (tx) => raiseFinding(tx, w.slug, w.assessmentId, { itemId: w.items[0]!.id, severity: "minor", summary: "Missing." }));
    const ops = sql`select email from finding_operator_emails(${w.op.orgId}::uuid, ${id}::uuid)`;
    expect((await emails(w.body.auditor, ops)).sort()).toEqual([await emailOf(w.op.ownerId), await emailOf(w.admin.userId)].sort());
    // Another body with its own grant, the operator itself: nothing.
    expect(await emails(w.stranger.admin, ops)).toEqual([]);
    expect(await emails(w.op.owner, ops)).toEqual([]);
    const body = sql`select email from finding_certifier_emails(${id}::uuid)`;
    expect(await emails(w.manager.ctx, body)).toEqual([await emailOf(w.body.admin.userId!)]);
    expect(await emails(w.op.owner, body)).toEqual([await emailOf(w.body.admin.userId!)]);
    expect(await emails(w.otherManager.ctx, body)).toEqual([]);
    expect(await emails(w.body.admin, body)).toEqual([]);
    // Revoked: the body learns nothing more.
    await withTenant(w.op.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: w.op.ownerId }).where("id", "=", grantId).execute());
    expect(await emails(w.body.auditor, ops)).toEqual([]);
  });

  it("checks the rules before the database: due dates, decisions, closed findings; managers answer only their houses'", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const raise = (input: Record<string, unknown>) => withTenant(w.body.admin, (tx) => raiseFinding(tx, w.slug, w.assessmentId, { itemId: w.items[0]!.id, severity: "major", summary: "Missing.", ...input }));
    await expectDomainError(raise({ dueOn: addDays(w.today, -1) }), "invalid", { field: "dueOn" });
    await expectDomainError(raise({ severity: "severe" }), "invalid", { field: "severity" });
    const { id } = await raise({});
    expect((await t.db.selectFrom("finding").select("due_on").where("id", "=", id).executeTakeFirstOrThrow()).due_on).toBe(addDays(w.today, 30));
    await expectDomainError(withTenant(w.body.admin, (tx) => decideFinding(tx, w.slug, id, { decision: "accept" })), "conflict");
    await expectDomainError(withTenant(w.otherManager.ctx, (tx) => answerFinding(tx, id, { plan: "x", planDueOn: w.today })), "not_found");
    await expectDomainError(withTenant(w.manager.ctx, (tx) => answerFinding(tx, id, { plan: "Fix.", planDueOn: addDays(w.today, -1) })), "invalid", { field: "planDueOn" });
    await withTenant(w.manager.ctx, (tx) => answerFinding(tx, id, { plan: "Fix.", planDueOn: w.today }));
    expect(await withTenant(w.manager.ctx, (tx) => houseFindingCounts(tx, w.house.houseId))).toEqual({ open: 1, overdue: 0 });
    expect((await withTenant(w.otherManager.ctx, (tx) => operatorFindings(tx, { filter: "all" }))).items).toEqual([]);
    await expectDomainError(withTenant(w.body.admin, (tx) => decideFinding(tx, w.slug, id, { decision: "reopen" })), "invalid", { field: "note" });
    await withTenant(w.body.admin, (tx) => decideFinding(tx, w.slug, id, { decision: "accept" }));
    await expectDomainError(withTenant(w.manager.ctx, (tx) => answerFinding(tx, id, { plan: "More.", planDueOn: w.today })), "conflict");
    await expectDomainError(withTenant(w.body.admin, (tx) => editFinding(tx, w.slug, id, { severity: "minor", summary: "x", dueOn: w.today })), "conflict");
    expect(await withTenant(w.op.owner, (tx) => houseFindingCounts(tx, w.house.houseId))).toEqual({ open: 0, overdue: 0 });
  });
});
