import ICAL from "ical.js";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { generateRotation } from "#app/domain/chores/assignments.server";
import { createChore } from "#app/domain/chores/chores.server";
import { cancelOccurrence, createSeries, moveOccurrence, occurrencesBetween } from "#app/domain/sessions/sessions.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The resident's week, the calendar-link pages and the feed over HTTP: every form submitted
 * and its result read back (the feed fetched and parsed), roles, other orgs' ids, bad input,
 * revoked and unknown links, and each page within the statement budget.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Denver";
const today = todayIn(ZONE);

let op: Operator;
let house: HouseFixture;
let other: HouseFixture;
let residentCookie = "";
let housemateName = "";
let manager: { cookie: string };
let staffElsewhere: { cookie: string };

const feedCount = async () => (await sql<{ n: number }>`select count(*)::int as n from calendar_feed where org_id = ${op.orgId}`.execute(t.db)).rows[0]!.n;
const linkOf = (html: string) => html.match(/value="(https?:\/\/[^"]+\/calendar\/([a-z2-7]{32})\.ics)"/);
const pathOf = (url: string) => new URL(url).pathname;
const budget = (res: Response) => ({ statements: Number(res.headers.get("x-query-count")), transactions: Number(res.headers.get("x-transaction-count")) });

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Aspen House", addressLine1: "12 Quiet Lane" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  const me = (await makeStay(op.owner, house.bedIds[0]!, addDays(today, -20))).residentId;
  const mate = (await makeStay(op.owner, house.bedIds[1]!, addDays(today, -20))).residentId;
  housemateName = "Harper";
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, async (tx) => {
    await tx.updateTable("resident").set({ user_id: user.id, legal_name: "Robin Resident" }).where("id", "=", me).execute();
    await tx.updateTable("resident").set({ legal_name: "Harper Housemate" }).where("id", "=", mate).execute();
    await createChore(tx, { houseId: house.houseId, name: "Sweep the porch", area: "Porch", effort: 1, frequency: "daily", startsOn: today });
    await generateRotation(tx, { houseId: house.houseId, from: today, days: 7 });
    await createSeries(tx, house.houseId, {
      title: "Harper's birthday meeting",
      kind: "house_meeting",
      place: "12 Quiet Lane porch",
      startsOn: today,
      startTime: "18:30",
      endTime: "19:30",
      repeats: "daily",
      attendance: "all",
    });
  });
  residentCookie = await sessionCookieFor(user.id);
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staffElsewhere = await signedInMember(op, "staff", [other.houseId]);
});

describe("the resident's week", () => {
  it("shows today first, then the next seven days, with chores and sessions in the house's time", async () => {
    const { status, html, res } = await get(client, `/o/${op.slug}/me`, residentCookie);
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain("This week");
    expect(text).toMatch(/Today · \w+day/);
    expect(text.match(/Chore: Sweep the porch/g)?.length ?? 0).toBeGreaterThan(0);
    expect(text.match(/6:30 PM–7:30 PM/g)?.length).toBe(8);
    expect(text).toContain("America/Denver".replace("_", " "));
    expect(budget(res).statements).toBeLessThanOrEqual(8);
    expect(budget(res).transactions).toBe(1);
  });

  it("is the resident's page: staff get 403", async () => {
    expect((await get(client, `/o/${op.slug}/me`, manager.cookie)).status).toBe(403);
    expect((await get(client, `/o/${op.slug}/me/calendar`, manager.cookie)).status).toBe(403);
  });
});

