import fs from "node:fs/promises";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { decideFinding, raiseFinding } from "#app/domain/findings/certifier.server";
import { answerFinding } from "#app/domain/findings/operator.server";
import { addDays, formatDay, todayIn } from "#app/lib/dates";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { htmlStructureProblems } from "#tests/support/html-structure";
import { submittedAssessment } from "#tests/support/review";
import { HTML_BYTES, PDF_BYTES } from "#tests/support/upload-bytes";
import { multipart, useUploadDir } from "#tests/support/uploads";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

const uploadDir = useUploadDir("findings", { maxBytes: 64 * 1024 });

const t = useTestDatabase();
const server = useTestServer();

const send = async (url: string, cookie: string, body: FormData) => {
  const res = await server.request(url, { method: "POST", body, cookie });
  return { res, status: res.status, html: await res.text() };
};

/** An operator with two houses, a submitted self-assessment of the first, and a certifying body. */
async function world() {
  const op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  const other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  const { assessmentId, items } = await submittedAssessment(op.owner, house.houseId);
  const body = await makeCertifier();
  const today = todayIn("America/New_York");
  const audits = `/o/${body.slug}/audits/${op.slug}`;
  const ownerEmail = (await t.db.selectFrom("app_user").select("email").where("id", "=", op.ownerId).executeTakeFirstOrThrow()).email;
  const bodyAdminEmail = (await t.db.selectFrom("app_user").select("email").where("id", "=", body.admin.userId).executeTakeFirstOrThrow()).email;
  return { op, house, other, assessmentId, items, body, today, audits, ownerEmail, bodyAdminEmail };
}
type World = Awaited<ReturnType<typeof world>>;

const raise = (w: World, input: Partial<{ itemId: string; severity: string; summary: string; dueOn: string }> = {}) =>
  withTenant(w.body.admin, (tx) => raiseFinding(tx, w.op.slug, w.assessmentId, { itemId: w.items[0]!.id, severity: "major", summary: "Smoke detector missing in room 1.", ...input }));

const finding = (id: string) => t.db.selectFrom("finding").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const findingCount = async (orgId: string) => Number((await t.db.selectFrom("finding").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow()).n);
const outboxTo = async (email: string) =>
  (await sql<{ subject: string; text: string; purpose: string }>`select payload->>'subject' as subject, payload->>'text' as text, purpose from outbox where payload->>'to' = ${email} order by created_at, id`.execute(t.db)).rows;
const auditOf = async (orgId: string, action: string) =>
  t.db.selectFrom("audit_event").select(["entity_id", "data"]).where("org_id", "=", orgId).where("action", "=", action).execute();

/** Move a finding's due date where the forms never would (the past), bypassing triggers as the superuser. */
async function setDue(id: string, dueOn: string) {
  await t.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`update finding set due_on = ${dueOn}::date where id = ${id}::uuid`.execute(trx);
  });
}

