import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type HouseFixture, type OrgFixture } from "#tests/support/houses";
import { checkChore, generateRotation, houseChoresOn, listChoresForResident, markChoreDone } from "./assignments.server";
import { archiveChore, createChore, setHouseOffice } from "./chores.server";
import { answerChoreSwap, getMyChoreHouse, listHousemates, myHouseBoard, requestChoreSwap } from "./portal.server";
import type { ChoreInput } from "./schemas";

/**
 * Chores on a real database under RLS: definitions (an invalid rule is a clear 400,
 * nothing written), generating a week (idempotent), marking done, checking (never one's
 * own), swaps (only with someone in the house that day), the coordinator in a peer-run
 * house, the sent-back notice, and what residents can see of each other.
 */
const t = useTestDatabase();
const ZONE = "America/New_York";
const today = () => todayIn(ZONE);

type Person = { residentId: string; ctx: TenantContext };
let fx: OrgFixture;
let house: HouseFixture;
let other: HouseFixture;
let manager: TenantContext;
let staff: TenantContext;
let ann: Person;
let ben: Person;
let cal: Person;
let away: Person; // lives in the other house

async function residentMember(bedId: string, moveIn: string, moveOut: string | null = null): Promise<Person> {
  const { residentId } = await makeStay(fx.owner, bedId, moveIn, moveOut);
  const m = await makeMember(fx, "resident");
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
  return { residentId, ctx: m.ctx };
}

const chore = (overrides: Partial<ChoreInput> = {}): ChoreInput => ({
  houseId: house.houseId,
  name: `Chore ${Math.random().toString(36).slice(2, 8)}`,
  area: "Kitchen",
  instructions: "Wipe the counters.",
  effort: 2,
  frequency: "daily",
  weekdays: [],
  rule: null,
  startsOn: addDays(today(), -30),
  ...overrides,
});

