import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { prepareConsent, signConsent } from "#app/domain/consents/consents.server";
import { issueGrant } from "#app/domain/grants/grants.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay } from "#tests/support/houses";
import { PDF_BYTES } from "#tests/support/upload-bytes";
import { useUploadDir } from "#tests/support/uploads";
import { makeOperatorWorld } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Evidence about a resident over HTTP (ADR 054): the operator marks a link or an upload as about
 * one resident and what it shows; the certifier's page shows it only under the resident's consent
 * to that certifying body (otherwise "Evidence about a resident — not shared"), and the resident
 * reads each view in their disclosure log.
 */
useUploadDir("consented");

const t = useTestDatabase();
const server = useTestServer();
const send = (url: string, cookie: string, body: FormData | Record<string, string>) =>
  server.request(url, body instanceof FormData ? { method: "POST", body, cookie } : { form: body, cookie });

async function world() {
  const w = await makeOperatorWorld();
  const h = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 2 });
  const { residentId } = await makeStay(w.owner.ctx, h.bedIds[0]!, addDays(todayIn("America/New_York"), -20));
  const user = await makeUser({ orgId: w.org.id, role: "resident" });
  await withTenant(w.owner.ctx, async (tx) => {
    await tx.updateTable("resident").set({ legal_name: "Robin Vale" }).where("id", "=", residentId).execute();
    await linkResidentAccount(tx, { residentId, userId: user.id });
  });
  const std = `/o/${w.org.slug}/standards`;
  expect((await send(`${std}?index`, w.owner.cookie, { intent: "start", houseId: h.houseId, standard: `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`, level: "2" })).status).toBe(302);
  const a = await t.db.selectFrom("assessment").select("id").where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
  const item = await t.db.selectFrom("assessment_item").select("id").where("assessment_id", "=", a.id).orderBy("position").limit(1).executeTakeFirstOrThrow();
  return {
    w, houseId: h.houseId, residentId, std, assessmentId: a.id, itemUrl: `${std}/${a.id}/items/${item.id}`,
    resident: { orgId: w.org.id, userId: user.id, role: "resident" as const }, residentCookie: await sessionCookieFor(user.id),
  };
}
const evidence = (assessmentId: string) =>
  t.db.selectFrom("assessment_evidence").select(["label", "link_path", "file_id", "shared_resident_id", "shared_information"]).where("assessment_id", "=", assessmentId).orderBy("created_at").execute();