describe("findings: access", () => {
  it("answers 404 to a certifier without an active grant (never, expired, revoked), and to review-only writes", async () => {
    const w = await world();
    const newUrl = `${w.audits}/findings/new?assessment=${w.assessmentId}&item=${w.items[0]!.id}`;
    const raiseForm = { intent: "raise", assessmentId: w.assessmentId, itemId: w.items[0]!.id, severity: "minor", summary: "x" };
    // Never granted.
    expect((await get(server, `${w.audits}/findings`, w.body.adminCookie)).status).toBe(404);
    expect((await get(server, newUrl, w.body.adminCookie)).status).toBe(404);
    expect((await post(server, newUrl, w.body.adminCookie, raiseForm)).status).toBe(404);
    // A grant in force: a finding to probe with.
    const grantId = await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const { id } = await raise(w);
    const page = `${w.audits}/findings/${id}`;
    expect((await get(server, page, w.body.auditorCookie)).status).toBe(200);
    // Revoked: every page and form 404s.
    await withTenant(w.op.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: w.op.ownerId }).where("id", "=", grantId).execute());
    for (const url of [`${w.audits}/findings`, page, newUrl, `${w.audits}/findings/${id}?x=1`]) expect((await get(server, url, w.body.adminCookie)).status, url).toBe(404);
    expect((await post(server, page, w.body.adminCookie, { intent: "decide", decision: "accept" })).status).toBe(404);
    expect((await post(server, page, w.body.adminCookie, { intent: "edit", severity: "minor", summary: "y", dueOn: w.today })).status).toBe(404);
    // Expired.
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { startsIn: -60, endsIn: -1 });
    expect((await get(server, page, w.body.adminCookie)).status).toBe(404);
    // Review only: reads, no forms; writes 404.
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const review = await get(server, page, w.body.auditorCookie);
    expect(review.status).toBe(200);
    expect(review.html).not.toContain('name="decision"');
    expect(review.html).not.toContain('value="edit"');
    const reviewAssessment = await get(server, `${w.audits}/assessments/${w.assessmentId}`, w.body.adminCookie);
    expect(reviewAssessment.status).toBe(200);
    expect(reviewAssessment.html).not.toContain("/findings/new");
    expect((await get(server, newUrl, w.body.adminCookie)).status).toBe(404);
    expect((await post(server, newUrl, w.body.adminCookie, raiseForm)).status).toBe(404);
    expect((await post(server, page, w.body.adminCookie, { intent: "edit", severity: "minor", summary: "y", dueOn: w.today })).status).toBe(404);
    expect((await finding(id)).summary).toBe("Smoke detector missing in room 1.");
    // Garbage in the address.
    expect((await get(server, `${w.audits}/findings/not-a-uuid`, w.body.adminCookie)).status).toBe(404);
    expect((await get(server, `/o/${w.body.slug}/audits/Bad%20Slug/findings`, w.body.adminCookie)).status).toBe(404);
    expect((await get(server, `${w.audits}/findings?cursor=garbage`, w.body.adminCookie)).status).toBe(400);
    expect((await get(server, `${w.audits}/findings?filter=everything`, w.body.adminCookie)).status).toBe(400);
    // The operator's side: staff 403, a manager of another house 404, the certifier (not a member) 404.
    const staff = await signedInMember(w.op, "staff", [w.house.houseId]);
    const otherManager = await signedInMember(w.op, "house_manager", [w.other.houseId]);
    const opPage = `/o/${w.op.slug}/standards/findings/${id}`;
    expect((await get(server, opPage, staff.cookie)).status).toBe(403);
    expect((await get(server, opPage, otherManager.cookie)).status).toBe(404);
    expect((await post(server, opPage, otherManager.cookie, { intent: "answer", plan: "x", planDueOn: w.today })).status).toBe(404);
    expect((await get(server, opPage, w.body.adminCookie)).status).toBe(404);
    expect(visibleText((await get(server, `/o/${w.op.slug}/standards/findings`, otherManager.cookie)).html)).not.toContain("Smoke detector");
    // Operators have no certifier pages.
    expect((await get(server, `/o/${w.op.slug}/audits/${w.op.slug}/findings`, w.op.cookie)).status).toBe(403);
  });
});

