import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { generateRotation } from "#app/domain/chores/assignments.server";
import { createChore } from "#app/domain/chores/chores.server";
import { publishDraft, saveDraft } from "#app/domain/documents/documents.server";
import { addCheck, logCheck } from "#app/domain/safety/safety.server";
import { setMeetingTarget } from "#app/domain/sessions/meetings.server";
import { createSeries } from "#app/domain/sessions/sessions.server";
import { addDays, formatDay, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { SUMMARY_ABOVE } from "#app/domain/today/today.server";
import { get } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The manager's today (/o/:org/today) over HTTP: what each visible house needs today in
 * its own time zone, who may open it, where house managers land, one `today.listed`
 * audit entry with the ids named, and a statement count that does not grow with houses.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Chicago";
// Always a calendar day ahead of most of the world (UTC+14): the page must use it, not the server's day.
const FAR_ZONE = "Pacific/Kiritimati";
const today = todayIn(ZONE);

let op: Operator;
let aspen: HouseFixture;
let kiri: HouseFixture;
let hidden: HouseFixture;
let manager: { cookie: string };
let staff: { cookie: string };
const ids: Record<string, string> = {};
let seriesId = "";

const page = (cookie: string) => get(client, `/o/${op.slug}/today`, cookie);
const section = (html: string, house: string) => {
  const text = visibleText(html);
  const start = text.indexOf(house);
  expect(start, `${house} on the page`).toBeGreaterThanOrEqual(0);
  const next = text.indexOf("Moves, today and the next", start);
  return text.slice(start, text.indexOf("\n", next) === -1 ? undefined : next + 200);
};
const lastEventId = async () => Number((await t.db.selectFrom("audit_event").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  aspen = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 4, house: { timeZone: ZONE, name: "Aspen Today House" } });
  kiri = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: FAR_ZONE, name: "Kiri Today House" } });
  hidden = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE, name: "Hidden Today House" } });
  ids.stayer = (await makeStay(op.owner, aspen.bedIds[0]!, addDays(today, -20))).residentId;
  const leaver = await makeStay(op.owner, aspen.bedIds[1]!, addDays(today, -20), addDays(today, 2));
  ids.leaver = leaver.residentId;
  ids.leaverStay = leaver.stayId;
  const arriving = await makeStay(op.owner, aspen.bedIds[2]!, addDays(today, 1));
  ids.arriving = arriving.residentId;
  ids.arrivingStay = arriving.stayId;
  ids.later = (await makeStay(op.owner, aspen.bedIds[3]!, addDays(today, 10))).residentId;
  ids.kiri = (await makeStay(op.owner, kiri.bedIds[0]!, addDays(todayIn(FAR_ZONE), -5))).residentId;
  ids.hidden = (await makeStay(op.owner, hidden.bedIds[0]!, addDays(today, -5))).residentId;
  await withTenant(op.owner, async (tx) => {
    for (const name of ["Kitchen", "Bathroom", "Trash"]) {
      await createChore(tx, { houseId: aspen.houseId, name, effort: 2, frequency: "daily", startsOn: addDays(today, -7) });
    }
    await generateRotation(tx, { houseId: aspen.houseId, from: addDays(today, -1), days: 2 }, { allowPast: true });
    await createChore(tx, { houseId: kiri.houseId, name: "Porch", effort: 1, frequency: "daily", startsOn: addDays(todayIn(FAR_ZONE), -7) });
    await generateRotation(tx, { houseId: kiri.houseId, from: todayIn(FAR_ZONE), days: 1 });
    seriesId = (
      await createSeries(tx, aspen.houseId, {
        title: "Evening house meeting",
        kind: "house_meeting",
        facilitatorName: null,
        facilitatorMembershipId: null,
        place: null,
        startsOn: addDays(today, -7),
        startTime: "23:00",
        endTime: "23:30",
        repeats: "daily",
        until: null,
        customRule: null,
        attendance: "all",
        invitees: [],
      })
    ).id;
    await setMeetingTarget(tx, aspen.houseId, { weeklyTarget: 2 });
    // Safety checks: one never done and due three days ago; one done yesterday (due in a
    // month); one due exactly today; naloxone checked yesterday whose kit expired two days ago.
    await addCheck(tx, { houseId: aspen.houseId, kind: "smoke_co", name: "Bedroom detectors", intervalDays: 30, firstDueOn: addDays(today, -3) });
    const fine = await addCheck(tx, { houseId: aspen.houseId, kind: "extinguisher", name: "Kitchen extinguisher", intervalDays: 30, firstDueOn: addDays(today, -40) });
    await logCheck(tx, { houseId: aspen.houseId, checkId: fine, doneOn: addDays(today, -1), result: "ok", notes: "", expiresOn: "" });
    await addCheck(tx, { houseId: aspen.houseId, kind: "evacuation_drill", name: "Fire drill", intervalDays: 90, firstDueOn: today });
    const kit = await addCheck(tx, { houseId: aspen.houseId, kind: "naloxone", name: "Naloxone kit", intervalDays: 30, firstDueOn: addDays(today, -5) });
    await logCheck(tx, { houseId: aspen.houseId, checkId: kit, doneOn: addDays(today, -1), result: "ok", notes: "", expiresOn: addDays(today, -2) });
    const draft = await saveDraft(tx, aspen.houseId, { kind: "house_rules", body: "# Rules\n\nBe kind." });
    await publishDraft(tx, aspen.houseId, { draftId: draft.id });
  });
  // Today's chores: one done (waiting to be checked), one verified, one not done yet; yesterday's stay missed.
  const todays = await t.db.selectFrom("chore_assignment as a").innerJoin("chore as c", "c.id", "a.chore_id").select(["a.id", "c.name"]).where("a.house_id", "=", aspen.houseId).where("a.day", "=", today).execute();
  expect(todays).toHaveLength(3);
  await t.db.updateTable("chore_assignment").set({ status: "done", done_at: new Date() }).where("id", "=", todays.find((c) => c.name === "Kitchen")!.id).execute();
  await t.db.updateTable("chore_assignment").set({ status: "verified", done_at: new Date() }).where("id", "=", todays.find((c) => c.name === "Bathroom")!.id).execute();
  manager = await signedInMember(op, "house_manager", [aspen.houseId, kiri.houseId]);
  staff = await signedInMember(op, "staff", [aspen.houseId]);
});

