import ICAL from "ical.js";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withPlatform, withTenant, type TenantContext } from "#app/db/tenant.server";
import { generateRotation } from "#app/domain/chores/assignments.server";
import { createChore } from "#app/domain/chores/chores.server";
import { cancelOccurrence, createSeries, houseSchedule } from "#app/domain/sessions/sessions.server";
import { addDays, formatInZone, todayIn } from "#app/lib/dates";
import { localInstant } from "#app/lib/recurrence";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type HouseFixture, type OrgFixture } from "#tests/support/houses";
import { houseFeed, makeFeed, myLiveFeed, openFeed, residentFeed, turnOffFeed } from "./feeds.server";
import { houseCalendar, residentCalendar } from "./ical.server";
import { myDays } from "./week.server";

/** The resident's week and the calendar feeds on a real database, under row-level security. */
const t = useTestDatabase();
const ZONE = "America/New_York";
const today = todayIn(ZONE);

let fx: OrgFixture;
let house: HouseFixture;
let other: HouseFixture;
let ann: { residentId: string; ctx: TenantContext };
let ben: { residentId: string; ctx: TenantContext };

async function linkedResident(h: HouseFixture, bed: number, name: string) {
  const { residentId } = await makeStay(fx.owner, h.bedIds[bed]!, addDays(today, -30));
  const user = await makeUser({ orgId: fx.orgId, role: "resident", name });
  await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", residentId).execute());
  return { residentId, ctx: { orgId: fx.orgId, userId: user.id, role: "resident" } satisfies TenantContext };
}

const liveFeeds = async () => (await sql<{ n: number }>`select count(*)::int as n from calendar_feed where org_id = ${fx.orgId} and revoked_at is null`.execute(t.db)).rows[0]!.n;

beforeAll(async () => {
  fx = await makeOperator();
  house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: ZONE } });
  other = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
  ann = await linkedResident(house, 0, "Ann Example");
  ben = await linkedResident(house, 1, "Ben Example");
  await withTenant(fx.owner, async (tx) => {
    await createChore(tx, { houseId: house.houseId, name: "Kitchen", area: "Kitchen", effort: 2, frequency: "daily", startsOn: addDays(today, -7) });
    await generateRotation(tx, { houseId: house.houseId, from: today, days: 7 });
    await createSeries(tx, house.houseId, {
      title: "Tuesday talk with Dr. Who",
      kind: "house_meeting",
      startsOn: addDays(today, -7),
      startTime: "19:00",
      endTime: "20:00",
      repeats: "daily",
      attendance: "all",
    });
  });
});

describe("the resident's week", () => {
  it("holds the resident's own chores and the house's sessions for today and the next seven days, in one statement", async () => {
    const week = await withTenant(ann.ctx, (tx) => myDays(tx, { fromOffset: 0, days: 8 }));
    expect(week).not.toBeNull();
    expect(week!.residentId).toBe(ann.residentId);
    expect(week!.today).toBe(today);
    expect(week!.house?.id).toBe(house.houseId);
    expect(week!.chores.length).toBeGreaterThan(0);
    expect(week!.chores.every((c) => c.day >= today && c.day <= addDays(today, 7))).toBe(true);
    // Only Ann's own: Ben's chores are not in her week.
    const bens = await withTenant(ben.ctx, (tx) => myDays(tx, { fromOffset: 0, days: 8 }));
    const annIds = new Set(week!.chores.map((c) => c.assignmentId));
    expect(bens!.chores.some((c) => annIds.has(c.assignmentId))).toBe(false);
    expect(week!.sessions.map((o) => o.day)).toEqual(Array.from({ length: 8 }, (_, i) => addDays(today, i)));
    expect(week!.sessions.every((o) => formatInZone(o.startsAt, ZONE, "HH:mm") === "19:00")).toBe(true);
  });

  it("is null for a member who is not a linked resident", async () => {
    expect(await withTenant(fx.owner, (tx) => myDays(tx, { fromOffset: 0, days: 8 }))).toBeNull();
  });
});

