import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { prepareConsent, revokeConsent, signConsent } from "#app/domain/consents/consents.server";
import { addGoal } from "#app/domain/plans/plan.server";
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
 * The referral pages over HTTP (ADR 046): every form submitted and read back — a new
 * referral picked from a directory search with a goal, sent (refused without consent, then
 * under one), accepted, the warm handoff, the appointment, a follow-up added and done,
 * attended, the printed summary with the notice, closed — bad input refused with nothing
 * written; other houses' staff 404; the resident reads their referral and the disclosures.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);

let op: Operator;
let residentId: string;
let residentUser: string;
let resident = "";
let staff = "";
let elsewhere = "";
let base = "";
let serviceId = "";
let goalId = "";
let legalName = "";
const referrals = async () => t.db.selectFrom("referral").selectAll().where("org_id", "=", op.orgId).execute();

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
  const away = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  ({ residentId } = await makeStay(op.owner, house.bedIds[0]!, addDays(today, -20)));
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  residentUser = user.id;
  await withTenant(op.owner, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
  legalName = (await t.db.selectFrom("resident").select("legal_name").where("id", "=", residentId).executeTakeFirstOrThrow()).legal_name;
  resident = await sessionCookieFor(user.id);
  staff = (await signedInMember(op, "staff", [house.houseId])).cookie;
  elsewhere = (await signedInMember(op, "house_manager", [away.houseId])).cookie;
  base = `/o/${op.slug}/residents/${residentId}/referrals`;
  serviceId = (await withTenant(op.owner, (tx) => createService(tx, op.orgId, { name: "Northside Job Training Center", organizationName: "Northside Works", description: "Job training.", categories: ["employment"], languages: ["en"] }, today))).id;
  await withTenant(op.owner, (tx) => createService(tx, op.orgId, { name: "St. Brigid's Food Pantry", organizationName: "St. Brigid's", description: "Groceries.", categories: ["food"], languages: ["en"] }, today));
  goalId = (await withTenant(op.owner, (tx) => addGoal(tx, { residentId }, { dimension: "purpose", title: "Find steady work", targetOn: null }))).id;
});

