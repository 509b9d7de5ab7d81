import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { addCertifierComment, addOperatorComment, clarificationsToAnswer } from "#app/domain/review/threads.server";
import { createResident } from "#app/domain/residents/residents.server";
import { startAssessment } from "#app/domain/standards/assessments.server";
import { addDays, todayIn } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { submittedAssessment } from "#tests/support/review";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Review threads over HTTP (ADR 053, capability 6): the certifier's comment and clarification
 * forms on its assessment page, the operator's answers on the assessment and item pages, the
 * open/answered rule on both sides, the notifications queued (right people, no resident data,
 * never the thread's text), both orgs' logs, the refusals (nothing written) and the
 * certifier page's statement budget with many comments.
 */
const t = useTestDatabase();
const server = useTestServer();

const CANARY = `zqx${Date.now().toString(36)}canary`;

async function world() {
  const op = await makeOperatorWithSlug();
  const houseName = `Birch House ${CANARY.slice(-5)}`;
  const house = { ...(await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { name: houseName } })), name: houseName };
  const other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  const today = todayIn("America/New_York");
  await withTenant(op.owner, async (tx) => {
    const { id: residentId } = await createResident(tx, { legalName: `Legal ${CANARY}`, preferredName: `Pref ${CANARY}`, email: `${CANARY}@example.test`, phone: "215-555-0199", emergencyContactName: `Contact ${CANARY}` });
    await admitResident(tx, { residentId, bedId: house.bedIds[0]!, moveInDate: addDays(today, -3), expectedMoveOutDate: addDays(today, 30) });
  });
  const manager = await signedInMember(op, "house_manager", [house.houseId]);
  const otherManager = await signedInMember(op, "house_manager", [other.houseId]);
  const staff = await signedInMember(op, "staff", [house.houseId]);
  const resident = await signedInMember(op, "resident");
  const admin = await signedInMember(op, "admin");
  const body = await makeCertifier();
  const { assessmentId, items } = await submittedAssessment(op.owner, house.houseId);
  const certifierUrl = `/o/${body.slug}/audits/${op.slug}/assessments/${assessmentId}`;
  const operatorUrl = `/o/${op.slug}/standards/${assessmentId}`;
  return { op, house, other, manager, otherManager, staff, resident, admin, body, assessmentId, items, certifierUrl, operatorUrl };
}
type World = Awaited<ReturnType<typeof world>>;

const emailOf = async (userId: string | null) => (await t.db.selectFrom("app_user").select("email").where("id", "=", userId!).executeTakeFirstOrThrow()).email;
const comments = (assessmentId: string) =>
  t.db.selectFrom("assessment_comment").selectAll().where("assessment_id", "=", assessmentId).orderBy("created_at").orderBy("id").execute();
const outbox = (purpose: string) =>
  t.db.selectFrom("outbox").select(["org_id", "payload", "purpose", "dedupe_key"]).where("purpose", "=", purpose).execute()
    .then((rows) => rows.map((r) => ({ ...r, payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as { to: string; subject: string; text: string } })));
const auditRows = (action: string, entityId: string) =>
  t.db.selectFrom("audit_event").select(["org_id", "data", "actor_user_id"]).where("action", "=", action).where("entity_id", "=", entityId).execute();
/** What a refusal must leave unchanged. */
const written = async (w: World) => {
  const { rows } = await sql<{ c: number; o: number; a: number }>`select
    (select count(*)::int from assessment_comment where assessment_id = ${w.assessmentId}::uuid) as c,
    (select count(*)::int from outbox where purpose like 'review_%') as o,
    (select count(*)::int from audit_event where action like 'review.%') as a`.execute(t.db);
  return rows[0]!;
};

