import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeResident, makeStay, type HouseFixture } from "#tests/support/houses";
import {
  admissionCounts,
  makeApplication,
  makeOperatorWithSlug,
  optionValues,
  selectedOption,
  signedInMember,
  titleOf,
  type Operator,
} from "#tests/support/admissions";
import { flashFrom, followCookie, visibleText } from "./helpers";

/** An input (or hidden input) named `name` with `value`, whatever the attribute order. */
function inputWithValue(name: string, value: string): RegExp {
  return new RegExp(`<input(?=[^>]*\\sname="${name}")(?=[^>]*\\svalue="${value}")[^>]*>`);
}

async function auditActions(orgId: string, action: string): Promise<number> {
  const rows = await t.db.selectFrom("audit_event").select("id").where("org_id", "=", orgId).where("action", "=", action).execute();
  return rows.length;
}

const t = useTestDatabase();
const server = useTestServer();
const today = todayIn("America/New_York");

let op: Operator;
/** beds[0] occupied since 10 days ago, beds[1] and beds[3] free, beds[2] out of service. */
let house: HouseFixture;
let other: HouseFixture;
let occupant: { residentId: string; stayId: string };
let staffCookie: string;
let managerCookie: string;
let managerCtx: TenantContext;
let outsideManagerCookie: string;
let residentCookie: string;

