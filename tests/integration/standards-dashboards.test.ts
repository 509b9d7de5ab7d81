import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { moveCertification } from "#app/domain/certification/certification.server";
import { recordFile } from "#app/domain/files/files.server";
import { revokeGrant } from "#app/domain/grants/grants.server";
import { addCheck, addComplianceDocument, archiveComplianceDocument, logCheck } from "#app/domain/safety/safety.server";
import { answerItem, startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { addDays, todayIn } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier, type Certifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { submittedAssessment } from "#tests/support/review";
import { fakeStored } from "#tests/support/safety";
import { get } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The standards dashboards (issue 13, capability 9; ADR 058) over HTTP: every panel's numbers
 * against seeded rows with one row on each side of each boundary (due today vs yesterday,
 * 60 days vs 61, 90 vs 91, this month vs last and next), house managers see their houses only,
 * and a certifier sees only what active grants cover — nothing after revocation.
 */
const t = useTestDatabase();
const server = useTestServer();

const TZ = "America/New_York";
const count = (html: string, key: string): number | null => {
  const m = new RegExp(`data-count="${key}"[^>]*>(?:<[^>]+>)*(\\d+)`).exec(html);
  return m ? Number(m[1]) : null;
};

type Finding = { org: Operator; houseId: string; assessmentId: string; itemId: string; dueOn: string };
async function raiseFinding(body: Certifier, f: Finding): Promise<string> {
  return withTenant(body.auditor, async (tx) =>
    (await tx.insertInto("finding").values({
      org_id: f.org.orgId, house_id: f.houseId, certifier_org_id: body.orgId, assessment_id: f.assessmentId, item_id: f.itemId,
      inspection_id: null, severity: "minor", summary: "A detector is missing.", due_on: f.dueOn, note: null,
    }).returning("id").executeTakeFirstOrThrow()).id);
}
async function acceptFinding(body: Certifier, operator: TenantContext, orgId: string, id: string) {
  await withTenant(operator, (tx) => tx.updateTable("finding").set({ status: "responded", plan: "Fitted a new detector." }).where("org_id", "=", orgId).where("id", "=", id).execute());
  await withTenant(body.admin, (tx) => tx.updateTable("finding").set({ status: "accepted" }).where("org_id", "=", orgId).where("id", "=", id).execute());
}
async function inspect(body: Certifier, org: Operator, houseId: string, assessmentId: string, scheduledOn: string, moves: ("in_progress" | "completed" | "cancelled")[] = []) {
  await withTenant(body.auditor, async (tx) => {
    const { id } = await tx.insertInto("inspection").values({
      org_id: org.orgId, house_id: houseId, certifier_org_id: body.orgId, assessment_id: assessmentId, scheduled_on: scheduledOn, inspector_user_id: null, note: null,
    }).returning("id").executeTakeFirstOrThrow();
    for (const status of moves) await tx.updateTable("inspection").set({ status }).where("org_id", "=", org.orgId).where("id", "=", id).execute();
  });
}
async function certify(body: Certifier, org: Operator, houseId: string, expiresOn: string) {
  await withTenant(body.admin, async (tx) => {
    await moveCertification(tx, org.slug, houseId, { status: "in_review", level: 2 });
    await moveCertification(tx, org.slug, houseId, { status: "certified", level: 2, decidedOn: addDays(todayIn(TZ), -200), expiresOn });
  });
}

/** An assessment of `houseId` with answers by position: met, na, partial; submitted unless `draft`. */
type Answers = Record<number, "met" | "na" | "partial">;
async function assessed(ctx: TenantContext, houseId: string, pick: Answers | ((items: { requirement: string }[]) => Answers), draft = false) {
  return withTenant(ctx, async (tx) => {
    const { id } = await startAssessment(tx, { houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 2 });
    const items = await tx.selectFrom("assessment_item").select(["id", "requirement", "domain_code"]).where("assessment_id", "=", id).orderBy("position").execute();
    const answers = typeof pick === "function" ? pick(items) : pick;
    for (const [n, answer] of Object.entries(answers)) await answerItem(tx, id, { itemId: items[Number(n)]!.id, answer });
    if (!draft) await submitAssessment(tx, id);
    return { assessmentId: id, items: items.map((i, n) => ({ ...i, answer: answers[n] ?? null })) };
  });
}
/** The rule of ADR 058 written out independently: required items weigh 2, recommended 1; n.a. left out; only "met" counts. */
function expectedPercent(items: { requirement: string; answer: string | null }[]) {
  const w = (i: { requirement: string }) => (i.requirement === "required" ? 2 : 1);
  const applicable = items.filter((i) => i.answer !== "na");
  const points = applicable.reduce((n, i) => n + w(i), 0);
  const met = applicable.filter((i) => i.answer === "met").reduce((n, i) => n + w(i), 0);
  return Math.floor((met * 100) / points);
}

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  const today = todayIn(TZ);
  const op = await makeOperatorWithSlug();
  const a = await makeHouse(op.owner, { house: { name: "Alder House" } });
  const b = await makeHouse(op.owner, { house: { name: "Birch House" } });
  const manager = await signedInMember(op, "house_manager", [a.houseId]);
  const staff = await signedInMember(op, "staff", [a.houseId]);
  const body = await makeCertifier();
  await grantAccess(op, body.orgId, [a.houseId, b.houseId]);

  // Readiness: Alder's one assessment (met, n.a., partly met answers); Birch's latest is a fresh draft after a submitted one.
  // Every recommended item met (so weighting shows), a few required ones met, n.a. and partly met.
  const alder = await assessed(op.owner, a.houseId, (items) => {
    const recommended = items.flatMap((it, n) => (it.requirement === "recommended" ? [n] : []));
    expect(recommended.length).toBeGreaterThan(0);
    return { ...Object.fromEntries(recommended.map((n) => [n, "met" as const])), 0: "met", 1: "met", 2: "na", 3: "partial", 41: "na" };
  });
  await assessed(op.owner, b.houseId, Object.fromEntries(Array.from({ length: 30 }, (_, n) => [n, "met" as const])));
  const birchDraft = await assessed(op.owner, b.houseId, { 0: "met" }, true);

  // Findings on Alder: due today (open, not overdue), due yesterday (overdue), due yesterday but accepted (neither).
  const find = (itemId: string, dueOn: string) => raiseFinding(body, { org: op, houseId: a.houseId, assessmentId: alder.assessmentId, itemId, dueOn });
  await find(alder.items[10]!.id, today);
  await find(alder.items[11]!.id, addDays(today, -1));
  await acceptFinding(body, op.owner, op.orgId, await find(alder.items[12]!.id, addDays(today, -1)));

  await withTenant(op.owner, async (tx) => {
    // Safety checks on Alder: due yesterday (overdue), today and in 7 days (due soon), in 8 days (neither); one done 30 days ago every 30 days (due today).
    await addCheck(tx, { houseId: a.houseId, kind: "smoke_co", name: "Detectors", intervalDays: 30, firstDueOn: addDays(today, -1) });
    await addCheck(tx, { houseId: a.houseId, kind: "extinguisher", name: "Extinguishers", intervalDays: 30, firstDueOn: addDays(today, 7) });
    await addCheck(tx, { houseId: a.houseId, kind: "evacuation_drill", name: "Drill", intervalDays: 90, firstDueOn: addDays(today, 8) });
    const logged = await addCheck(tx, { houseId: a.houseId, kind: "other", name: "Kitchen check", intervalDays: 30, firstDueOn: addDays(today, -40) });
    await logCheck(tx, { houseId: a.houseId, checkId: logged, doneOn: addDays(today, -30), result: "ok" });
    // Documents: expired yesterday and in 60 days (shown); in 61 days and an archived expired one (not shown).
    const doc = async (houseId: string, title: string, expiresOn: string) =>
      addComplianceDocument(tx, { houseId, kind: "insurance", title, expiresOn }, await recordFile(tx, fakeStored(op.orgId), { houseId }));
    await doc(a.houseId, "Alder policy lapsed", addDays(today, -1));
    await doc(b.houseId, "Birch permit sixty", addDays(today, 60));
    await doc(b.houseId, "Birch permit sixty-one", addDays(today, 61));
    await archiveComplianceDocument(tx, a.houseId, await doc(a.houseId, "Alder old policy", addDays(today, -5)));
  });
  // Certifications: Alder's expires in 90 days (shown), Birch's in 91 (not).
  await certify(body, op, a.houseId, addDays(today, 90));
  await certify(body, op, b.houseId, addDays(today, 91));
  return { today, op, a, b, manager, staff, body, alder, birchDraft };
}