describe("the certifier's review forms", () => {
  it("a clarification request and a comment read back in full; the item is flagged and counted; both logs; the operator's people are mailed, without resident data", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const [first, second] = w.items;
    const asked = await post(server, w.certifierUrl, w.body.auditorCookie, { intent: "comment", itemId: first!.id, kind: "clarification", body: "Which rooms have detectors?\nPlease list them." });
    expect(asked.status).toBe(200);
    expect(visibleText(asked.html)).toContain("Clarification requested. The operator has been told by email.");
    const noted = await post(server, w.certifierUrl, w.body.adminCookie, { intent: "comment", itemId: second!.id, kind: "comment", body: "Evidence looks complete." });
    expect(noted.status).toBe(200);

    const rows = await comments(w.assessmentId);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      org_id: w.op.orgId, item_id: first!.id, house_id: w.house.houseId, certifier_org_id: w.body.orgId, kind: "clarification",
      body: "Which rooms have detectors?\nPlease list them.", author_user_id: w.body.auditor.userId, author_org_id: w.body.orgId,
    });
    expect(rows[1]).toMatchObject({ item_id: second!.id, kind: "comment", body: "Evidence looks complete.", author_user_id: w.body.admin.userId, author_org_id: w.body.orgId });

    // The page: the thread (who, which org, what), the flag and the count.
    const page = visibleText((await get(server, w.certifierUrl, w.body.auditorCookie)).html);
    expect(page).toContain("1 item awaits the operator's answer");
    expect(page).toContain("Awaiting the operator's answer");
    expect(page).toContain("Which rooms have detectors?");
    expect(page).toContain(`Clarification requested · ${(await t.db.selectFrom("app_user").select("name").where("id", "=", w.body.auditor.userId).executeTakeFirstOrThrow()).name}, ${w.body.name}`);
    expect(page).toContain(`Comment · ${w.body.adminName}, ${w.body.name}`);

    // Both orgs' logs, through certifier_audit.
    for (const [action, id] of [["review.clarification_requested", rows[0]!.id], ["review.commented", rows[1]!.id]] as const) {
      const logged = await auditRows(action, w.assessmentId);
      expect(logged.map((e) => e.org_id).sort()).toEqual([w.op.orgId, w.body.orgId].sort());
      for (const e of logged) expect(e.data).toMatchObject({ commentId: id, houseId: w.house.houseId });
    }

    // Mail: the operator's owner, admin and the house's manager — not the other house's manager, not staff.
    const mail = await outbox("review_clarification");
    const expected = await Promise.all([w.op.ownerId, w.admin.ctx.userId, w.manager.ctx.userId].map(emailOf));
    expect(mail.map((m) => m.payload.to).sort()).toEqual(expected.sort());
    for (const m of mail) {
      expect(m.org_id).toBe(w.body.orgId);
      expect(m.payload.subject).toBe(`A question about item ${first!.code} of a self-assessment`);
      expect(m.payload.text).toContain(`${w.body.name} asked for clarification on item ${first!.code} of the self-assessment of ${w.house.name}.`);
      expect(m.payload.text).toContain(`/o/${w.op.slug}/standards/${w.assessmentId}`);
      expect(JSON.stringify(m.payload)).not.toContain(CANARY);
      expect(JSON.stringify(m.payload)).not.toContain("detectors");
    }
    expect(await outbox("review_reply")).toHaveLength(0);
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const another = await submittedAssessment(w.op.owner, w.other.houseId);
    const good = { intent: "comment", itemId: w.items[0]!.id, kind: "clarification", body: "A question." };
    const before = await written(w);
    for (const [bad, status, message] of [
      [{ body: "" }, 400, "Required."],
      [{ body: "   " }, 400, "Required."],
      [{ body: "x".repeat(2001) }, 400, "Use at most 2000 characters."],
      [{ kind: "reply" }, 400, "Choose a comment or a request for clarification."],
      [{ kind: "" }, 400, "Choose a comment or a request for clarification."],
      [{ itemId: another.items[0]!.id }, 404, "That item is not part of this self-assessment."],
      [{ itemId: "not-an-id" }, 400, "Not a valid id."],
    ] as const) {
      const res = await post(server, w.certifierUrl, w.body.auditorCookie, { ...good, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(status);
      expect(visibleText(res.html), JSON.stringify(bad)).toContain(message);
    }
    // A draft self-assessment of a covered house: the page says so and a comment is refused.
    const draft = await withTenant(w.op.owner, (tx) => startAssessment(tx, { houseId: w.house.houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 3 }));
    const draftItem = await t.db.selectFrom("assessment_item").select("id").where("assessment_id", "=", draft.id).executeTakeFirstOrThrow();
    const draftUrl = `/o/${w.body.slug}/audits/${w.op.slug}/assessments/${draft.id}`;
    expect(visibleText((await get(server, draftUrl, w.body.auditorCookie)).html)).toContain("Not submitted yet");
    const refused = await post(server, draftUrl, w.body.auditorCookie, { ...good, itemId: draftItem.id });
    expect(refused.status).toBe(409);
    expect(visibleText(refused.html)).toContain("has not been submitted for review yet");
    expect(await written(w)).toEqual(before);
  });

  it("answers 404 without an active grant — never granted, ended, revoked — and to another house's assessment", async () => {
    const w = await world();
    const form = { intent: "comment", itemId: w.items[0]!.id, kind: "comment", body: "Hello." };
    const before = await written(w);
    const expectGone = async () => {
      expect((await get(server, w.certifierUrl, w.body.auditorCookie)).status).toBe(404);
      expect((await post(server, w.certifierUrl, w.body.auditorCookie, form)).status).toBe(404);
    };
    await expectGone();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { startsIn: -60, endsIn: -1 });
    await expectGone();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { revoked: true });
    await expectGone();
    // A grant for the other house only: this assessment's house is not covered.
    await grantAccess(w.op, w.body.orgId, [w.other.houseId]);
    const res = await post(server, w.certifierUrl, w.body.auditorCookie, form);
    expect(res.status).toBe(404);
    expect(await written(w)).toEqual(before);
    // Once revoked mid-thread, the comment written before stays, and nothing more is written.
    const grantId = await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    expect((await post(server, w.certifierUrl, w.body.auditorCookie, form)).status).toBe(200);
    await withTenant(w.op.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: w.op.ownerId }).where("id", "=", grantId).execute());
    await expectGone();
    expect((await written(w)).c).toBe(before.c + 1);
  });
});