describe("the manager's today", () => {
  it("shows each of the manager's houses on its own today: chores, sessions, meeting target, unsigned documents, moves", async () => {
    const { status, html } = await page(manager.cookie);
    expect(status).toBe(200);
    expect(html).toMatch(/<h1[^>]*>Today<\/h1>/);
    const text = visibleText(html);
    expect(text).not.toContain("Hidden Today House");

    const aspenText = section(html, "Aspen Today House");
    expect(aspenText).toContain(formatDay(today, "EEEE, MMMM d"));
    expect(aspenText).toContain("Today: 1 verified · 1 done, waiting to be checked · 1 not done yet (of 3)");
    expect(aspenText.match(/Missed \(yesterday\)/g)?.length).toBe(3);
    expect(aspenText).toContain("Evening house meeting · 11:00 PM to 11:30 PM");
    expect(html).toContain(`href="/o/${op.slug}/houses/${aspen.houseId}/sessions/${seriesId}/${today}"`);
    expect(aspenText).toContain("Under the target of 2 a week so far:");
    expect(aspenText).toContain("2 residents have documents to sign:");
    expect(html).toContain(`href="/o/${op.slug}/houses/${aspen.houseId}/documents"`);
    expect(aspenText).toMatch(/Moves in [A-Z][a-z]{2}, [A-Z][a-z]{2} \d+ \(tomorrow\)/);
    expect(aspenText).toMatch(/Moves out [A-Z][a-z]{2}, [A-Z][a-z]{2} \d+ \(in 2 days\)/);
    expect(html).toContain(`href="/o/${op.slug}/stays/${ids.arrivingStay}"`);
    expect(html).toContain(`href="/o/${op.slug}/stays/${ids.leaverStay}"`);

    // Safety checks due today or overdue, and the expired naloxone; not the one done yesterday.
    expect(aspenText).toContain(`Bedroom detectors · overdue since ${formatDay(addDays(today, -3), "MMM d")}`);
    expect(aspenText).toContain("Fire drill · due today");
    expect(aspenText).toContain(`Naloxone kit · expired ${formatDay(addDays(today, -2), "MMM d")}`);
    expect(aspenText).not.toContain("Kitchen extinguisher");
    expect(html).toContain(`href="/o/${op.slug}/houses/${aspen.houseId}/safety"`);

    // The house a day ahead shows its own day and the chore assigned for it.
    const kiriText = section(html, "Kiri Today House");
    expect(kiriText).toContain(formatDay(todayIn(FAR_ZONE), "EEEE, MMMM d"));
    expect(kiriText).toContain("Porch");
    expect(kiriText).toContain("(of 1)");
    expect(kiriText).toContain("This house has no weekly meeting target.");
    expect(kiriText).toContain("No safety checks due.");
  });

  it("is audited as one today.listed read with the houses and the residents it named (ids only)", async () => {
    const before = await lastEventId();
    const { html } = await page(manager.cookie);
    const entries = await t.db
      .selectFrom("audit_event")
      .select(["action", "entity_id", "data"])
      .where("org_id", "=", op.orgId)
      .where("id", ">", before)
      .where("action", "=", "today.listed")
      .execute();
    expect(entries).toHaveLength(1);
    const data = entries[0]!.data as { houseIds: string[]; residentIds: string[] };
    expect(new Set(data.houseIds)).toEqual(new Set([aspen.houseId, kiri.houseId]));
    expect(new Set(data.residentIds)).toEqual(new Set([ids.stayer, ids.leaver, ids.arriving, ids.kiri]));
    expect(html).not.toContain(ids.later);
    expect(JSON.stringify(data)).not.toMatch(/Aspen|Kitchen/);
  });

  it("owners see every active house; staff their assigned ones; residents are refused; other orgs 404", async () => {
    const owner = visibleText((await page(op.cookie)).html);
    for (const name of ["Aspen Today House", "Kiri Today House", "Hidden Today House"]) expect(owner).toContain(name);
    const staffText = visibleText((await page(staff.cookie)).html);
    expect(staffText).toContain("Aspen Today House");
    expect(staffText).not.toContain("Kiri Today House");

    const resident = await makeUser({ orgId: op.orgId, role: "resident" });
    expect((await page(await sessionCookieFor(resident.id))).status).toBe(403);
    const outsider = await makeUser({ orgId: (await makeOrg()).id, role: "owner" });
    expect((await page(await sessionCookieFor(outsider.id))).status).toBe(404);
    expect((await client.request(`/o/${op.slug}/today`)).status).toBe(302);
  });

  it("is where house managers and staff land; owners keep the overview", async () => {
    for (const who of [manager, staff]) {
      const res = await client.request(`/o/${op.slug}`, { cookie: who.cookie });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/o/${op.slug}/today`);
    }
    const owner = await get(client, `/o/${op.slug}`, op.cookie);
    expect(owner.status).toBe(200);
    expect(owner.html).toMatch(/<h1[^>]*>Overview<\/h1>/);
  });

  it("an unassigned manager is told what to do", async () => {
    const spare = await signedInMember(op, "house_manager", []);
    const text = visibleText((await page(spare.cookie)).html);
    expect(text).toContain("You aren't assigned to a house yet");
  });

  it("runs the same few statements in one transaction whatever the number of houses", async () => {
    const measure = async () => {
      const res = await client.request(`/o/${op.slug}/today`, { cookie: op.cookie });
      await res.text();
      return { statements: Number(res.headers.get("x-query-count")), transactions: Number(res.headers.get("x-transaction-count")) };
    };
    const small = await measure();
    for (let i = 0; i < 3; i++) {
      const h = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
      await makeStay(op.owner, h.bedIds[0]!, addDays(today, -3));
      await makeStay(op.owner, h.bedIds[1]!, addDays(today, 2));
      await withTenant(op.owner, (tx) => setMeetingTarget(tx, h.houseId, { weeklyTarget: 3 }));
    }
    const big = await measure();
    expect(big).toEqual(small);
    expect(big.statements).toBeLessThanOrEqual(8);
    expect(big.transactions).toBe(1);
  });
});

describe("the owner's summary, above SUMMARY_ABOVE houses", () => {
  beforeAll(async () => {
    const active = async () => (await t.db.selectFrom("house").select("id").where("org_id", "=", op.orgId).where("status", "=", "active").execute()).length;
    while ((await active()) <= SUMMARY_ABOVE) await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  });

  it("is a line of counts per house, each opening the house's detail, and names no resident", async () => {
    const before = await lastEventId();
    const { status, html } = await page(op.cookie);
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(html).toContain(`href="/o/${op.slug}/today?house=${aspen.houseId}"`);
    const start = text.indexOf("Aspen Today House");
    // Houses are in name order: Aspen's line ends where the next house (Hidden) begins.
    const aspenLine = text.slice(start, text.indexOf("Hidden Today House"));
    expect(aspenLine.length).toBeGreaterThan(20);
    for (const need of [
      "1 chore not done yet",
      "1 chore to check",
      "3 chores from yesterday",
      "1 session today",
      "2 residents under the meeting target",
      "2 residents with documents to sign",
      "3 safety checks due",
      "2 moves in the next days",
    ]) expect(aspenLine).toContain(need);
    // The detail's sections are not on the summary, nor any resident's name or id.
    expect(text).not.toContain("Under the target of");
    const residents = await t.db.selectFrom("resident").select(["id", "legal_name", "preferred_name"]).where("org_id", "=", op.orgId).execute();
    expect(residents.length).toBeGreaterThan(5);
    for (const r of residents) {
      expect(text).not.toContain(r.legal_name);
      expect(html).not.toContain(r.id);
    }
    const entries = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", op.orgId).where("id", ">", before).where("action", "=", "today.listed").execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({ summary: true, residentIds: [] });
    expect((entries[0]!.data as { houseIds: string[] }).houseIds.length).toBeGreaterThan(SUMMARY_ABOVE);
  });

  it("is never a summary for a house manager, however many houses they are assigned: they work from the detail", async () => {
    const all = (await t.db.selectFrom("house").select("id").where("org_id", "=", op.orgId).where("status", "=", "active").execute()).map((h) => h.id);
    expect(all.length).toBeGreaterThan(SUMMARY_ABOVE);
    const busy = await signedInMember(op, "house_manager", all);
    const { status, html } = await page(busy.cookie);
    expect(status).toBe(200);
    expect(html).not.toContain("/today?house=");
    expect(section(html, "Aspen Today House")).toContain("Today: 1 verified · 1 done, waiting to be checked · 1 not done yet (of 3)");
  });

  it("opens one house's detail with ?house=, refuses a house the caller cannot see (404) and bad input (400)", async () => {
    const one = await get(client, `/o/${op.slug}/today?house=${aspen.houseId}`, op.cookie);
    expect(one.status).toBe(200);
    const text = visibleText(one.html);
    expect(text).toContain("Today: 1 verified · 1 done, waiting to be checked · 1 not done yet (of 3)");
    expect(text).toContain("All houses today");
    expect(text).not.toContain("Kiri Today House");
    // A manager of Aspen and Kiri sees their detail of Kiri, never the hidden house.
    expect((await get(client, `/o/${op.slug}/today?house=${kiri.houseId}`, manager.cookie)).status).toBe(200);
    expect((await get(client, `/o/${op.slug}/today?house=${hidden.houseId}`, manager.cookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/today?house=not-a-house`, op.cookie)).status).toBe(400);
    expect((await get(client, `/o/${op.slug}/today?house=${aspen.houseId}&x=1`, op.cookie)).status).toBe(400);
  });
});
