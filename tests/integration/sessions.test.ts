import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, selectedOption, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { formWith, get, post } from "./house-pages";
import { followCookie, visibleText } from "./helpers";

/**
 * The sessions pages over HTTP: every form submitted and read back, bad input refused
 * with nothing written, roles, and each page within the statement budget.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);

let op: Operator;
let house: HouseFixture;
let other: HouseFixture;
let base = "";
let stayer = "";
let gone = "";
let elsewhere = "";
let manager: { cookie: string };
let staff: { cookie: string };
let residentCookie = "";

const inputValue = (html: string, name: string) => html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0].match(/value="([^"]*)"/)?.[1] ?? null;
const checked = (html: string, name: string) => [...html.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*>`, "g"))].filter((m) => /checked=""/.test(m[0])).map((m) => m[0].match(/value="([^"]*)"/)![1]!);
const seriesCount = async () => (await t.db.selectFrom("session_series").select("id").where("org_id", "=", op.orgId).execute()).length;
const budget = (res: Response) => ({ statements: Number(res.headers.get("x-query-count")), transactions: Number(res.headers.get("x-transaction-count")) });

const seriesForm = (over: Record<string, string> = {}, repeated: Record<string, string[]> = {}) =>
  formWith(
    {
      intent: "save-series",
      title: "Sunday house meeting",
      kind: "house_meeting",
      facilitatorName: "",
      facilitatorMembershipId: "",
      place: "Living room",
      startsOn: addDays(today, -7),
      startTime: "19:00",
      endTime: "20:00",
      repeats: "daily",
      until: "",
      customRule: "",
      attendance: "all",
      ...over,
    },
    repeated,
  );

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: ZONE, name: "Linden House" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  stayer = (await makeStay(op.owner, house.bedIds[0]!, addDays(today, -30))).residentId;
  gone = (await makeStay(op.owner, house.bedIds[1]!, addDays(today, -30), addDays(today, -3))).residentId;
  elsewhere = (await makeStay(op.owner, other.bedIds[0]!, addDays(today, -30))).residentId;
  base = `/o/${op.slug}/houses/${house.houseId}/sessions`;
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staff = await signedInMember(op, "staff", [house.houseId]);
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", stayer).execute());
  residentCookie = await sessionCookieFor(user.id);
});

describe("session series forms", () => {
  let seriesId = "";

  it("refuse a session that ends before it starts and an invalid rule (400, nothing written)", async () => {
    const before = await seriesCount();
    const ends = await post(client, `${base}/new`, manager.cookie, seriesForm({ endTime: "18:00" }));
    expect(ends.status).toBe(400);
    expect(visibleText(ends.html)).toContain("The session ends before it starts");
    const rule = await post(client, `${base}/new`, manager.cookie, seriesForm({ repeats: "custom", customRule: "whenever" }));
    expect(rule.status).toBe(400);
    expect(visibleText(rule.html)).toMatch(/recurrence rule isn.t valid/);
    const list = await post(client, `${base}/new`, manager.cookie, seriesForm({ attendance: "list" }, { invitees: [elsewhere, stayer] }));
    expect(list.status).toBe(409);
    expect(await seriesCount()).toBe(before);
  });

  it("add a session: every field is saved and read back on the edit page", async () => {
    const kind = await post(client, base, manager.cookie, { intent: "add-kind", name: "Tenant rights" });
    expect(kind.status).toBe(200);
    const form = await get(client, `${base}/new`, manager.cookie);
    const custom = form.html.match(/value="(custom:[0-9a-f-]{36})"/)![1]!;
    const res = await post(
      client,
      `${base}/new`,
      manager.cookie,
      seriesForm({ title: "Renters' class", kind: custom, place: "Den", facilitatorName: "Legal aid volunteer", repeats: "weekly", until: addDays(today, 90), attendance: "list" }, { weekdays: ["MO", "TH"], invitees: [stayer] }),
    );
    expect(res.status).toBe(302);
    expect(res.res.headers.get("location")).toBe(base);
    const row = await t.db.selectFrom("session_series").select("id").where("title", "=", "Renters' class").executeTakeFirstOrThrow();
    seriesId = row.id;
    const edit = await get(client, `${base}/${seriesId}`, manager.cookie);
    expect(edit.status).toBe(200);
    expect(inputValue(edit.html, "title")).toBe("Renters&#x27; class");
    expect(selectedOption(edit.html, "kind")).toBe(custom);
    expect(inputValue(edit.html, "place")).toBe("Den");
    expect(inputValue(edit.html, "facilitatorName")).toBe("Legal aid volunteer");
    expect(inputValue(edit.html, "startsOn")).toBe(addDays(today, -7));
    expect(inputValue(edit.html, "startTime")).toBe("19:00");
    expect(inputValue(edit.html, "endTime")).toBe("20:00");
    expect(selectedOption(edit.html, "repeats")).toBe("weekly");
    expect(checked(edit.html, "weekdays")).toEqual(["MO", "TH"]);
    expect(inputValue(edit.html, "until")).toBe(addDays(today, 90));
    expect(checked(edit.html, "attendance")).toEqual(["list"]);
    expect(checked(edit.html, "invitees")).toEqual([stayer]);
  });

  it("edit a session and read it back; another house's URL is a 404", async () => {
    const res = await post(client, `${base}/${seriesId}`, manager.cookie, seriesForm({ title: "Renters' rights", kind: "budgeting", endTime: "20:45", repeats: "custom", customRule: "FREQ=MONTHLY;BYDAY=1MO" }));
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("Session saved");
    const edit = await get(client, `${base}/${seriesId}`, manager.cookie);
    expect(inputValue(edit.html, "title")).toBe("Renters&#x27; rights");
    expect(selectedOption(edit.html, "kind")).toBe("budgeting");
    expect(inputValue(edit.html, "endTime")).toBe("20:45");
    expect(selectedOption(edit.html, "repeats")).toBe("custom");
    expect(inputValue(edit.html, "customRule")).toBe("FREQ=MONTHLY;BYDAY=1MO");
    expect(checked(edit.html, "attendance")).toEqual(["all"]);
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/sessions/${seriesId}`, manager.cookie)).status).toBe(404);
    expect((await post(client, `/o/${op.slug}/houses/${other.houseId}/sessions/${seriesId}`, op.cookie, seriesForm())).status).toBe(404);
  });

  it("staff read the schedule but do not plan it", async () => {
    expect((await get(client, base, staff.cookie)).status).toBe(200);
    expect((await get(client, `${base}/new`, staff.cookie)).status).toBe(403);
    expect((await post(client, `${base}/new`, staff.cookie, seriesForm())).status).toBe(403);
  });
});

describe("the schedule, exceptions, attendance and the meeting target", () => {
  let seriesId = "";
  beforeAll(async () => {
    await post(client, `${base}/new`, op.cookie, seriesForm({ title: "Evening check-in" }));
    seriesId = (await t.db.selectFrom("session_series").select("id").where("title", "=", "Evening check-in").executeTakeFirstOrThrow()).id;
  });

  it("moves and cancels an occurrence, emailing residents with accounts; the page shows it", async () => {
    const move = await post(client, base, manager.cookie, { intent: "move-occurrence", seriesId, occursOn: addDays(today, 2), newDate: addDays(today, 3), newTime: "08:15" });
    expect(move.status).toBe(200);
    expect(visibleText(move.html)).toMatch(/Session moved to .* 8:15 AM\. 1 resident was emailed\./);
    const cancel = await post(client, base, manager.cookie, { intent: "cancel-occurrence", seriesId, occursOn: addDays(today, 4) });
    expect(cancel.status).toBe(200);
    const again = await post(client, base, manager.cookie, { intent: "cancel-occurrence", seriesId, occursOn: addDays(today, 4) });
    expect(again.status).toBe(409);
    const page = await get(client, base, manager.cookie);
    expect(visibleText(page.html)).toContain("Moved");
    expect(visibleText(page.html)).toContain("Cancelled");
    expect(visibleText(page.html)).toContain("Originally");
    expect((await t.db.selectFrom("outbox").select("id").where("org_id", "=", op.orgId).where("purpose", "=", "schedule_change").execute()).length).toBe(2);
    // A move into the past is refused, with nothing written.
    const past = await post(client, base, manager.cookie, { intent: "move-occurrence", seriesId, occursOn: addDays(today, 5), newDate: addDays(today, -1), newTime: "08:00" });
    expect(past.status).toBe(400);
  });

  it("takes attendance one tap at a time and reads it back; someone not in the house that day is a 409", async () => {
    const url = `${base}/${seriesId}/${today}`;
    const page = await get(client, url, staff.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`value="${stayer}"`);
    expect(page.html).not.toContain(`value="${gone}"`);
    // The house's tabs, with Sessions marked (a session's attendance is a sessions page).
    expect(page.html).toMatch(/<nav aria-label="House pages"[\s\S]*aria-current="page"[^>]*href="[^"]*\/sessions"[\s\S]*<\/nav>/);
    expect((await post(client, url, staff.cookie, { intent: "record", residentId: stayer, status: "absent" })).status).toBe(200);
    const res = await post(client, url, manager.cookie, { intent: "record", residentId: stayer, status: "present" });
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("Present saved.");
    expect(visibleText((await get(client, url, manager.cookie)).html)).toContain("Recorded: Present");
    const before = await t.db.selectFrom("session_attendance").select("id").where("org_id", "=", op.orgId).execute();
    const refused = await post(client, url, manager.cookie, { intent: "record", residentId: gone, status: "present" });
    expect(refused.status).toBe(409);
    expect(visibleText(refused.html)).toContain("not living in the house that day");
    expect(await t.db.selectFrom("session_attendance").select("id").where("org_id", "=", op.orgId).execute()).toEqual(before);
    expect((await post(client, url, manager.cookie, { intent: "record", residentId: stayer, status: "late" })).status).toBe(400);
    expect((await get(client, `${base}/${seriesId}/2026-02-30`, manager.cookie)).status).toBe(404);
    const rates = await get(client, `${base}/rates`, manager.cookie);
    expect(rates.status).toBe(200);
    expect(visibleText(rates.html)).toContain("100%");
  });

  it("sets the weekly target and shows who is under it", async () => {
    const res = await post(client, base, manager.cookie, { intent: "set-target", weeklyTarget: "2" });
    expect(res.status).toBe(200);
    const page = await get(client, base, manager.cookie);
    expect(inputValue(page.html, "weeklyTarget")).toBe("2");
    expect(visibleText(page.html)).toContain("0 of 2");
    expect((await post(client, base, manager.cookie, { intent: "set-target", weeklyTarget: "-1" })).status).toBe(400);
    expect((await post(client, base, staff.cookie, { intent: "set-target", weeklyTarget: "3" })).status).toBe(403);
  });
});

describe("undoing a change and archiving a series over HTTP", () => {
  let seriesId = "";
  beforeAll(async () => {
    await post(client, `${base}/new`, op.cookie, seriesForm({ title: "Morning check-in", startTime: "21:00", endTime: "21:30" }));
    seriesId = (await t.db.selectFrom("session_series").select("id").where("title", "=", "Morning check-in").executeTakeFirstOrThrow()).id;
  });
  const exceptions = async () => (await t.db.selectFrom("session_exception").select(["occurs_on", "action"]).where("series_id", "=", seriesId).execute()).length;

  it("the page offers to undo a cancellation; the undo puts it back and emails the residents expected", async () => {
    const occursOn = addDays(today, 3);
    expect((await post(client, base, manager.cookie, { intent: "cancel-occurrence", seriesId, occursOn })).status).toBe(200);
    const page = await get(client, base, manager.cookie);
    expect(page.html).toMatch(new RegExp(`name="intent" value="restore-occurrence"[\\s\\S]{0,200}value="${seriesId}"[\\s\\S]{0,200}value="${occursOn}"`));
    expect(visibleText(page.html)).toContain("Undo the cancellation");
    // Staff may not; bad input is a 400; nothing changes.
    expect((await post(client, base, staff.cookie, { intent: "restore-occurrence", seriesId, occursOn })).status).toBe(403);
    expect((await post(client, base, manager.cookie, { intent: "restore-occurrence", seriesId, occursOn: "someday" })).status).toBe(400);
    expect(await exceptions()).toBe(1);
    const res = await post(client, base, manager.cookie, { intent: "restore-occurrence", seriesId, occursOn });
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toMatch(/Session back on as planned, .* 9:00 PM\. 1 resident was emailed\./);
    expect(await exceptions()).toBe(0);
    const again = await post(client, base, manager.cookie, { intent: "restore-occurrence", seriesId, occursOn });
    expect(again.status).toBe(409);
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/sessions`, manager.cookie)).status).toBe(404);
  });

  it("archives a series from a day (400 for a past day, 403 for staff, nothing written); the list keeps its past", async () => {
    const url = `${base}/${seriesId}`;
    const archivedAt = async () => (await t.db.selectFrom("session_series").select("archived_at").where("id", "=", seriesId).executeTakeFirstOrThrow()).archived_at;
    const edit = await get(client, url, manager.cookie);
    expect(inputValue(edit.html, "from")).toBe(today);
    const past = await post(client, url, manager.cookie, { intent: "archive-series", from: addDays(today, -1) });
    expect(past.status).toBe(400);
    expect(visibleText(past.html)).toContain("Choose today or a later day");
    expect((await post(client, url, manager.cookie, { intent: "archive-series", from: "" })).status).toBe(400);
    expect((await post(client, url, staff.cookie, { intent: "archive-series", from: today })).status).toBe(403);
    expect(await archivedAt()).toBeNull();
    const res = await post(client, url, manager.cookie, { intent: "archive-series", from: addDays(today, 2) });
    expect(res.status).toBe(302);
    expect(res.res.headers.get("location")).toBe(base);
    expect(await archivedAt()).not.toBeNull();
    const list = visibleText((await get(client, base, followCookie(manager.cookie, res.res))).html);
    expect(list).toContain("Session archived. Sessions that already took place and their attendance are kept.");
    expect(list).toMatch(/Morning check-in.*archived: none from/);
    // Its attendance screen for a past day still opens; one from the archive day on is gone; editing is gone.
    expect((await get(client, `${base}/${seriesId}/${addDays(today, -1)}`, manager.cookie)).status).toBe(200);
    expect((await get(client, `${base}/${seriesId}/${addDays(today, 2)}`, manager.cookie)).status).toBe(404);
    expect((await get(client, url, manager.cookie)).status).toBe(404);
  });
});

describe("the resident's meetings page", () => {
  it("logs a meeting and reads it back; refuses bad input; removes it", async () => {
    const url = `/o/${op.slug}/me/meetings`;
    const res = await post(client, url, residentCookie, { intent: "log-meeting", metOn: today, fellowship: "smart", place: "Library room 2", verifierName: "Robin" });
    expect(res.status).toBe(200);
    const page = await get(client, url, residentCookie);
    const text = visibleText(page.html);
    expect(text).toContain("SMART Recovery");
    expect(text).toContain("Library room 2");
    expect(text).toContain("confirmed by Robin");
    expect(text).toContain("1 of 2 meetings this week");
    expect(text).toContain("Evening check-in");
    const count = async () => (await t.db.selectFrom("meeting_log").select("id").where("org_id", "=", op.orgId).execute()).length;
    const before = await count();
    expect((await post(client, url, residentCookie, { intent: "log-meeting", metOn: today, fellowship: "bingo", place: "x" })).status).toBe(400);
    expect((await post(client, url, residentCookie, { intent: "log-meeting", metOn: addDays(today, 3), fellowship: "aa", place: "x" })).status).toBe(400);
    expect(await count()).toBe(before);
    const id = page.html.match(/name="meetingId" value="([0-9a-f-]{36})"/)![1]!;
    expect((await post(client, url, residentCookie, { intent: "delete-meeting", meetingId: id })).status).toBe(200);
    expect(await count()).toBe(before - 1);
    // Staff pages stay closed to residents.
    expect((await get(client, base, residentCookie)).status).toBe(403);
  });
});

describe("statement budget", () => {
  it("every sessions page runs at most 8 statements in one transaction", async () => {
    const seriesId = (await t.db.selectFrom("session_series").select("id").where("title", "=", "Evening check-in").executeTakeFirstOrThrow()).id;
    const pages: [string, string][] = [
      [base, manager.cookie],
      [base, op.cookie],
      [`${base}/new`, manager.cookie],
      [`${base}/${seriesId}`, manager.cookie],
      [`${base}/${seriesId}/${today}`, staff.cookie],
      [`${base}/rates`, manager.cookie],
      [`/o/${op.slug}/me/meetings`, residentCookie],
    ];
    const over: string[] = [];
    for (const [url, cookie] of pages) {
      const res = await client.request(url, { cookie });
      await res.text();
      expect(res.status, url).toBe(200);
      const b = budget(res);
      if (b.statements > 8 || b.transactions !== 1) over.push(`${url}: ${b.statements} statements, ${b.transactions} transactions`);
    }
    expect(over).toEqual([]);
  });
});