describe("the operator's answers", () => {
  it("the house's manager answers on the assessment page and the item page; every field reads back; the item is answered on both sides; the author is mailed", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const [first, second] = w.items;
    await withTenant(w.body.auditor, (tx) => addCertifierComment(tx, w.op.slug, w.assessmentId, { itemId: first!.id, kind: "clarification", body: "Which rooms?" }));
    await withTenant(w.body.admin, (tx) => addCertifierComment(tx, w.op.slug, w.assessmentId, { itemId: second!.id, kind: "clarification", body: "When was the drill?" }));

    // The operator's pages: the count, awaiting items first.
    const html = (await get(server, w.operatorUrl, w.manager.cookie)).html;
    const page = visibleText(html);
    expect(page).toContain("2 items await your answer");
    // The awaiting items in their own list before the domains (and not again below).
    expect(html.indexOf('id="awaiting"')).toBeLessThan(html.indexOf(`id="item-${first!.code}"`));
    expect(html.indexOf(`id="item-${first!.code}"`)).toBeLessThan(html.indexOf('id="domain-'));
    expect(html.split(`id="item-${first!.code}"`)).toHaveLength(2);
    expect(page).toContain(`Review by ${w.body.name}`);
    const index = visibleText((await get(server, `/o/${w.op.slug}/standards`, w.manager.cookie)).html);
    expect(index).toContain("2 clarification requests to answer");

    // Answer the first on the assessment page, comment then answer the second on the item page.
    const answered = await post(server, w.operatorUrl, w.manager.cookie, { intent: "reply", itemId: first!.id, certifierOrgId: w.body.orgId, kind: "reply", body: "Rooms 1 and 2, both tested monthly." });
    expect(answered.status).toBe(200);
    expect(visibleText(answered.html)).toContain("Answer sent.");
    const itemUrl = `${w.operatorUrl}/items/${second!.id}`;
    const commented = await post(server, itemUrl, w.manager.cookie, { intent: "reply", itemId: second!.id, certifierOrgId: w.body.orgId, kind: "comment", body: "Looking for the log." });
    expect(commented.status).toBe(200);
    expect(visibleText(commented.html)).toContain("Comment added.");
    expect(visibleText((await get(server, `/o/${w.op.slug}/standards`, w.manager.cookie)).html)).toContain("1 clarification request to answer");

    const rows = await comments(w.assessmentId);
    expect(rows.filter((r) => r.author_org_id === w.op.orgId).map((r) => ({ item: r.item_id, kind: r.kind, body: r.body, by: r.author_user_id, house: r.house_id, body_org: r.certifier_org_id }))).toEqual([
      { item: first!.id, kind: "reply", body: "Rooms 1 and 2, both tested monthly.", by: w.manager.ctx.userId, house: w.house.houseId, body_org: w.body.orgId },
      { item: second!.id, kind: "comment", body: "Looking for the log.", by: w.manager.ctx.userId, house: w.house.houseId, body_org: w.body.orgId },
    ]);
    // The certifier sees the first answered, the second still open.
    const seen = visibleText((await get(server, w.certifierUrl, w.body.auditorCookie)).html);
    expect(seen).toContain("1 item awaits the operator's answer");
    expect(seen).toContain("Rooms 1 and 2, both tested monthly.");
    expect(seen).toContain(`Answer · ${(await t.db.selectFrom("app_user").select("name").where("id", "=", w.manager.ctx.userId!).executeTakeFirstOrThrow()).name}, ${w.op.name}`);

    // The reply is mailed to the clarification's author only; a comment mails no one.
    const mail = await outbox("review_reply");
    expect(mail.map((m) => m.payload.to)).toEqual([await emailOf(w.body.auditor.userId)]);
    expect(mail[0]!.org_id).toBe(w.op.orgId);
    expect(mail[0]!.payload.subject).toBe(`Your question on item ${first!.code} was answered`);
    expect(mail[0]!.payload.text).toContain(`/o/${w.body.slug}/audits/${w.op.slug}/assessments/${w.assessmentId}`);
    expect(JSON.stringify(mail[0]!.payload)).not.toContain("Rooms 1 and 2");
    expect(JSON.stringify(mail[0]!.payload)).not.toContain(CANARY);
    // The operator's log, with ids only.
    const logged = await auditRows("review.replied", w.assessmentId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ org_id: w.op.orgId, actor_user_id: w.manager.ctx.userId, data: { itemId: first!.id, certifierOrgId: w.body.orgId, houseId: w.house.houseId } });
    expect(await auditRows("review.commented", w.assessmentId)).toHaveLength(1);
  });

  it("refuses what the operator may not write, and shows nothing to staff, residents or another house's manager", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const stranger = await makeCertifier();
    const another = await submittedAssessment(w.op.owner, w.other.houseId);
    await withTenant(w.body.auditor, (tx) => addCertifierComment(tx, w.op.slug, w.assessmentId, { itemId: w.items[0]!.id, kind: "clarification", body: "Private question text." }));
    const good = { intent: "reply", itemId: w.items[0]!.id, certifierOrgId: w.body.orgId, kind: "reply", body: "An answer." };
    const before = await written(w);
    for (const [bad, status, message] of [
      [{ body: "" }, 400, "Required."],
      [{ body: "y".repeat(2001) }, 400, "Use at most 2000 characters."],
      [{ kind: "clarification" }, 400, "Choose an answer or a comment."],
      [{ itemId: another.items[0]!.id }, 404, "That item is not part of this self-assessment."],
      [{ itemId: w.items[1]!.id }, 404, "That certifying body has not written about this item."],
      [{ certifierOrgId: stranger.orgId }, 404, "That certifying body has not written about this item."],
    ] as const) {
      const res = await post(server, w.operatorUrl, w.manager.cookie, { ...good, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(status);
      expect(visibleText(res.html), JSON.stringify(bad)).toContain(message);
    }
    // Staff and residents lack the permission; another house's manager cannot see the assessment.
    for (const who of [w.staff, w.resident]) {
      const page = await get(server, w.operatorUrl, who.cookie);
      expect([403, 404]).toContain(page.status);
      expect(page.html).not.toContain("Private question text.");
      expect([403, 404]).toContain((await post(server, w.operatorUrl, who.cookie, good)).status);
    }
    expect((await get(server, w.operatorUrl, w.otherManager.cookie)).status).toBe(404);
    expect((await post(server, w.operatorUrl, w.otherManager.cookie, good)).status).toBe(404);
    expect(await written(w)).toEqual(before);
    // A draft has no threads: the domain refuses a reply on it.
    const draft = await withTenant(w.op.owner, (tx) => startAssessment(tx, { houseId: w.house.houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 3 }));
    const draftItem = await t.db.selectFrom("assessment_item").select("id").where("assessment_id", "=", draft.id).executeTakeFirstOrThrow();
    const res = await post(server, `/o/${w.op.slug}/standards/${draft.id}`, w.manager.cookie, { ...good, itemId: draftItem.id });
    expect(res.status).toBe(409);
    expect(await written(w)).toEqual(before);
  });
});

