import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import { addMonth, getCheckins, houseCheckinSummary, recordPaperCheckin, recordScreening, takeCheckin, listScreenings } from "./checkins.server";
import { CHECKIN_STATEMENTS, PLAN_DIMENSIONS, SCALE, SCALE_LABELS, suggestedCategories } from "./labels";
import { CheckinInput } from "./schemas";
import { addComment, addGoal, addStep, exportPlanForResident, getPlan, listGoals, proposeStep, reviewStep, setGoalStatus, setStepDone } from "./plan.server";

/**
 * Recovery plans, screenings and check-ins under RLS (ADR 041): the resident and the staff of
 * their house (and owners/admins) see and write; other houses' staff, other residents and
 * other orgs see nothing; a resident's goal is a proposal; history is append-only.
 */
const t = useTestDatabase();
const ZONE = "America/New_York";
const today = todayIn(ZONE);

let fx: OrgFixture;
let other: OrgFixture;
let residentId: string;
let neighbourId: string;
let me: TenantContext;
let neighbour: TenantContext;
let manager: TenantContext;
let staff: TenantContext;
let elsewhere: TenantContext;
let admin: TenantContext;
let houseId: string;

const scores = (n: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i + 1}`, String(n)]));
const answers = (yes: string[] = [], skip: string[] = []) =>
  Object.fromEntries(["food", "housing_cost", "utilities", "transport", "school", "job_training", "insurance", "doctor", "safety", "support", "childcare", "legal"].map((c) => [c, yes.includes(c) ? "yes" : skip.includes(c) ? "skip" : "no"]));

async function residentWithAccount(bedId: string, moveIn: string) {
  const { residentId: id } = await makeStay(fx.owner, bedId, moveIn);
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: id, userId: user.id }));
  return { id, ctx: { orgId: fx.orgId, userId: user.id, role: "resident" as const } };
}

beforeAll(async () => {
  fx = await makeOperator();
  other = await makeOperator();
  const house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 6, house: { timeZone: ZONE } });
  const away = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  houseId = house.houseId;
  const a = await residentWithAccount(house.bedIds[0]!, addDays(today, -90));
  const b = await residentWithAccount(house.bedIds[1]!, addDays(today, -30));
  residentId = a.id;
  me = a.ctx;
  neighbourId = b.id;
  neighbour = b.ctx;
  manager = (await makeMember(fx, "house_manager", [houseId])).ctx;
  staff = (await makeMember(fx, "staff", [houseId])).ctx;
  elsewhere = (await makeMember(fx, "house_manager", [away.houseId])).ctx;
  admin = (await makeMember(fx, "admin")).ctx;
});

describe("a recovery plan", () => {
  it("staff add a goal with a step; the resident proposes one, comments and ticks the step; staff accept", async () => {
    const goal = await withTenant(staff, (tx) => addGoal(tx, { residentId }, { dimension: "purpose", title: "Finish a forklift course", targetOn: addDays(today, 60) }));
    expect(goal.status).toBe("active");
    const step = await withTenant(manager, (tx) => addStep(tx, residentId, { goalId: goal.id, body: "Call the training centre", targetOn: addDays(today, 7) }));
    // A resident's goal is a proposal whatever status they ask for.
    const proposal = await withTenant(me, (tx) => addGoal(tx, { self: true }, { dimension: "community", title: "Find a home group", targetOn: "" }));
    expect(proposal.status).toBe("proposed");
    await withTenant(me, (tx) => addComment(tx, { self: true }, { goalId: proposal.id, body: "Tuesday nights suit me." }));
    await withTenant(me, (tx) => setStepDone(tx, { self: true }, { stepId: step.id, done: "yes" }));
    await expectDomainError(withTenant(me, (tx) => setStepDone(tx, { self: true }, { stepId: step.id, done: "yes" })), "conflict");
    await withTenant(staff, (tx) => setGoalStatus(tx, residentId, { goalId: proposal.id, status: "active" }));

    const plan = await withTenant(me, (tx) => getPlan(tx, { self: true }));
    expect(plan.goals.map((g) => [g.title, g.dimension, g.status, g.proposedByResident])).toEqual([
      ["Finish a forklift course", "purpose", "active", false],
      ["Find a home group", "community", "active", true],
    ]);
    expect(plan.goals[0]!.targetOn).toBe(addDays(today, 60));
    expect(plan.goals[0]!.steps).toEqual([{ id: step.id, body: "Call the training centre", targetOn: addDays(today, 7), doneOn: today, status: "active", proposedByResident: false }]);
    expect(plan.events.map((e) => e.kind)).toEqual(["goal_accepted", "step_done", "comment", "goal_proposed", "step_added", "goal_added"]);
    expect(plan.events.find((e) => e.kind === "comment")).toMatchObject({ body: "Tuesday nights suit me.", byResident: true, goalId: proposal.id });
    expect((await withTenant(admin, (tx) => listGoals(tx, residentId))).length).toBe(2);
  });

  it("staff reads are audited; the words never reach the audit log", async () => {
    await withTenant(staff, (tx) => getPlan(tx, { residentId }));
    const events = await t.db.selectFrom("audit_event").select(["action", "data"]).where("org_id", "=", fx.orgId).where("action", "like", "plan.%").execute();
    expect(events.map((e) => e.action)).toContain("plan.viewed");
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["plan.goal_added", "plan.step_added", "plan.goal_proposed", "plan.commented", "plan.step_done", "plan.goal_accepted"]));
    expect(JSON.stringify(events)).not.toMatch(/forklift|Tuesday|home group/);
    // Reading one's own plan is not a staff read.
    const before = events.filter((e) => e.action === "plan.viewed").length;
    await withTenant(me, (tx) => getPlan(tx, { self: true }));
    const after = await t.db.selectFrom("audit_event").select("id").where("org_id", "=", fx.orgId).where("action", "=", "plan.viewed").execute();
    expect(after.length).toBe(before);
  });

  it("is hidden from other houses' staff, other residents and other orgs, and they cannot write", async () => {
    await expectDomainError(withTenant(elsewhere, (tx) => getPlan(tx, { residentId })), "not_found");
    await expectDomainError(withTenant(elsewhere, (tx) => addGoal(tx, { residentId }, { dimension: "home", title: "x" })), "forbidden");
    await expectDomainError(withTenant(other.owner, (tx) => getPlan(tx, { residentId })), "not_found");
    for (const ctx of [elsewhere, neighbour, other.owner]) {
      const seen = await withTenant(ctx, async (tx) => ({
        goals: (await tx.selectFrom("plan_goal").select("id").where("resident_id", "=", residentId).execute()).length,
        steps: (await tx.selectFrom("plan_step").select("id").where("resident_id", "=", residentId).execute()).length,
        events: (await tx.selectFrom("plan_event").select("id").where("resident_id", "=", residentId).execute()).length,
      }));
      expect(seen).toEqual({ goals: 0, steps: 0, events: 0 });
    }
    // The neighbour's own plan is theirs alone.
    const goal = await withTenant(neighbour, (tx) => addGoal(tx, { self: true }, { dimension: "health", title: "Walk daily" }));
    expect((await withTenant(me, (tx) => getPlan(tx, { self: true }))).goals.some((g) => g.id === goal.id)).toBe(false);
    // A resident cannot accept their own proposal or change a goal.
    await expectDomainError(withTenant(neighbour, (tx) => setGoalStatus(tx, neighbourId, { goalId: goal.id, status: "active" })), "forbidden");
    // Admins see every plan.
    expect((await withTenant(admin, (tx) => getPlan(tx, { residentId }))).goals.length).toBe(2);
  });

  it("refuses bad input on the field, and history cannot be changed", async () => {
    await expectDomainError(withTenant(staff, (tx) => addGoal(tx, { residentId }, { dimension: "wealth" as "home", title: "x" })), "invalid", { field: "dimension" });
    await expectDomainError(withTenant(staff, (tx) => addGoal(tx, { residentId }, { dimension: "home", title: " " })), "invalid", { field: "title" });
    await expectDomainError(withTenant(staff, (tx) => addStep(tx, residentId, { goalId: crypto.randomUUID(), body: "x" })), "not_found");
    await expectDomainError(withTenant(staff, (tx) => addComment(tx, { residentId }, { body: "x".repeat(1001) })), "invalid", { field: "body" });
    await expect(withTenant(fx.owner, (tx) => tx.updateTable("plan_event").set({ body: "changed" }).where("resident_id", "=", residentId).execute())).rejects.toThrow();
  });

  it("exports the resident's plan area for their data download, audited", async () => {
    const data = await withTenant(admin, (tx) => exportPlanForResident(tx, residentId));
    expect(data.goals.length).toBe(2);
    expect(data.history.length).toBeGreaterThanOrEqual(6);
    const audited = await t.db.selectFrom("audit_event").select("id").where("org_id", "=", fx.orgId).where("action", "=", "plan.exported").execute();
    expect(audited.length).toBe(1);
  });
});

describe("a resident proposes a step (ADR 052)", () => {
  const planStep = (id: string) => t.db.selectFrom("plan_step").select(["body", sql<string | null>`target_on::text`.as("targetOn"), "status", "proposed_by_resident as byResident", "done_on as doneOn"]).where("id", "=", id).executeTakeFirstOrThrow();
  const ownGoal = () => withTenant(manager, (tx) => addGoal(tx, { residentId }, { dimension: "home", title: "Save a deposit" }));

  it("waits as a proposal; staff add it with changed words, or not for now; the history keeps each", async () => {
    const goal = await ownGoal();
    const first = await withTenant(me, (tx) => proposeStep(tx, { goalId: goal.id, body: "Ask about Saturday shifts", targetOn: addDays(today, 10) }));
    const second = await withTenant(me, (tx) => proposeStep(tx, { goalId: goal.id, body: "Sell my old phone", targetOn: "" }));
    expect(await planStep(first.id)).toEqual({ body: "Ask about Saturday shifts", targetOn: addDays(today, 10), status: "proposed", byResident: true, doneOn: null });
    // A proposal is not on the plan yet: it cannot be marked done.
    await expectDomainError(withTenant(me, (tx) => setStepDone(tx, { self: true }, { stepId: first.id, done: "yes" })), "conflict");
    const seen = await withTenant(staff, (tx) => getPlan(tx, { residentId }));
    expect(seen.goals.find((g) => g.id === goal.id)!.steps.map((st) => [st.body, st.status, st.proposedByResident])).toEqual([
      ["Ask about Saturday shifts", "proposed", true],
      ["Sell my old phone", "proposed", true],
    ]);

    const r1 = await withTenant(staff, (tx) => reviewStep(tx, residentId, { stepId: first.id, decision: "accept", body: "Ask the manager about Saturday shifts", targetOn: addDays(today, 14) }));
    expect(r1).toEqual({ accepted: true, edited: true });
    expect(await planStep(first.id)).toEqual({ body: "Ask the manager about Saturday shifts", targetOn: addDays(today, 14), status: "active", byResident: true, doneOn: null });
    const r2 = await withTenant(manager, (tx) => reviewStep(tx, residentId, { stepId: second.id, decision: "decline", body: "ignored", targetOn: today }));
    expect(r2).toEqual({ accepted: false, edited: false });
    expect(await planStep(second.id)).toEqual({ body: "Sell my old phone", targetOn: null, status: "declined", byResident: true, doneOn: null });
    // Reviewed once.
    await expectDomainError(withTenant(staff, (tx) => reviewStep(tx, residentId, { stepId: second.id, decision: "accept" })), "conflict");
    await expect(withTenant(fx.owner, (tx) => tx.updateTable("plan_step").set({ status: "active" }).where("id", "=", second.id).execute())).rejects.toThrow(/plan_step_reviewed_once|accepted or declined once/);
    // The accepted step is the resident's to tick now.
    await withTenant(me, (tx) => setStepDone(tx, { self: true }, { stepId: first.id, done: "yes" }));

    const events = (await withTenant(me, (tx) => getPlan(tx, { self: true }))).events.filter((e) => e.goalId === goal.id);
    expect(events.map((e) => [e.kind, e.byResident])).toEqual([
      ["step_done", true],
      ["step_declined", false],
      ["step_accepted", false],
      ["step_edited", false],
      ["step_proposed", true],
      ["step_proposed", true],
      ["goal_added", false],
    ]);
    const audited = await t.db.selectFrom("audit_event").select(["action", "data"]).where("org_id", "=", fx.orgId).where("action", "in", ["plan.step_proposed", "plan.step_accepted", "plan.step_declined"]).execute();
    expect(audited.map((a) => a.action).sort()).toEqual(["plan.step_accepted", "plan.step_declined", "plan.step_proposed", "plan.step_proposed"]);
    expect(JSON.stringify(audited)).not.toMatch(/Saturday|phone/);
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const goal = await ownGoal();
    await expectDomainError(withTenant(me, (tx) => proposeStep(tx, { goalId: goal.id, body: " " })), "invalid", { field: "body" });
    await expectDomainError(withTenant(me, (tx) => proposeStep(tx, { goalId: crypto.randomUUID(), body: "x" })), "not_found");
    const proposal = await withTenant(me, (tx) => addGoal(tx, { self: true }, { dimension: "home", title: "Paint my room" }));
    await expectDomainError(withTenant(me, (tx) => proposeStep(tx, { goalId: proposal.id, body: "Buy paint" })), "conflict", { field: "goalId" });
    await expectDomainError(withTenant(staff, (tx) => reviewStep(tx, residentId, { stepId: crypto.randomUUID(), decision: "accept" })), "not_found");
    await expectDomainError(withTenant(staff, (tx) => reviewStep(tx, residentId, { stepId: crypto.randomUUID(), decision: "maybe" as "accept" })), "invalid", { field: "decision" });
    expect(await t.db.selectFrom("plan_step").select("id").where("goal_id", "in", [goal.id, proposal.id]).execute()).toEqual([]);
  });

  describe("RLS (0048): one input per rule", () => {
    const insertAs = (ctx: TenantContext, rid: string, goalId: string, status: "proposed" | "active") =>
      withTenant(ctx, (tx) => tx.insertInto("plan_step").values({ org_id: fx.orgId, resident_id: rid, goal_id: goalId, body: "A step", status }).returning("id").executeTakeFirstOrThrow());

    it("a resident inserts a proposal on their own plan (the control)", async () => {
      const goal = await ownGoal();
      const row = await insertAs(me, residentId, goal.id, "proposed");
      expect((await planStep(row.id)).byResident).toBe(true);
    });

    it("a resident cannot put a step straight on the plan (status active)", async () => {
      const goal = await ownGoal();
      await expect(insertAs(me, residentId, goal.id, "active")).rejects.toThrow(/row-level security/);
    });

    it("a resident cannot propose on another resident's plan", async () => {
      const goal = await ownGoal();
      await expect(insertAs(neighbour, residentId, goal.id, "proposed")).rejects.toThrow(/row-level security/);
    });

    it("staff of another house cannot add a step, even a proposal", async () => {
      const goal = await ownGoal();
      await expect(insertAs(elsewhere, residentId, goal.id, "active")).rejects.toThrow(/row-level security/);
    });

    it("a resident cannot accept (or decline) their own proposal", async () => {
      const goal = await ownGoal();
      const { id } = await withTenant(me, (tx) => proposeStep(tx, { goalId: goal.id, body: "Open a savings account" }));
      for (const status of ["active", "declined"] as const) {
        const res = await withTenant(me, (tx) => tx.updateTable("plan_step").set({ status }).where("id", "=", id).executeTakeFirst());
        expect(res.numUpdatedRows).toBe(0n);
      }
      await expectDomainError(withTenant(me, (tx) => reviewStep(tx, residentId, { stepId: id, decision: "accept" })), "forbidden");
      expect((await planStep(id)).status).toBe("proposed");
      // The same update by the staff of the house goes through.
      const res = await withTenant(staff, (tx) => tx.updateTable("plan_step").set({ status: "active" }).where("id", "=", id).executeTakeFirst());
      expect(res.numUpdatedRows).toBe(1n);
    });
  });
});

describe("the needs screening", () => {
  it("stores answers with the day and who answered, and suggests directory categories", async () => {
    await withTenant(staff, (tx) => recordScreening(tx, residentId, { answeredOn: today, ...answers(["food", "job_training"], ["legal"]) } as never));
    const [s] = await withTenant(staff, (tx) => listScreenings(tx, residentId));
    expect(s).toMatchObject({ answeredOn: today, needs: ["food", "job_training"], declined: ["legal"] });
    expect(s!.answeredBy).toBeTruthy();
    expect(suggestedCategories(s!.needs)).toEqual(["food", "benefits", "employment"]);
    await expectDomainError(withTenant(staff, (tx) => recordScreening(tx, residentId, { answeredOn: today, ...answers(), food: "maybe" } as never)), "invalid", { field: "food" });
    await expectDomainError(withTenant(elsewhere, (tx) => recordScreening(tx, residentId, { answeredOn: today, ...answers() } as never)), "forbidden");
    expect(await withTenant(neighbour, (tx) => tx.selectFrom("needs_screening").select("id").where("resident_id", "=", residentId).execute())).toEqual([]);
  });
});

describe("recovery-capital check-ins", () => {
  it("have about ten statements of our own covering the four dimensions, on a six-point agreement scale", () => {
    expect(CHECKIN_STATEMENTS.length).toBeGreaterThanOrEqual(8);
    expect(CHECKIN_STATEMENTS.length).toBeLessThanOrEqual(12);
    expect(new Set(CHECKIN_STATEMENTS.map((s) => s.text)).size).toBe(CHECKIN_STATEMENTS.length);
    expect(PLAN_DIMENSIONS).toEqual(["health", "home", "purpose", "community"]);
    for (const d of PLAN_DIMENSIONS) expect(CHECKIN_STATEMENTS.filter((s) => s.dimension === d).length, d).toBeGreaterThanOrEqual(2);
    expect([...SCALE]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.values(SCALE_LABELS)).toEqual(["Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"]);
    const all = (v: number) => Object.fromEntries(CHECKIN_STATEMENTS.map((_, i) => [`s${i + 1}`, String(v)]));
    expect(CheckinInput.safeParse(all(1)).success).toBe(true);
    expect(CheckinInput.safeParse(all(6)).success).toBe(true);
    expect(CheckinInput.safeParse(all(0)).success).toBe(false);
    expect(CheckinInput.safeParse(all(7)).success).toBe(false);
    expect(CheckinInput.safeParse({ ...all(3), [`s${CHECKIN_STATEMENTS.length}`]: undefined }).success).toBe(false);
  });

  it("are due at admission, then a month after the last; the resident takes their own today", async () => {
    expect((await withTenant(me, (tx) => getCheckins(tx, { self: true }))).due).toBe(true);
    await withTenant(staff, (tx) => recordPaperCheckin(tx, residentId, { takenOn: addDays(today, -80), ...scores(2) }));
    await expectDomainError(withTenant(staff, (tx) => recordPaperCheckin(tx, residentId, { takenOn: addDays(today, 1), ...scores(2) })), "invalid", { field: "takenOn" });
    await expectDomainError(withTenant(staff, (tx) => recordPaperCheckin(tx, residentId, { takenOn: addDays(today, -200), ...scores(2) })), "invalid", { field: "takenOn" });
    expect((await withTenant(me, (tx) => getCheckins(tx, { self: true }))).due).toBe(true);
    const taken = await withTenant(me, (tx) => takeCheckin(tx, scores(5)));
    expect(taken.takenOn).toBe(today);
    const view = await withTenant(me, (tx) => getCheckins(tx, { self: true }));
    expect(view.due).toBe(false);
    expect(view.nextDue).toBe(addMonth(today));
    expect(view.checkins.map((c) => [c.takenOn, c.scores[0]])).toEqual([[addDays(today, -80), 2], [today, 5]]);
    await expectDomainError(withTenant(me, (tx) => takeCheckin(tx, { ...scores(5), s3: "7" })), "invalid", { field: "s3" });
    await expectDomainError(withTenant(elsewhere, (tx) => getCheckins(tx, { residentId })), "not_found");
    await expectDomainError(withTenant(manager, (tx) => takeCheckin(tx, scores(3))), "forbidden");
  });

  it("summarise a house anonymously, with no figures below three residents", async () => {
    let summary = (await withTenant(manager, (tx) => houseCheckinSummary(tx, houseId))).months;
    const month = today.slice(0, 7);
    expect(summary.find((m) => m.month === month)).toEqual({ month, enough: false, residents: null, averages: null });
    await withTenant(neighbour, (tx) => takeCheckin(tx, scores(3)));
    const third = await residentWithAccount((await t.db.selectFrom("bed").innerJoin("room", "room.id", "bed.room_id").select("bed.id").where("room.house_id", "=", houseId).offset(2).limit(1).executeTakeFirstOrThrow()).id, addDays(today, -5));
    await withTenant(third.ctx, (tx) => takeCheckin(tx, { ...scores(4), s1: "1", s2: "1", s3: "1" }));
    summary = (await withTenant(manager, (tx) => houseCheckinSummary(tx, houseId))).months;
    // Health: (5 + 3 + 1) / 3 = 3; home: (5 + 3 + 4) / 3 = 4.
    expect(summary.find((m) => m.month === month)).toEqual({ month, enough: true, residents: 3, averages: { health: 3, home: 4, purpose: 4, community: 4 } });
    expect(addMonth("2026-01-31")).toBe("2026-02-28");
    // Another house's staff get nothing, not even the months: the house is not found.
    await expectDomainError(withTenant(elsewhere, (tx) => houseCheckinSummary(tx, houseId)), "not_found");
  });

  it("the summary counts a month's residents who have moved out since (staff cannot read their rows)", async () => {
    const zone = ZONE;
    const house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: zone } });
    const houseStaff = (await makeMember(fx, "staff", [house.houseId])).ctx;
    const day = addDays(today, -20);
    const people: string[] = [];
    for (const bed of house.bedIds) people.push((await makeStay(fx.owner, bed, addDays(today, -60))).residentId);
    for (const [i, id] of people.entries()) await withTenant(houseStaff, (tx) => recordPaperCheckin(tx, id, { takenOn: day, ...scores(i + 2) }));
    // One moves out: the house's staff no longer read that resident's check-ins…
    await t.db.updateTable("stay").set({ during: sql`daterange(lower(during), ${addDays(today, -10)}::date)`, end_type: "discharge", discharge_reason: "completed_program" }).where("resident_id", "=", people[0]!).execute();
    await expectDomainError(withTenant(houseStaff, (tx) => getCheckins(tx, { residentId: people[0]! })), "not_found");
    // …but the month still counts three residents: (2 + 3 + 4) / 3 = 3 on every dimension.
    const summary = (await withTenant(houseStaff, (tx) => houseCheckinSummary(tx, house.houseId))).months;
    expect(summary.find((m) => m.month === day.slice(0, 7))).toEqual({ month: day.slice(0, 7), enough: true, residents: 3, averages: { health: 3, home: 3, purpose: 3, community: 3 } });
  });

  it("marks answers staff entered from paper, naming who entered them; a resident's own are not marked", async () => {
    const rows = await t.db.selectFrom("checkin").select(["entered_by", "taken_on"]).where("resident_id", "=", residentId).orderBy("taken_on").execute();
    expect(rows.map((r) => r.entered_by)).toEqual([staff.userId, null]);
    const view = await withTenant(me, (tx) => getCheckins(tx, { self: true }));
    expect(view.checkins.map((c) => c.paper)).toEqual([true, false]);
  });
});
