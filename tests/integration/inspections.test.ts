import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeOperatorWithSlug } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { makeHouse } from "#tests/support/houses";
import { submittedAssessment } from "#tests/support/review";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Inspections over HTTP (ADR 053): scheduling, rescheduling and cancelling (with its question);
 * inspection mode's start, verdicts (JSON for the page's script, a redirect without JavaScript),
 * photos (type from the bytes), completion raising one finding per not-met verdict due 30 days
 * after the house's today; the locks; 404 without a grant; the operator's read-only view; the
 * statement budget with 60 items.
 */
const t = useTestDatabase();
const server = useTestServer();

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f50000000049454e44ae426082", "hex");

async function world(opts: { zone?: string } = {}) {
  const op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, ...(opts.zone ? { house: { timeZone: opts.zone } } : {}) });
  const older = await submittedAssessment(op.owner, house.houseId);
  const { assessmentId, items } = await submittedAssessment(op.owner, house.houseId, { answers: 5 });
  const body = await makeCertifier();
  const base = `/o/${body.slug}/audits/${op.slug}/houses/${house.houseId}/inspections`;
  return { op, house, body, assessmentId, olderId: older.assessmentId, items, base };
}

const inspections = (houseId: string) => t.db.selectFrom("inspection").selectAll().where("house_id", "=", houseId).orderBy("created_at").execute();
const auditCount = async (orgId: string, action: string) =>
  (await t.db.selectFrom("audit_event").select("id").where("org_id", "=", orgId).where("action", "=", action).execute()).length;

async function scheduled(w: Awaited<ReturnType<typeof world>>, cookie = w.body.auditorCookie) {
  const res = await post(server, w.base, cookie, { intent: "schedule", assessmentId: w.assessmentId, scheduledOn: todayIn("America/New_York"), inspectorUserId: "", note: "" });
  expect(res.status, visibleText(res.html)).toBe(200);
  const rows = await inspections(w.house.houseId);
  return rows.at(-1)!.id;
}

async function started(w: Awaited<ReturnType<typeof world>>) {
  const id = await scheduled(w);
  const res = await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "start" });
  expect(res.status).toBe(302);
  return id;
}

const verdict = (w: Awaited<ReturnType<typeof world>>, id: string, form: Record<string, string>, script = true) =>
  server.request(`${w.base}/${id}/verdict`, { cookie: w.body.auditorCookie, form, ...(script ? { headers: { "x-hearth-fetch": "verdict" } } : {}) });