describe("the referral pages", () => {
  it("staff refer, send, hand off, book, follow up, print and close; every field reads back", async () => {
    // The directory search narrows the choices.
    const search = visibleText((await get(client, `${base}/new?q=job+training`, staff)).html);
    expect(search).toMatch(/Northside Job Training Center — Northside Works/);
    expect(search).not.toMatch(/Food Pantry/);
    const created = await post(client, `${base}/new`, staff, { intent: "create", serviceId, reason: "Wants to work in a kitchen again.", urgency: "soon", goalId });
    expect(created.status).toBe(302);
    const [r] = await referrals();
    expect(r).toMatchObject({ service_id: serviceId, reason: "Wants to work in a kitchen again.", urgency: "soon", goal_id: goalId, status: "draft" });
    const page = `${base}/${r!.id}`;

    // No consent: refused with a clear message and a link to prepare one; the attempt is logged.
    const refused = await post(client, page, staff, { intent: "send" });
    expect(refused.status).toBe(403);
    expect(visibleText(refused.html)).toMatch(/has not consented to sharing information with Northside Works/);
    expect(refused.html).toContain("recipientName=Northside+Works");
    expect((await referrals())[0]!.status).toBe("consent_needed");

    const { id: consentId } = await withTenant(op.owner, (tx) =>
      prepareConsent(tx, residentId, { recipientKind: "organisation", recipientName: "Northside Works", purpose: "referral", information: ["referrals"], expiresOn: addDays(today, 90), expiryEvent: null }),
    );
    await withTenant({ orgId: op.orgId, userId: residentUser, role: "resident" }, (tx) => signConsent(tx, { consentId, typedName: legalName }));
    expect((await post(client, page, staff, { intent: "send" })).status).toBe(200);
    expect((await post(client, page, staff, { intent: "accept" })).status).toBe(200);
    expect(
      (await post(client, page, staff, { intent: "handoff", introducedBy: "Luis Ortega", method: "accompanied", contactName: "Rita Gomez", contactPhone: "312-555-0100", happenedOn: today, note: "Walked over together." })).status,
    ).toBe(200);
    expect((await post(client, page, staff, { intent: "appointment", appointmentOn: addDays(today, 2), appointmentTime: "14:30", appointmentPlace: "Room 2, 1 Dock St" })).status).toBe(200);
    expect((await post(client, page, staff, { intent: "followup", dueOn: addDays(today, 3), task: "Ask how the first visit went" })).status).toBe(200);
    const [f] = await t.db.selectFrom("referral_followup").selectAll().where("org_id", "=", op.orgId).execute();
    expect(f).toMatchObject({ due_on: addDays(today, 3), task: "Ask how the first visit went", done_at: null });
    expect((await post(client, page, staff, { intent: "followup-done", followupId: f!.id, note: "Went well, starts Monday." })).status).toBe(200);
    expect((await post(client, page, staff, { intent: "attended" })).status).toBe(200);

    const seen = visibleText((await get(client, page, staff)).html);
    expect(seen).toMatch(/Attended ?: [A-Z][a-z]{2} \d+, \d{4}/);
    expect(seen).toMatch(/Sent ?: [A-Z][a-z]{2} \d+, \d{4}/);
    expect(seen).toMatch(/Appointment: .*2:30 PM, Room 2, 1 Dock St/);
    expect(seen).toMatch(/Luis Ortega — went along with the resident — with Rita Gomez \(312-555-0100\)/);
    expect(seen).toMatch(/Walked over together\./);
    expect(seen).toMatch(/Ask how the first visit went/);
    expect(seen).toMatch(/Done [A-Z]/);
    expect(seen).toMatch(/Went well, starts Monday\./);
    expect(seen).toMatch(/Why: Wants to work in a kitchen again\./);
    expect(seen).toMatch(/For the goal: Find steady work/);
    expect(seen).toMatch(/How soon: Soon/);

    // The printed summary: through the gate, with the notice.
    const printed = await post(client, page, staff, { intent: "summary" });
    expect(printed.status).toBe(302);
    const summary = await get(client, printed.res.headers.get("location")!, staff);
    expect(summary.status).toBe(200);
    const text = visibleText(summary.html);
    expect(text).toMatch(/Referral summary/);
    expect(text).toMatch(/To: Northside Job Training Center, Northside Works/);
    expect(text).toMatch(/42 CFR part 2/);

    expect((await post(client, page, staff, { intent: "close", outcome: "engaged" })).status).toBe(200);
    expect((await referrals())[0]).toMatchObject({ status: "closed", outcome: "engaged" });
    expect(visibleText((await get(client, base, staff)).html)).toMatch(/Closed: engaged with the service/);

    // The resident: their referral and every disclosure in their log.
    expect(visibleText((await get(client, `/o/${op.slug}/me/referrals`, resident)).html)).toMatch(/Northside Job Training Center/);
    const log = visibleText((await get(client, `/o/${op.slug}/me/disclosures`, resident)).html);
    expect(log.match(/Referral summary to Northside Works/g)?.length).toBe(3);
    expect(log).toMatch(/Not shared/);

    // Revoked: the summary is gone at once.
    await withTenant({ orgId: op.orgId, userId: residentUser, role: "resident" }, (tx) => revokeConsent(tx, consentId, { mine: true }));
    expect((await get(client, printed.res.headers.get("location")!, staff)).status).toBe(410);
  });

  it("refuses bad input on the field and writes nothing", async () => {
    const before = (await referrals()).length;
    const bad = await post(client, `${base}/new`, staff, { intent: "create", serviceId: "nope", reason: "", urgency: "whenever", goalId: "" });
    expect(bad.status).toBe(400);
    expect((await referrals()).length).toBe(before);
    const created = await post(client, `${base}/new`, staff, { intent: "create", serviceId, reason: "Again", urgency: "routine", goalId: "" });
    const id = created.res.headers.get("location")!.split("/").at(-1)!;
    const page = `${base}/${id}`;
    expect((await post(client, page, staff, { intent: "appointment", appointmentOn: "2026-02-30", appointmentTime: "25:00", appointmentPlace: "" })).status).toBe(400);
    expect((await post(client, page, staff, { intent: "attended" })).status).toBe(409);
    expect((await post(client, page, staff, { intent: "nope" })).status).toBe(400);
    expect((await referrals()).find((r) => r.id === id)!.status).toBe("draft");
  });

  it("other houses' staff get a 404, a resident gets no staff page, and garbage ids 404", async () => {
    const [r] = await referrals();
    for (const url of [base, `${base}/new`, `${base}/${r!.id}`]) expect((await get(client, url, elsewhere)).status).toBe(404);
    expect((await post(client, `${base}/${r!.id}`, elsewhere, { intent: "accept" })).status).toBe(404);
    expect((await post(client, `${base}/new`, elsewhere, { intent: "create", serviceId, reason: "x", urgency: "routine", goalId: "" })).status).toBe(404);
    expect((await get(client, `${base}/nope`, staff)).status).toBe(404);
    expect((await get(client, `${base}/${crypto.randomUUID()}`, staff)).status).toBe(404);
    expect([403, 404]).toContain((await get(client, base, resident)).status);
  });
});