describe("evidence about a resident", () => {
  it("is marked on the link and upload forms; every field reads back, and the page says how it is shared", async () => {
    const x = await world();
    const link = `/o/${x.w.org.slug}/residents/${x.residentId}`;
    const res = await send(x.itemUrl, x.w.owner.cookie, { intent: "link", label: "Move-in record", linkPath: link, sharedResidentId: x.residentId, sharedInformation: "residence" });
    expect(res.status).toBe(200);
    const fd = new FormData();
    fd.append("intent", "upload");
    fd.append("label", "Signed house rules");
    fd.append("sharedResidentId", x.residentId);
    fd.append("sharedInformation", "participation");
    fd.append("file", new Blob([new Uint8Array(PDF_BYTES)], { type: "application/pdf" }), "rules.pdf");
    expect((await send(x.itemUrl, x.w.owner.cookie, fd)).status).toBe(200);
    await send(x.itemUrl, x.w.owner.cookie, { intent: "link", label: "Safety log", linkPath: `/o/${x.w.org.slug}/houses/${x.houseId}/safety`, sharedResidentId: "", sharedInformation: "" });
    const rows = await evidence(x.assessmentId);
    expect(rows.map(({ file_id, ...r }) => ({ ...r, file: file_id !== null }))).toEqual([
      { label: "Move-in record", link_path: link, shared_resident_id: x.residentId, shared_information: "residence", file: false },
      { label: "Signed house rules", link_path: null, shared_resident_id: x.residentId, shared_information: "participation", file: true },
      { label: "Safety log", link_path: `/o/${x.w.org.slug}/houses/${x.houseId}/safety`, shared_resident_id: null, shared_information: null, file: false },
    ]);
    const html = await (await server.request(x.itemUrl, { cookie: x.w.owner.cookie })).text();
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]); // both forms' resident fields have their own ids
    expect(html.match(/<label[^>]*for="[^"]*sharedResidentId"/g)).toHaveLength(2);
    const page = visibleText(html);
    expect(page).toContain("About Robin Vale: shown to a certifier only under their consent (Residence: move-in and move-out dates).");
    expect(page).toContain("About Robin Vale: shown to a certifier only under their consent (Participation: meetings, sessions and chores).");
    expect(page).toContain("The resident it is about");
  });

  it("refuses a half-marked or foreign resident with a message on the field, and writes nothing", async () => {
    const x = await world();
    const other = await makeOperatorWorld();
    const oh = await makeHouse(other.owner.ctx, { rooms: 1, bedsPerRoom: 1 });
    const { residentId: foreign } = await makeStay(other.owner.ctx, oh.bedIds[0]!, todayIn("America/New_York"));
    const good = { intent: "link", label: "Record", linkPath: `/o/${x.w.org.slug}/residents/${x.residentId}`, sharedResidentId: x.residentId, sharedInformation: "residence" };
    for (const [bad, message] of [
      [{ sharedInformation: "" }, "Choose what it shows about the resident."],
      [{ sharedResidentId: "" }, "Choose the resident it is about."],
      [{ sharedResidentId: foreign }, "Choose a resident from the list."],
      [{ sharedResidentId: "not-an-id" }, "Not a valid id."],
      [{ sharedInformation: "gossip" }, "Choose from the list."],
    ] as const) {
      const res = await send(x.itemUrl, x.w.owner.cookie, { ...good, ...bad });
      expect(res.status, message).toBe(400);
      expect(visibleText(await res.text())).toContain(message);
    }
    expect(await evidence(x.assessmentId)).toEqual([]);
  });

  it("shows the certifier a redacted line without consent, the evidence under consent, and the resident reads the disclosure", async () => {
    const x = await world();
    const link = `/o/${x.w.org.slug}/residents/${x.residentId}`;
    await send(x.itemUrl, x.w.owner.cookie, { intent: "link", label: "Move-in record", linkPath: link, sharedResidentId: x.residentId, sharedInformation: "residence" });
    expect((await send(`${x.std}/${x.assessmentId}`, x.w.owner.cookie, { intent: "submit" })).status).toBe(302);
    const k = await makeOrg({ kind: "certifier", name: "Commonwealth Recovery Housing Certification" });
    const auditor = await makeUser({ orgId: k.id, role: "auditor" });
    const cookie = await sessionCookieFor(auditor.id);
    await withTenant(x.w.owner.ctx, (tx) => issueGrant(tx, { certifierOrgId: k.id, houseIds: [x.houseId], scope: "review", startsOn: todayIn("America/New_York") }));
    const url = `/o/${k.slug}/audits/${x.w.org.slug}/assessments/${x.assessmentId}`;

    const before = await server.request(url, { cookie });
    expect(before.status).toBe(200);
    const btext = visibleText(await before.text());
    expect(btext).toContain("Evidence about a resident — not shared");
    expect(btext).not.toContain("Move-in record");

    const { id } = await withTenant(x.w.owner.ctx, (tx) => prepareConsent(tx, x.residentId, {
      recipientKind: "organisation", recipientName: "commonwealth recovery  housing certification", purpose: "certification", information: ["residence"], expiresOn: "2099-01-01", expiryEvent: null,
    }));
    await withTenant(x.resident, (tx) => signConsent(tx, { consentId: id, typedName: "Robin Vale" }));
    const after = visibleText(await (await server.request(url, { cookie })).text());
    expect(after).toContain("Move-in record (a record in the operator's Hearth) · about a resident, shared with their consent");
    expect(after).not.toContain("not shared");

    const mine = visibleText(await (await server.request(`/o/${x.w.org.slug}/me/disclosures`, { cookie: x.residentCookie })).text());
    expect(mine).toContain("Commonwealth Recovery Housing Certification");
    expect(mine).toContain("Evidence for a certification review");
  });
});