beforeAll(async () => {
  w = await world();
});

describe("the operator's standards dashboard", () => {
  it("shows readiness per house and domain, findings, checks, documents and certifications, each boundary on its side", async () => {
    const page = await get(server, `/o/${w.op.slug}/standards/dashboard`, w.op.cookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    // Readiness: Alder's weighted share; Birch's latest (the draft with one answer), not the submitted one.
    expect(count(page.html, `ready-${w.a.houseId}`)).toBe(expectedPercent(w.alder.items));
    expect(count(page.html, `ready-${w.b.houseId}`)).toBe(expectedPercent(w.birchDraft.items));
    for (const code of new Set(w.alder.items.map((i) => i.domain_code))) {
      expect(count(page.html, `ready-${w.a.houseId}-${code}`), `domain ${code}`).toBe(expectedPercent(w.alder.items.filter((i) => i.domain_code === code)));
    }
    expect(text).toContain("Required items count twice as much as recommended ones");
    // Findings: two open (today's and yesterday's), one overdue (yesterday's); the accepted one counts nowhere.
    expect(count(page.html, `open-${w.a.houseId}`)).toBe(2);
    expect(count(page.html, `overdue-${w.a.houseId}`)).toBe(1);
    expect(count(page.html, `open-${w.b.houseId}`)).toBe(0);
    // Safety checks: one overdue (yesterday); two due within 7 days (the logged one due today, the one due in 7 days); 8 days out is neither.
    expect(count(page.html, `checks-overdue-${w.a.houseId}`)).toBe(1);
    expect(count(page.html, `checks-due-${w.a.houseId}`)).toBe(2);
    // Documents: expired yesterday and 60 days out; not 61 days out, not the archived one.
    expect(text).toContain("Alder policy lapsed");
    expect(text).toContain("Birch permit sixty");
    expect(text).not.toContain("Birch permit sixty-one");
    expect(text).not.toContain("Alder old policy");
    expect(count(page.html, "documents")).toBe(2);
    // Certifications: Alder's (90 days) only.
    expect(count(page.html, "certifications")).toBe(1);
    expect(text).toMatch(/Certifications expiring within 90 days[\s\S]*Alder House[\s\S]*in 90 days/);
    expect(text).not.toMatch(/Birch House[^\n]*in 91 days/);
    expect(text).not.toContain("in 91 days");
  });

  it("shows a house manager only their houses; staff and a certifier are refused", async () => {
    const page = await get(server, `/o/${w.op.slug}/standards/dashboard`, w.manager.cookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("Alder House");
    expect(text).not.toContain("Birch House");
    expect(text).not.toContain("Birch permit sixty");
    expect(count(page.html, `open-${w.a.houseId}`)).toBe(2);
    expect(count(page.html, "documents")).toBe(1);
    expect(count(page.html, "certifications")).toBe(1);
    expect((await get(server, `/o/${w.op.slug}/standards/dashboard`, w.staff.cookie)).status).toBe(403);
    expect((await get(server, `/o/${w.op.slug}/standards/dashboard`, w.body.adminCookie)).status).toBe(404);
  });

  it("is linked from the Standards page and the org home", async () => {
    for (const path of [`/o/${w.op.slug}/standards`, `/o/${w.op.slug}`]) {
      const page = await get(server, path, w.op.cookie);
      expect(page.html, path).toContain(`href="/o/${w.op.slug}/standards/dashboard"`);
    }
  });
});

describe("the certifier's dashboard on the pipeline page", () => {
  it("counts houses by status, this month's inspections, overdue corrective actions by operator and expiring certifications — through active grants only", async () => {
    const today = w.today;
    const first = `${today.slice(0, 8)}01`;
    const nextFirst = addDays(first, 40).slice(0, 8) + "01";
    const second = await makeOperatorWithSlug();
    const c = await makeHouse(second.owner, { house: { name: "Cedar House" } });
    await grantAccess(second, w.body.orgId, [c.houseId]);
    const cedar = await submittedAssessment(second.owner, c.houseId);
    // A third operator whose grant is revoked after its rows were written: none of it shows.
    const third = await makeOperatorWithSlug();
    const d = await makeHouse(third.owner, { house: { name: "Dogwood House" } });
    const thirdGrant = await grantAccess(third, w.body.orgId, [d.houseId]);
    const dogwood = await submittedAssessment(third.owner, d.houseId);
    await raiseFinding(w.body, { org: third, houseId: d.houseId, assessmentId: dogwood.assessmentId, itemId: dogwood.items[0]!.id, dueOn: addDays(today, -3) });
    await inspect(w.body, third, d.houseId, dogwood.assessmentId, today);
    await certify(w.body, third, d.houseId, addDays(today, 10));
    await withTenant(third.owner, (tx) => revokeGrant(tx, thirdGrant));

    // Cedar: an overdue finding and one due today.
    await raiseFinding(w.body, { org: second, houseId: c.houseId, assessmentId: cedar.assessmentId, itemId: cedar.items[0]!.id, dueOn: addDays(today, -1) });
    await raiseFinding(w.body, { org: second, houseId: c.houseId, assessmentId: cedar.assessmentId, itemId: cedar.items[1]!.id, dueOn: today });
    // Inspections: first of this month (scheduled), today in progress and completed, a cancelled one; last month's last day and next month's first: not counted.
    await inspect(w.body, w.op, w.a.houseId, w.alder.assessmentId, first);
    await inspect(w.body, w.op, w.a.houseId, w.alder.assessmentId, today, ["in_progress"]);
    await inspect(w.body, second, c.houseId, cedar.assessmentId, today, ["in_progress", "completed"]);
    await inspect(w.body, second, c.houseId, cedar.assessmentId, today, ["cancelled"]);
    await inspect(w.body, w.op, w.a.houseId, w.alder.assessmentId, addDays(first, -1));
    await inspect(w.body, w.op, w.a.houseId, w.alder.assessmentId, nextFirst);

    const base = `/o/${w.body.slug}/audits`;
    const page = await get(server, base, w.body.auditorCookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    // By status: Alder and Birch certified; Cedar has none; Dogwood (revoked) is nowhere.
    expect(count(page.html, "status-certified")).toBe(2);
    expect(count(page.html, "status-none")).toBe(1);
    expect(page.html).toContain(`href="${base}?status=certified"`);
    expect(text).not.toContain("Dogwood House");
    expect(text).not.toContain(third.name);
    // This month's inspections (the certifier's zone), by status.
    expect(count(page.html, "inspections-scheduled")).toBe(1);
    expect(count(page.html, "inspections-in_progress")).toBe(1);
    expect(count(page.html, "inspections-completed")).toBe(1);
    expect(text).toContain("1 cancelled");
    // Overdue corrective actions: one per operator (Alder's yesterday, Cedar's yesterday); today's and the accepted one are not.
    expect(count(page.html, `overdue-${w.op.orgId}`)).toBe(1);
    expect(count(page.html, `overdue-${second.orgId}`)).toBe(1);
    expect(page.html).not.toContain(`overdue-${third.orgId}`);
    // Expiring within 90 days: Alder (90) only; Birch (91) and the revoked operator's Dogwood (10) are not.
    const expiring = text.split("Houses whose certification expires within 90 days")[1]!.split("Operators and houses")[0]!;
    expect(expiring).toContain("Alder House");
    expect(expiring).not.toContain("Birch House");
    expect(expiring).not.toContain("Dogwood House");

    // The filtered list: certified houses only.
    const certified = await get(server, `${base}?status=certified`, w.body.auditorCookie);
    expect(certified.status).toBe(200);
    const list = visibleText(certified.html).split("Houses: Certified")[1]!;
    expect(list).toContain("Alder House");
    expect(list).toContain("Birch House");
    expect(list).not.toContain("Cedar House");
    const none = visibleText((await get(server, `${base}?status=none`, w.body.auditorCookie)).html).split("Houses: No certification yet")[1]!;
    expect(none).toContain("Cedar House");
    expect(none).not.toContain("Alder House");
    // A status that is not one: 400, never a 500.
    expect((await get(server, `${base}?status=approved`, w.body.auditorCookie)).status).toBe(400);

    // The read is audited in both orgs.
    const seen = await t.db.selectFrom("audit_event").select("org_id").where("action", "=", "audit.pipeline_viewed").where("org_id", "in", [w.body.orgId, second.orgId]).execute();
    expect(new Set(seen.map((s) => s.org_id))).toEqual(new Set([w.body.orgId, second.orgId]));

    // Revoking the second operator's grant removes it from every panel at once.
    await withTenant(second.owner, async (tx) => {
      for (const g of await tx.selectFrom("audit_grant").select("id").where("revoked_at", "is", null).execute()) await revokeGrant(tx, g.id);
    });
    const after = await get(server, base, w.body.auditorCookie);
    const afterText = visibleText(after.html);
    expect(afterText).not.toContain("Cedar House");
    expect(afterText).not.toContain(second.name);
    expect(count(after.html, "status-none")).toBeNull();
    expect(count(after.html, "inspections-completed")).toBe(0);
    expect(after.html).not.toContain(`overdue-${second.orgId}`);
    expect(count(after.html, `overdue-${w.op.orgId}`)).toBe(1);
  });

  it("shows a certifier with no grant empty panels, and operators have no audits page", async () => {
    const lonely = await makeCertifier();
    const page = await get(server, `/o/${lonely.slug}/audits`, lonely.adminCookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("No house is covered by an active grant");
    expect(text).toContain("No operator has given you access yet");
    expect(text).not.toContain("Alder House");
    expect((await get(server, `/o/${w.op.slug}/audits`, w.op.cookie)).status).toBe(403);
  });
});