describe("the open/answered rule (ADR 053), the same on both sides", () => {
  it("open while the latest clarification has no later reply, per item and per body", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const second = await makeCertifier();
    await grantAccess(w.op, second.orgId, [w.house.houseId], { scope: "review" });
    const item = w.items[0]!.id;
    const asBody = (kind: "comment" | "clarification", ctx = w.body.auditor, slug = w.op.slug) => withTenant(ctx, (tx) => addCertifierComment(tx, slug, w.assessmentId, { itemId: item, kind, body: `A ${kind}.` }));
    const asOperator = (kind: "comment" | "reply", body = w.body.orgId) => withTenant(w.manager.ctx, (tx) => addOperatorComment(tx, w.assessmentId, { itemId: item, certifierOrgId: body, kind, body: `A ${kind}.` }, { operatorSlug: w.op.slug }));
    const operatorCount = async () => (await withTenant(w.op.owner, (tx) => clarificationsToAnswer(tx))).reduce((n, a) => n + a.requests, 0);
    const secondUrl = `/o/${second.slug}/audits/${w.op.slug}/assessments/${w.assessmentId}`;
    const certifierSees = async (cookie = w.body.auditorCookie, url = w.certifierUrl) => {
      const res = await get(server, url, cookie);
      expect(res.status).toBe(200);
      return visibleText(res.html).includes("1 item awaits the operator's answer");
    };

    await asBody("comment");
    expect([await operatorCount(), await certifierSees()]).toEqual([0, false]);
    await asBody("clarification");
    expect([await operatorCount(), await certifierSees()]).toEqual([1, true]);
    await asOperator("comment"); // a comment is not an answer
    expect([await operatorCount(), await certifierSees()]).toEqual([1, true]);
    await asOperator("reply");
    expect([await operatorCount(), await certifierSees()]).toEqual([0, false]);
    await asBody("clarification"); // a new question after the answer opens it again
    expect([await operatorCount(), await certifierSees()]).toEqual([1, true]);
    // Another body's thread on the same item is its own: its question is open, our answer does not close it.
    await asBody("clarification", second.auditor);
    expect(await operatorCount()).toBe(2);
    await asOperator("reply");
    expect([await operatorCount(), await certifierSees(), await certifierSees(second.auditorCookie, secondUrl)]).toEqual([1, false, true]);
    // Each body reads only its own thread.
    const theirs = visibleText((await get(server, secondUrl, second.auditorCookie)).html);
    expect(theirs).toContain("A clarification.");
    expect(theirs).not.toContain("A comment.");
    expect(theirs).not.toContain("A reply.");
  });
});