describe("scheduling", () => {
  it("schedules with every field read back, the latest submitted self-assessment by default; reschedules; cancels after a question", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const page = await get(server, w.base, w.body.adminCookie);
    expect(page.status).toBe(200);
    // The latest submitted one is chosen first.
    expect(page.html.indexOf(`value="${w.assessmentId}"`)).toBeLessThan(page.html.indexOf(`value="${w.olderId}"`));
    const auditor = await t.db.selectFrom("app_user").select("name").where("id", "=", w.body.auditor.userId).executeTakeFirstOrThrow();
    const day = addDays(todayIn("America/New_York"), 7);
    const res = await post(server, w.base, w.body.adminCookie, { intent: "schedule", assessmentId: w.olderId, scheduledOn: day, inspectorUserId: w.body.auditor.userId!, note: "Ring the side door." });
    expect(res.status).toBe(200);
    const [row] = await inspections(w.house.houseId);
    expect(row).toMatchObject({ assessment_id: w.olderId, scheduled_on: day, inspector_user_id: w.body.auditor.userId!, note: "Ring the side door.", status: "scheduled", certifier_org_id: w.body.orgId, org_id: w.op.orgId });
    const listed = visibleText((await get(server, w.base, w.body.adminCookie)).html);
    expect(listed).toContain("Scheduled");
    expect(listed).toContain(auditor.name);
    expect(listed).toContain("Ring the side door.");
    expect(await auditCount(w.op.orgId, "inspection.scheduled")).toBe(1);
    expect(await auditCount(w.body.orgId, "inspection.scheduled")).toBe(1);

    const later = addDays(day, 3);
    const moved = await post(server, w.base, w.body.adminCookie, { intent: "reschedule", inspectionId: row!.id, scheduledOn: later, inspectorUserId: "", note: "Afternoon instead." });
    expect(moved.status).toBe(200);
    expect((await inspections(w.house.houseId))[0]).toMatchObject({ scheduled_on: later, inspector_user_id: null, note: "Afternoon instead." });

    const asked = await post(server, w.base, w.body.adminCookie, { intent: "cancel", inspectionId: row!.id });
    expect(asked.status).toBe(200);
    expect(visibleText(asked.html)).toContain("Cancel this inspection?");
    expect((await inspections(w.house.houseId))[0]!.status).toBe("scheduled");
    const done = await post(server, w.base, w.body.adminCookie, { intent: "cancel", inspectionId: row!.id, confirmed: "yes" });
    expect(done.status).toBe(200);
    expect((await inspections(w.house.houseId))[0]!.status).toBe("cancelled");
    // A cancelled inspection takes no verdict and cannot be rescheduled.
    const onCancelled = await server.request(`${w.base}/${row!.id}/verdict`, { cookie: w.body.adminCookie, form: { itemId: w.items[0]!.id, verdict: "met", note: "" }, headers: { "x-hearth-fetch": "verdict" } });
    expect(onCancelled.status).toBe(409);
    expect((await post(server, w.base, w.body.adminCookie, { intent: "reschedule", inspectionId: row!.id, scheduledOn: later, inspectorUserId: "", note: "" })).status).toBe(409);
    expect(await t.db.selectFrom("inspection_verdict").select("id").where("inspection_id", "=", row!.id).execute()).toHaveLength(0);
  });

  it("refuses bad input with a message and writes nothing", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const stranger = await makeUser();
    const otherHouse = await makeHouse(w.op.owner, { rooms: 1, bedsPerRoom: 1 });
    const foreign = await submittedAssessment(w.op.owner, otherHouse.houseId);
    const good = { intent: "schedule", assessmentId: w.assessmentId, scheduledOn: todayIn("America/New_York"), inspectorUserId: "", note: "" };
    const cases: [Record<string, string>, number, string][] = [
      [{ ...good, scheduledOn: "next tuesday" }, 400, "Use a date like 2026-03-01."],
      [{ ...good, scheduledOn: "2026-02-30" }, 400, "Use a date like 2026-03-01."],
      [{ ...good, inspectorUserId: stranger.id }, 400, "Choose an inspector from your organisation."],
      [{ ...good, inspectorUserId: "not-an-id" }, 400, "Not a valid id."],
      [{ ...good, assessmentId: foreign.assessmentId }, 400, "Choose one of this house's submitted self-assessments."],
      [{ ...good, note: "x".repeat(2001) }, 400, "Use at most 2000 characters."],
    ];
    for (const [form, status, message] of cases) {
      const res = await post(server, w.base, w.body.adminCookie, form);
      expect(res.status, JSON.stringify(form).slice(0, 120)).toBe(status);
      expect(visibleText(res.html)).toContain(message);
    }
    expect(await inspections(w.house.houseId)).toHaveLength(0);
  });

  it("answers 404 without a grant, with an ended or revoked one, for another house; a review grant reads and cannot schedule", async () => {
    const w = await world();
    const form = { intent: "schedule", assessmentId: w.assessmentId, scheduledOn: todayIn("America/New_York"), inspectorUserId: "", note: "" };
    expect((await get(server, w.base, w.body.adminCookie)).status).toBe(404);
    expect((await post(server, w.base, w.body.adminCookie, form)).status).toBe(404);
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { startsIn: -60, endsIn: -1 });
    expect((await get(server, w.base, w.body.adminCookie)).status).toBe(404);
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { revoked: true });
    expect((await get(server, w.base, w.body.adminCookie)).status).toBe(404);
    expect((await post(server, w.base, w.body.adminCookie, form)).status).toBe(404);
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const review = await get(server, w.base, w.body.auditorCookie);
    expect(review.status).toBe(200);
    expect(visibleText(review.html)).toContain("review this house, not inspect it");
    expect((await post(server, w.base, w.body.auditorCookie, form)).status).toBe(404);
    expect(await inspections(w.house.houseId)).toHaveLength(0);
    // The operator's own people never reach the certifier's pages.
    expect((await get(server, w.base, w.op.cookie)).status).toBe(404);
  });
});