describe("calendar feeds", () => {
  it("a resident makes, replaces and turns off their own link; the old token stops working at once", async () => {
    const first = await withTenant(ann.ctx, (tx) => makeFeed(tx, { kind: "resident" }));
    expect(first.replaced).toBe(false);
    expect(first.token).toMatch(/^[a-z2-7]{32}$/);
    // Only the hash is stored.
    const stored = await sql<{ token_hash: string }>`select token_hash from calendar_feed where id = ${first.id}`.execute(t.db);
    expect(stored.rows[0]!.token_hash).not.toContain(first.token);
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const holder = await withPlatform({}, (tx) => openFeed(tx, first.token));
    expect(holder).toMatchObject({ orgId: fx.orgId, userId: ann.ctx.userId, role: "resident", kind: "resident", residentId: ann.residentId });

    const second = await withTenant(ann.ctx, (tx) => makeFeed(tx, { kind: "resident" }));
    expect(second.replaced).toBe(true);
    expect(await withPlatform({}, (tx) => openFeed(tx, first.token))).toBeNull();
    expect(await withPlatform({}, (tx) => openFeed(tx, second.token))).not.toBeNull();
    expect((await withTenant(ann.ctx, (tx) => myLiveFeed(tx, { kind: "resident" })))?.id).toBe(second.id);

    await withTenant(ann.ctx, (tx) => turnOffFeed(tx, { kind: "resident" }));
    expect(await withPlatform({}, (tx) => openFeed(tx, second.token))).toBeNull();
    expect(await withTenant(ann.ctx, (tx) => myLiveFeed(tx, { kind: "resident" }))).toBeNull();
    await expectDomainError(withTenant(ann.ctx, (tx) => turnOffFeed(tx, { kind: "resident" })), "not_found");

    const actions = await sql<{ action: string }>`select action from audit_event where org_id = ${fx.orgId} and entity_type = 'calendar_feed' order by id`.execute(t.db);
    expect(actions.rows.map((r) => r.action)).toEqual(["calendar_feed.created", "calendar_feed.regenerated", "calendar_feed.revoked"]);
  });

  it("refuses malformed and unknown tokens", async () => {
    for (const token of ["", "x", "A".repeat(32), "abcdefghijklmnopqrstuvwxyz234567", "../../etc/passwd"]) {
      expect(await withPlatform({}, (tx) => openFeed(tx, token))).toBeNull();
    }
  });

  it("row-level security: a resident sees and changes only their own link; nobody makes one for someone else", async () => {
    const a = await withTenant(ann.ctx, (tx) => makeFeed(tx, { kind: "resident" }));
    await withTenant(ben.ctx, (tx) => makeFeed(tx, { kind: "resident" }));
    const seen = (ctx: TenantContext) => withTenant(ctx, (tx) => tx.selectFrom("calendar_feed").select(["id", "resident_id"]).execute());
    // Their own links only (Ann's earlier, turned-off ones included).
    expect(new Set((await seen(ann.ctx)).map((r) => r.resident_id))).toEqual(new Set([ann.residentId]));
    expect((await seen(ben.ctx)).map((r) => r.resident_id)).toEqual([ben.residentId]);
    // The owner sees residents' links neither (only their own house links).
    expect(await seen(fx.owner)).toEqual([]);
    // Ben cannot turn off Ann's link, nor insert one for her.
    await withTenant(ben.ctx, (tx) => tx.updateTable("calendar_feed").set({ revoked_at: new Date() }).where("id", "=", a.id).execute());
    expect(await withPlatform({}, (tx) => openFeed(tx, a.token))).not.toBeNull();
    await expect(
      withTenant(ben.ctx, (tx) =>
        sql`insert into calendar_feed (org_id, kind, resident_id, token_hash) values (current_org_id(), 'resident', ${ann.residentId}, ${"a".repeat(64)})`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
    // Staff cannot make a resident link either.
    const staff = await makeMember(fx, "staff", [house.houseId]);
    await expectDomainError(withTenant(staff.ctx, (tx) => makeFeed(tx, { kind: "resident" })), "forbidden");
  });

  it("staff make house links only for their houses, and see only their own", async () => {
    const staff = await makeMember(fx, "staff", [house.houseId]);
    const manager = await makeMember(fx, "house_manager", [other.houseId]);
    const before = await liveFeeds();
    await expectDomainError(withTenant(staff.ctx, (tx) => makeFeed(tx, { kind: "house", houseId: other.houseId })), "not_found");
    // A resident sees their house but may not make a house link.
    await expectDomainError(withTenant(ann.ctx, (tx) => makeFeed(tx, { kind: "house", houseId: house.houseId })), "forbidden");
    expect(await liveFeeds()).toBe(before);
    const mine = await withTenant(staff.ctx, (tx) => makeFeed(tx, { kind: "house", houseId: house.houseId }));
    expect(await withTenant(manager.ctx, (tx) => tx.selectFrom("calendar_feed").select("id").execute())).toEqual([]);
    expect((await withTenant(staff.ctx, (tx) => tx.selectFrom("calendar_feed").select("id").execute())).map((r) => r.id)).toEqual([mine.id]);
    // A direct insert for a house not theirs is refused by the policy.
    await expect(
      withTenant(staff.ctx, (tx) =>
        sql`insert into calendar_feed (org_id, kind, house_id, token_hash) values (current_org_id(), 'house', ${other.houseId}, ${"b".repeat(64)})`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);

    // Another org's member with the same house id reaches nothing.
    const fx2 = await makeOperator();
    await expectDomainError(withTenant(fx2.owner, (tx) => makeFeed(tx, { kind: "house", houseId: house.houseId })), "not_found");

    // The feed reads as the staff member: once taken off the house, the link shows nothing (404).
    const holder = (await withPlatform({}, (tx) => openFeed(tx, mine.token)))!;
    expect(holder.role).toBe("staff");
    const feed = await withTenant({ orgId: holder.orgId, userId: holder.userId, role: holder.role }, (tx) => houseFeed(tx, holder));
    expect(feed?.occurrences.length).toBeGreaterThan(0);
    await withTenant(fx.owner, (tx) => tx.deleteFrom("membership_house").where("membership_id", "=", staff.membershipId).execute());
    expect(await withTenant({ orgId: holder.orgId, userId: holder.userId, role: holder.role }, (tx) => houseFeed(tx, holder))).toBeNull();
    // Switched off: the link is unknown.
    await withTenant(fx.owner, (tx) => tx.updateTable("membership").set({ disabled_at: new Date() }).where("id", "=", staff.membershipId).execute());
    expect(await withPlatform({}, (tx) => openFeed(tx, mine.token))).toBeNull();
  });

  it("removing a member from the org is not blocked by their link, which stops working and stays on record", async () => {
    const manager = await makeMember(fx, "house_manager", [house.houseId]);
    const made = await withTenant(manager.ctx, (tx) => makeFeed(tx, { kind: "house", houseId: house.houseId }));
    expect(await withPlatform({}, (tx) => openFeed(tx, made.token))).not.toBeNull();
    await withTenant(fx.owner, (tx) => tx.deleteFrom("membership").where("id", "=", manager.membershipId).execute());
    expect(await withPlatform({}, (tx) => openFeed(tx, made.token))).toBeNull();
    const row = await sql<{ user_id: string | null }>`select user_id from calendar_feed where id = ${made.id}`.execute(t.db);
    expect(row.rows).toEqual([{ user_id: null }]);
  });
});

const tzidOf = (e: ICAL.Event) => e.component.getFirstProperty("dtstart")?.getParameter("tzid");

/** Parse iCalendar text back with ical.js, registering its time zones. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  return cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

describe("the iCalendar text", () => {
  it("a resident's feed: their chores all day, sessions in the house's zone, neutral titles with no names or address", async () => {
    const { token } = await withTenant(ann.ctx, (tx) => makeFeed(tx, { kind: "resident" }));
    const holder = (await withPlatform({}, (tx) => openFeed(tx, token)))!;
    const days = (await withTenant({ orgId: holder.orgId, userId: holder.userId, role: holder.role }, (tx) => residentFeed(tx, holder)))!;
    const text = residentCalendar(days, "UTC");
    const events = parse(text);
    const chores = events.filter((e) => e.summary.startsWith("Chore: "));
    expect(chores.length).toBe(days.chores.length);
    expect(chores.every((e) => e.startDate.isDate)).toBe(true);
    expect(chores.map((e) => e.startDate.toString()).sort()).toEqual(days.chores.map((c) => c.day).sort());
    const sessions = events.filter((e) => !e.summary.startsWith("Chore: "));
    expect(sessions.length).toBe(days.sessions.length);
    expect(sessions.every((e) => e.summary === "House meeting" && tzidOf(e) === ZONE && e.startDate.hour === 19)).toBe(true);
    expect(sessions[0]!.startDate.toJSDate().getTime()).toBe(days.sessions[0]!.startsAt.getTime());
    expect(text).toContain("BEGIN:VTIMEZONE");
    // The session's own title (it names someone), other residents and the house stay out.
    expect(text).not.toMatch(/Dr\. Who|Ben|Example|Test House|Street/);
  });

  it("a weekly 7 pm session across the spring daylight-saving change stays at 7 pm local, and 2:30 on the change day is 3:30", async () => {
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: "America/Los_Angeles" } });
    const ny = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
    const from = "2027-03-01";
    const to = "2027-03-22";
    const schedule = await withTenant(fx.owner, async (tx) => {
      await createSeries(tx, h.houseId, { title: "Group", kind: "house_meeting", startsOn: from, startTime: "19:00", endTime: "20:00", repeats: "weekly", weekdays: ["TU"], attendance: "all" });
      const early = await createSeries(tx, ny.houseId, { title: "Early", kind: "budgeting", startsOn: "2027-03-12", startTime: "02:30", endTime: "03:00", repeats: "daily", attendance: "optional" });
      await cancelOccurrence(tx, ny.houseId, { seriesId: early.id, occursOn: "2027-03-16" });
      return { la: await houseSchedule(tx, h.houseId, from, to), ny: await houseSchedule(tx, ny.houseId, "2027-03-12", "2027-03-17") };
    });
    const la = parse(houseCalendar(schedule.la.occurrences, "America/Los_Angeles"));
    expect(la.map((e) => e.startDate.toString())).toEqual(["2027-03-02T19:00:00", "2027-03-09T19:00:00", "2027-03-16T19:00:00"]);
    expect(la.every((e) => tzidOf(e) === "America/Los_Angeles")).toBe(true);
    // 7 pm PST (UTC-8) before the clocks jump on March 14, 7 pm PDT (UTC-7) after.
    expect(la.map((e) => e.startDate.toJSDate().toISOString())).toEqual(["2027-03-03T03:00:00.000Z", "2027-03-10T03:00:00.000Z", "2027-03-17T02:00:00.000Z"]);
    const early = parse(houseCalendar(schedule.ny.occurrences, ZONE));
    expect(early.map((e) => e.startDate.toString())).toEqual([
      "2027-03-12T02:30:00",
      "2027-03-13T02:30:00",
      "2027-03-14T03:30:00",
      "2027-03-15T02:30:00",
      "2027-03-16T02:30:00",
    ]);
    expect(early[2]!.startDate.toJSDate().getTime()).toBe(localInstant("2027-03-14", "02:30", ZONE).getTime());
    expect(early.map((e) => e.summary)).toEqual(["Class: budgeting", "Class: budgeting", "Class: budgeting", "Class: budgeting", "Cancelled: Class: budgeting"]);
    expect(early[4]!.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});
