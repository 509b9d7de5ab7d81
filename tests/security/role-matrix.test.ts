import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import { useTestDatabase } from "#tests/support/db";
import { addGoal, addStep, proposeStep } from "#app/domain/plans/plan.server";
import { recordPaperCheckin, recordScreening } from "#app/domain/plans/checkins.server";
import { NEED_CODES } from "#app/domain/plans/labels";
import { addFollowup, addHandoff, createReferral } from "#app/domain/referrals/referrals.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { todayIn } from "#app/lib/dates";
import { createService } from "#app/domain/services/directory.server";

/**
 * The in-org wall, run directly in SQL with the app's own settings (withTenant, as every
 * request does): role × table × verb on membership, invite and org. Each attempt runs in
 * its own transaction and is rolled back, so every cell starts from the same world.
 * A cell is the number of rows seen or changed, or "denied" (an RLS or privilege error).
 */
useTestDatabase();
/** The test org's zone (the default): its "today" is the stays' and answers' day, not the UTC date (which runs ahead every evening). */
const ORG_ZONE = "America/New_York";

type Outcome = number | "denied";
class Rollback extends Error {}

async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

const ROLES = ["owner", "admin", "house_manager", "staff", "resident", "public_form"] as const;
type Who = (typeof ROLES)[number];

let fx: OrgFixture;
const ctx = {} as Record<Who, TenantContext>;
let target: { userId: string; membershipId: string };
let residentMemberId: string;
let staffInviteId: string;
let outsiderId: string;
let otherOrgOwner: TenantContext;
let homeBed: string;
let homeBed2: string;
let elsewhereResidentId: string;

beforeAll(async () => {
  fx = await makeOperator();
  const home = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const elsewhere = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const admin = await makeMember(fx, "admin");
  const manager = await makeMember(fx, "house_manager", [home.houseId]);
  const staff = await makeMember(fx, "staff", [home.houseId]);
  const resident = await makeMember(fx, "resident");
  residentMemberId = resident.membershipId;
  target = await makeMember(fx, "staff", [home.houseId]);
  ctx.owner = fx.owner;
  ctx.admin = admin.ctx;
  ctx.house_manager = manager.ctx;
  ctx.staff = staff.ctx;
  ctx.resident = resident.ctx;
  ctx.public_form = { orgId: fx.orgId, userId: null, role: null };
  // A resident living in the other house (invisible to this house's manager and staff),
  // with a pending portal invitation; and a pending staff invitation.
  const { residentId: elsewhereResident } = await makeStay(fx.owner, elsewhere.bedIds[0]!, todayIn(ORG_ZONE));
  homeBed = home.bedIds[0]!;
  homeBed2 = home.bedIds[1]!;
  elsewhereResidentId = elsewhereResident;
  await withTenant(fx.owner, async (tx) => {
    staffInviteId = randomUUID();
    await tx
      .insertInto("invite")
      .values([
        { id: staffInviteId, org_id: fx.orgId, email: "new.staff@example.test", role: "staff", token_hash: randomUUID(), invited_by: fx.ownerId, expires_at: new Date(Date.now() + 86_400_000) },
        { org_id: fx.orgId, email: "resident@example.test", role: "resident", resident_id: elsewhereResident, token_hash: randomUUID(), invited_by: fx.ownerId, expires_at: new Date(Date.now() + 86_400_000) },
      ])
      .execute();
  });
  outsiderId = (await makeUser()).id;
  const other = await makeOperator();
  otherOrgOwner = other.owner;
});

async function row(op: (tx: Tx) => Promise<number>): Promise<Record<Who, Outcome>> {
  const out = {} as Record<Who, Outcome>;
  for (const who of ROLES) out[who] = await attempt(ctx[who], op);
  return out;
}
const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

