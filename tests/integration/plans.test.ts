import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { addGoal } from "#app/domain/plans/plan.server";
import { createReferral } from "#app/domain/referrals/referrals.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { createService } from "#app/domain/services/directory.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The plan pages over HTTP (ADR 041): every form submitted and read back — staff add a goal
 * and a step, the resident proposes a goal, comments and ticks the step, staff accept; the
 * screening; the check-in — bad input refused with nothing written; other houses' staff 404.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);

let op: Operator;
let residentId: string;
let resident = "";
let staff = "";
let elsewhere = "";
let page = "";
let houseId = "";
let outsider = "";
const goals = async () => (await t.db.selectFrom("plan_goal").select("id").where("org_id", "=", op.orgId).execute()).length;

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
  const away = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  ({ residentId } = await makeStay(op.owner, house.bedIds[0]!, addDays(today, -20)));
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
  resident = await sessionCookieFor(user.id);
  staff = (await signedInMember(op, "staff", [house.houseId])).cookie;
  elsewhere = (await signedInMember(op, "house_manager", [away.houseId])).cookie;
  page = `/o/${op.slug}/residents/${residentId}/plan`;
  houseId = house.houseId;
  outsider = elsewhere;
});

describe("the recovery plan pages", () => {
  it("staff and the resident write the plan together, and every field reads back", async () => {
    expect((await post(client, page, staff, { intent: "goal", dimension: "purpose", title: "Start a forklift course", targetOn: addDays(today, 40) })).status).toBe(200);
    const goalId = (await t.db.selectFrom("plan_goal").select("id").where("org_id", "=", op.orgId).executeTakeFirstOrThrow()).id;
    expect((await post(client, page, staff, { intent: "step", goalId, body: "Call the training centre", targetOn: addDays(today, 5) })).status).toBe(200);
    const mine = `/o/${op.slug}/me/plan`;
    expect((await post(client, mine, resident, { intent: "goal", dimension: "community", title: "Find a home group", targetOn: "" })).status).toBe(200);
    expect((await post(client, mine, resident, { intent: "comment", goalId, body: "Mornings work best for me." })).status).toBe(200);
    const stepId = (await t.db.selectFrom("plan_step").select("id").where("org_id", "=", op.orgId).executeTakeFirstOrThrow()).id;
    expect((await post(client, mine, resident, { intent: "step-done", stepId, done: "yes" })).status).toBe(200);
    const proposal = (await t.db.selectFrom("plan_goal").select("id").where("org_id", "=", op.orgId).where("status", "=", "proposed").executeTakeFirstOrThrow()).id;
    expect((await post(client, page, staff, { intent: "status", goalId: proposal, status: "active" })).status).toBe(200);

    const seen = visibleText((await get(client, mine, resident)).html);
    expect(seen).toMatch(/Start a forklift course/);
    expect(seen).toMatch(/Working on it · by /);
    expect(seen).toMatch(/Done .*: Call the training centre/);
    expect(seen).toMatch(/Find a home group/);
    expect(seen).toMatch(/proposed by the resident/);
    expect(seen).toMatch(/Mornings work best for me\./);
    expect(seen).toMatch(/Your house team accepted a proposed goal \(Find a home group\)/);
    const staffSees = visibleText((await get(client, page, staff)).html);
    expect(staffSees).toMatch(/The resident commented \(Start a forklift course\)/);
  });

  it("refuses bad input on the field and writes nothing", async () => {
    const before = await goals();
    const res = await post(client, page, staff, { intent: "goal", dimension: "wealth", title: "", targetOn: "2026-02-30" });
    expect(res.status).toBe(400);
    expect(await goals()).toBe(before);
    expect((await post(client, page, staff, { intent: "nope" })).status).toBe(400);
  });

  it("the resident proposes a step; staff add one with changed words and not another for now; every field reads back (ADR 052)", async () => {
    const mine = `/o/${op.slug}/me/plan`;
    const goalId = (await withTenant(op.owner, (tx) => addGoal(tx, { residentId }, { dimension: "home", title: "Save a deposit", targetOn: null }))).id;
    const steps = () => t.db.selectFrom("plan_step").select(["id", "body", "target_on", "status", "proposed_by_resident"]).where("goal_id", "=", goalId).orderBy("created_at").execute();
    // Bad input: nothing written, the message on the field.
    const bad = await post(client, mine, resident, { intent: "step", goalId, body: "", targetOn: "2026-02-30" });
    expect(bad.status).toBe(400);
    expect(await steps()).toEqual([]);
    expect((await post(client, mine, resident, { intent: "step", goalId, body: "Ask about Saturday shifts", targetOn: addDays(today, 10) })).status).toBe(200);
    expect((await post(client, mine, resident, { intent: "step", goalId, body: "Sell my old phone", targetOn: "" })).status).toBe(200);
    const [first, second] = await steps();
    expect(first).toMatchObject({ body: "Ask about Saturday shifts", target_on: addDays(today, 10), status: "proposed", proposed_by_resident: true });
    expect(second).toMatchObject({ body: "Sell my old phone", target_on: null, status: "proposed", proposed_by_resident: true });
    expect(visibleText((await get(client, mine, resident)).html)).toMatch(/Proposed, waiting for a talk with the house team: Ask about Saturday shifts/);
    const staffHtml = (await get(client, page, staff)).html;
    expect(visibleText(staffHtml)).toMatch(/The resident proposed a step/);
    expect(staffHtml).toContain('value="Ask about Saturday shifts"');

    // The resident cannot review their own proposal: the page has no such form for them.
    expect((await post(client, mine, resident, { intent: "review-step", stepId: first!.id, decision: "accept" })).status).toBe(400);
    expect((await post(client, page, staff, { intent: "review-step", stepId: first!.id, decision: "accept", body: "", targetOn: "" })).status).toBe(200);
    expect((await post(client, page, staff, { intent: "review-step", stepId: second!.id, decision: "maybe" })).status).toBe(400);
    expect((await steps())[1]!.status).toBe("proposed");
    expect((await post(client, page, staff, { intent: "review-step", stepId: second!.id, decision: "decline" })).status).toBe(200);
    const [a, b] = await steps();
    expect(a).toMatchObject({ body: "Ask about Saturday shifts", target_on: null, status: "active" });
    expect(b).toMatchObject({ body: "Sell my old phone", status: "declined" });
    expect((await post(client, page, staff, { intent: "review-step", stepId: second!.id, decision: "accept", body: "x", targetOn: "" })).status).toBe(409);

    // With changed words and a date.
    expect((await post(client, mine, resident, { intent: "step", goalId, body: "Open an account", targetOn: "" })).status).toBe(200);
    const third = (await steps())[2]!;
    expect((await post(client, page, staff, { intent: "review-step", stepId: third.id, decision: "accept", body: "Open a savings account at the credit union", targetOn: addDays(today, 21) })).status).toBe(200);
    expect((await steps())[2]).toMatchObject({ body: "Open a savings account at the credit union", target_on: addDays(today, 21), status: "active", proposed_by_resident: true });
    const seen = visibleText((await get(client, mine, resident)).html);
    expect(seen).toMatch(/To do: Open a savings account at the credit union \(by /);
    expect(seen).toMatch(/Talked through, not added for now: Sell my old phone/);
    expect(seen).toMatch(/Your house team changed the words or date of a proposed step \(Save a deposit\)/);
    expect(seen).toMatch(/Your house team added a proposed step to the plan \(Save a deposit\)/);
    expect(seen).toMatch(/You proposed a step \(Save a deposit\)/);
  });

  it("each goal shows its linked referrals, to staff (to the referral's page) and to the resident (to their referrals)", async () => {
    const goalId = (await withTenant(op.owner, (tx) => addGoal(tx, { residentId }, { dimension: "purpose", title: "Find kitchen work", targetOn: null }))).id;
    const serviceId = (await withTenant(op.owner, (tx) => createService(tx, op.orgId, { name: "Harbor Job Club", organizationName: "Harbor Works", description: "Job club.", categories: ["employment"], languages: ["en"] }, today))).id;
    const { id } = await withTenant(op.owner, (tx) => createReferral(tx, residentId, { serviceId, reason: "Kitchen work.", urgency: "soon", goalId }));
    const staffHtml = (await get(client, page, staff)).html;
    expect(visibleText(staffHtml)).toMatch(/Find kitchen work.*Referrals for this goal\s*Harbor Job Club\s*·\s*Draft/s);
    expect(staffHtml).toContain(`href="/o/${op.slug}/residents/${residentId}/referrals/${id}"`);
    const mine = (await get(client, `/o/${op.slug}/me/plan`, resident)).html;
    expect(visibleText(mine)).toMatch(/Find kitchen work.*Referrals for this goal\s*Harbor Job Club\s*·\s*Draft/s);
    expect(mine).toContain(`href="/o/${op.slug}/me/referrals#referral-${id}"`);
    expect((await get(client, `/o/${op.slug}/me/referrals`, resident)).html).toContain(`id="referral-${id}"`);
  });

  it("other houses' staff get a 404, and a garbage id too", async () => {
    expect((await get(client, page, elsewhere)).status).toBe(404);
    // Before the form is read: a malformed form from outside the house is a 404 too.
    expect((await post(client, page, elsewhere, { intent: "goal", dimension: "home", title: "x", targetOn: "" })).status).toBe(404);
    expect((await post(client, page, elsewhere, { intent: "paper-checkin" })).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/residents/nope/plan`, staff)).status).toBe(404);
  });

  it("records a needs screening and suggests directory categories", async () => {
    const screening = `/o/${op.slug}/residents/${residentId}/screening`;
    const answers: Record<string, string> = { intent: "screening", answeredOn: today };
    for (const c of ["food", "housing_cost", "utilities", "transport", "school", "job_training", "insurance", "doctor", "safety", "support", "childcare", "legal"]) answers[c] = "no";
    expect((await post(client, screening, staff, { ...answers, job_training: "yes", legal: "skip" })).status).toBe(200);
    const html = (await get(client, screening, staff)).html;
    expect(visibleText(html)).toMatch(/Would you like help finding work or job training\?/);
    expect(visibleText(html)).toMatch(/1 question not answered/);
    expect(html).toContain(`/o/${op.slug}/services?category=employment`);
    expect((await post(client, screening, staff, { ...answers, food: "" })).status).toBe(400);
  });

  it("the resident takes a check-in and sees the trend table", async () => {
    const checkins = `/o/${op.slug}/me/check-ins`;
    const due = (await get(client, checkins, resident)).html;
    expect(visibleText(due)).toMatch(/A check-in is due/);
    // The form: ten statements (four dimensions, labels.ts), each a six-point agreement scale.
    for (let i = 1; i <= 10; i++) {
      expect(due.match(new RegExp(`type="radio"[^>]*name="s${i}"|name="s${i}"[^>]*type="radio"`, "g")) ?? []).toHaveLength(6);
    }
    expect(due).not.toContain('name="s11"');
    for (const label of ["Strongly disagree", "Somewhat disagree", "Somewhat agree", "Strongly agree"]) expect(due).toContain(label);
    const form: Record<string, string> = { intent: "checkin" };
    for (let i = 1; i <= 10; i++) form[`s${i}`] = String(i <= 3 ? 6 : 4);
    expect((await post(client, checkins, resident, { ...form, s4: "9" })).status).toBe(400);
    expect((await post(client, checkins, resident, form)).status).toBe(200);
    const seen = visibleText((await get(client, checkins, resident)).html);
    expect(seen).toMatch(/Your next one is due/);
    expect(seen).toMatch(/6\.0\s*4\.0\s*4\.0\s*4\.0/);
    // The trend: a server-rendered SVG chart (one line per dimension) and the same numbers in a table.
    const html = (await get(client, checkins, resident)).html;
    const svg = html.match(/<svg[^>]*role="img"[^>]*aria-labelledby="trend-title"[^>]*>([\s\S]*?)<\/svg>/);
    expect(svg, "the trend chart's <svg>").toBeTruthy();
    expect(svg![1]).toContain('<title id="trend-title">Check-in scores by dimension over time');
    expect(svg![1]!.match(/<polyline/g)).toHaveLength(4);
    const table = html.match(/<table[^>]*>([\s\S]*?)<\/table>/)?.[1] ?? "";
    expect(table).toContain("Scores by dimension (1 to 6)");
    expect(visibleText(table)).toMatch(/Health\s*Home\s*Purpose\s*Community/);
    expect(visibleText(table)).toMatch(/6\.0\s*4\.0\s*4\.0\s*4\.0/);
  });

  it("staff enter a check-in answered on paper: every answer and the day read back, marked as entered by staff, audited", async () => {
    const day = addDays(today, -3);
    const form: Record<string, string> = { intent: "paper-checkin", takenOn: day };
    // Health 2, 3, 4 → 3.0; home 5, 6 → 5.5; purpose 1, 2, 3 → 2.0; community 4, 5 → 4.5.
    [2, 3, 4, 5, 6, 1, 2, 3, 4, 5].forEach((v, i) => (form[`s${i + 1}`] = String(v)));
    const before = await t.db.selectFrom("checkin").select("id").where("resident_id", "=", residentId).execute();
    expect((await post(client, page, staff, { ...form, takenOn: addDays(today, 1) })).status).toBe(400);
    expect((await post(client, page, staff, { ...form, s10: "" })).status).toBe(400);
    expect((await post(client, page, elsewhere, form)).status).toBe(404);
    expect(await t.db.selectFrom("checkin").select("id").where("resident_id", "=", residentId).execute()).toHaveLength(before.length);
    const res = await post(client, page, staff, form);
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("marked as entered by staff");
    const row = await t.db.selectFrom("checkin").select(["taken_on", "scores", "entered_by"]).where("resident_id", "=", residentId).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    expect(row.scores).toEqual([2, 3, 4, 5, 6, 1, 2, 3, 4, 5]);
    expect(row.entered_by).not.toBeNull();
    const audit = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", op.orgId).where("action", "=", "checkin.recorded").execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    // The resident sees it in their trend, marked as entered from paper.
    const seen = visibleText((await get(client, `/o/${op.slug}/me/check-ins`, resident)).html);
    expect(seen).toMatch(/On paper, entered by staff\s*3\.0\s*5\.5\s*2\.0\s*4\.5/);
  });

  it("the house's check-in summary is anonymous: averages only, nothing below three residents, a tab for the house's staff", async () => {
    const summary = `/o/${op.slug}/houses/${houseId}/check-ins`;
    const board = (await get(client, `/o/${op.slug}/houses/${houseId}`, staff)).html;
    expect(board).toContain(`href="${summary}"`);
    const { status, html } = await get(client, summary, staff);
    expect(status).toBe(200);
    const text = visibleText(html);
    // One resident answered this house's check-ins: the months show no figures and no count.
    expect(text).toMatch(/Fewer than 3/);
    expect(text).toContain("Not shown");
    expect(text).not.toMatch(/\d\.\d/);
    const name = (await t.db.selectFrom("resident").select(["legal_name"]).where("id", "=", residentId).executeTakeFirstOrThrow()).legal_name;
    expect(text).not.toContain(name);
    expect((await get(client, summary, outsider)).status).toBe(404);
    expect((await get(client, summary, resident)).status).toBe(403);
    expect((await get(client, `/o/${op.slug}/houses/nope/check-ins`, staff)).status).toBe(404);
  });
});
