import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addDays, formatInZone, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type HouseFixture, type OrgFixture } from "#tests/support/houses";
import { deleteMyMeeting, listMyMeetings, logMyMeeting, meetingTargetStatus, setMeetingTarget } from "./meetings.server";
import { mondayOf } from "./schemas";
import {
  addSessionKind,
  archiveSeries,
  attendanceRates,
  attendanceSheet,
  cancelOccurrence,
  createSeries,
  expectedAttendees,
  getOccurrence,
  getSeries,
  moveOccurrence,
  occurrenceKey,
  occurrencesBetween,
  recordAttendance,
  restoreOccurrence,
  updateSeries,
} from "./sessions.server";

/** Sessions, attendance and meeting logs on a real database, under row-level security. */
const t = useTestDatabase();
const ZONE = "America/Los_Angeles";
const today = todayIn(ZONE);

let fx: OrgFixture;
let house: HouseFixture;
let other: HouseFixture;

const seriesInput = (over: Record<string, unknown> = {}) => ({
  title: "House meeting",
  kind: "house_meeting",
  startsOn: addDays(today, -14),
  startTime: "19:00",
  endTime: "20:00",
  repeats: "daily",
  attendance: "all",
  ...over,
});
const counts = async () =>
  (await sql<{ n: number }>`select (select count(*) from session_series where org_id = ${fx.orgId})
    + (select count(*) from session_invitee where org_id = ${fx.orgId})
    + (select count(*) from session_exception where org_id = ${fx.orgId})
    + (select count(*) from session_attendance where org_id = ${fx.orgId})::int as n`.execute(t.db)).rows[0]!.n;

beforeAll(async () => {
  fx = await makeOperator();
  house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4, house: { timeZone: ZONE } });
  other = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
});

describe("series", () => {
  it("refuses a session that ends before it starts, an invalid rule, and a rule with no dates; nothing is written", async () => {
    const before = await counts();
    const create = (over: Record<string, unknown>) => withTenant(fx.owner, (tx) => createSeries(tx, house.houseId, seriesInput(over)));
    await expectDomainError(create({ endTime: "18:00" }), "invalid", { field: "endTime", message: /ends before it starts/ });
    await expectDomainError(create({ repeats: "custom", customRule: "FREQ=WEEKLY;BYDAY=ZZ" }), "invalid", { field: "customRule" });
    await expectDomainError(create({ repeats: "custom", customRule: "FREQ=WEEKLY;UNTIL=20000101T000000Z" }), "invalid", {
      field: "customRule",
      message: /never produces/,
    });
    await expectDomainError(create({ attendance: "list", invitees: [] }), "invalid", { field: "invitees" });
    expect(await counts()).toBe(before);
  });

  it("refuses a list with someone who does not live in the house", async () => {
    const { residentId } = await makeStay(fx.owner, other.bedIds[0]!, addDays(today, -5));
    const before = await counts();
    await expectDomainError(
      withTenant(fx.owner, (tx) => createSeries(tx, house.houseId, seriesInput({ attendance: "list", invitees: [residentId] }))),
      "conflict",
      { field: "invitees" },
    );
    expect(await counts()).toBe(before);
  });

  it("saves and reads back every field, with an org's own kind", async () => {
    const kind = await withTenant(fx.owner, (tx) => addSessionKind(tx, { name: "Resume writing" }));
    const { id } = await withTenant(fx.owner, (tx) =>
      createSeries(tx, house.houseId, seriesInput({ title: "Resumes", kind: `custom:${kind.id}`, place: "Kitchen", facilitatorName: "Volunteer", repeats: "weekly", weekdays: ["MO", "TH"], until: addDays(today, 60) })),
    );
    const got = await withTenant(fx.owner, (tx) => getSeries(tx, house.houseId, id));
    expect(got).toMatchObject({ title: "Resumes", kind: `custom:${kind.id}`, place: "Kitchen", facilitatorName: "Volunteer", startTime: "19:00", durationMinutes: 60, attendance: "all" });
    expect(got.rule).toBe(`FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=${addDays(today, 60).replaceAll("-", "")}T235959Z`);
    await withTenant(fx.owner, (tx) => updateSeries(tx, house.houseId, id, seriesInput({ title: "Resumes 2", kind: "job_search", endTime: "20:30", repeats: "weekly", weekdays: ["TU"] })));
    expect(await withTenant(fx.owner, (tx) => getSeries(tx, house.houseId, id))).toMatchObject({ title: "Resumes 2", kind: "job_search", durationMinutes: 90, rule: "FREQ=WEEKLY;BYDAY=TU" });
    // Another house's id does not reach it.
    await expectDomainError(withTenant(fx.owner, (tx) => getSeries(tx, other.houseId, id)), "not_found");
  });
});