describe("findings: the workflow over HTTP", () => {
  it("raise → answer with a plan and a file → reopen → answer again → edit → accept, reading every field back; bad input changes nothing", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const item = w.items[1]!;
    const newUrl = `${w.audits}/findings/new?assessment=${w.assessmentId}&item=${item.id}`;

    // The assessment page links each item to the raise form.
    const assessmentPage = await get(server, `${w.audits}/assessments/${w.assessmentId}`, w.body.auditorCookie);
    expect(assessmentPage.html).toContain(`findings/new?assessment=${w.assessmentId}&amp;item=${item.id}`);
    // The raise form: the item chosen, the due date 30 days after the house's today.
    const form = await get(server, newUrl, w.body.auditorCookie);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(new RegExp(`<option value="${item.id}"[^>]*selected|value="${addDays(w.today, 30)}"`));
    expect(form.html).toContain(`value="${addDays(w.today, 30)}"`);

    const good = { intent: "raise", assessmentId: w.assessmentId, itemId: item.id, severity: "critical", summary: "No fire extinguisher in the kitchen.", dueOn: addDays(w.today, 10) };
    const refusals: [Record<string, string>, string][] = [
      [{ severity: "urgent" }, "Choose minor, major or critical."],
      [{ summary: "" }, "Required."],
      [{ dueOn: addDays(w.today, -1) }, "The due date can't be before today"],
      [{ dueOn: "next week" }, "Use a date like"],
      [{ itemId: w.items[0]!.id.replace(/.$/, (c) => (c === "0" ? "1" : "0")) }, "Choose an item of this self-assessment."],
    ];
    for (const [change, message] of refusals) {
      const res = await post(server, newUrl, w.body.auditorCookie, { ...good, ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(visibleText(res.html)).toContain(message);
    }
    expect(await findingCount(w.op.orgId)).toBe(0);
    const raised = await post(server, newUrl, w.body.auditorCookie, good);
    expect(raised.status).toBe(302);
    const f0 = await t.db.selectFrom("finding").selectAll().where("org_id", "=", w.op.orgId).executeTakeFirstOrThrow();
    expect(f0).toMatchObject({ item_id: item.id, severity: "critical", summary: good.summary, due_on: good.dueOn, status: "open", certifier_org_id: w.body.orgId, house_id: w.house.houseId });
    const certUrl = `${w.audits}/findings/${f0.id}`;
    const opUrl = `/o/${w.op.slug}/standards/findings/${f0.id}`;
    expect(raised.res.headers.get("location")).toBe(certUrl);
    // The email to the operator's owner: house and body, never the summary.
    const raisedMail = (await outboxTo(w.ownerEmail)).at(-1)!;
    expect(raisedMail).toMatchObject({ subject: "A certifying body raised a finding", purpose: "finding_notice" });
    expect(raisedMail.text).toContain(opUrl);
    expect(raisedMail.text).not.toContain("extinguisher");
    // Audited in both orgs.
    expect((await auditOf(w.op.orgId, "finding.raised")).map((e) => e.entity_id)).toEqual([f0.id]);
    expect((await auditOf(w.body.orgId, "finding.raised")).map((e) => e.entity_id)).toEqual([f0.id]);

    // The certifier's page reads it back.
    const certPage = visibleText((await get(server, certUrl, w.body.auditorCookie)).html);
    expect(certPage).toContain(good.summary);
    expect(certPage).toContain("Critical");
    expect(certPage).toContain(formatDay(good.dueOn));
    expect(certPage).toContain("Waiting for a plan");
    expect(certPage).toContain(item.code);
    // Accepting an open finding: refused, nothing changes.
    const early = await post(server, certUrl, w.body.auditorCookie, { intent: "decide", decision: "accept" });
    expect(early.status).toBe(409);
    expect((await finding(f0.id)).status).toBe("open");

    // The operator's list and page.
    const list = visibleText((await get(server, `/o/${w.op.slug}/standards/findings`, w.op.cookie)).html);
    expect(list).toContain("No fire extinguisher");
    expect(list).toContain(w.body.name);
    const tab = visibleText((await get(server, `/o/${w.op.slug}/houses/${w.house.houseId}/standards`, w.op.cookie)).html);
    expect(tab).toContain("1 open finding");

    // The answer's refusals: nothing is stored.
    const plan = { intent: "answer", plan: "Extinguisher bought and mounted; staff shown how to use it.", planDueOn: addDays(w.today, 5), evidenceLabel: "Receipt" };
    const answerRefusals: [FormData, number, string][] = [
      [multipart({ ...plan, plan: "" }), 400, "Required."],
      [multipart({ ...plan, planDueOn: "soon" }), 400, "Use a date like"],
      [multipart({ ...plan, planDueOn: addDays(w.today, -1) }), 400, "The target date can't be before today"],
      [multipart(plan, { evidence: { bytes: HTML_BYTES, name: "receipt.pdf", type: "application/pdf" } }), 400, "This type of file can't be uploaded"],
      [multipart(plan, { evidence: { bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(70 * 1024)]), name: "big.pdf", type: "application/pdf" } }), 400, "The file is too large"],
      [multipart({ ...plan, intent: "decide", decision: "accept" }), 400, "That action isn't available here."],
    ];
    for (const [body, status, message] of answerRefusals) {
      const res = await send(opUrl, w.op.cookie, body);
      expect(res.status, message).toBe(status);
      expect(visibleText(res.html)).toContain(message);
    }
    expect(await finding(f0.id)).toMatchObject({ status: "open", plan: null });
    expect(await t.db.selectFrom("finding_evidence").select("id").where("finding_id", "=", f0.id).execute()).toEqual([]);
    expect(await t.db.selectFrom("file").select("id").where("org_id", "=", w.op.orgId).execute()).toEqual([]);
    expect(await fs.readdir(uploadDir, { recursive: true }).then((l) => l.filter((p) => p.endsWith(".pdf") || p.endsWith(".html")))).toEqual([]);

    // The answer with a file.
    const answered = await send(opUrl, w.op.cookie, multipart(plan, { evidence: { bytes: PDF_BYTES, name: "receipt.pdf", type: "application/pdf" } }));
    expect(answered.status).toBe(200);
    expect(visibleText(answered.html)).toContain("Plan sent with the file.");
    expect(await finding(f0.id)).toMatchObject({ status: "responded", plan: plan.plan, plan_due_on: plan.planDueOn });
    const evidence = await t.db.selectFrom("finding_evidence").selectAll().where("finding_id", "=", f0.id).executeTakeFirstOrThrow();
    expect(evidence.label).toBe("Receipt");
    const opPage = await get(server, opUrl, w.op.cookie);
    const opText = visibleText(opPage.html);
    expect(opText).toContain(plan.plan);
    expect(opText).toContain(formatDay(plan.planDueOn));
    expect(opText).toContain("Receipt");
    expect(opPage.html).toContain(`href="/o/${w.op.slug}/files/${evidence.file_id}"`);
    const opFile = await server.request(`/o/${w.op.slug}/files/${evidence.file_id}`, { cookie: w.op.cookie });
    expect(opFile.status).toBe(200);
    expect(Buffer.from(await opFile.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
    expect(await auditOf(w.op.orgId, "finding.answered")).toHaveLength(1);
    // The body's administrators are told; the certifier downloads the file (never inline).
    const answerMail = (await outboxTo(w.bodyAdminEmail)).at(-1)!;
    expect(answerMail).toMatchObject({ subject: "An operator answered a finding", purpose: "finding_notice" });
    expect(answerMail.text).toContain(certUrl);
    expect(answerMail.text).not.toContain("Extinguisher");
    const certAfter = await get(server, certUrl, w.body.auditorCookie);
    expect(visibleText(certAfter.html)).toContain(plan.plan);
    expect(certAfter.html).toContain(`href="${w.audits}/files/${evidence.file_id}"`);
    const certFile = await server.request(`${w.audits}/files/${evidence.file_id}`, { cookie: w.body.auditorCookie });
    expect(certFile.status).toBe(200);
    expect(certFile.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(Buffer.from(await certFile.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
    // A certifier never writes the plan: no such form on its page, and the database refuses it.
    expect((await post(server, certUrl, w.body.auditorCookie, { intent: "answer", plan: "x", planDueOn: w.today })).status).toBe(400);
    await expect(withTenant(w.body.admin, (tx) => answerFinding(tx, f0.id, { plan: "Ours.", planDueOn: w.today }))).rejects.toThrow();
    // An operator never accepts: the database refuses it too.
    await expect(withTenant(w.op.owner, (tx) => tx.updateTable("finding").set({ status: "accepted" }).where("id", "=", f0.id).execute())).rejects.toThrow(/finding_transition|plan/);

    // Reopen: a note is required.
    const noNote = await post(server, certUrl, w.body.auditorCookie, { intent: "decide", decision: "reopen", note: "" });
    expect(noNote.status).toBe(400);
    expect(visibleText(noNote.html)).toContain("Say what the plan still needs");
    expect((await post(server, certUrl, w.body.auditorCookie, { intent: "decide", decision: "maybe" })).status).toBe(400);
    expect((await finding(f0.id)).status).toBe("responded");
    const reopened = await post(server, certUrl, w.body.auditorCookie, { intent: "decide", decision: "reopen", note: "Please add a photo of the mounted extinguisher." });
    expect(reopened.status).toBe(200);
    expect(await finding(f0.id)).toMatchObject({ status: "reopened", note: "Please add a photo of the mounted extinguisher." });
    expect((await outboxTo(w.ownerEmail)).at(-1)!.subject).toBe("A finding was reopened: a new plan is needed");

    // The operator answers again.
    const again = await send(opUrl, w.op.cookie, multipart({ intent: "answer", plan: "Mounted by the door; photo attached.", planDueOn: addDays(w.today, 2), evidenceLabel: "" }));
    expect(again.status).toBe(200);
    expect(await finding(f0.id)).toMatchObject({ status: "responded", plan: "Mounted by the door; photo attached.", plan_due_on: addDays(w.today, 2) });

    // Edit: severity, summary, due date; refusals first.
    const edit = { intent: "edit", severity: "major", summary: "No fire extinguisher in the kitchen (found on the visit).", dueOn: addDays(w.today, 20), note: "Lowered after the photo." };
    for (const [change, message] of [[{ severity: "urgent" }, "Choose minor, major or critical."], [{ dueOn: addDays(w.today, -3) }, "The due date can't be before today"], [{ summary: "" }, "Required."]] as const) {
      const res = await post(server, certUrl, w.body.adminCookie, { ...edit, ...change });
      expect(res.status).toBe(400);
      expect(visibleText(res.html)).toContain(message);
    }
    expect((await finding(f0.id)).severity).toBe("critical");
    expect((await post(server, certUrl, w.body.adminCookie, edit)).status).toBe(200);
    expect(await finding(f0.id)).toMatchObject({ severity: "major", summary: edit.summary, due_on: edit.dueOn, status: "responded" });

    // Accept: closed; the operator's form is gone and a late answer is refused.
    const accepted = await post(server, certUrl, w.body.auditorCookie, { intent: "decide", decision: "accept", note: "Seen on the photo." });
    expect(accepted.status).toBe(200);
    expect(await finding(f0.id)).toMatchObject({ status: "accepted" });
    expect((await outboxTo(w.ownerEmail)).at(-1)!.subject).toBe("A corrective action plan was accepted");
    const closed = await get(server, opUrl, w.op.cookie);
    expect(closed.html).not.toContain('name="plan"');
    expect(visibleText(closed.html)).toContain("Accepted (closed)");
    const late = await send(opUrl, w.op.cookie, multipart({ intent: "answer", plan: "More.", planDueOn: w.today }));
    expect(late.status).toBe(409);
    expect((await post(server, certUrl, w.body.adminCookie, edit)).status).toBe(409);

    // The full history, newest first, with who, which org and the notes.
    const history = visibleText((await get(server, certUrl, w.body.auditorCookie)).html);
    expect(history).toContain("Note: Please add a photo of the mounted extinguisher.");
    expect(history).toContain("Note: Seen on the photo.");
    expect(history).toContain(`(${w.body.name})`);
    expect(history).toContain(`(${w.op.name})`);
    const events = await t.db.selectFrom("finding_event").select(["to_status"]).where("finding_id", "=", f0.id).orderBy("created_at").execute();
    expect(events.map((e) => e.to_status)).toEqual(["open", "responded", "reopened", "responded", "responded", "accepted"]);
    expect(history.indexOf("Seen on the photo.")).toBeLessThan(history.indexOf("Please add a photo"));
  });
});

describe("findings: overdue", () => {
  it("is overdue when not accepted and due before the house's today; due today is not; accepted never", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const { id: a } = await raise(w, { itemId: w.items[0]!.id, dueOn: w.today, summary: "Due today." });
    const { id: b } = await raise(w, { itemId: w.items[1]!.id, summary: "Due yesterday." });
    const { id: c } = await raise(w, { itemId: w.items[2]!.id, summary: "Accepted, past due." });
    await setDue(b, addDays(w.today, -1));
    await withTenant(w.op.owner, (tx) => answerFinding(tx, c, { plan: "Done.", planDueOn: w.today }));
    await withTenant(w.body.admin, (tx) => decideFinding(tx, w.op.slug, c, { decision: "accept" }));
    await setDue(c, addDays(w.today, -5));
    const flagged = async (url: string, cookie: string) => (await get(server, url, cookie)).html.includes('data-testid="overdue"');
    expect(await flagged(`/o/${w.op.slug}/standards/findings/${a}`, w.op.cookie)).toBe(false);
    expect(await flagged(`/o/${w.op.slug}/standards/findings/${b}`, w.op.cookie)).toBe(true);
    expect(await flagged(`/o/${w.op.slug}/standards/findings/${c}`, w.op.cookie)).toBe(false);
    expect(await flagged(`${w.audits}/findings/${b}`, w.body.auditorCookie)).toBe(true);
    const overdue = visibleText((await get(server, `${w.audits}/findings?filter=overdue`, w.body.auditorCookie)).html);
    expect(overdue).toContain("Due yesterday.");
    expect(overdue).not.toContain("Due today.");
    expect(overdue).not.toContain("Accepted, past due.");
    const open = visibleText((await get(server, `/o/${w.op.slug}/standards/findings?filter=open`, w.op.cookie)).html);
    expect(open).toContain("Due today.");
    expect(open).not.toContain("Accepted, past due.");
    const acceptedList = visibleText((await get(server, `/o/${w.op.slug}/standards/findings?filter=accepted`, w.op.cookie)).html);
    expect(acceptedList).toContain("Accepted, past due.");
    expect(acceptedList).not.toContain("Due today.");
    const tab = visibleText((await get(server, `/o/${w.op.slug}/houses/${w.house.houseId}/standards`, w.op.cookie)).html);
    expect(tab).toContain("2 open findings, 1 overdue");
  });
});

describe("findings: statement budgets and pages", () => {
  it("both lists (paged) and the finding pages with a long history stay within 8 statements", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const ids: string[] = [];
    for (const item of w.items.slice(0, 55)) ids.push((await raise(w, { itemId: item.id, summary: `Finding on ${item.code}.` })).id);
    const long = ids[0]!;
    for (let i = 0; i < 15; i++) {
      await withTenant(w.op.owner, (tx) => answerFinding(tx, long, { plan: `Plan ${i}.`, planDueOn: w.today }));
      await withTenant(w.body.admin, (tx) => decideFinding(tx, w.op.slug, long, { decision: "reopen", note: `Not yet ${i}.` }));
    }
    const budget = async (url: string, cookie: string) => {
      const res = await server.request(url, { cookie });
      const html = await res.text();
      expect(res.status, url).toBe(200);
      expect(Number(res.headers.get("x-query-count")), url).toBeLessThanOrEqual(8);
      expect(htmlStructureProblems(html), url).toEqual([]);
      return html;
    };
    const certList = await budget(`${w.audits}/findings`, w.body.auditorCookie);
    const opList = await budget(`/o/${w.op.slug}/standards/findings`, w.op.cookie);
    expect(visibleText(await budget(`${w.audits}/findings/${long}`, w.body.auditorCookie)).match(/Not yet \d+\./g)).toHaveLength(15);
    await budget(`/o/${w.op.slug}/standards/findings/${long}`, w.op.cookie);
    await budget(`/o/${w.op.slug}/houses/${w.house.houseId}/standards`, w.op.cookie);
    await budget(`${w.audits}/findings/new?assessment=${w.assessmentId}`, w.body.auditorCookie);
    // 50 a page, then the rest through the cursor.
    for (const html of [certList, opList]) {
      expect(html.match(/href="[^"]*\/findings\/[0-9a-f-]{36}"/g)).toHaveLength(50);
      const next = html.match(/href="[^"?]*\?([^"]*cursor=[^"]+)"/)![1]!.replace(/&amp;/g, "&");
      const base = html === certList ? `${w.audits}/findings` : `/o/${w.op.slug}/standards/findings`;
      const page2 = await budget(`${base}?${next}`, html === certList ? w.body.auditorCookie : w.op.cookie);
      expect(page2.match(/href="[^"]*\/findings\/[0-9a-f-]{36}"/g)).toHaveLength(5);
    }
  });
});