describe("role × table × verb, in SQL with the app's settings", () => {
  it("membership", async () => {
    // 6 memberships: owner, admin, manager, staff, resident, target staff.
    expect(await row(async (tx) => (await sql`select id from membership where org_id = current_org_id()`.execute(tx)).rows.length)).toEqual({
      owner: 6, admin: 6, house_manager: 5, staff: 5, resident: 1, public_form: 0,
    });
    expect(
      await row(async (tx) => affected(await sql`insert into membership (org_id, user_id, role) values (current_org_id(), ${outsiderId}, 'staff')`.execute(tx))),
    ).toEqual({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" });
    // Only an owner makes an owner.
    expect(
      await row(async (tx) => affected(await sql`insert into membership (org_id, user_id, role) values (current_org_id(), ${outsiderId}, 'owner')`.execute(tx))),
    ).toEqual({ owner: 1, admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" });
    expect(await row(async (tx) => affected(await sql`update membership set role = 'admin' where id = ${target.membershipId}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    // Self-escalation: make my own membership owner.
    expect(
      await row(async (tx) => affected(await sql`update membership set role = 'owner' where user_id = current_app_user_id() and org_id = current_org_id()`.execute(tx))),
    ).toEqual({ owner: 1, admin: "denied", house_manager: 0, staff: 0, resident: 0, public_form: 0 });
    expect(await row(async (tx) => affected(await sql`delete from membership where id = ${target.membershipId}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    expect(await row(async (tx) => affected(await sql`delete from membership where id = ${residentMemberId}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    // An org's owner cannot act on another org's memberships.
    expect(await attempt(otherOrgOwner, async (tx) => affected(await sql`delete from membership where id = ${target.membershipId}`.execute(tx)))).toBe(0);
  });

  it("invite", async () => {
    // 2 pending: staff, and a resident of another house.
    expect(await row(async (tx) => (await sql`select id from invite where org_id = current_org_id()`.execute(tx)).rows.length)).toEqual({
      owner: 2, admin: 2, house_manager: 1, staff: 1, resident: 0, public_form: 0,
    });
    const invite = (role: string) => async (tx: Tx) =>
      affected(
        await sql`insert into invite (org_id, email, role, token_hash, invited_by, expires_at)
          values (current_org_id(), 'someone@example.test', ${role}, ${randomUUID()}, current_app_user_id(), now() + interval '1 day')`.execute(tx),
      );
    expect(await row(invite("staff"))).toEqual({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" });
    expect(await row(invite("owner"))).toEqual({ owner: 1, admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" });
    expect(await row(async (tx) => affected(await sql`update invite set revoked_at = now() where id = ${staffInviteId}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    // Rewriting an invitation (its role, its address) is nobody's business.
    expect(await row(async (tx) => affected(await sql`update invite set role = 'owner' where id = ${staffInviteId}`.execute(tx)))).toEqual({
      owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied",
    });
    expect(await row(async (tx) => affected(await sql`delete from invite where id = ${staffInviteId}`.execute(tx)))).toEqual({
      owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied",
    });
  });

  it("org", async () => {
    expect(await row(async (tx) => (await sql`select id from org where id = current_org_id()`.execute(tx)).rows.length)).toEqual({
      owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1, public_form: 1,
    });
    expect(await row(async (tx) => affected(await sql`update org set name = 'Renamed' where id = current_org_id()`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    // The slug and the creation time are not the app's to change.
    expect(await row(async (tx) => affected(await sql`update org set slug = 'taken-over' where id = current_org_id()`.execute(tx)))).toEqual({
      owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied",
    });
    // No context at all (no user, no org, no purpose): no orgs, no memberships, no invites.
    const nobody: TenantContext = { orgId: null, userId: null, role: null };
    expect(await attempt(nobody, async (tx) => (await sql`select id from org`.execute(tx)).rows.length)).toBe(0);
    expect(await attempt(nobody, async (tx) => (await sql`select id from membership`.execute(tx)).rows.length)).toBe(0);
    expect(await attempt(nobody, async (tx) => (await sql`select id from invite`.execute(tx)).rows.length)).toBe(0);
  });

  it("audit_event: the app chooses only action, entity and data", async () => {
    for (const column of ["org_id", "actor_user_id", "ip", "request_id", "created_at"]) {
      const value = column === "created_at" ? "1990-01-01" : column.endsWith("_id") && column !== "request_id" ? outsiderId : "forged";
      const out = await attempt(ctx.owner, async (tx) =>
        affected(await sql`insert into audit_event (action, ${sql.ref(column)}) values ('forged', ${value})`.execute(tx)),
      );
      expect([column, out]).toEqual([column, "denied"]);
    }
    const stamped = await withTenant({ ...ctx.admin, requestId: "req-1", ip: "203.0.113.9" }, async (tx) => {
      await sql`insert into audit_event (action) values ('test.stamped')`.execute(tx);
      return (
        await sql<{ org_id: string; actor_user_id: string; request_id: string; ip: string; recent: boolean }>`
          select org_id, actor_user_id, request_id, ip, created_at = now() as recent from audit_event where action = 'test.stamped'`.execute(tx)
      ).rows[0];
    });
    expect(stamped).toEqual({ org_id: fx.orgId, actor_user_id: ctx.admin.userId, request_id: "req-1", ip: "203.0.113.9", recent: true });
  });

  it("referral, referral_event, referral_handoff, referral_followup (0039: the resident's house, owners and admins)", async () => {
    // A resident of this house linked to the resident member, and one in the other house; a referral each.
    const { residentId: mine } = await makeStay(fx.owner, homeBed, todayIn(ORG_ZONE));
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: mine, userId: ctx.resident.userId! }));
    const serviceId = (await withTenant(fx.owner, (tx) => createService(tx, fx.orgId, { name: "Job club", organizationName: "Works", description: "", categories: ["employment"], languages: [] }, "2026-01-01"))).id;
    const ids: Record<string, string> = {};
    for (const [key, rid] of [["mine", mine], ["elsewhere", elsewhereResidentId]] as const) {
      ids[key] = (await withTenant(fx.owner, (tx) => createReferral(tx, rid, { serviceId, reason: "Work", urgency: "routine", goalId: null }))).id;
      await withTenant(fx.owner, (tx) => addHandoff(tx, rid, ids[key]!, { introducedBy: "Dana", method: "in_person", contactName: "Rita", happenedOn: "2026-01-02" }));
      await withTenant(fx.owner, (tx) => addFollowup(tx, rid, ids[key]!, { dueOn: "2026-01-03", task: "Call" }));
    }
    const seen = { owner: 2, admin: 2, house_manager: 1, staff: 1, resident: 1, public_form: 0 };
    for (const table of ["referral", "referral_event", "referral_handoff", "referral_followup"]) {
      const rows = await row(async (tx) => (await sql`select distinct ${sql.ref(table === "referral" ? "id" : "referral_id")} from ${sql.table(table)}`.execute(tx)).rows.length);
      expect([table, rows]).toEqual([table, seen]);
    }
    const writers = { owner: 1, admin: 1, house_manager: 1, staff: 1, resident: "denied", public_form: "denied" };
    expect(
      await row(async (tx) => affected(await sql`insert into referral (org_id, resident_id, service_id, reason) values (current_org_id(), ${mine}, ${serviceId}, 'r')`.execute(tx))),
    ).toEqual(writers);
    expect(
      await row(async (tx) => affected(await sql`insert into referral_followup (org_id, resident_id, referral_id, due_on, task) values (current_org_id(), ${mine}, ${ids.mine}, '2026-02-01', 't')`.execute(tx))),
    ).toEqual(writers);
    expect(await row(async (tx) => affected(await sql`update referral set reason = 'changed' where id = ${ids.mine}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 0, public_form: 0,
    });
    // Staff of this house change nothing of the other house's resident.
    expect(await row(async (tx) => affected(await sql`update referral set reason = 'changed' where id = ${ids.elsewhere}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    for (const table of ["referral", "referral_event", "referral_handoff", "referral_followup"]) {
      const out = await row(async (tx) => affected(await sql`delete from ${sql.table(table)} where org_id = current_org_id()`.execute(tx)));
      expect([table, out]).toEqual([table, { owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" }]);
    }
  });

  it("plan_goal, plan_step, plan_event (0034, 0048: the resident and their house's team; a resident's step is only a proposal)", async () => {
    // The resident member's own resident (linked by the referral cell, or here), and one in the other house.
    const linked = await withTenant(fx.owner, (tx) => tx.selectFrom("resident").select("id").where("user_id", "=", ctx.resident.userId!).executeTakeFirst());
    let mine = linked?.id;
    if (!mine) {
      mine = (await makeStay(fx.owner, homeBed2, todayIn(ORG_ZONE))).residentId;
      await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: mine!, userId: ctx.resident.userId! }));
    }
    const goal: Record<string, string> = {};
    const step: Record<string, string> = {};
    for (const [key, rid] of [["mine", mine], ["elsewhere", elsewhereResidentId]] as const) {
      goal[key] = (await withTenant(fx.owner, (tx) => addGoal(tx, { residentId: rid }, { dimension: "home", title: "A goal" }))).id;
      step[key] = (await withTenant(fx.owner, (tx) => addStep(tx, rid, { goalId: goal[key]!, body: "A step" }))).id;
    }
    const proposal = (await withTenant(ctx.resident, (tx) => proposeStep(tx, { goalId: goal.mine!, body: "My idea" }))).id;
    for (const table of ["plan_goal", "plan_step", "plan_event"]) {
      const rows = await row(async (tx) => (await sql`select distinct resident_id from ${sql.table(table)}`.execute(tx)).rows.length);
      expect([table, rows]).toEqual([table, { owner: 2, admin: 2, house_manager: 1, staff: 1, resident: 1, public_form: 0 }]);
    }
    const insertStep = (status: string) => row(async (tx) => affected(await sql`insert into plan_step (org_id, resident_id, goal_id, body, status) values (current_org_id(), ${mine}, ${goal.mine}, 'b', ${status})`.execute(tx)));
    expect(await insertStep("active")).toEqual({ owner: 1, admin: 1, house_manager: 1, staff: 1, resident: "denied", public_form: "denied" });
    expect(await insertStep("proposed")).toEqual({ owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: 1, public_form: "denied" });
    // Accepting a proposal: the team, never the resident who made it.
    expect(await row(async (tx) => affected(await sql`update plan_step set status = 'active' where id = ${proposal}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 0, public_form: 0,
    });
    // Ticking an active step: the team and the resident.
    expect(await row(async (tx) => affected(await sql`update plan_step set done_on = current_date where id = ${step.mine}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1, public_form: 0,
    });
    // Staff of this house change nothing of the other house's resident.
    expect(await row(async (tx) => affected(await sql`update plan_step set body = 'changed' where id = ${step.elsewhere}`.execute(tx)))).toEqual({
      owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, public_form: 0,
    });
    for (const table of ["plan_goal", "plan_step", "plan_event"]) {
      const out = await row(async (tx) => affected(await sql`delete from ${sql.table(table)} where org_id = current_org_id()`.execute(tx)));
      expect([table, out]).toEqual([table, { owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" }]);
    }
  });

  it("needs_screening, checkin (0034, 0042: the resident and their house's team; the resident answers their own check-in, never a screening)", async () => {
    const linked = await withTenant(fx.owner, (tx) => tx.selectFrom("resident").select("id").where("user_id", "=", ctx.resident.userId!).executeTakeFirst());
    let mine = linked?.id;
    if (!mine) {
      mine = (await makeStay(fx.owner, homeBed2, todayIn(ORG_ZONE))).residentId;
      await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: mine!, userId: ctx.resident.userId! }));
    }
    const day = todayIn(ORG_ZONE); // the stays began today
    const answers = Object.fromEntries(NEED_CODES.map((c) => [c, "no" as const]));
    const scores = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i + 1}`, "4"]));
    for (const rid of [mine, elsewhereResidentId]) {
      await withTenant(fx.owner, (tx) => recordScreening(tx, rid, { answeredOn: day, ...answers, job_training: "yes" } as Parameters<typeof recordScreening>[2]));
      await withTenant(fx.owner, (tx) => recordPaperCheckin(tx, rid, { takenOn: day, ...scores }));
    }
    for (const table of ["needs_screening", "checkin"]) {
      const rows = await row(async (tx) => (await sql`select distinct resident_id from ${sql.table(table)}`.execute(tx)).rows.length);
      expect([table, rows]).toEqual([table, { owner: 2, admin: 2, house_manager: 1, staff: 1, resident: 1, public_form: 0 }]);
    }
    const insertScreening = (rid: string) =>
      row(async (tx) => affected(await sql`insert into needs_screening (org_id, resident_id, answered_on, needs, declined) values (current_org_id(), ${rid}, ${day}, '{food}', '{}')`.execute(tx)));
    expect(await insertScreening(mine)).toEqual({ owner: 1, admin: 1, house_manager: 1, staff: 1, resident: "denied", public_form: "denied" });
    expect(await insertScreening(elsewhereResidentId)).toEqual({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" });
    // The check-in's trigger looks for the resident's stay as the caller: one it cannot see is refused there.
    const insertCheckin = (rid: string) =>
      row(async (tx) => {
        try {
          return affected(await sql`insert into checkin (org_id, resident_id, taken_on, scores) values (current_org_id(), ${rid}, ${day}, '{4,4,4,4,4,4,4,4,4,4}')`.execute(tx));
        } catch (error) {
          if (/taken while living in a house/.test(String(error))) throw new Error("permission denied: no stay the caller can see");
          throw error;
        }
      });
    expect(await insertCheckin(mine)).toEqual({ owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1, public_form: "denied" });
    expect(await insertCheckin(elsewhereResidentId)).toEqual({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" });
    // Answers are history: nobody changes or deletes them.
    for (const [table, set] of [["needs_screening", sql`needs = '{}'`], ["checkin", sql`scores = '{1,1,1,1,1,1,1,1,1,1}'`]] as const) {
      const upd = await row(async (tx) => affected(await sql`update ${sql.table(table)} set ${set} where org_id = current_org_id()`.execute(tx)));
      expect([table, "update", upd]).toEqual([table, "update", { owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" }]);
      const del = await row(async (tx) => affected(await sql`delete from ${sql.table(table)} where org_id = current_org_id()`.execute(tx)));
      expect([table, "delete", del]).toEqual([table, "delete", { owner: "denied", admin: "denied", house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied" }]);
    }
  });
});

describe("audit grants and certifier reads (0046, 0049), role × table × verb", () => {
  it("operators' owners and admins issue and revoke; certifier roles read only what an active grant covers, never residents", async () => {
    const { makeOrg } = await import("#tests/support/factories");
    const { issueGrant } = await import("#app/domain/grants/grants.server");
    const { startAssessment, submitAssessment } = await import("#app/domain/standards/assessments.server");
    const { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } = await import("#db/migrations/0040_standards");
    const certifierOf = async () => {
      const org = await makeOrg({ kind: "certifier" });
      const admin = await makeUser({ orgId: org.id, role: "certifier_admin" });
      const auditor = await makeUser({ orgId: org.id, role: "auditor" });
      return { id: org.id, admin: { orgId: org.id, userId: admin.id, role: "certifier_admin" } as TenantContext, auditor: { orgId: org.id, userId: auditor.id, role: "auditor" } as TenantContext };
    };
    const granted = await certifierOf();
    const stranger = await certifierOf();
    const house = (await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
    await makeStay(fx.owner, (await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 })).bedIds[0]!, todayIn(ORG_ZONE));
    await withTenant(fx.owner, async (tx) => {
      const { id } = await startAssessment(tx, { houseId: house, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 2 });
      await submitAssessment(tx, id);
      await issueGrant(tx, { certifierOrgId: granted.id, houseIds: [house], scope: "review", startsOn: todayIn(ORG_ZONE) });
    });
    const who = { ...ctx, certifier_admin: granted.admin, auditor: granted.auditor, other_auditor: stranger.auditor } as Record<string, TenantContext>;
    const matrix = async (op: (tx: Tx) => Promise<number>) => {
      const out: Record<string, Outcome> = {};
      for (const [name, c] of Object.entries(who)) out[name] = await attempt(c, op);
      return out;
    };
    const count = (q: string) => async (tx: Tx) => (await sql.raw(q).execute(tx)).rows.length;
    const none = { house_manager: 0, staff: 0, resident: 0, public_form: 0, other_auditor: 0 };
    expect(await matrix(count("select id from audit_grant"))).toEqual({ owner: 1, admin: 1, ...none, certifier_admin: 1, auditor: 1 });
    expect(await matrix(async (tx) => (await tx.insertInto("audit_grant").values({ org_id: sql<string>`current_org_id()`, certifier_org_id: stranger.id, starts_on: "2026-01-01" }).returning("id").execute()).length))
      .toEqual({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", public_form: "denied", certifier_admin: "denied", auditor: "denied", other_auditor: "denied" });
    expect(await matrix(async (tx) => Number((await tx.updateTable("audit_grant").set({ revoked_at: sql`now()`, revoked_by: sql`current_app_user_id()` }).executeTakeFirst()).numUpdatedRows)))
      .toEqual({ owner: 1, admin: 1, ...none, certifier_admin: 0, auditor: 0 });
    // What a certifier reads of the operator: the covered house, its submitted assessment and items — no resident, no stay.
    const theirs = (q: string) => count(`${q} and org_id = '${fx.orgId}'`);
    const reads = {
      house: await matrix(theirs(`select id from house where id = '${house}'`)),
      assessment: await matrix(theirs(`select id from assessment where house_id = '${house}'`)),
      items: await matrix(async (tx) => Number((await sql<{ n: number }>`select count(*)::int as n from assessment_item where org_id = ${fx.orgId}::uuid`.execute(tx)).rows[0]!.n > 0)),
      resident: await matrix(theirs("select id from resident where true")),
      stay: await matrix(theirs("select id from stay where true")),
    };
    for (const [table, cells] of Object.entries(reads)) {
      expect([cells.certifier_admin, cells.auditor, cells.other_auditor], table).toEqual(table === "resident" || table === "stay" ? [0, 0, 0] : [1, 1, 0]);
    }
    // Issue 12's resident tables in the granted house: a certifier's roles see none of them and write none
    // (a certifier reads a resident's evidence only through certifier_disclose_evidence, under consent: ADR 054).
    const { residentId: inHouse } = await makeStay(fx.owner, (await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 })).bedIds[0]!, todayIn(ORG_ZONE));
    const granted2 = (await withTenant(fx.owner, (tx) => tx.selectFrom("stay").select("house_id").where("resident_id", "=", inHouse).executeTakeFirstOrThrow())).house_id;
    await withTenant(fx.owner, (tx) => issueGrant(tx, { certifierOrgId: granted.id, houseIds: [granted2], scope: "review", startsOn: todayIn(ORG_ZONE) }));
    const { prepareConsent } = await import("#app/domain/consents/consents.server");
    const svc = (await withTenant(fx.owner, (tx) => createService(tx, fx.orgId, { name: "Clinic", organizationName: "Care Co", description: "", categories: ["primary_care"], languages: [] }, "2026-01-01"))).id;
    await withTenant(fx.owner, async (tx) => {
      const g = await addGoal(tx, { residentId: inHouse }, { dimension: "health", title: "See a doctor" });
      await addStep(tx, inHouse, { goalId: g.id, body: "Call the clinic" });
      await recordScreening(tx, inHouse, { answeredOn: todayIn(ORG_ZONE), ...Object.fromEntries(NEED_CODES.map((c) => [c, "no" as const])) } as Parameters<typeof recordScreening>[2]);
      await recordPaperCheckin(tx, inHouse, { takenOn: todayIn(ORG_ZONE), ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i + 1}`, "5"])) });
      const r = await createReferral(tx, inHouse, { serviceId: svc, reason: "Check-up", urgency: "routine", goalId: g.id });
      await addHandoff(tx, inHouse, r.id, { introducedBy: "Dana", method: "in_person", contactName: "Rita", happenedOn: "2026-01-02" });
      await addFollowup(tx, inHouse, r.id, { dueOn: "2026-01-03", task: "Call" });
      await prepareConsent(tx, inHouse, { recipientKind: "organisation", recipientName: "Care Co", purpose: "referral", information: ["referrals"], expiresOn: "2099-12-31", expiryEvent: null });
    });
    const residentTables = ["plan_goal", "plan_step", "plan_event", "needs_screening", "checkin", "referral", "referral_event", "referral_handoff", "referral_followup", "consent", "disclosure"];
    for (const table of residentTables) {
      const cells = await matrix(count(`select id from ${table} where org_id = '${fx.orgId}'`));
      if (table !== "disclosure") expect([table, Number(cells.owner) > 0]).toEqual([table, true]); // the rows exist
      expect([table, cells.certifier_admin, cells.auditor, cells.other_auditor]).toEqual([table, 0, 0, 0]);
      const upd = await matrix(async (tx) => affected(await sql`update ${sql.table(table)} set org_id = org_id where org_id = ${fx.orgId}::uuid`.execute(tx)));
      expect([table, upd.certifier_admin, upd.auditor]).toEqual([table, "denied", "denied"]); // no privilege at all
    }
    expect(reads.house.resident).toBe(0);
    expect(reads.assessment.staff).toBe(0);
    expect(reads.assessment.owner).toBe(1);
  });
});

describe("standards library (0040; ADR 059), role × table × verb", () => {
  it("a certifier's administrator writes its own drafts only; auditors read them; other orgs read only published versions; nobody changes a published one", async () => {
    const { makeCertifier } = await import("#tests/support/certification");
    const { cloneStandard } = await import("#app/domain/standards/standards.server");
    const { publishDraft } = await import("#app/domain/standards/editor.server");
    const { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } = await import("#db/migrations/0040_standards");
    const k = await makeCertifier();
    const stranger = await makeCertifier();
    const built = { standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID };
    const draft = (await withTenant(k.admin, (tx) => cloneStandard(tx, { ...built, version: "rm-draft" }))).id;
    const published = (await withTenant(k.admin, (tx) => cloneStandard(tx, { ...built, version: "rm-pub" }))).id;
    await withTenant(k.admin, (tx) => publishDraft(tx, published));
    const who = { ...ctx, certifier_admin: k.admin, auditor: k.auditor, other_admin: stranger.admin } as Record<string, TenantContext>;
    const matrix = async (op: (tx: Tx) => Promise<number>) => {
      const out: Record<string, Outcome | "refused"> = {};
      for (const [name, c] of Object.entries(who)) {
        try {
          out[name] = await attempt(c, op);
        } catch (error) {
          if (!/published standard cannot change/.test(String(error))) throw error;
          out[name] = "refused";
        }
      }
      return out;
    };
    const operators = (v: Outcome | "refused") => ({ owner: v, admin: v, house_manager: v, staff: v, resident: v, public_form: v });
    const items = (id: string) => async (tx: Tx) => (await sql`select id from standard_item where standard_id = ${id}::uuid`.execute(tx)).rows.length > 0 ? 1 : 0;
    expect(await matrix(items(draft))).toEqual({ ...operators(0), certifier_admin: 1, auditor: 1, other_admin: 0 });
    expect(await matrix(items(published))).toEqual({ ...operators(1), certifier_admin: 1, auditor: 1, other_admin: 1 });
    const setText = (id: string) => async (tx: Tx) => affected(await sql`update standard_item set text = 'x' where standard_id = ${id}::uuid and code = '1.A.1.a'`.execute(tx));
    expect(await matrix(setText(draft))).toEqual({ ...operators(0), certifier_admin: 1, auditor: 0, other_admin: 0 });
    expect(await matrix(setText(published))).toEqual({ ...operators(0), certifier_admin: "refused", auditor: 0, other_admin: 0 });
    const insert = (id: string, orgId: string) => async (tx: Tx) =>
      affected(await sql`insert into standard_item (org_id, standard_id, code, position, text, level_1, level_2, level_3, level_4)
        values (${orgId}::uuid, ${id}::uuid, '1.A.1.zz', 1, 'x', 'na', 'na', 'na', 'na')`.execute(tx));
    expect(await matrix(insert(draft, k.orgId))).toEqual({ ...operators("denied"), certifier_admin: 1, auditor: "denied", other_admin: "denied" });
    const del = (id: string) => async (tx: Tx) => affected(await sql`delete from standard_item where standard_id = ${id}::uuid and code = '1.A.1.a'`.execute(tx));
    expect(await matrix(del(draft))).toEqual({ ...operators(0), certifier_admin: 1, auditor: 0, other_admin: 0 });
    expect(await matrix(del(published))).toEqual({ ...operators(0), certifier_admin: "refused", auditor: 0, other_admin: 0 });
    const rename = (id: string) => async (tx: Tx) => affected(await sql`update standard_heading set title = 'x' where standard_id = ${id}::uuid and kind = 'domain' and code = '1'`.execute(tx));
    expect(await matrix(rename(draft))).toEqual({ ...operators(0), certifier_admin: 1, auditor: 0, other_admin: 0 });
    // Headings (0061): added and deleted by the certifier's administrator on its own draft only.
    const addHeading = (id: string, orgId: string) => async (tx: Tx) =>
      affected(await sql`insert into standard_heading (org_id, standard_id, kind, code, parent_code, title) values (${orgId}::uuid, ${id}::uuid, 'domain', '9', null, 'x')`.execute(tx));
    expect(await matrix(addHeading(draft, k.orgId))).toEqual({ ...operators("denied"), certifier_admin: 1, auditor: "denied", other_admin: "denied" });
    // A published version: the trigger refuses before the policy is asked, for everyone.
    const addToPublished = await matrix(addHeading(published, k.orgId));
    expect(Object.values(addToPublished)).not.toContain(1);
    expect(addToPublished.certifier_admin).toBe("refused");
    const dropHeading = (id: string) => async (tx: Tx) => affected(await sql`delete from standard_heading where standard_id = ${id}::uuid and kind = 'section' and code = '31'`.execute(tx));
    expect(await matrix(dropHeading(draft))).toEqual({ ...operators(0), certifier_admin: 1, auditor: 0, other_admin: 0 });
    expect(await matrix(dropHeading(published))).toEqual({ ...operators(0), certifier_admin: "refused", auditor: 0, other_admin: 0 });
    const publish = (id: string) => async (tx: Tx) => affected(await sql`update standard set status = 'published', published_at = now() where id = ${id}::uuid`.execute(tx));
    expect(await matrix(publish(draft))).toEqual({ ...operators(0), certifier_admin: 1, auditor: 0, other_admin: 0 });
    expect(await matrix(publish(published))).toEqual({ ...operators(0), certifier_admin: "refused", auditor: 0, other_admin: 0 });
    const create = async (tx: Tx) => affected(await sql`insert into standard (org_id, name, version, publisher) values (current_org_id(), 'Mine', 'rm-1', 'Me')`.execute(tx));
    expect(await matrix(create)).toEqual({ ...operators("denied"), certifier_admin: 1, auditor: "denied", other_admin: 1 });
  });
});