beforeAll(async () => {
  op = await makeOperatorWithSlug("Lantern Recovery Homes");
  house = await makeHouse(op.owner, { rooms: 2, bedsPerRoom: 2, house: { name: "Birch House" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { name: "Cedar House" } });
  occupant = await makeStay(op.owner, house.bedIds[0]!, addDays(today, -10));
  await withTenant(op.owner, (tx) => setBedStatus(tx, { bedId: house.bedIds[2]!, status: "out_of_service", reason: "Broken frame" }));
  staffCookie = (await signedInMember(op, "staff", [house.houseId])).cookie;
  const manager = await signedInMember(op, "house_manager", [house.houseId]);
  managerCookie = manager.cookie;
  managerCtx = manager.ctx;
  outsideManagerCookie = (await signedInMember(op, "house_manager", [other.houseId])).cookie;
  residentCookie = (await signedInMember(op, "resident")).cookie;
});

const appPath = (id: string) => `/o/${op.slug}/applications/${id}`;
const stayPath = (id: string) => `/o/${op.slug}/stays/${id}`;
const stayRow = (id: string) =>
  t.db
    .selectFrom("stay")
    .select(["id", "resident_id", "bed_id", "house_id", "end_type", "discharge_reason", "discharge_destination", "transferred_from_stay_id"])
    .select((eb) => [eb.fn<string>("lower", ["during"]).as("move_in"), eb.fn<string | null>("upper", ["during"]).as("move_out")])
    .where("id", "=", id)
    .executeTakeFirst();

describe("admitting an application", () => {
  it("offers only beds free for the chosen dates", async () => {
    const id = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    const html = await (await server.request(appPath(id), { cookie: op.cookie })).text();
    const beds = optionValues(html, "bedId");
    expect(beds).toEqual(expect.arrayContaining([house.bedIds[1], house.bedIds[3], ...other.bedIds]));
    expect(beds).not.toContain(house.bedIds[0]); // occupied
    expect(beds).not.toContain(house.bedIds[2]); // out of service
    expect(html).toMatch(/<optgroup label="Birch House">/);

    // A bed whose occupant leaves before the chosen move-in is offered for that date.
    const leaving = await makeStay(op.owner, other.bedIds[0]!, addDays(today, -5), addDays(today, 20));
    const soon = optionValues(await (await server.request(appPath(id), { cookie: op.cookie })).text(), "bedId");
    expect(soon).not.toContain(other.bedIds[0]);
    const later = await (await server.request(`${appPath(id)}?moveInDate=${addDays(today, 20)}`, { cookie: op.cookie })).text();
    expect(optionValues(later, "bedId")).toContain(other.bedIds[0]);
    expect(later).toMatch(inputWithValue("moveInDate", addDays(today, 20)));
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", leaving.stayId).execute());

    // A nonsense range is explained, not a 500.
    const bad = await server.request(`${appPath(id)}?moveInDate=${today}&expectedMoveOutDate=${addDays(today, -3)}`, { cookie: op.cookie });
    expect(bad.status).toBe(200);
    expect(visibleText(await bad.text())).toContain("The move-out date must be after the move-in date.");
  });

  it("creates the resident and the stay in one step, marks the application admitted, and opens the stay", async () => {
    const id = await makeApplication(op.owner, { applicantName: "Avery Admitted", email: "avery@example.test" }, ["screening", "accepted"]);
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(appPath(id), {
      cookie: op.cookie,
      form: { intent: "admit", applicationId: id, bedId: house.bedIds[1]!, moveInDate: today },
    });
    expect(res.status).toBe(302);
    const app = await t.db.selectFrom("application").select(["status", "admitted_resident_id"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(app.status).toBe("admitted");
    const resident = await t.db.selectFrom("resident").select(["legal_name", "email"]).where("id", "=", app.admitted_resident_id!).executeTakeFirstOrThrow();
    expect(resident).toEqual({ legal_name: "Avery Admitted", email: "avery@example.test" });
    const stay = await t.db.selectFrom("stay").select(["id", "bed_id"]).where("resident_id", "=", app.admitted_resident_id!).executeTakeFirstOrThrow();
    expect(stay.bed_id).toBe(house.bedIds[1]);
    expect(res.headers.get("location")).toBe(stayPath(stay.id));
    expect(flashFrom(res)).toBe("hearth_flash=admitted");
    const after = await admissionCounts(t.db, op.orgId);
    expect(after.residents).toBe(before.residents + 1);
    expect(after.stays).toBe(before.stays + 1);

    // The stay page shows it once, with a link to the resident and no name in the title.
    const page = await server.request(stayPath(stay.id), { cookie: followCookie(op.cookie, res) });
    expect(page.status).toBe(200);
    expect(page.headers.getSetCookie().some((c) => c.startsWith("hearth_flash=;") && /Max-Age=0/.test(c))).toBe(true);
    const html = await page.text();
    expect(visibleText(html)).toContain("Admitted");
    expect(visibleText(html)).toContain("is admitted to");
    expect(visibleText(await (await server.request(stayPath(stay.id), { cookie: op.cookie })).text())).not.toContain("is admitted to");
    expect(visibleText(html)).toContain("Avery Admitted");
    expect(html).toContain(`href="/o/${op.slug}/residents/${app.admitted_resident_id}"`);
    expect(titleOf(html)).toBe("Stay · Hearth");
    // …and the application page now links to the resident instead of offering an admission.
    const appPage = await (await server.request(appPath(id), { cookie: op.cookie })).text();
    expect(appPage).toContain(`href="/o/${op.slug}/residents/${app.admitted_resident_id}"`);
    expect(optionValues(appPage, "bedId")).toEqual([]);
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stay.id).execute());
  });

  it("admits a waitlisted application straight from the waitlist (accepted on the way)", async () => {
    const id = await makeApplication(op.owner, {}, ["screening", "waitlisted"]);
    const res = await server.request(appPath(id), {
      cookie: op.cookie,
      form: { intent: "admit", applicationId: id, bedId: other.bedIds[1]!, moveInDate: addDays(today, 3) },
    });
    expect(res.status).toBe(302);
    const app = await t.db.selectFrom("application").select(["status", "admitted_resident_id"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(app.status).toBe("admitted");
    await t.db.deleteFrom("stay").where("resident_id", "=", app.admitted_resident_id!).execute();
    const actions = (await t.db.selectFrom("audit_event").select("action").where("entity_id", "=", id).orderBy("id").execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["application.status_changed", "application.admitted"]));
  });

  it.each([
    ["an occupied bed", () => house.bedIds[0]!, 409, "That bed is already taken or reserved for some of those dates."],
    ["an out-of-service bed", () => house.bedIds[2]!, 409, "That bed is out of service."],
    ["a bed that does not exist", () => "00000000-0000-4000-8000-000000000000", 404, "Bed not found."],
  ])("refuses %s and writes nothing (no resident, no stay, application unchanged)", async (_, bed, status, message) => {
    const id = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(appPath(id), { cookie: op.cookie, form: { intent: "admit", applicationId: id, bedId: bed(), moveInDate: today } });
    expect(res.status).toBe(status);
    expect(visibleText(await res.text())).toContain(message);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    expect((await t.db.selectFrom("application").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("accepted");
  });

  it("refuses to admit an application that is not accepted or waitlisted (409)", async () => {
    const id = await makeApplication(op.owner, {}, ["screening"]);
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(appPath(id), { cookie: op.cookie, form: { intent: "admit", applicationId: id, bedId: house.bedIds[1]!, moveInDate: today } });
    expect(res.status).toBe(409);
    expect(visibleText(await res.text())).toContain("Accept the application before admitting.");
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it("answers 400 to a missing bed or a bad date, writing nothing", async () => {
    const id = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    const before = await admissionCounts(t.db, op.orgId);
    const forms: Record<string, string>[] = [
      { intent: "admit", applicationId: id, moveInDate: today },
      { intent: "admit", applicationId: id, bedId: house.bedIds[1]!, moveInDate: "2026-02-30" },
      { intent: "admit", applicationId: id, bedId: house.bedIds[1]!, moveInDate: today, expectedMoveOutDate: today },
    ];
    for (const form of forms) {
      expect((await server.request(appPath(id), { cookie: op.cookie, form })).status).toBe(400);
    }
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });
});

describe("admitting an existing resident /o/:org/admit", () => {
  it("prefills the bed from the occupancy board and lists residents without a bed", async () => {
    const waiting = await makeResident(op.owner, { legalName: "Rowan Waiting" });
    const res = await server.request(`/o/${op.slug}/admit?bedId=${house.bedIds[3]}`, { cookie: op.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(selectedOption(html, "bedId")).toBe(house.bedIds[3]);
    expect(optionValues(html, "residentId")).toContain(waiting);
    expect(optionValues(html, "residentId")).not.toContain(occupant.residentId); // already in a bed
    expect(optionValues(html, "bedId")).not.toContain(house.bedIds[0]);
    // A bed that is not free is not preselected, and the page says so.
    const taken = await (await server.request(`/o/${op.slug}/admit?bedId=${house.bedIds[0]}`, { cookie: op.cookie })).text();
    expect(selectedOption(taken, "bedId")).toBeNull();
    expect(visibleText(taken)).toContain("The bed you chose isn't free for these dates.");
    // Garbage prefill is ignored, not a 500.
    expect((await server.request(`/o/${op.slug}/admit?bedId=nonsense&residentId=1`, { cookie: op.cookie })).status).toBe(200);
  });

  it("admits with a planned move-out, and refuses an overlapping stay for the same bed (409, nothing written)", async () => {
    // Added by the manager (a manager admits only residents they can see).
    const residentId = await makeResident(managerCtx, { legalName: "Parker Planned" });
    const res = await server.request(`/o/${op.slug}/admit`, {
      cookie: managerCookie,
      form: { residentId, bedId: house.bedIds[3]!, moveInDate: addDays(today, 7), expectedMoveOutDate: addDays(today, 60) },
    });
    expect(res.status).toBe(302);
    const stay = await t.db.selectFrom("stay").select("id").where("resident_id", "=", residentId).executeTakeFirstOrThrow();
    expect(res.headers.get("location")).toBe(stayPath(stay.id));
    expect(flashFrom(res)).toBe("hearth_flash=admitted");
    expect(await stayRow(stay.id)).toMatchObject({ bed_id: house.bedIds[3], move_in: addDays(today, 7), move_out: addDays(today, 60), end_type: null });

    const second = await makeResident(op.owner);
    const before = await admissionCounts(t.db, op.orgId);
    const clash = await server.request(`/o/${op.slug}/admit`, {
      cookie: op.cookie,
      form: { residentId: second, bedId: house.bedIds[3]!, moveInDate: addDays(today, 30) },
    });
    expect(clash.status).toBe(409);
    expect(visibleText(await clash.text())).toContain("That bed is already taken or reserved for some of those dates.");
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stay.id).execute());
  });

  it("refuses a move-out before the move-in (400) and an out-of-service bed (409)", async () => {
    const residentId = await makeResident(op.owner);
    const before = await admissionCounts(t.db, op.orgId);
    const backwards = await server.request(`/o/${op.slug}/admit`, {
      cookie: op.cookie,
      form: { residentId, bedId: house.bedIds[1]!, moveInDate: today, expectedMoveOutDate: addDays(today, -1) },
    });
    expect(backwards.status).toBe(400);
    expect(visibleText(await backwards.text())).toContain("The move-out date must be after the move-in date.");
    const broken = await server.request(`/o/${op.slug}/admit`, { cookie: op.cookie, form: { residentId, bedId: house.bedIds[2]!, moveInDate: today } });
    expect(broken.status).toBe(409);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it("is refused (403) to staff without stays:write, and to residents", async () => {
    const residentId = await makeResident(op.owner);
    for (const cookie of [staffCookie, residentCookie]) {
      expect((await server.request(`/o/${op.slug}/admit`, { cookie })).status).toBe(403);
      const res = await server.request(`/o/${op.slug}/admit`, { cookie, form: { residentId, bedId: house.bedIds[1]!, moveInDate: today } });
      expect(res.status).toBe(403);
    }
    expect(await t.db.selectFrom("stay").select("id").where("resident_id", "=", residentId).execute()).toEqual([]);
  });
});

describe("a stay /o/:org/stays/:stayId", () => {
  it("shows the stay with transfer and discharge forms to those who may act", async () => {
    const res = await server.request(stayPath(occupant.stayId), { cookie: op.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(text).toContain("Birch House");
    expect(text).toContain("Room 1 · Bed A");
    expect(text).toContain("Current");
    expect(text).toContain("Open-ended");
    expect(html).toContain(`href="/o/${op.slug}/residents/${occupant.residentId}"`);
    expect(html).toContain(`href="/o/${op.slug}/houses/${house.houseId}"`);
    const beds = optionValues(html, "toBedId");
    expect(beds).toEqual(expect.arrayContaining([house.bedIds[1], house.bedIds[3], ...other.bedIds]));
    expect(beds).not.toContain(house.bedIds[0]); // the bed they are in
    expect(beds).not.toContain(house.bedIds[2]); // out of service
    expect(optionValues(html, "reason")).toEqual(expect.arrayContaining(["completed_program", "return_to_use", "rule_related"]));
    expect(text).toContain("Return to use");
    expect(text).toContain("Record discharge");
  });

  it("lets staff (residents:read) look without forms, and refuses their changes (403)", async () => {
    const res = await server.request(stayPath(occupant.stayId), { cookie: staffCookie });
    expect(res.status).toBe(200);
    const text = visibleText(await res.text());
    expect(text).toContain("Birch House");
    expect(text).not.toContain("Record discharge");
    expect(text).not.toContain("Transfer on");
    const before = await admissionCounts(t.db, op.orgId);
    const forms: Record<string, string>[] = [
      { intent: "discharge", stayId: occupant.stayId, date: addDays(today, 1), reason: "completed_program" },
      { intent: "transfer", stayId: occupant.stayId, toBedId: house.bedIds[1]!, date: addDays(today, 1) },
      { intent: "cancel", stayId: occupant.stayId },
    ];
    for (const form of forms) {
      expect((await server.request(stayPath(occupant.stayId), { cookie: staffCookie, form })).status).toBe(403);
    }
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    expect((await server.request(stayPath(occupant.stayId), { cookie: residentCookie })).status).toBe(403);
  });

  it("answers 404 to garbage ids, unknown ids, other orgs' stays and stays in houses a manager doesn't work in", async () => {
    const elsewhere = await makeOperatorWithSlug();
    const elsewhereHouse = await makeHouse(elsewhere.owner, { house: { name: "Faraway House" } });
    const foreign = await makeStay(elsewhere.owner, elsewhereHouse.bedIds[0]!, today);
    for (const id of ["nope", "12345", "00000000-0000-4000-8000-000000000000", foreign.stayId]) {
      const res = await server.request(stayPath(id), { cookie: op.cookie });
      expect(res.status, id).toBe(404);
      expect(await res.text()).not.toContain("Faraway");
      const post = await server.request(stayPath(id), { cookie: op.cookie, form: { intent: "discharge", stayId: foreign.stayId, date: addDays(today, 2), reason: "other" } });
      expect(post.status, id).toBe(404);
    }
    expect((await stayRow(foreign.stayId))!.end_type).toBeNull();
    expect((await server.request(stayPath(occupant.stayId), { cookie: outsideManagerCookie })).status).toBe(404);
  });

  it("transfers to a bed in another house from a date: the old stay ends, a new one starts", async () => {
    const { residentId, stayId } = await makeStay(op.owner, house.bedIds[1]!, addDays(today, -30));
    const date = addDays(today, 2);
    const page = await (await server.request(`${stayPath(stayId)}?date=${date}`, { cookie: op.cookie })).text();
    expect(page).toMatch(inputWithValue("date", date));
    expect(optionValues(page, "toBedId")).toContain(other.bedIds[0]);

    const res = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "transfer", stayId, toBedId: other.bedIds[0]!, date } });
    expect(res.status).toBe(302);
    const next = await t.db.selectFrom("stay").select("id").where("transferred_from_stay_id", "=", stayId).executeTakeFirstOrThrow();
    expect(res.headers.get("location")).toBe(stayPath(next.id));
    expect(flashFrom(res)).toBe("hearth_flash=moved");
    expect(await stayRow(stayId)).toMatchObject({ end_type: "transfer", move_out: date, bed_id: house.bedIds[1] });
    expect(await stayRow(next.id)).toMatchObject({ resident_id: residentId, bed_id: other.bedIds[0], house_id: other.houseId, move_in: date, move_out: null });
    const nextPage = await (await server.request(stayPath(next.id), { cookie: op.cookie })).text();
    expect(nextPage).toContain(`href="/o/${op.slug}/stays/${stayId}"`); // moved from
    expect(visibleText(nextPage)).toContain("Cedar House");
  });

  it("refuses a transfer into an occupied or out-of-service bed, or on the move-in day, and changes nothing", async () => {
    const { stayId } = await makeStay(op.owner, house.bedIds[3]!, addDays(today, -3));
    const before = await admissionCounts(t.db, op.orgId);
    const cases: [string, string, number, string][] = [
      [house.bedIds[0]!, addDays(today, 1), 409, "That bed is already taken or reserved for some of those dates."],
      [house.bedIds[2]!, addDays(today, 1), 409, "That bed is out of service."],
      [other.bedIds[1]!, addDays(today, -3), 400, "The transfer date must be after the move-in date."],
    ];
    for (const [toBedId, date, status, message] of cases) {
      const res = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "transfer", stayId, toBedId, date } });
      expect(res.status, message).toBe(status);
      expect(visibleText(await res.text())).toContain(message);
    }
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    expect(await stayRow(stayId)).toMatchObject({ end_type: null, move_out: null, bed_id: house.bedIds[3] });
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stayId).execute());
  });

  it("records a discharge with a reason and destination, freeing the bed from that date", async () => {
    const { stayId } = await makeStay(op.owner, house.bedIds[3]!, addDays(today, -40));
    const date = addDays(today, 1);
    const res = await server.request(stayPath(stayId), {
      cookie: managerCookie,
      form: { intent: "discharge", stayId, date, reason: "independent_housing", destination: "Own apartment", confirmed: "yes" },
    });
    expect(res.status).toBe(200);
    const text = visibleText(await res.text());
    expect(text).toContain("Discharge recorded.");
    expect(text).toContain("Discharge — Moved to independent or other housing");
    expect(await stayRow(stayId)).toMatchObject({
      end_type: "discharge",
      discharge_reason: "independent_housing",
      discharge_destination: "Own apartment",
      move_out: date,
    });
    // Discharging twice is refused.
    const again = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "discharge", stayId, date, reason: "other", confirmed: "yes" } });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("This stay has already been discharged.");
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stayId).execute());
  });

  it("refuses a discharge on or before the move-in date (400) and a missing reason (400), writing nothing", async () => {
    const { stayId } = await makeStay(op.owner, house.bedIds[3]!, addDays(today, -2));
    const before = await admissionCounts(t.db, op.orgId);
    const early = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "discharge", stayId, date: addDays(today, -5), reason: "left_voluntarily" } });
    expect(early.status).toBe(400);
    expect(visibleText(await early.text())).toContain("The discharge date must be after the move-in date.");
    const noReason = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "discharge", stayId, date: addDays(today, 1) } });
    expect(noReason.status).toBe(400);
    expect(visibleText(await noReason.text())).toContain("Choose a discharge reason.");
    const badReason = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "discharge", stayId, date: addDays(today, 1), reason: "eviction" } });
    expect(badReason.status).toBe(400);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    expect(await stayRow(stayId)).toMatchObject({ end_type: null, discharge_reason: null });
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stayId).execute());
  });

  it("cancels a planned move-in (back to the resident's page) but not a stay that has started", async () => {
    const planned = await makeStay(op.owner, house.bedIds[3]!, addDays(today, 10));
    const page = visibleText(await (await server.request(stayPath(planned.stayId), { cookie: op.cookie })).text());
    expect(page).toContain("Planned move-in");
    expect(page).toContain("Cancel this move-in");
    expect(page).not.toContain("Record discharge");
    const res = await server.request(stayPath(planned.stayId), { cookie: op.cookie, form: { intent: "cancel", stayId: planned.stayId, confirmed: "yes" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/o/${op.slug}/residents/${planned.residentId}?bedId=${house.bedIds[3]}&moveInDate=${addDays(today, 10)}`);
    expect(flashFrom(res)).toBe("hearth_flash=cancelled");
    expect(await stayRow(planned.stayId)).toBeUndefined();

    const before = await admissionCounts(t.db, op.orgId);
    const started = await server.request(stayPath(occupant.stayId), { cookie: op.cookie, form: { intent: "cancel", stayId: occupant.stayId, confirmed: "yes" } });
    expect(started.status).toBe(409);
    expect(visibleText(await started.text())).toContain("This stay has already started.");
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it("answers 400 to an unknown intent", async () => {
    expect((await server.request(stayPath(occupant.stayId), { cookie: op.cookie, form: { intent: "evict" } })).status).toBe(400);
  });
});

describe("stale dates on admit and transfer (the dates a person sees are the dates used)", () => {
  it("a booking whose dates changed after the beds were listed books nothing and lists the beds for the new dates", async () => {
    const residentId = await makeResident(op.owner);
    const before = await admissionCounts(t.db, op.orgId);
    const listed = `${today}/`;
    const moved = addDays(today, 3);
    const res = await server.request(`/o/${op.slug}/admit`, {
      cookie: op.cookie,
      form: { residentId, bedId: house.bedIds[1]!, moveInDate: moved, expectedMoveOutDate: "", listedFor: listed },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/o/${op.slug}/admit?moveInDate=${moved}&residentId=${residentId}&bedId=${house.bedIds[1]}&datesChanged=1`);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    const page = await (await server.request(res.headers.get("location")!, { cookie: op.cookie })).text();
    expect(page).toMatch(inputWithValue("moveInDate", moved));
    expect(visibleText(page)).toContain("You changed the dates after the free beds were listed");
    expect(selectedOption(page, "bedId")).toBe(house.bedIds[1]);
    // With the dates the list was shown for, it admits from exactly that date.
    const ok = await server.request(`/o/${op.slug}/admit`, {
      cookie: op.cookie,
      form: { residentId, bedId: house.bedIds[1]!, moveInDate: moved, expectedMoveOutDate: "", listedFor: `${moved}/` },
    });
    expect(ok.status).toBe(302);
    const stay = await t.db.selectFrom("stay").select("id").where("resident_id", "=", residentId).executeTakeFirstOrThrow();
    expect(await stayRow(stay.id)).toMatchObject({ move_in: moved });
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stay.id).execute());
  });

  it("the same holds for an application's admission and a transfer", async () => {
    const id = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(appPath(id), {
      cookie: op.cookie,
      form: { intent: "admit", bedId: house.bedIds[1]!, moveInDate: addDays(today, 2), expectedMoveOutDate: "", listedFor: `${today}/` },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${appPath(id)}?moveInDate=${addDays(today, 2)}&bedId=${house.bedIds[1]}&datesChanged=1`);
    const transfer = await server.request(stayPath(occupant.stayId), {
      cookie: op.cookie,
      form: { intent: "transfer", toBedId: house.bedIds[1]!, date: addDays(today, 4), listedFor: addDays(today, 1) },
    });
    expect(transfer.status).toBe(302);
    expect(transfer.headers.get("location")).toBe(`${stayPath(occupant.stayId)}?date=${addDays(today, 4)}&toBedId=${house.bedIds[1]}&datesChanged=1`);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    expect(await stayRow(occupant.stayId)).toMatchObject({ end_type: null });
  });

  it("an impossible date range offers no beds", async () => {
    const page = await (
      await server.request(`/o/${op.slug}/admit?moveInDate=${addDays(today, 5)}&expectedMoveOutDate=${addDays(today, 2)}`, { cookie: op.cookie })
    ).text();
    expect(visibleText(page)).toContain("The move-out date must be after the move-in date.");
    expect(optionValues(page, "bedId")).toEqual([]);
    const id = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    const appPage = await (await server.request(`${appPath(id)}?moveInDate=${addDays(today, 5)}&expectedMoveOutDate=${today}`, { cookie: op.cookie })).text();
    expect(optionValues(appPage, "bedId")).toEqual([]);
    const transferPage = await (await server.request(`${stayPath(occupant.stayId)}?date=${addDays(today, -30)}`, { cookie: op.cookie })).text();
    expect(visibleText(transferPage)).toContain("Choose a transfer date after the move-in");
    expect(optionValues(transferPage, "toBedId")).toEqual([]);
  });
});

describe("confirming, landing and undoing", () => {
  it("a discharge asks for confirmation first (nothing written), then records it and offers an undo", async () => {
    const fresh = await makeHouse(op.owner, { house: { name: `Fresh House ${Math.random().toString(36).slice(2, 8)}` } });
    const { stayId } = await makeStay(op.owner, fresh.bedIds[0]!, addDays(today, -40));
    const form = { intent: "discharge", date: addDays(today, 1), reason: "left_voluntarily", destination: "Family home" };
    const dischargedBefore = await auditActions(op.orgId, "stay.discharged");
    const ask = await server.request(stayPath(stayId), { cookie: op.cookie, form });
    expect(ask.status).toBe(200);
    const askHtml = await ask.text();
    expect(visibleText(askHtml)).toContain("Record this discharge?");
    expect(askHtml).toContain('name="confirmed" value="yes"');
    expect(askHtml).toContain(`name="destination" value="Family home"`);
    expect(await stayRow(stayId)).toMatchObject({ end_type: null });
    // A refusal shows at the first step, not after confirming.
    const early = await server.request(stayPath(stayId), { cookie: op.cookie, form: { ...form, date: addDays(today, -50) } });
    expect(early.status).toBe(400);
    expect(await auditActions(op.orgId, "stay.discharged")).toBe(dischargedBefore);

    const done = await server.request(stayPath(stayId), { cookie: op.cookie, form: { ...form, confirmed: "yes" } });
    const text = visibleText(await done.text());
    expect(text).toContain("Discharge recorded.");
    expect(text).toContain("Undo the discharge");
    expect(await stayRow(stayId)).toMatchObject({ end_type: "discharge", discharge_destination: "Family home" });

    // The one-step undo offered on the landing (quick=yes, no confirmation) works right away.
    const undo = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "undo-discharge", quick: "yes" } });
    expect(undo.status).toBe(200);
    expect(visibleText(await undo.text())).toContain("Discharge undone.");
    expect(await stayRow(stayId)).toMatchObject({ end_type: null, move_out: null, discharge_reason: null, discharge_destination: null });
    expect(await auditActions(op.orgId, "stay.discharge_undone")).toBeGreaterThanOrEqual(1);
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stayId).execute());
  });

  it("the one-step undo is honoured only inside the server's window; after it the same post asks first", async () => {
    const fresh = await makeHouse(op.owner, { house: { name: `Fresh House ${Math.random().toString(36).slice(2, 8)}` } });
    const { stayId } = await makeStay(op.owner, fresh.bedIds[0]!, addDays(today, -40));
    const done = await server.request(stayPath(stayId), {
      cookie: op.cookie,
      form: { intent: "discharge", date: addDays(today, 1), reason: "left_voluntarily", destination: "", confirmed: "yes" },
    });
    const html = await done.text();
    // The landing's undo button is the quick one, without a confirmation field of its own.
    expect(html).toMatch(/<input[^>]*name="quick"[^>]*value="yes"/);
    // Eleven minutes later (the change's time moved back), the quick undo asks and writes nothing.
    await t.db.updateTable("stay").set({ updated_at: sql`now() - interval '11 minutes'` }).where("id", "=", stayId).execute();
    const late = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "undo-discharge", quick: "yes" } });
    expect(late.status).toBe(200);
    const lateText = visibleText(await late.text());
    expect(lateText).toContain("Undo this discharge?");
    expect(lateText).toContain("offered for 10 minutes");
    expect(await stayRow(stayId)).toMatchObject({ end_type: "discharge" });
    // Confirmed, the correction is still there.
    const ok = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "undo-discharge", confirmed: "yes" } });
    expect(visibleText(await ok.text())).toContain("Discharge undone.");
    expect(await stayRow(stayId)).toMatchObject({ end_type: null });
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stayId).execute());
  });

  it("cancelling a planned move-in asks first; the resident's page then offers to book it again", async () => {
    const fresh = await makeHouse(op.owner, { house: { name: `Fresh House ${Math.random().toString(36).slice(2, 8)}` } });
    const planned = await makeStay(op.owner, fresh.bedIds[0]!, addDays(today, 10));
    const ask = await server.request(stayPath(planned.stayId), { cookie: op.cookie, form: { intent: "cancel" } });
    expect(ask.status).toBe(200);
    expect(visibleText(await ask.text())).toContain("Cancel this move-in?");
    expect(await stayRow(planned.stayId)).toBeDefined();
    const res = await server.request(stayPath(planned.stayId), { cookie: op.cookie, form: { intent: "cancel", confirmed: "yes" } });
    expect(res.status).toBe(302);
    const profile = await (await server.request(res.headers.get("location")!, { cookie: followCookie(op.cookie, res) })).text();
    expect(visibleText(profile)).toContain("Move-in cancelled.");
    // One time only: a reload (no flash cookie) does not say it again.
    expect(visibleText(await (await server.request(res.headers.get("location")!, { cookie: op.cookie })).text())).not.toContain("Move-in cancelled.");
    expect(profile).toContain(`action="/o/${op.slug}/admit"`);
    expect(profile).toMatch(inputWithValue("bedId", fresh.bedIds[0]!));
    expect(profile).toMatch(inputWithValue("moveInDate", addDays(today, 10)));
  });

  it("after an admission the page confirms it and makes the profile the next step, not a discharge", async () => {
    const fresh = await makeHouse(op.owner, { house: { name: `Fresh House ${Math.random().toString(36).slice(2, 8)}` } });
    const residentId = await makeResident(op.owner);
    const res = await server.request(`/o/${op.slug}/admit`, { cookie: op.cookie, form: { residentId, bedId: fresh.bedIds[0]!, moveInDate: today } });
    const html = await (await server.request(res.headers.get("location")!, { cookie: followCookie(op.cookie, res) })).text();
    const text = visibleText(html);
    expect(text).toContain("Admitted");
    expect(text).toMatch(/is admitted to Fresh House \w+, Room 1 · Bed A/);
    const profileLink = html.match(new RegExp(`<a[^>]*href="/o/${op.slug}/residents/${residentId}"[^>]*>`))![0];
    expect(profileLink).toContain("bg-brand-700"); // the primary next step
    expect(html).not.toMatch(/<button[^>]*bg-brand-700[^>]*>Record discharge/);
    const stay = await t.db.selectFrom("stay").select("id").where("resident_id", "=", residentId).executeTakeFirstOrThrow();
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stay.id).execute());
  });
});

describe("correcting a transfer", () => {
  it("cancelling the move-in a transfer created undoes the transfer: the original stay continues, and the page says Current", async () => {
    const fresh = await makeHouse(op.owner, { house: { name: `Fresh House ${Math.random().toString(36).slice(2, 8)}` } });
    const { stayId } = await makeStay(op.owner, fresh.bedIds[0]!, addDays(today, -20));
    const moveDate = addDays(today, 1);
    const moved = await server.request(stayPath(stayId), { cookie: op.cookie, form: { intent: "transfer", toBedId: fresh.bedIds[1]!, date: moveDate } });
    const next = await t.db.selectFrom("stay").select("id").where("transferred_from_stay_id", "=", stayId).executeTakeFirstOrThrow();
    expect(moved.headers.get("location")).toBe(stayPath(next.id));
    const landing = visibleText(await (await server.request(moved.headers.get("location")!, { cookie: followCookie(op.cookie, moved) })).text());
    expect(landing).toContain("Move recorded");
    expect(landing).toContain("Undo this move");

    // The original stay, ending by transfer tomorrow: current, never "has ended", and it offers the undo.
    const original = visibleText(await (await server.request(stayPath(stayId), { cookie: op.cookie })).text());
    expect(original).toContain("Current — moves to another bed on");
    expect(original).not.toContain("This stay has ended");
    expect(original).toContain("Undo the move to another bed");

    const res = await server.request(stayPath(next.id), { cookie: op.cookie, form: { intent: "cancel", confirmed: "yes" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${stayPath(stayId)}?toBedId=${fresh.bedIds[1]}&moveDate=${moveDate}`);
    expect(await stayRow(next.id)).toBeUndefined();
    expect(await stayRow(stayId)).toMatchObject({ end_type: null, move_out: null, bed_id: fresh.bedIds[0] });
    const page = await (await server.request(res.headers.get("location")!, { cookie: followCookie(op.cookie, res) })).text();
    expect(visibleText(page)).toContain("Move cancelled");
    expect(visibleText(page)).toMatch(/Status\s*Current\b/);
    expect(page).toMatch(inputWithValue("toBedId", fresh.bedIds[1]!));
    expect(visibleText(page)).toContain("Record discharge");
    expect(await auditActions(op.orgId, "stay.transfer_undone")).toBeGreaterThanOrEqual(1);
    await withTenant(op.owner, (tx) => tx.deleteFrom("stay").where("id", "=", stayId).execute());
  });
});

