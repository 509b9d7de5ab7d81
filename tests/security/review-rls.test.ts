import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { grantAccess, makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import { submittedAssessment } from "#tests/support/review";

/**
 * Migration 0051's rules in the database itself (ADR 053), whatever the app does: review
 * threads, inspections and findings live in the operator's org; certifier roles write them only
 * through an active grant of the right scope; the operator answers, never decides; history is
 * written by the database; completed inspections and accepted findings are locked.
 */
const t = useTestDatabase();

async function world() {
  const fx = await makeOperator();
  const { houseId } = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const other = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const body = await makeCertifier();
  const { assessmentId, items } = await submittedAssessment(fx.owner, houseId);
  const manager = (await makeMember(fx, "house_manager", [houseId])).ctx;
  const otherManager = (await makeMember(fx, "house_manager", [other.houseId])).ctx;
  return { fx, houseId, body, assessmentId, items, manager, otherManager, today: todayIn("America/New_York") };
}

const as = <T>(ctx: TenantContext, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(ctx, fn);

describe("review, inspections and findings in the database (0051)", () => {
  it("a certification grant lets a body inspect, record verdicts, raise a finding; the operator answers; the body accepts; every step is in the history", async () => {
    const w = await world();
    await grantAccess(w.fx, w.body.orgId, [w.houseId]);
    const insp = await as(w.body.auditor, (tx) =>
      tx.insertInto("inspection").values({ org_id: w.fx.orgId, house_id: w.houseId, certifier_org_id: w.body.orgId, assessment_id: w.assessmentId, scheduled_on: w.today, inspector_user_id: null, note: null })
        .returning("id").executeTakeFirstOrThrow());
    // No verdict before the inspection starts.
    await expect(as(w.body.auditor, (tx) => tx.insertInto("inspection_verdict").values({ org_id: w.fx.orgId, inspection_id: insp.id, item_id: w.items[0]!.id, verdict: "met", note: null }).execute()))
      .rejects.toThrow(/inspection_locked|in progress/);
    await as(w.body.auditor, (tx) => tx.updateTable("inspection").set({ status: "in_progress" }).where("org_id", "=", w.fx.orgId).where("id", "=", insp.id).execute());
    await as(w.body.auditor, (tx) => tx.insertInto("inspection_verdict").values({ org_id: w.fx.orgId, inspection_id: insp.id, item_id: w.items[0]!.id, verdict: "not_met", note: "No detector in room 1." }).execute());
    const v = await t.db.selectFrom("inspection_verdict").selectAll().where("inspection_id", "=", insp.id).executeTakeFirstOrThrow();
    expect(v).toMatchObject({ house_id: w.houseId, certifier_org_id: w.body.orgId, recorded_by: w.body.auditor.userId, verdict: "not_met" });
    await as(w.body.auditor, (tx) => tx.updateTable("inspection").set({ status: "completed" }).where("org_id", "=", w.fx.orgId).where("id", "=", insp.id).execute());
    await expect(as(w.body.auditor, (tx) => tx.updateTable("inspection_verdict").set({ verdict: "met" }).where("org_id", "=", w.fx.orgId).where("inspection_id", "=", insp.id).execute()))
      .rejects.toThrow(/inspection_locked|in progress/);

    const f = await as(w.body.auditor, (tx) =>
      tx.insertInto("finding").values({ org_id: w.fx.orgId, house_id: w.houseId, certifier_org_id: w.body.orgId, assessment_id: w.assessmentId, item_id: w.items[0]!.id, inspection_id: insp.id, severity: "major", summary: "Smoke detector missing in room 1.", due_on: addDays(w.today, 30), note: null })
        .returning("id").executeTakeFirstOrThrow());
    // The operator's manager of the house answers with a plan; cannot move the due date.
    await expect(as(w.manager, (tx) => tx.updateTable("finding").set({ due_on: addDays(w.today, 90), status: "responded", plan: "Buy one." }).where("org_id", "=", w.fx.orgId).where("id", "=", f.id).execute()))
      .rejects.toThrow(/finding_transition|certifying body/);
    // Another house's manager sees nothing and changes nothing.
    const theirs = await as(w.otherManager, (tx) => tx.updateTable("finding").set({ status: "responded", plan: "x" }).where("org_id", "=", w.fx.orgId).where("id", "=", f.id).executeTakeFirst());
    expect(theirs.numUpdatedRows).toBe(0n);
    await as(w.manager, (tx) => tx.updateTable("finding").set({ status: "responded", plan: "Detector bought and fitted; photo attached.", plan_due_on: addDays(w.today, 7) }).where("org_id", "=", w.fx.orgId).where("id", "=", f.id).execute());
    // The operator cannot accept its own plan.
    await expect(as(w.fx.owner, (tx) => tx.updateTable("finding").set({ status: "accepted" }).where("org_id", "=", w.fx.orgId).where("id", "=", f.id).execute()))
      .rejects.toThrow(/finding_transition|plan/);
    await as(w.body.admin, (tx) => tx.updateTable("finding").set({ status: "accepted", note: "Seen on the photo." }).where("org_id", "=", w.fx.orgId).where("id", "=", f.id).execute());
    await expect(as(w.body.admin, (tx) => tx.updateTable("finding").set({ status: "reopened" }).where("org_id", "=", w.fx.orgId).where("id", "=", f.id).execute()))
      .rejects.toThrow(/finding_closed|closed/);

    const history = await as(w.fx.owner, (tx) => tx.selectFrom("finding_event").select(["from_status", "to_status", "actor_org_id", "actor_user_id"]).where("finding_id", "=", f.id).orderBy("created_at").orderBy("id").execute());
    expect(history.map((h) => [h.from_status, h.to_status])).toEqual(expect.arrayContaining([[null, "open"], ["open", "responded"], ["responded", "accepted"]]));
    expect(history).toHaveLength(3);
    expect(history.find((h) => h.to_status === "responded")).toMatchObject({ actor_org_id: w.fx.orgId, actor_user_id: w.manager.userId });
    expect(history.find((h) => h.to_status === "accepted")).toMatchObject({ actor_org_id: w.body.orgId, actor_user_id: w.body.admin.userId });
  });

  it("a review grant allows comments and clarifications, not inspections or findings; no grant, nothing at all", async () => {
    const w = await world();
    const comment = (ctx: TenantContext, kind: "comment" | "clarification" | "reply") =>
      as(ctx, (tx) => tx.insertInto("assessment_comment").values({ org_id: w.fx.orgId, assessment_id: w.assessmentId, item_id: w.items[1]!.id, certifier_org_id: w.body.orgId, kind, body: `A ${kind}.` }).execute());
    await expect(comment(w.body.auditor, "clarification")).rejects.toThrow(/row-level security/);
    await grantAccess(w.fx, w.body.orgId, [w.houseId], { scope: "review" });
    await comment(w.body.auditor, "clarification");
    await expect(comment(w.body.auditor, "reply")).rejects.toThrow(/row-level security/);
    await comment(w.manager, "reply");
    await expect(comment(w.manager, "clarification")).rejects.toThrow(/row-level security/);
    await expect(comment(w.otherManager, "reply")).rejects.toThrow(/row-level security/);
    const rows = await as(w.body.auditor, (tx) => tx.selectFrom("assessment_comment").select(["kind", "house_id", "author_org_id"]).orderBy("created_at").execute());
    expect(rows).toEqual([
      { kind: "clarification", house_id: w.houseId, author_org_id: w.body.orgId },
      { kind: "reply", house_id: w.houseId, author_org_id: w.fx.orgId },
    ]);
    await expect(as(w.body.auditor, (tx) => sql`delete from assessment_comment`.execute(tx))).rejects.toThrow();
    await expect(
      as(w.body.auditor, (tx) => tx.insertInto("inspection").values({ org_id: w.fx.orgId, house_id: w.houseId, certifier_org_id: w.body.orgId, assessment_id: w.assessmentId, scheduled_on: w.today, inspector_user_id: null, note: null }).execute()),
    ).rejects.toThrow(/row-level security/);
  });
});