describe("the resident's calendar link", () => {
  it("makes a link, whose feed parses back; a new link turns the old one off; turning off answers 404", async () => {
    const page = await get(client, `/o/${op.slug}/me/calendar`, residentCookie);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("You don't have a calendar link");

    const made = await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "make-feed" });
    expect(made.status).toBe(200);
    const link = linkOf(made.html);
    expect(link).not.toBeNull();
    expect(made.html).toContain(`href="webcal://`);
    expect(visibleText(made.html)).toContain("Copy this link now");
    expect(visibleText((await get(client, `/o/${op.slug}/me/calendar`, residentCookie)).html)).toContain("Your calendar link was made");

    const feed = await client.request(pathOf(link![1]!));
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(feed.headers.get("cache-control")).toBe("private, max-age=900");
    const body = await feed.text();
    const cal = new ICAL.Component(ICAL.parse(body));
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.some((e) => e.summary === "Chore: Sweep the porch" && e.startDate.isDate)).toBe(true);
    const meetings = events.filter((e) => e.summary === "House meeting");
    expect(meetings.length).toBeGreaterThanOrEqual(8);
    expect(meetings.every((e) => e.component.getFirstProperty("dtstart")?.getParameter("tzid") === ZONE && e.startDate.hour === 18 && e.startDate.minute === 30)).toBe(true);
    // No names, no title that names someone, no address or house name.
    expect(body).not.toMatch(new RegExp(`${housemateName}|Robin|Aspen|Quiet Lane|birthday`));

    // A new link: the old one is refused at once.
    const again = await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "make-feed" });
    expect(visibleText(again.html)).toContain("The old one no longer works");
    const newLink = linkOf(again.html)!;
    expect(newLink[2]).not.toBe(link![2]);
    expect((await client.request(pathOf(link![1]!))).status).toBe(404);
    expect((await client.request(pathOf(newLink[1]!))).status).toBe(200);

    const off = await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "turn-off-feed" });
    expect(off.status).toBe(200);
    expect(visibleText(off.html)).toContain("Your calendar link is turned off");
    expect(visibleText(off.html)).toContain("You don't have a calendar link");
    const revoked = await client.request(pathOf(newLink[1]!));
    expect(revoked.status).toBe(404);
    expect(await revoked.text()).toBe("Not found.");
  });

  it("bad input: an unknown intent or extra fields are 400, turning off nothing is 404; nothing written", async () => {
    const before = await feedCount();
    expect((await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "steal-feed" })).status).toBe(400);
    expect((await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "make-feed", residentId: "x" })).status).toBe(400);
    const none = await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "turn-off-feed" });
    expect(none.status).toBe(404);
    expect(visibleText(none.html)).toContain("There is no calendar link to turn off");
    expect(await feedCount()).toBe(before);
  });

  it("unknown, malformed and other-path tokens are 404 with nothing revealed", async () => {
    for (const path of ["/calendar/abcdefghijklmnopqrstuvwxyz234567.ics", "/calendar/abcdefghijklmnopqrstuvwxyz234567", "/calendar/nope.ics", "/calendar/..%2F..%2Fetc%2Fpasswd"]) {
      const res = await client.request(path);
      expect(res.status, path).toBe(404);
    }
  });
});