describe("the certifier's assessment page with many comments", () => {
  it("stays within 8 statements and 1 transaction, whatever the number of threads", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const measure = async (url: string, cookie: string) => {
      const res = await server.request(url, { cookie });
      await res.text();
      expect(res.status, url).toBe(200);
      expect(res.headers.get("x-transaction-count"), url).toBe("1");
      return Number(res.headers.get("x-query-count"));
    };
    const empty = await measure(w.certifierUrl, w.body.auditorCookie);
    await withTenant(w.body.auditor, async (tx) => {
      for (const item of w.items.slice(0, 20)) {
        await addCertifierComment(tx, w.op.slug, w.assessmentId, { itemId: item.id, kind: "comment", body: "Looked at this." });
        await addCertifierComment(tx, w.op.slug, w.assessmentId, { itemId: item.id, kind: "clarification", body: "One question." });
      }
    });
    const many = await measure(w.certifierUrl, w.body.auditorCookie);
    expect(many).toBeLessThanOrEqual(8);
    expect(many).toBe(empty);
    for (const url of [w.operatorUrl, `${w.operatorUrl}/items/${w.items[0]!.id}`, `/o/${w.op.slug}/standards`]) {
      expect(await measure(url, w.manager.cookie), url).toBeLessThanOrEqual(8);
    }
  });
});