const count = async (table: "chore" | "chore_assignment" | "chore_swap" | "house_office") =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where org_id = ${fx.orgId}`.execute(t.db)).rows[0]!.n);

beforeAll(async () => {
  fx = await makeOperator();
  house = await makeHouse(fx.owner, { rooms: 2, bedsPerRoom: 2, house: { timeZone: ZONE, narrLevel: 1 } });
  other = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE } });
  manager = (await makeMember(fx, "house_manager", [house.houseId])).ctx;
  staff = (await makeMember(fx, "staff", [house.houseId])).ctx;
  ann = await residentMember(house.bedIds[0]!, addDays(today(), -60));
  ben = await residentMember(house.bedIds[1]!, addDays(today(), -20));
  cal = await residentMember(house.bedIds[2]!, addDays(today(), -10), addDays(today(), 3)); // moves out in 3 days
  away = await residentMember(other.bedIds[0]!, addDays(today(), -5));
});

/** The person's first assignment on a day (one is moved to them if the rotation gave them none). */
async function choreOf(p: Person, day = today()) {
  const list = async () => withTenant(p.ctx, (tx) => listChoresForResident(tx, p.residentId, day, day));
  let found = (await list()).find((c) => c.status === "assigned");
  if (!found) {
    const free = await t.db
      .selectFrom("chore_assignment")
      .select("id")
      .where("house_id", "=", house.houseId)
      .where("day", "=", day)
      .where("status", "=", "assigned")
      .executeTakeFirstOrThrow();
    await t.db.updateTable("chore_assignment").set({ resident_id: p.residentId }).where("id", "=", free.id).execute();
    found = (await list()).find((c) => c.assignmentId === free.id);
  }
  return found!;
}

describe("chore definitions", () => {
  it("a house manager adds a chore; an invalid recurrence rule is a clear 400 and writes nothing", async () => {
    const { id } = await withTenant(manager, (tx) => createChore(tx, chore({ name: "Mop the hall", frequency: "custom", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA" })));
    const row = await t.db.selectFrom("chore").select(["name", "rule", "frequency"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Mop the hall", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", frequency: "custom" });
    const before = await count("chore");
    for (const rule of ["FREQ=SOMETIMES", "every other tuesday", "FREQ=HOURLY", "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY"]) {
      await expectDomainError(withTenant(manager, (tx) => createChore(tx, chore({ frequency: "custom", rule }))), "invalid", { field: "rule" });
    }
    await expectDomainError(withTenant(manager, (tx) => createChore(tx, chore({ frequency: "weekly", weekdays: [] }))), "invalid", { field: "weekdays" });
    await expectDomainError(withTenant(manager, (tx) => createChore(tx, chore({ effort: 9 }))), "invalid", { field: "effort" });
    expect(await count("chore")).toBe(before);
  });

  it("names are unique among a house's active chores (409); staff and residents cannot add chores", async () => {
    await withTenant(manager, (tx) => createChore(tx, chore({ name: "Windows" })));
    await expectDomainError(withTenant(manager, (tx) => createChore(tx, chore({ name: "windows" }))), "conflict", { field: "name" });
    for (const ctx of [staff, ann.ctx]) await expectDomainError(withTenant(ctx, (tx) => createChore(tx, chore())), "forbidden");
  });
});

describe("generating the rotation", () => {
  it("assigns every due chore to someone in the house that day, once, however often it runs", async () => {
    await withTenant(manager, (tx) => createChore(tx, chore({ name: "Trash", effort: 1 })));
    const first = await withTenant(manager, (tx) => generateRotation(tx, { houseId: house.houseId, from: today(), days: 7 }));
    expect(first.created).toBeGreaterThan(0);
    const again = await withTenant(manager, (tx) => generateRotation(tx, { houseId: house.houseId, from: today(), days: 7 }));
    expect(again.created).toBe(0);
    const [a, b] = await Promise.all([1, 2].map(() => withTenant(manager, (tx) => generateRotation(tx, { houseId: house.houseId, from: today(), days: 7 }))));
    expect(a!.created + b!.created).toBe(0);
    const rows = await t.db
      .selectFrom("chore_assignment")
      .select(["resident_id", sql<string>`day::text`.as("day")])
      .where("house_id", "=", house.houseId)
      .execute();
    // Cal moves out in 3 days: nothing for Cal from then on; nobody from the other house.
    expect(rows.filter((r) => r.resident_id === cal.residentId && r.day >= addDays(today(), 3))).toEqual([]);
    expect(rows.some((r) => r.resident_id === away.residentId)).toBe(false);
    const audits = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", fx.orgId).where("action", "like", "chore.rotation%").execute();
    expect(audits).toHaveLength(1);
  });

  it("refuses a start in the past (nothing written), and staff cannot generate", async () => {
    const before = await count("chore_assignment");
    await expectDomainError(withTenant(manager, (tx) => generateRotation(tx, { houseId: house.houseId, from: addDays(today(), -3), days: 7 })), "invalid", { field: "from" });
    await expectDomainError(withTenant(staff, (tx) => generateRotation(tx, { houseId: house.houseId, from: addDays(today(), 8), days: 7 })), "forbidden");
    expect(await count("chore_assignment")).toBe(before);
  });

  it("regenerating after an admission deals the untouched future again, including the newcomer, and is audited", async () => {
    const newcomer = await makeStay(fx.owner, house.bedIds[3]!, addDays(today(), 1));
    const res = await withTenant(manager, (tx) => generateRotation(tx, { houseId: house.houseId, from: today(), days: 7, regenerate: true }));
    expect(res.removed).toBeGreaterThan(0);
    const theirs = await t.db.selectFrom("chore_assignment").select("day").where("resident_id", "=", newcomer.residentId).execute();
    expect(theirs.length).toBeGreaterThan(0);
    const audits = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", fx.orgId).where("action", "=", "chore.rotation_regenerated").execute();
    expect(audits).toHaveLength(1);
  });
});

describe("doing and checking chores", () => {
  const todays = async (p: Person) => [await choreOf(p)];

  it("the resident marks their chore done with a note; the manager verifies it", async () => {
    const [mine] = await todays(ann);
    expect(mine).toBeDefined();
    await withTenant(ann.ctx, (tx) => markChoreDone(tx, { assignmentId: mine!.assignmentId, note: "Used the new mop" }));
    await expectDomainError(withTenant(ann.ctx, (tx) => markChoreDone(tx, { assignmentId: mine!.assignmentId })), "conflict");
    await withTenant(manager, (tx) => checkChore(tx, { assignmentId: mine!.assignmentId, outcome: "verified" }));
    const board = await withTenant(manager, (tx) => houseChoresOn(tx, house.houseId, today()));
    expect(board.chores.find((c) => c.assignmentId === mine!.assignmentId)).toMatchObject({ state: "verified", note: "Used the new mop" });
  });

  it("nobody marks someone else's chore done, and a future chore waits for its day", async () => {
    const [bens] = await todays(ben);
    await expectDomainError(withTenant(ann.ctx, (tx) => markChoreDone(tx, { assignmentId: bens!.assignmentId })), "not_found");
    const future = await choreOf(ben, addDays(today(), 2));
    await expectDomainError(withTenant(ben.ctx, (tx) => markChoreDone(tx, { assignmentId: future.assignmentId })), "conflict", { message: /on its day/ });
  });

  it("the coordinator of a peer-run house verifies others' chores but never their own (409, nothing written)", async () => {
    await withTenant(manager, (tx) => setHouseOffice(tx, { houseId: house.houseId, office: "coordinator", residentId: ann.residentId }));
    const own = await choreOf(ann, addDays(today(), 1));
    // Ann's own chore, done: she may not check it (domain 409; the database refuses too).
    await t.db.updateTable("chore_assignment").set({ status: "done", done_at: sql`now()` }).where("id", "=", own!.assignmentId).execute();
    await expectDomainError(withTenant(ann.ctx, (tx) => checkChore(tx, { assignmentId: own!.assignmentId, outcome: "verified" })), "conflict", { message: /your own chore/ });
    await expect(
      withTenant(ann.ctx, (tx) => tx.updateTable("chore_assignment").set({ status: "verified" }).where("id", "=", own!.assignmentId).execute()),
    ).rejects.toThrow(/own chore/);
    expect((await t.db.selectFrom("chore_assignment").select("status").where("id", "=", own!.assignmentId).executeTakeFirstOrThrow()).status).toBe("done");
    // Ben's chore: done, then sent back by the coordinator, with a neutral email to Ben.
    const [bens] = await todays(ben);
    await withTenant(ben.ctx, (tx) => markChoreDone(tx, { assignmentId: bens!.assignmentId }));
    const outboxBefore = Number((await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(t.db)).rows[0]!.n);
    await withTenant(ann.ctx, (tx) => checkChore(tx, { assignmentId: bens!.assignmentId, outcome: "sent_back", reason: "The stove top still needs a wipe" }));
    const mail = await sql<{ payload: { to: string; subject: string; text: string } }>`select payload from outbox order by created_at desc limit 1`.execute(t.db);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(t.db)).rows[0]!.n)).toBe(outboxBefore + 1);
    const text = `${mail.rows[0]!.payload.subject}\n${mail.rows[0]!.payload.text}`;
    expect(text).not.toMatch(/stove|recovery|sober|substance|house/i);
    // To Ben only; no other resident's name (nor his own), no house name or address, nothing about substance use.
    const bensEmail = (await sql<{ email: string }>`select u.email from resident r join app_user u on u.id = r.user_id where r.id = ${ben.residentId}`.execute(t.db)).rows[0]!.email;
    expect(mail.rows[0]!.payload.to).toBe(bensEmail);
    const people = await t.db.selectFrom("resident").select(["legal_name", "preferred_name"]).where("org_id", "=", fx.orgId).execute();
    for (const p of people) for (const name of [p.legal_name, p.preferred_name].filter(Boolean)) expect(text).not.toContain(name!);
    const where = await t.db.selectFrom("house").select(["name", "address_line1", "city"]).where("id", "=", house.houseId).executeTakeFirstOrThrow();
    for (const part of [where.name, where.address_line1, where.city]) expect(text).not.toContain(part);
    expect(text).not.toMatch(/alcohol|drug|relapse|AA\b|NA\b|meeting/i);
    // Ben redoes it; staff (who only read) cannot check it.
    await withTenant(ben.ctx, (tx) => markChoreDone(tx, { assignmentId: bens!.assignmentId, note: "Done again" }));
    await expectDomainError(withTenant(staff, (tx) => checkChore(tx, { assignmentId: bens!.assignmentId, outcome: "verified" })), "forbidden");
    await withTenant(ann.ctx, (tx) => checkChore(tx, { assignmentId: bens!.assignmentId, outcome: "verified" }));
  });

  it("in a house that is not peer-run, the coordinator office gives no checking rights", async () => {
    const fx2 = fx;
    const level2 = await makeHouse(fx2.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, narrLevel: 2 } });
    const dee = await residentMember(level2.bedIds[0]!, addDays(today(), -5));
    const eve = await residentMember(level2.bedIds[1]!, addDays(today(), -5));
    await withTenant(fx.owner, async (tx) => {
      await createChore(tx, chore({ houseId: level2.houseId, name: "Sweep" }));
      await generateRotation(tx, { houseId: level2.houseId, from: today(), days: 1 });
      await setHouseOffice(tx, { houseId: level2.houseId, office: "coordinator", residentId: dee.residentId });
    });
    const [eves] = await withTenant(eve.ctx, (tx) => listChoresForResident(tx, eve.residentId, today(), today()));
    const target = eves ?? (await withTenant(dee.ctx, (tx) => listChoresForResident(tx, dee.residentId, today(), today())))[0]!;
    const holder = eves ? eve : dee;
    await withTenant(holder.ctx, (tx) => markChoreDone(tx, { assignmentId: target.assignmentId }));
    const checker = holder === eve ? dee : eve;
    await expectDomainError(withTenant(checker.ctx, (tx) => checkChore(tx, { assignmentId: target.assignmentId, outcome: "verified" })), "not_found");
  });
});

describe("swaps", () => {
  it("a swap with someone not in the house that day is refused (409, nothing written); a housemate accepts", async () => {
    const target = await choreOf(ben, addDays(today(), 4));
    const before = await count("chore_swap");
    // Cal has moved out by then; Away lives in another house.
    for (const p of [cal, away]) {
      await expectDomainError(withTenant(ben.ctx, (tx) => requestChoreSwap(tx, { assignmentId: target.assignmentId, toResidentId: p.residentId })), "conflict", { field: "toResidentId" });
    }
    expect(await count("chore_swap")).toBe(before);
    const { swapId } = await withTenant(ben.ctx, (tx) => requestChoreSwap(tx, { assignmentId: target.assignmentId, toResidentId: ann.residentId }));
    await expectDomainError(withTenant(ben.ctx, (tx) => requestChoreSwap(tx, { assignmentId: target.assignmentId, toResidentId: ann.residentId })), "conflict");
    await expectDomainError(withTenant(ben.ctx, (tx) => answerChoreSwap(tx, { swapId, answer: "accepted" })), "forbidden");
    await withTenant(ann.ctx, (tx) => answerChoreSwap(tx, { swapId, answer: "accepted" }));
    const row = await t.db.selectFrom("chore_assignment").select("resident_id").where("id", "=", target.assignmentId).executeTakeFirstOrThrow();
    expect(row.resident_id).toBe(ann.residentId);
  });

  it("a declined request leaves the chore where it was", async () => {
    const target = await choreOf(ben, addDays(today(), 5));
    const { swapId } = await withTenant(ben.ctx, (tx) => requestChoreSwap(tx, { assignmentId: target.assignmentId, toResidentId: ann.residentId }));
    await withTenant(ann.ctx, (tx) => answerChoreSwap(tx, { swapId, answer: "declined" }));
    const row = await t.db.selectFrom("chore_assignment").select("resident_id").where("id", "=", target.assignmentId).executeTakeFirstOrThrow();
    expect(row.resident_id).toBe(ben.residentId);
  });
});

describe("what residents see", () => {
  it("the board shows housemates' first names only, to residents of that house only", async () => {
    const home = await withTenant(ben.ctx, (tx) => getMyChoreHouse(tx));
    expect(home?.houseId).toBe(house.houseId);
    const board = await withTenant(ben.ctx, (tx) => myHouseBoard(tx, home!, today()));
    expect(board.length).toBeGreaterThan(0);
    const names = await t.db.selectFrom("resident").select(["legal_name", "preferred_name"]).where("org_id", "=", fx.orgId).execute();
    for (const row of board) {
      expect(row.firstName).not.toContain(" ");
      expect(names.some((n) => n.legal_name === row.firstName)).toBe(false);
    }
    // A resident of another house, asking about this one: nothing.
    const sneaky = await withTenant(away.ctx, async (tx) => ({
      board: await myHouseBoard(tx, { ...home!, houseId: house.houseId }, today()),
      mates: await listHousemates(tx, house.houseId, today(), today()),
      rows: await tx.selectFrom("chore_assignment").select("id").where("house_id", "=", house.houseId).execute(),
    }));
    expect(sneaky).toEqual({ board: [], mates: [], rows: [] });
    // Staff roles get nothing from the residents' functions either.
    expect(await withTenant(manager, (tx) => myHouseBoard(tx, home!, today()))).toEqual([]);
  });

  it("a resident reads only their own assignments; staff read their houses' assignments", async () => {
    const seen = await withTenant(ben.ctx, (tx) => tx.selectFrom("chore_assignment").select("resident_id").distinct().execute());
    expect(seen.map((r) => r.resident_id)).toEqual([ben.residentId]);
    const staffSees = await withTenant(staff, (tx) => tx.selectFrom("chore_assignment").select("house_id").distinct().execute());
    expect(staffSees.map((r) => r.house_id)).toEqual([house.houseId]);
  });

  it("archiving a chore removes its untouched assignments from today on", async () => {
    const { id } = await withTenant(manager, (tx) => createChore(tx, chore({ name: "Porch" })));
    await withTenant(manager, (tx) => generateRotation(tx, { houseId: house.houseId, from: today(), days: 3 }));
    await withTenant(manager, (tx) => archiveChore(tx, house.houseId, id));
    expect(await t.db.selectFrom("chore_assignment").select("id").where("chore_id", "=", id).execute()).toEqual([]);
  });
});
