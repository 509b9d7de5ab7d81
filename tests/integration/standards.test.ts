import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { setMembershipHouses } from "#app/domain/houses/houses.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { HTML_BYTES, PDF_BYTES } from "#tests/support/upload-bytes";
import { multipart, useUploadDir } from "#tests/support/uploads";
import { makeOperatorWorld } from "./house-pages";
import { visibleText } from "./helpers";

useUploadDir("std", { maxBytes: 64 * 1024 });

const t = useTestDatabase();
const server = useTestServer();

const send = (url: string, cookie: string, body: FormData | Record<string, string>) =>
  server.request(url, body instanceof FormData ? { method: "POST", body, cookie } : { form: body, cookie });

async function setup() {
  const w = await makeOperatorWorld();
  const h = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 2 });
  const manager = await w.people("house_manager");
  const staff = await w.people("staff");
  await withTenant(w.owner.ctx, async (tx) => {
    await setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [h.houseId] });
    await setMembershipHouses(tx, { membershipId: staff.membershipId, houseIds: [h.houseId] });
  });
  return { w, houseId: h.houseId, manager, staff, base: `/o/${w.org.slug}/standards` };
}

describe("self-assessment pages", () => {
  it("a manager starts an assessment, answers an item, uploads a PDF and links a record; an owner submits; then it refuses edits", async () => {
    const { w, houseId, manager, staff, base } = await setup();
    const start = await send(`${base}?index`, manager.cookie, { intent: "start", houseId, standard: `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`, level: "2" });
    expect(start.status).toBe(302);
    const a = await t.db.selectFrom("assessment").selectAll().where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    expect(a).toMatchObject({ house_id: houseId, standard_id: BUILT_IN_STANDARD_ID, level: 2, status: "draft" });
    expect(start.headers.get("location")).toBe(`${base}/${a.id}`);
    const page = await server.request(`${base}/${a.id}`, { cookie: manager.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(visibleText(html)).toContain("2.F.17.c");
    expect(visibleText(html)).toContain("From Hearth:");

    const item = await t.db.selectFrom("assessment_item").selectAll().where("assessment_id", "=", a.id).where("code", "=", "2.F.18.a").executeTakeFirstOrThrow();
    const answered = await send(`${base}/${a.id}`, manager.cookie, { intent: "answer", itemId: item.id, answer: "partial", notes: "Electrical inspection booked" });
    expect(answered.status).toBe(200);
    expect(await t.db.selectFrom("assessment_item").select(["answer", "notes", "answered_by"]).where("id", "=", item.id).executeTakeFirstOrThrow())
      .toEqual({ answer: "partial", notes: "Electrical inspection booked", answered_by: manager.userId });
    expect(visibleText(await (await server.request(`${base}/${a.id}`, { cookie: manager.cookie })).text())).toContain("Partly met — Electrical inspection booked");

    const itemUrl = `${base}/${a.id}/items/${item.id}`;
    const up = await send(itemUrl, manager.cookie, multipart({ intent: "upload", label: "Inspection report" }, { file: { bytes: PDF_BYTES, name: "report.pdf", type: "application/pdf" } }));
    expect(up.status).toBe(200);
    const bad = await send(itemUrl, manager.cookie, multipart({ intent: "upload", label: "Page" }, { file: { bytes: HTML_BYTES, name: "x.pdf", type: "application/pdf" } }));
    expect(bad.status).toBe(400);
    const link = await send(itemUrl, manager.cookie, { intent: "link", label: "Safety log", linkPath: `/o/${w.org.slug}/houses/${houseId}/safety` });
    expect(link.status).toBe(200);
    const foreign = await send(itemUrl, manager.cookie, { intent: "link", label: "Elsewhere", linkPath: `/o/other-org/houses/${houseId}/safety` });
    expect(foreign.status).toBe(400);
    const evidence = await t.db.selectFrom("assessment_evidence").selectAll().where("assessment_id", "=", a.id).orderBy("created_at").execute();
    expect(evidence.map((e) => [e.label, e.file_id !== null, e.link_path])).toEqual([
      ["Inspection report", true, null],
      ["Safety log", false, `/o/${w.org.slug}/houses/${houseId}/safety`],
    ]);
    const itemPage = visibleText(await (await server.request(itemUrl, { cookie: manager.cookie })).text());
    expect(itemPage).toMatch(/File\s*:\s*Inspection report/);
    expect(itemPage).toMatch(/Link\s*:\s*Safety log/);

    // Evidence comes off a draft again: a third link, removed (audited); someone else's
    // evidence id, or a bad one, changes nothing.
    expect((await send(itemUrl, manager.cookie, { intent: "link", label: "Wrong page", linkPath: `/o/${w.org.slug}/houses` })).status).toBe(200);
    const wrong = await t.db.selectFrom("assessment_evidence").select("id").where("assessment_id", "=", a.id).where("label", "=", "Wrong page").executeTakeFirstOrThrow();
    expect(visibleText(await (await server.request(itemUrl, { cookie: manager.cookie })).text())).toContain("Remove Wrong page");
    expect((await send(itemUrl, manager.cookie, { intent: "remove", evidenceId: "not-an-id" })).status).toBe(400);
    expect((await send(itemUrl, manager.cookie, { intent: "remove", evidenceId: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    const removed = await send(itemUrl, manager.cookie, { intent: "remove", evidenceId: wrong.id });
    expect(removed.status).toBe(200);
    expect(visibleText(await removed.text())).toContain("Wrong page removed.");
    expect((await t.db.selectFrom("assessment_evidence").select("label").where("assessment_id", "=", a.id).orderBy("created_at").execute()).map((e) => e.label))
      .toEqual(["Inspection report", "Safety log"]);
    expect(await t.db.selectFrom("audit_event").select(["action", "entity_id"]).where("org_id", "=", w.org.id).where("action", "=", "assessment.evidence_removed").execute())
      .toEqual([{ action: "assessment.evidence_removed", entity_id: a.id }]);

    // Staff have no standards pages; a manager cannot submit; the owner can.
    expect((await server.request(`${base}/${a.id}`, { cookie: staff.cookie })).status).toBe(403);
    expect((await send(`${base}/${a.id}`, manager.cookie, { intent: "submit" })).status).toBe(403);
    const submitted = await send(`${base}/${a.id}`, w.owner.cookie, { intent: "submit" });
    expect(submitted.status).toBe(302);
    const after = await send(`${base}/${a.id}`, manager.cookie, { intent: "answer", itemId: item.id, answer: "met" });
    expect(after.status).toBe(409);
    expect((await send(itemUrl, manager.cookie, { intent: "link", label: "Late", linkPath: `/o/${w.org.slug}/houses` })).status).toBe(409);
    const kept = await t.db.selectFrom("assessment_evidence").select("id").where("assessment_id", "=", a.id).where("label", "=", "Safety log").executeTakeFirstOrThrow();
    expect((await send(itemUrl, manager.cookie, { intent: "remove", evidenceId: kept.id })).status).toBe(409);
    expect(await t.db.selectFrom("assessment_evidence").select("id").where("id", "=", kept.id).executeTakeFirst()).toEqual({ id: kept.id });
    expect(visibleText(await (await server.request(itemUrl, { cookie: manager.cookie })).text())).not.toContain("Remove Safety log");
    expect(await t.db.selectFrom("assessment_item").select("answer").where("id", "=", item.id).executeTakeFirstOrThrow()).toEqual({ answer: "partial" });
    expect(visibleText(await (await server.request(`${base}/${a.id}`, { cookie: w.owner.cookie })).text())).toContain("Answers and evidence are locked");
  });

  it("the Standards page and the house tab show readiness per domain; bad input is a 400 and another org's id a 404", async () => {
    const { w, houseId, manager, base } = await setup();
    const bad = await send(`${base}?index`, manager.cookie, { intent: "start", houseId: "org", standard: `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`, level: "2" });
    expect(bad.status).toBe(403);
    expect((await send(`${base}?index`, w.owner.cookie, { intent: "start", houseId, standard: "nonsense", level: "9" })).status).toBe(400);
    expect((await send(`${base}?index`, w.owner.cookie, { intent: "start", houseId: "org", standard: `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`, level: "3" })).status).toBe(302);
    const page = visibleText(await (await server.request(base, { cookie: w.owner.cookie })).text());
    expect(page).toContain("Whole organisation");
    expect(page).toContain("1. Administrative operations");
    const tab = await server.request(`/o/${w.org.slug}/houses/${houseId}/standards`, { cookie: manager.cookie });
    expect(tab.status).toBe(200);
    const other = await makeOperatorWorld();
    const theirs = await send(`/o/${other.org.slug}/standards?index`, other.owner.cookie, { intent: "start", houseId: "org", standard: `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`, level: "1" });
    const id = theirs.headers.get("location")!.split("/").pop()!;
    expect((await server.request(`${base}/${id}`, { cookie: w.owner.cookie })).status).toBe(404);
    expect((await send(`${base}/${id}`, w.owner.cookie, { intent: "submit" })).status).toBe(404);
  });
});