describe("holding a bed on discharge", () => {
  it("holds the bed for the chosen days after a hospital stay; the board shows it held", async () => {
    const fresh = await makeHouse(op.owner, { house: { name: `Fresh House ${Math.random().toString(36).slice(2, 8)}` } });
    const { stayId } = await makeStay(op.owner, fresh.bedIds[0]!, addDays(today, -40));
    const res = await server.request(stayPath(stayId), {
      cookie: op.cookie,
      form: { intent: "discharge", date: today, reason: "hospital_or_treatment", holdBedDays: "10", confirmed: "yes" },
    });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("The bed is held until");
    const bed = await t.db.selectFrom("bed").select(["status", "status_reason"]).where("id", "=", fresh.bedIds[0]!).executeTakeFirstOrThrow();
    expect(bed).toEqual({ status: "held", status_reason: `Held for a resident's return until ${addDays(today, 10)}` });
    const refused = await server.request(stayPath(occupant.stayId), {
      cookie: op.cookie,
      form: { intent: "discharge", date: today, reason: "completed_program", holdBedDays: "5" },
    });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("A bed can be held only after");
    await withTenant(op.owner, async (tx) => {
      await tx.deleteFrom("stay").where("id", "=", stayId).execute();
      await setBedStatus(tx, { bedId: fresh.bedIds[0]!, status: "available", reason: null });
    });
  });
});

describe("query budget of the pages with ids (the standing budget test covers only pages without)", () => {
  it("stays within 8 statements with the admission and transfer forms showing", async () => {
    // More data must not mean more statements: extra houses, beds and stays.
    for (let i = 0; i < 3; i++) await makeHouse(op.owner, { rooms: 2, bedsPerRoom: 3 });
    const id = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    for (const [path, cookie] of [
      [appPath(id), op.cookie],
      [appPath(id), managerCookie],
      [stayPath(occupant.stayId), op.cookie],
      [stayPath(occupant.stayId), managerCookie],
    ] as const) {
      // A first request takes the session's once-a-minute "last seen" write out of the count.
      await (await server.request(path, { cookie })).text();
      const res = await server.request(path, { cookie });
      expect(res.status, path).toBe(200);
      await res.text();
      expect(Number(res.headers.get("x-query-count")), path).toBeLessThanOrEqual(8);
    }
  });
});