describe("the house calendar", () => {
  it("lists the coming weeks' sessions for the team; makes a house link whose feed has no names", async () => {
    const base = `/o/${op.slug}/houses/${house.houseId}/calendar`;
    const page = await get(client, base, manager.cookie);
    expect(page.status).toBe(200);
    expect(budget(page.res).statements).toBeLessThanOrEqual(8);
    const text = visibleText(page.html);
    expect(text).toContain("House calendar");
    expect(text).toContain("Harper's birthday meeting");
    expect(page.html).toMatch(/aria-current="page"[^>]*>Calendar|>Calendar<\/a>/);

    const made = await post(client, base, manager.cookie, { intent: "make-feed" });
    expect(made.status).toBe(200);
    const link = linkOf(made.html)!;
    const feed = await client.request(pathOf(link[1]!));
    expect(feed.status).toBe(200);
    const body = await feed.text();
    expect(body).toContain("SUMMARY:House meeting");
    expect(body).not.toMatch(/Harper|Robin|Aspen|Quiet Lane|birthday/);

    // A cancelled and a moved occurrence are marked on the page and in the feed.
    await withTenant(op.owner, async (tx) => {
      const [first, second] = (await occurrencesBetween(tx, house.houseId, addDays(today, 2), addDays(today, 4)));
      await cancelOccurrence(tx, house.houseId, { seriesId: first!.seriesId, occursOn: first!.occursOn });
      await moveOccurrence(tx, house.houseId, { seriesId: second!.seriesId, occursOn: second!.occursOn, newDate: addDays(today, 5), newTime: "09:15" });
    });
    const marked = visibleText((await get(client, base, manager.cookie)).html);
    expect(marked).toContain("Cancelled");
    expect(marked).toContain("Moved");
    expect(marked).toContain("9:15 AM");
    const again = await (await client.request(pathOf(link[1]!))).text();
    expect(again).toContain("SUMMARY:Cancelled: House meeting");
    expect(again).toContain("STATUS:CANCELLED");

    // Turning it off: the page says so, the link is refused.
    const off = await post(client, base, manager.cookie, { intent: "turn-off-feed" });
    expect(off.status).toBe(200);
    expect(visibleText(off.html)).toContain("Your calendar link is turned off");
    expect((await client.request(pathOf(link[1]!))).status).toBe(404);
    const actions = await sql<{ action: string }>`select action from audit_event where org_id = ${op.orgId} and entity_type = 'calendar_feed' order by id`.execute(t.db);
    expect(actions.rows.map((r) => r.action)).toContain("calendar_feed.revoked");
  });

  it("answers 403 to a resident, 404 for a house not theirs or another org's", async () => {
    const base = (houseId: string) => `/o/${op.slug}/houses/${houseId}/calendar`;
    expect((await get(client, base(house.houseId), residentCookie)).status).toBe(403);
    expect((await get(client, base(house.houseId), staffElsewhere.cookie)).status).toBe(404);
    const before = await feedCount();
    expect((await post(client, base(house.houseId), staffElsewhere.cookie, { intent: "make-feed" })).status).toBe(404);
    expect((await post(client, base(house.houseId), residentCookie, { intent: "make-feed" })).status).toBe(403);
    expect(await feedCount()).toBe(before);
    const op2 = await makeOperatorWithSlug();
    const theirs = await makeHouse(op2.owner, { rooms: 1, bedsPerRoom: 1 });
    expect((await get(client, base(theirs.houseId), op.cookie)).status).toBe(404);
    expect((await get(client, base("not-a-uuid"), op.cookie)).status).toBe(404);
  });
});

describe("the feed's rate limit", () => {
  const fetchUntil429 = async (path: string, max: number) => {
    let status = 0;
    let retryAfter: string | null = null;
    let fetches = 0;
    while (fetches < max && status !== 429) {
      const res = await client.request(path);
      await res.text();
      fetches++;
      status = res.status;
      retryAfter = res.headers.get("retry-after");
    }
    return { status, retryAfter, fetches };
  };

  it("counts each feed's fetches, not the address's: the 61st fetch of one feed in an hour is 429, another feed from the same address still answers", async () => {
    const made = await post(client, `/o/${op.slug}/houses/${house.houseId}/calendar`, manager.cookie, { intent: "make-feed" });
    const busy = pathOf(linkOf(made.html)![1]!);
    const mine = pathOf(linkOf((await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "make-feed" })).html)![1]!);
    const first = await fetchUntil429(busy, 70);
    expect(first.status).toBe(429);
    expect(first.fetches).toBe(61);
    expect(Number(first.retryAfter)).toBeGreaterThan(0);
    expect((await client.request(mine)).status).toBe(200);
  });

  it("answers 429 with Retry-After to an address after 120 unknown links in an hour, then even for a real link", async () => {
    const mine = pathOf(linkOf((await post(client, `/o/${op.slug}/me/calendar`, residentCookie, { intent: "make-feed" })).html)![1]!);
    const guessing = await fetchUntil429("/calendar/abcdefghijklmnopqrstuvwxyz234567.ics", 140);
    expect(guessing.status).toBe(429);
    expect(guessing.fetches).toBeLessThanOrEqual(121);
    expect(Number(guessing.retryAfter)).toBeGreaterThan(0);
    expect((await client.request(mine)).status).toBe(429);
  });
});