describe("occurrences, exceptions and who is expected", () => {
  let seriesId = "";
  let stayer = "";
  let leaver = "";
  let arriver = "";
  beforeAll(async () => {
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: ZONE } });
    house = h;
    stayer = (await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -20))).residentId;
    leaver = (await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -20), addDays(today, 2))).residentId; // last night: today + 1
    arriver = (await makeStay(fx.owner, h.bedIds[2]!, addDays(today, 3))).residentId;
    seriesId = (await withTenant(fx.owner, (tx) => createSeries(tx, h.houseId, seriesInput({ startsOn: addDays(today, -7) })))).id;
  });

  it("expects the residents in the house on each day, across a move-out and a move-in", async () => {
    const occ = await withTenant(fx.owner, (tx) => occurrencesBetween(tx, house.houseId, addDays(today, 1), addDays(today, 4)));
    expect(occ.map((o) => o.occursOn)).toEqual([addDays(today, 1), addDays(today, 2), addDays(today, 3)]);
    const expected = await withTenant(fx.owner, (tx) => expectedAttendees(tx, house.houseId, occ));
    const ids = (o: (typeof occ)[number]) => expected.get(occurrenceKey(o))!.map((a) => a.residentId).sort();
    expect(ids(occ[0]!)).toEqual([stayer, leaver].sort());
    expect(ids(occ[1]!)).toEqual([stayer]); // moved out that morning
    expect(ids(occ[2]!)).toEqual([stayer, arriver].sort()); // moved in that day
    expect(occ.every((o) => formatInZone(o.startsAt, ZONE, "HH:mm") === "19:00")).toBe(true);
  });

  it("cancels one occurrence and moves another; both keep their names", async () => {
    await withTenant(fx.owner, (tx) => cancelOccurrence(tx, house.houseId, { seriesId, occursOn: addDays(today, 5) }));
    await withTenant(fx.owner, (tx) => moveOccurrence(tx, house.houseId, { seriesId, occursOn: addDays(today, 6), newDate: addDays(today, 9), newTime: "10:15" }));
    const occ = await withTenant(fx.owner, (tx) => occurrencesBetween(tx, house.houseId, addDays(today, 5), addDays(today, 10)));
    expect(occ.map((o) => [o.occursOn, o.day, o.status, formatInZone(o.startsAt, ZONE, "HH:mm")])).toEqual([
      [addDays(today, 5), addDays(today, 5), "cancelled", "19:00"],
      [addDays(today, 7), addDays(today, 7), "scheduled", "19:00"],
      [addDays(today, 8), addDays(today, 8), "scheduled", "19:00"],
      [addDays(today, 6), addDays(today, 9), "moved", "10:15"],
      [addDays(today, 9), addDays(today, 9), "scheduled", "19:00"],
    ]);
    // The original day no longer shows it; a window around only the new day does.
    expect((await withTenant(fx.owner, (tx) => occurrencesBetween(tx, house.houseId, addDays(today, 6), addDays(today, 7)))).map((o) => o.status)).toEqual([]);
    const moved = await withTenant(fx.owner, (tx) => getOccurrence(tx, house.houseId, seriesId, addDays(today, 6)));
    expect(moved).toMatchObject({ status: "moved", day: addDays(today, 9) });
    await expectDomainError(withTenant(fx.owner, (tx) => cancelOccurrence(tx, house.houseId, { seriesId, occursOn: addDays(today, 5) })), "conflict");
    await expectDomainError(withTenant(fx.owner, (tx) => getOccurrence(tx, other.houseId, seriesId, addDays(today, 7))), "not_found");
  });

  it("tells residents with portal accounts, in neutral words", async () => {
    const user = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", stayer).execute());
    await withTenant(fx.owner, (tx) => moveOccurrence(tx, house.houseId, { seriesId, occursOn: addDays(today, 8), newDate: addDays(today, 8), newTime: "18:00" }));
    const mail = await t.db.selectFrom("outbox").select(["payload", "purpose"]).where("org_id", "=", fx.orgId).where("purpose", "=", "schedule_change").execute();
    const payloads = mail.map((m) => m.payload as { to: string; subject: string; text: string });
    const mine = payloads.filter((p) => p.to === user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toMatch(/has moved to .* at 6:00 PM/);
    const residents = await t.db.selectFrom("resident").select("legal_name").where("org_id", "=", fx.orgId).execute();
    for (const p of payloads) {
      expect(p.text).not.toMatch(/House meeting|meeting|recovery|sober|AA\b|NA\b/i);
      for (const r of residents) expect(p.text).not.toContain(r.legal_name);
    }
  });

  it("takes attendance only for residents in the house that day (409 otherwise), one row per tap", async () => {
    const occursOn = addDays(today, 0);
    await withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn, residentId: stayer, status: "absent" }));
    await withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn, residentId: stayer, status: "present" }));
    const before = await counts();
    await expectDomainError(withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn, residentId: arriver, status: "present" })), "conflict", {
      message: /not living in the house/,
    });
    // A future occurrence, a cancelled one and a day the series does not have.
    await expectDomainError(withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: addDays(today, 1), residentId: stayer, status: "present" })), "conflict");
    await expectDomainError(withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: addDays(today, -30), residentId: stayer, status: "present" })), "not_found");
    expect(await counts()).toBe(before);
    const o = await withTenant(fx.owner, (tx) => getOccurrence(tx, house.houseId, seriesId, occursOn));
    const sheet = await withTenant(fx.owner, (tx) => attendanceSheet(tx, house.houseId, o));
    expect(sheet.map((r) => [r.residentId, r.status]).sort()).toEqual([[leaver, null], [stayer, "present"]].sort());
    await withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: addDays(today, -1), residentId: leaver, status: "excused" }));
    await withTenant(fx.owner, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: addDays(today, -2), residentId: stayer, status: "absent" }));
    const rates = await withTenant(fx.owner, (tx) => attendanceRates(tx, house.houseId, addDays(today, -7), addDays(today, 1)));
    expect(rates.residents.find((r) => r.id === stayer)).toMatchObject({ present: 1, absent: 1, excused: 0, rate: 50 });
    expect(rates.residents.find((r) => r.id === leaver)).toMatchObject({ present: 0, absent: 0, excused: 1, rate: null });
    expect(rates.series).toEqual([expect.objectContaining({ id: seriesId, present: 1, absent: 1, excused: 1, rate: 50 })]);
  });

  it("row-level security: roles × tables × verbs", async () => {
    const manager = await makeMember(fx, "house_manager", [house.houseId]);
    const elsewhere = await makeMember(fx, "house_manager", [other.houseId]);
    const staff = await makeMember(fx, "staff", [house.houseId]);
    const user = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", leaver).execute());
    const resident: TenantContext = { orgId: fx.orgId, userId: user.id, role: "resident" };
    const seen = (ctx: TenantContext, table: "session_series" | "session_attendance" | "session_exception" | "session_invitee") =>
      withTenant(ctx, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where house_id = ${house.houseId}`.execute(tx)).rows[0]!.n);
    expect(await seen(manager.ctx, "session_series")).toBeGreaterThan(0);
    expect(await seen(staff.ctx, "session_attendance")).toBeGreaterThan(0);
    expect(await seen(elsewhere.ctx, "session_series")).toBe(0);
    expect(await seen(elsewhere.ctx, "session_attendance")).toBe(0);
    expect(await seen(elsewhere.ctx, "session_exception")).toBe(0);
    // The resident reads the schedule of their current house, and only their own attendance.
    expect(await seen(resident, "session_series")).toBeGreaterThan(0);
    expect(await seen(resident, "session_exception")).toBeGreaterThan(0);
    const theirs = await withTenant(resident, (tx) => tx.selectFrom("session_attendance").select("resident_id").execute());
    expect(theirs.map((r) => r.resident_id)).toEqual([leaver]);
    // Writes: staff take attendance but do not plan sessions; other houses' managers and residents neither.
    await withTenant(staff.ctx, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: today, residentId: leaver, status: "present" }));
    await expectDomainError(withTenant(staff.ctx, (tx) => createSeries(tx, house.houseId, seriesInput())), "forbidden");
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: today, residentId: stayer, status: "absent" })), "not_found");
    await expectDomainError(withTenant(resident, (tx) => recordAttendance(tx, house.houseId, { seriesId, occursOn: today, residentId: leaver, status: "present" })), "forbidden");
    await expectDomainError(withTenant(resident, (tx) => cancelOccurrence(tx, house.houseId, { seriesId, occursOn: addDays(today, 7) })), "forbidden");
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => createSeries(tx, house.houseId, seriesInput())), "forbidden");
    const raw = (ctx: TenantContext, q: (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) => Promise<unknown>) => withTenant(ctx, q);
    for (const ctx of [staff.ctx, resident, elsewhere.ctx]) {
      const updated = await raw(ctx, (tx) => tx.updateTable("session_series").set({ title: "Taken" }).where("house_id", "=", house.houseId).executeTakeFirst());
      expect((updated as { numUpdatedRows: bigint }).numUpdatedRows).toBe(0n);
      const deleted = await raw(ctx, (tx) => tx.deleteFrom("session_exception").where("house_id", "=", house.houseId).executeTakeFirst());
      expect((deleted as { numDeletedRows: bigint }).numDeletedRows).toBe(0n);
    }
    expect((await raw(manager.ctx, (tx) => tx.updateTable("session_series").set({ place: "Den" }).where("id", "=", seriesId).executeTakeFirst())) as { numUpdatedRows: bigint }).toMatchObject({
      numUpdatedRows: 1n,
    });
    // Nobody deletes attendance.
    await expect(raw(fx.owner, (tx) => tx.deleteFrom("session_attendance").where("house_id", "=", house.houseId).execute())).rejects.toThrow(/permission denied/);
  });
});

describe("mutual-aid meetings and the weekly target", () => {
  it("residents log their own, see only their own, and staff see who is under the target", async () => {
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
    const a = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -30));
    const b = await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -30));
    const ua = await makeUser({ orgId: fx.orgId, role: "resident" });
    const ub = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, async (tx) => {
      await tx.updateTable("resident").set({ user_id: ua.id }).where("id", "=", a.residentId).execute();
      await tx.updateTable("resident").set({ user_id: ub.id }).where("id", "=", b.residentId).execute();
    });
    const ra: TenantContext = { orgId: fx.orgId, userId: ua.id, role: "resident" };
    const rb: TenantContext = { orgId: fx.orgId, userId: ub.id, role: "resident" };
    const monday = mondayOf(today);
    await withTenant(ra, (tx) => logMyMeeting(tx, { metOn: monday > today ? today : monday, fellowship: "na", place: "Church basement", verifierName: "Chris" }, ZONE));
    await withTenant(ra, (tx) => logMyMeeting(tx, { metOn: today, fellowship: "smart", place: "Library" }, ZONE));
    const { id: bs } = await withTenant(rb, (tx) => logMyMeeting(tx, { metOn: today, fellowship: "aa", place: "Online" }, ZONE));
    await expectDomainError(withTenant(ra, (tx) => logMyMeeting(tx, { metOn: addDays(today, 2), fellowship: "aa", place: "x" }, ZONE)), "invalid", { field: "metOn" });
    expect((await withTenant(ra, (tx) => listMyMeetings(tx, addDays(today, -7)))).map((m) => [m.fellowship, m.place, m.verifierName]).sort()).toEqual([
      ["na", "Church basement", "Chris"],
      ["smart", "Library", null],
    ]);
    // Another resident's log cannot be read or removed.
    expect(await withTenant(ra, (tx) => tx.selectFrom("meeting_log").select("id").where("id", "=", bs).execute())).toEqual([]);
    await expectDomainError(withTenant(ra, (tx) => deleteMyMeeting(tx, bs)), "not_found");
    // Staff never write a resident's log.
    const staff = await makeMember(fx, "staff", [h.houseId]);
    await expect(withTenant(staff.ctx, (tx) => sql`insert into meeting_log (org_id, resident_id, met_on, fellowship, place) values (current_org_id(), ${a.residentId}, ${today}, 'aa', 'x')`.execute(tx))).rejects.toThrow(/row-level security/);

    expect((await withTenant(staff.ctx, (tx) => meetingTargetStatus(tx, h.houseId, today))).target).toBeNull();
    await expectDomainError(withTenant(staff.ctx, (tx) => setMeetingTarget(tx, h.houseId, { weeklyTarget: 2 })), "forbidden");
    await withTenant(fx.owner, (tx) => setMeetingTarget(tx, h.houseId, { weeklyTarget: 2 }));
    const status = await withTenant(staff.ctx, (tx) => meetingTargetStatus(tx, h.houseId, today));
    expect(status.target).toBe(2);
    expect(status.weekStart).toBe(monday);
    const by = Object.fromEntries(status.residents.map((r) => [r.residentId, r]));
    expect(by[a.residentId]).toMatchObject({ logged: monday > today ? 2 : 2, under: false });
    expect(by[b.residentId]).toMatchObject({ logged: 1, under: true });
    await withTenant(rb, (tx) => deleteMyMeeting(tx, bs));
    expect((await withTenant(staff.ctx, (tx) => meetingTargetStatus(tx, h.houseId, today))).residents.find((r) => r.residentId === b.residentId)?.logged).toBe(0);
  });
});

describe("undoing a change, and archiving a series", () => {
  let h: HouseFixture;
  let seriesId = "";
  let resident = "";
  let email = "";
  const exceptions = async () => (await t.db.selectFrom("session_exception").select(["occurs_on", "action"]).where("series_id", "=", seriesId).execute()).length;
  const occ = (from: number, to: number) => withTenant(fx.owner, (tx) => occurrencesBetween(tx, h.houseId, addDays(today, from), addDays(today, to)));
  const mailSince = async (id: number) =>
    (await t.db.selectFrom("outbox").select(["id", "payload"]).where("org_id", "=", fx.orgId).where("purpose", "=", "schedule_change").where("id", ">", id).execute()).map(
      (m) => m.payload as { to: string; subject: string; text: string },
    );
  const lastMail = async () => Number((await t.db.selectFrom("outbox").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);

  beforeAll(async () => {
    h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
    resident = (await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -20))).residentId;
    await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -20));
    const user = await makeUser({ orgId: fx.orgId, role: "resident" });
    email = user.email;
    await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", resident).execute());
    seriesId = (await withTenant(fx.owner, (tx) => createSeries(tx, h.houseId, seriesInput({ title: "Relapse prevention group", startsOn: addDays(today, -7) })))).id;
  });

  it("puts a cancelled occurrence back, audited, and tells the residents expected in neutral words", async () => {
    const occursOn = addDays(today, 2);
    const beforeCancel = await lastMail();
    await withTenant(fx.owner, (tx) => cancelOccurrence(tx, h.houseId, { seriesId, occursOn }));
    // The cancellation's own email: to the resident with an account, neutral.
    const [cancelMail, ...moreCancel] = await mailSince(beforeCancel);
    expect(moreCancel).toEqual([]);
    expect(cancelMail).toMatchObject({ to: email, subject: "A change to your schedule" });
    expect(cancelMail!.text).toMatch(/has been cancelled\./);
    const house = await t.db.selectFrom("house").select(["name", "address_line1", "city"]).where("id", "=", h.houseId).executeTakeFirstOrThrow();
    for (const part of [house.name, house.address_line1, house.city]) expect(cancelMail!.text).not.toContain(part);
    for (const r of await t.db.selectFrom("resident").select("legal_name").where("org_id", "=", fx.orgId).execute()) expect(cancelMail!.text).not.toContain(r.legal_name);
    expect(cancelMail!.text).not.toMatch(/Relapse|meeting|recovery|sober|substance|alcohol|drug|group/i);
    const mark = await lastMail();
    const done = await withTenant(fx.owner, (tx) => restoreOccurrence(tx, h.houseId, { seriesId, occursOn }));
    expect(done.notified).toBe(1);
    expect((await occ(2, 3)).map((o) => [o.occursOn, o.status])).toEqual([[occursOn, "scheduled"]]);
    expect(await exceptions()).toBe(0);
    const [mail, ...more] = await mailSince(mark);
    expect(more).toEqual([]);
    expect(mail!.to).toBe(email);
    expect(mail!.text).toMatch(/is back on\./);
    expect(mail!.text).not.toMatch(/Relapse|meeting|recovery|sober|group/i);
    const names = await t.db.selectFrom("resident").select("legal_name").where("org_id", "=", fx.orgId).execute();
    for (const r of names) expect(mail!.text).not.toContain(r.legal_name);
    const where = await t.db.selectFrom("house").select(["name", "address_line1", "city"]).where("id", "=", h.houseId).executeTakeFirstOrThrow();
    for (const part of [where.name, where.address_line1, where.city]) expect(`${mail!.subject}\n${mail!.text}`).not.toContain(part);
    expect(`${mail!.subject}\n${mail!.text}`).not.toMatch(/alcohol|drug|substance|AA\b|NA\b/i);
    const audit = await t.db.selectFrom("audit_event").select(["action", "data"]).where("org_id", "=", fx.orgId).where("action", "=", "session.restored").execute();
    expect(audit.map((a) => a.data)).toEqual([{ seriesId, occursOn, was: "cancelled", notified: 1 }]);
  });

  it("puts a moved occurrence back at its planned time; an occurrence as planned cannot be restored (409, nothing written)", async () => {
    const occursOn = addDays(today, 3);
    await withTenant(fx.owner, (tx) => moveOccurrence(tx, h.houseId, { seriesId, occursOn, newDate: addDays(today, 4), newTime: "10:00" }));
    expect((await occ(3, 5)).map((o) => [o.occursOn, o.day, o.status])).toEqual([
      [occursOn, addDays(today, 4), "moved"],
      [addDays(today, 4), addDays(today, 4), "scheduled"],
    ]);
    await withTenant(fx.owner, (tx) => restoreOccurrence(tx, h.houseId, { seriesId, occursOn }));
    expect((await occ(3, 5)).map((o) => [o.occursOn, o.day, o.status, formatInZone(o.startsAt, ZONE, "HH:mm")])).toEqual([
      [occursOn, occursOn, "scheduled", "19:00"],
      [addDays(today, 4), addDays(today, 4), "scheduled", "19:00"],
    ]);
    const mark = await lastMail();
    await expectDomainError(withTenant(fx.owner, (tx) => restoreOccurrence(tx, h.houseId, { seriesId, occursOn })), "conflict", { message: /already takes place as planned/ });
    expect(await mailSince(mark)).toEqual([]);
  });

  it("refuses to put back an occurrence whose planned time has passed", async () => {
    const occursOn = addDays(today, -2);
    await t.db.insertInto("session_exception").values({ org_id: fx.orgId, house_id: h.houseId, series_id: seriesId, occurs_on: occursOn, action: "cancelled" }).execute();
    await expectDomainError(withTenant(fx.owner, (tx) => restoreOccurrence(tx, h.houseId, { seriesId, occursOn })), "conflict", { message: /planned time has passed/ });
    expect(await exceptions()).toBe(1);
  });

  it("refuses to move back a moved occurrence that already took place at its new time: its attendance stays where it happened", async () => {
    const occursOn = addDays(today, 5);
    const movedTo = new Date(Date.now() - 60 * 60 * 1000);
    await t.db.insertInto("session_exception").values({ org_id: fx.orgId, house_id: h.houseId, series_id: seriesId, occurs_on: occursOn, action: "moved", moved_to: movedTo }).execute();
    await withTenant(fx.owner, (tx) => recordAttendance(tx, h.houseId, { seriesId, occursOn, residentId: resident, status: "present" }));
    const mark = await lastMail();
    await expectDomainError(withTenant(fx.owner, (tx) => restoreOccurrence(tx, h.houseId, { seriesId, occursOn })), "conflict", { message: /already took place at its new time/ });
    const left = await t.db.selectFrom("session_exception").select(["action", "moved_to"]).where("series_id", "=", seriesId).where("occurs_on", "=", occursOn).execute();
    expect(left).toEqual([{ action: "moved", moved_to: movedTo }]);
    expect(await mailSince(mark)).toEqual([]);
  });

  it("archives a series from a day: no occurrences from then on, the past and its attendance kept; never deleted", async () => {
    await withTenant(fx.owner, (tx) => recordAttendance(tx, h.houseId, { seriesId, occursOn: addDays(today, -1), residentId: resident, status: "present" }));
    await expectDomainError(withTenant(fx.owner, (tx) => archiveSeries(tx, h.houseId, seriesId, { from: addDays(today, -1) })), "invalid", { field: "from" });
    await expectDomainError(withTenant(fx.owner, (tx) => archiveSeries(tx, h.houseId, seriesId, { from: "not a day" })), "invalid", { field: "from" });
    expect((await t.db.selectFrom("session_series").select("archived_at").where("id", "=", seriesId).executeTakeFirstOrThrow()).archived_at).toBeNull();

    await withTenant(fx.owner, (tx) => archiveSeries(tx, h.houseId, seriesId, { from: addDays(today, 2) }));
    expect((await occ(-3, 6)).map((o) => o.occursOn)).toEqual([-3, -2, -1, 0, 1].map((n) => addDays(today, n)));
    // The past stays readable (attendance screens, rates); the series can no longer be edited or archived again.
    const past = await withTenant(fx.owner, (tx) => getOccurrence(tx, h.houseId, seriesId, addDays(today, -1)));
    expect(past.status).toBe("scheduled");
    await expectDomainError(withTenant(fx.owner, (tx) => getOccurrence(tx, h.houseId, seriesId, addDays(today, 2))), "not_found");
    const rates = await withTenant(fx.owner, (tx) => attendanceRates(tx, h.houseId, addDays(today, -7), addDays(today, 1)));
    expect(rates.series).toEqual([expect.objectContaining({ id: seriesId, present: 1 })]);
    await expectDomainError(withTenant(fx.owner, (tx) => getSeries(tx, h.houseId, seriesId)), "not_found");
    await expectDomainError(withTenant(fx.owner, (tx) => archiveSeries(tx, h.houseId, seriesId, { from: addDays(today, 3) })), "not_found");
    const audit = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", fx.orgId).where("action", "=", "session.archived").execute();
    expect(audit.map((a) => a.data)).toEqual([{ seriesId, from: addDays(today, 2) }]);
    // Never deleted: the app role has no delete on series.
    await expect(withTenant(fx.owner, (tx) => tx.deleteFrom("session_series").where("id", "=", seriesId).execute())).rejects.toThrow(/permission denied/);
    expect(await t.db.selectFrom("session_series").select("id").where("id", "=", seriesId).execute()).toHaveLength(1);
  });

  it("staff cannot archive or restore (row-level security writes nothing)", async () => {
    const other = (await withTenant(fx.owner, (tx) => createSeries(tx, h.houseId, seriesInput({ title: "Budgeting", startsOn: today })))).id;
    await withTenant(fx.owner, (tx) => cancelOccurrence(tx, h.houseId, { seriesId: other, occursOn: addDays(today, 1) }));
    const staff = (await makeMember(fx, "staff", [h.houseId])).ctx;
    await expectDomainError(withTenant(staff, (tx) => archiveSeries(tx, h.houseId, other, { from: addDays(today, 2) })), "conflict");
    await expectDomainError(withTenant(staff, (tx) => restoreOccurrence(tx, h.houseId, { seriesId: other, occursOn: addDays(today, 1) })), "conflict");
    expect((await t.db.selectFrom("session_series").select("archived_at").where("id", "=", other).executeTakeFirstOrThrow()).archived_at).toBeNull();
    expect(await t.db.selectFrom("session_exception").select("id").where("series_id", "=", other).execute()).toHaveLength(1);
  });
});