describe("inspection mode", () => {
  it("starts, records verdicts (JSON and without JavaScript), refuses bad verdicts, adds a photo, completes into findings, then locks", async () => {
    const w = await world({ zone: "Pacific/Honolulu" });
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const id = await scheduled(w);
    // No verdict before the start.
    const early = await verdict(w, id, { itemId: w.items[0]!.id, verdict: "met", note: "" });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ ok: false, error: "Start the inspection before recording verdicts." });
    // Completing a scheduled inspection is refused too.
    expect((await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "complete", confirmed: "yes" })).status).toBe(409);
    expect((await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "start" })).status).toBe(302);
    // Completing with no verdict is refused.
    const empty = await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "complete", confirmed: "yes" });
    expect(empty.status).toBe(400);
    expect(visibleText(empty.html)).toContain("Record at least one verdict before completing the inspection.");

    const [a, b, c, d] = w.items;
    const saved = await verdict(w, id, { itemId: a!.id, verdict: "not_met", note: "No smoke detector in the kitchen." });
    expect(saved.status).toBe(200);
    const json = (await saved.json()) as { ok: boolean; itemId: string; savedAt: string };
    expect(json).toMatchObject({ ok: true, itemId: a!.id });
    expect(Number.isNaN(Date.parse(json.savedAt))).toBe(false);
    // Upsert: the same item again changes the one row.
    expect((await verdict(w, id, { itemId: b!.id, verdict: "met", note: "" })).status).toBe(200);
    expect((await verdict(w, id, { itemId: b!.id, verdict: "not_met", note: "" })).status).toBe(200);
    // Without JavaScript: a redirect back to the item.
    const plain = await verdict(w, id, { itemId: c!.id, verdict: "partial", note: "Rules posted, not signed by all." }, false);
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe(`${w.base}/${id}?at=${c!.id}#item-${c!.id}`);
    // Refusals: not in the enum, not an item of this inspection, over-long note.
    const foreignItem = (await submittedAssessment(w.op.owner, w.house.houseId)).items[0]!.id;
    for (const [form, status, message] of [
      [{ itemId: d!.id, verdict: "excellent", note: "" }, 400, "Choose met, partly met, not met or does not apply."],
      [{ itemId: foreignItem, verdict: "met", note: "" }, 400, "That item is not part of this inspection."],
      [{ itemId: d!.id, verdict: "met", note: "x".repeat(2001) }, 400, "Use at most 2000 characters."],
    ] as const) {
      const res = await verdict(w, id, form);
      expect(res.status, message).toBe(status);
      expect(((await res.json()) as { error: string }).error).toBe(message);
    }
    const refusedPlain = await verdict(w, id, { itemId: d!.id, verdict: "excellent", note: "" }, false);
    expect(refusedPlain.status).toBe(302);
    const verdicts = await t.db.selectFrom("inspection_verdict").select(["item_id", "verdict", "note", "recorded_by"]).where("inspection_id", "=", id).execute();
    expect(verdicts).toHaveLength(3);
    expect(verdicts.find((v) => v.item_id === a!.id)).toMatchObject({ verdict: "not_met", note: "No smoke detector in the kitchen.", recorded_by: w.body.auditor.userId });
    expect(verdicts.find((v) => v.item_id === b!.id)).toMatchObject({ verdict: "not_met", note: null });
    expect(verdicts.find((v) => v.item_id === c!.id)).toMatchObject({ verdict: "partial", note: "Rules posted, not signed by all." });

    // The page shows them back, with the progress.
    const mode = await get(server, `${w.base}/${id}?at=${a!.id}`, w.body.auditorCookie);
    expect(mode.status).toBe(200);
    expect(visibleText(mode.html)).toContain(`3 of ${w.items.length} recorded`);
    expect(mode.html).toContain("No smoke detector in the kitchen.");
    expect(mode.html.includes('checked="" value="partial"'), "the partial verdict is checked").toBe(true);

    // A photo: checked by its bytes; a page disguised as one is refused.
    const photo = (bytes: Buffer, name: string) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries({ intent: "photo", itemId: a!.id, caption: "Kitchen ceiling" })) fd.append(k, v);
      fd.append("photo", new Blob([new Uint8Array(bytes)], { type: "image/png" }), name);
      return server.request(`${w.base}/${id}`, { method: "POST", body: fd, cookie: w.body.auditorCookie });
    };
    const bad = await photo(Buffer.from("<html><script>alert(1)</script></html>"), "x.png");
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain("This type of file can't be uploaded.");
    const up = await photo(PNG, "ceiling.png");
    expect(up.status).toBe(302);
    const photos = await t.db.selectFrom("inspection_photo as p").innerJoin("file as f", (j) => j.onRef("f.org_id", "=", "p.org_id").onRef("f.id", "=", "p.file_id"))
      .select(["p.item_id", "p.caption", "f.id as file_id", "f.org_id", "f.house_id", "f.content_type"]).where("p.inspection_id", "=", id).execute();
    expect(photos).toEqual([{ item_id: a!.id, caption: "Kitchen ceiling", file_id: photos[0]!.file_id, org_id: w.op.orgId, house_id: w.house.houseId, content_type: "image/png" }]);
    const withPhoto = await get(server, `${w.base}/${id}`, w.body.auditorCookie);
    const href = `/o/${w.body.slug}/audits/${w.op.slug}/files/${photos[0]!.file_id}`;
    expect(withPhoto.html).toContain(`href="${href}"`);
    expect(withPhoto.html).toContain("Kitchen ceiling");
    const download = await server.request(href, { cookie: w.body.auditorCookie });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment/);
    await download.arrayBuffer();

    // Complete: a question first, then findings for the two not-met verdicts.
    const asked = await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "complete" });
    expect(visibleText(asked.html)).toContain("Complete this inspection?");
    expect((await inspections(w.house.houseId))[0]!.status).toBe("in_progress");
    const done = await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "complete", confirmed: "yes" });
    expect(done.status).toBe(302);
    const findings = await t.db.selectFrom("finding").selectAll().where("inspection_id", "=", id).execute();
    const houseToday = todayIn("Pacific/Honolulu");
    expect(findings).toHaveLength(2);
    const itemText = await t.db.selectFrom("assessment_item").select("text").where("id", "=", b!.id).executeTakeFirstOrThrow();
    expect(findings.find((f) => f.item_id === a!.id)).toMatchObject({ severity: "minor", status: "open", summary: "No smoke detector in the kitchen.", due_on: addDays(houseToday, 30), assessment_id: w.assessmentId, certifier_org_id: w.body.orgId, house_id: w.house.houseId });
    expect(findings.find((f) => f.item_id === b!.id)).toMatchObject({ summary: itemText.text, due_on: addDays(houseToday, 30) });
    expect(await auditCount(w.op.orgId, "inspection.completed")).toBe(1);
    expect(await auditCount(w.body.orgId, "inspection.completed")).toBe(1);

    // Locked: verdicts, photos, a second completion; the page is read-only.
    const locked = await verdict(w, id, { itemId: d!.id, verdict: "met", note: "" });
    expect(locked.status).toBe(409);
    expect((await photo(PNG, "late.png")).status).toBe(409);
    expect((await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "complete", confirmed: "yes" })).status).toBe(409);
    await expect(withTenant(w.body.auditor, (tx) => tx.updateTable("inspection_verdict").set({ verdict: "met" }).where("org_id", "=", w.op.orgId).where("inspection_id", "=", id).execute())).rejects.toThrow(/inspection_locked|in progress/);
    const after = await get(server, `${w.base}/${id}`, w.body.auditorCookie);
    expect(after.html).not.toContain('name="verdict"');
    expect(visibleText(after.html)).toContain("2 findings raised");
    expect(await t.db.selectFrom("inspection_verdict").select("id").where("inspection_id", "=", id).execute()).toHaveLength(3);

    // The operator reads it on the house's Standards tab.
    const tab = await get(server, `/o/${w.op.slug}/houses/${w.house.houseId}/standards`, w.op.cookie);
    expect(tab.status).toBe(200);
    const words = visibleText(tab.html);
    expect(words).toContain(`Inspection by ${w.body.name}`);
    expect(words).toContain("Completed");
    expect(words).toContain("No smoke detector in the kitchen.");
  });

  it("answers 404 to a review grant's writes, a revoked grant and another body; stays within the statement budget with 60 items", async () => {
    const w = await world();
    const grantId = await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const id = await started(w);
    const other = await makeCertifier();
    await grantAccess(w.op, other.orgId, [w.house.houseId]);
    const theirs = `/o/${other.slug}/audits/${w.op.slug}/houses/${w.house.houseId}/inspections/${id}`;
    expect((await get(server, theirs, other.adminCookie)).status).toBe(404);
    expect((await post(server, `${theirs}/verdict`, other.adminCookie, { itemId: w.items[0]!.id, verdict: "met", note: "" })).status).toBe(404);
    expect((await post(server, theirs, other.adminCookie, { intent: "complete", confirmed: "yes" })).status).toBe(404);

    const res = await get(server, `${w.base}/${id}`, w.body.auditorCookie);
    expect(res.status).toBe(200);
    expect(w.items.length).toBeGreaterThanOrEqual(50);
    for (const item of w.items.slice(0, 10)) expect((await verdict(w, id, { itemId: item.id, verdict: "met", note: "" })).status).toBe(200);
    const budget = await server.request(`${w.base}/${id}`, { cookie: w.body.auditorCookie });
    await budget.text();
    expect(Number(budget.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
    expect(budget.headers.get("x-transaction-count")).toBe("1");
    const list = await server.request(w.base, { cookie: w.body.auditorCookie });
    await list.text();
    expect(Number(list.headers.get("x-query-count"))).toBeLessThanOrEqual(8);

    await withTenant(w.op.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: w.op.ownerId }).where("id", "=", grantId).execute());
    expect((await get(server, `${w.base}/${id}`, w.body.auditorCookie)).status).toBe(404);
    expect((await post(server, `${w.base}/${id}/verdict`, w.body.auditorCookie, { itemId: w.items[20]!.id, verdict: "met", note: "" })).status).toBe(404);
    expect((await post(server, `${w.base}/${id}`, w.body.auditorCookie, { intent: "complete", confirmed: "yes" })).status).toBe(404);
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    expect((await get(server, `${w.base}/${id}`, w.body.auditorCookie)).status).toBe(200);
    expect((await post(server, `${w.base}/${id}/verdict`, w.body.auditorCookie, { itemId: w.items[20]!.id, verdict: "met", note: "" })).status).toBe(404);
    expect(await t.db.selectFrom("inspection_verdict").select("id").where("inspection_id", "=", id).execute()).toHaveLength(10);
  });
});
