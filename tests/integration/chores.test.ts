import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, optionValues, selectedOption, signedInMember, type Operator } from "#tests/support/admissions";
import { sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeMember, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post, formWith } from "#tests/integration/house-pages";
import { visibleText } from "#tests/integration/helpers";

/**
 * The chore pages over HTTP: every form submitted and read back (set-up, generate, office,
 * done, check, swap, answer), refusals with clear 400/403/404/409 and nothing written,
 * and residents seeing only what is theirs.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/New_York";
const today = () => todayIn(ZONE);

let op: Operator;
let house: HouseFixture;
let manager: { cookie: string };
let staff: { cookie: string };
type Res = { residentId: string; cookie: string; first: string };
let ann: Res;
let ben: Res;
let outsider: { cookie: string };

async function resident(bedId: string, first: string): Promise<Res> {
  const { residentId } = await makeStay(op.owner, bedId, addDays(today(), -20));
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ preferred_name: first, legal_name: `${first} Longname` }).where("id", "=", residentId).execute());
  const m = await makeMember(op, "resident");
  await withTenant(op.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
  return { residentId, cookie: await sessionCookieFor(m.userId), first };
}

const setupPath = () => `/o/${op.slug}/houses/${house.houseId}/chores/setup`;
const boardPath = () => `/o/${op.slug}/houses/${house.houseId}/chores`;
const mine = () => `/o/${op.slug}/me/chores`;
const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n);
const choreForm = (overrides: Record<string, string> = {}) => ({
  intent: "add-chore",
  name: "Porch and steps",
  area: "Outside",
  instructions: "Sweep and hose down.",
  effort: "3",
  frequency: "daily",
  rule: "",
  startsOn: addDays(today(), -1),
  ...overrides,
});

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: ZONE, narrLevel: 1 } });
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staff = await signedInMember(op, "staff", [house.houseId]);
  ann = await resident(house.bedIds[0]!, "Annika");
  ben = await resident(house.bedIds[1]!, "Bennett");
  const other = await makeOperatorWithSlug();
  outsider = { cookie: other.cookie };
});

describe("setting up chores", () => {
  it("adds a chore and reads every field back; edits it; archives it", async () => {
    const weekly = formWith(choreForm({ name: "Bathrooms", frequency: "weekly", effort: "4" }), { weekdays: ["MO", "TH"] });
    const added = await post(client, setupPath(), manager.cookie, weekly);
    expect(added.status).toBe(200);
    expect(visibleText(added.html)).toContain("Bathrooms added");
    const page = (await get(client, setupPath(), manager.cookie)).html;
    expect(visibleText(page)).toContain("Every Monday, Thursday · effort 4");
    expect(visibleText(page)).toContain("Sweep and hose down.");
    const id = (await t.db.selectFrom("chore").select("id").where("name", "=", "Bathrooms").executeTakeFirstOrThrow()).id;
    // The edit form starts on what was saved.
    expect(page).toMatch(new RegExp(`name="name"[^>]*value="Bathrooms"`));
    expect(page).toMatch(/name="area"[^>]*value="Outside"/);
    expect(page).toMatch(/name="effort"[^>]*value="4"/);
    expect(page).toMatch(new RegExp(`name="startsOn"[^>]*value="${addDays(today(), -1)}"`));
    expect(page).toMatch(/value="MO"[^>]*checked=""|checked=""[^>]*value="MO"/);
    expect(selectedOption(page, "frequency")).toBe("weekly");

    const edited = await post(client, setupPath(), manager.cookie, { ...choreForm({ intent: "update-chore", name: "Bathrooms upstairs", frequency: "custom", rule: "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA" }), choreId: id });
    expect(edited.status).toBe(200);
    const row = await t.db.selectFrom("chore").select(["name", "frequency", "rule", "weekdays", "effort"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Bathrooms upstairs", frequency: "custom", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", weekdays: [], effort: 3 });
    expect(visibleText((await get(client, setupPath(), manager.cookie)).html)).toContain("Every 2 weeks on Saturday");

    const archived = await post(client, setupPath(), manager.cookie, { intent: "archive-chore", choreId: id });
    expect(archived.status).toBe(200);
    expect(visibleText((await get(client, setupPath(), manager.cookie)).html)).toMatch(/Archived chores[\s\S]*Bathrooms upstairs/);
  });

  it("an invalid recurrence rule is a clear 400 on the field, and nothing is written", async () => {
    const before = await count("chore");
    for (const rule of ["FREQ=SOMETIMES", "every tuesday", ""]) {
      const res = await post(client, setupPath(), manager.cookie, choreForm({ name: "Windows", frequency: "custom", rule }));
      expect(res.status, rule).toBe(400);
      expect(visibleText(res.html)).toMatch(/recurrence rule/);
    }
    expect((await post(client, setupPath(), manager.cookie, choreForm({ frequency: "weekly" }))).status).toBe(400);
    expect((await post(client, setupPath(), manager.cookie, choreForm({ effort: "0" }))).status).toBe(400);
    expect(await count("chore")).toBe(before);
  });

  it("staff may not open set-up (403); another org gets 404", async () => {
    expect((await get(client, setupPath(), staff.cookie)).status).toBe(403);
    expect((await post(client, setupPath(), staff.cookie, choreForm())).status).toBe(403);
    expect((await get(client, setupPath(), outsider.cookie)).status).toBe(404);
    expect((await get(client, setupPath(), ann.cookie)).status).toBe(403);
  });
});

describe("the rotation, done and checked", () => {
  it("generates the week (once), the resident marks done with a note, the manager verifies", async () => {
    expect((await post(client, setupPath(), manager.cookie, choreForm({ name: "Kitchen", effort: "2" }))).status).toBe(200);
    expect((await post(client, setupPath(), manager.cookie, choreForm({ name: "Dishes", effort: "1" }))).status).toBe(200);
    const gen = await post(client, boardPath(), manager.cookie, { intent: "generate", from: today(), days: "7" });
    expect(gen.status).toBe(200);
    expect(visibleText(gen.html)).toMatch(/Rotation ready for .*: 14 chores assigned/);
    const again = await post(client, boardPath(), manager.cookie, { intent: "generate", from: today(), days: "7" });
    expect(visibleText(again.html)).toContain("already in place");
    expect((await post(client, boardPath(), manager.cookie, { intent: "generate", from: addDays(today(), -2), days: "7" })).status).toBe(400);
    expect((await post(client, boardPath(), staff.cookie, { intent: "generate", from: today(), days: "7" })).status).toBe(403);

    // Ann's page: today's chore, marked done with a note, read back.
    const annToday = await t.db.selectFrom("chore_assignment").select("id").where("resident_id", "=", ann.residentId).where("day", "=", today()).executeTakeFirst();
    const assignmentId =
      annToday?.id ??
      (await t.db.updateTable("chore_assignment").set({ resident_id: ann.residentId }).where("day", "=", today()).where("resident_id", "=", ben.residentId).returning("id").executeTakeFirstOrThrow()).id;
    const page = await get(client, mine(), ann.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`name="assignmentId" value="${assignmentId}"`);
    const done = await post(client, mine(), ann.cookie, { intent: "done", assignmentId, note: "Mopped twice" });
    expect(done.status).toBe(200);
    expect(visibleText((await get(client, mine(), ann.cookie)).html)).toContain("Your note: Mopped twice");
    // Ben cannot mark Ann's chore done.
    expect((await post(client, mine(), ben.cookie, { intent: "done", assignmentId })).status).toBe(404);

    // The manager's board: done, waiting; a send-back without a reason is a 400; verify.
    const board = visibleText((await get(client, boardPath(), manager.cookie)).html);
    expect(board).toContain("Done, waiting to be checked");
    expect(board).toContain("Note: Mopped twice");
    const noReason = await post(client, boardPath(), manager.cookie, { intent: "check", assignmentId, outcome: "sent_back", reason: "" });
    expect(noReason.status).toBe(400);
    expect(visibleText(noReason.html)).toContain("Say what needs redoing.");
    expect((await post(client, boardPath(), staff.cookie, { intent: "check", assignmentId, outcome: "verified" })).status).toBe(403);
    const verified = await post(client, boardPath(), manager.cookie, { intent: "check", assignmentId, outcome: "verified" });
    expect(verified.status).toBe(200);
    expect((await t.db.selectFrom("chore_assignment").select("status").where("id", "=", assignmentId).executeTakeFirstOrThrow()).status).toBe("verified");
    expect(visibleText((await get(client, mine(), ann.cookie)).html)).toContain("Verified");
    // Checking it again: 409.
    expect((await post(client, boardPath(), manager.cookie, { intent: "check", assignmentId, outcome: "verified" })).status).toBe(409);
  });

  it("the board, naming residents, writes one chore.listed entry with their ids (no names)", async () => {
    const before = Number((await t.db.selectFrom("audit_event").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);
    const page = await get(client, boardPath(), staff.cookie);
    expect(page.status).toBe(200);
    const entries = await t.db.selectFrom("audit_event").select(["entity_id", "data"]).where("action", "=", "chore.listed").where("id", ">", before).execute();
    expect(entries).toHaveLength(1);
    const data = entries[0]!.data as { residentIds: string[] };
    expect(data.residentIds.sort()).toEqual([ann.residentId, ben.residentId].sort());
    expect(JSON.stringify(entries[0])).not.toMatch(/Annika|Bennett/);
  });

  it("the board takes a day; a bad day is a 400; history lists by resident", async () => {
    expect(visibleText((await get(client, `${boardPath()}?day=${addDays(today(), 1)}`, manager.cookie)).html)).toContain("(tomorrow)");
    expect((await get(client, `${boardPath()}?day=2026-02-30`, manager.cookie)).status).toBe(400);
    expect((await get(client, `${boardPath()}?day=x&y=1`, manager.cookie)).status).toBe(400);
    const history = await get(client, `${boardPath()}/history?resident=${ann.residentId}`, staff.cookie);
    expect(history.status).toBe(200);
    expect(visibleText(history.html)).toContain("Mopped twice");
    expect(visibleText(history.html)).not.toContain("Bennett");
    expect((await get(client, `${boardPath()}/history?cursor=nope`, staff.cookie)).status).toBe(400);
    expect((await get(client, boardPath(), outsider.cookie)).status).toBe(404);
  });

  it("the coordinator office: assigned on the board and read back; the coordinator checks others' chores from their board", async () => {
    const res = await post(client, boardPath(), manager.cookie, { intent: "office", office: "coordinator", residentId: ann.residentId });
    expect(res.status).toBe(200);
    const board = (await get(client, boardPath(), manager.cookie)).html;
    expect(selectedOption(board, "residentId")).toBe(ann.residentId);
    expect(optionValues(board, "residentId").sort()).toEqual([ann.residentId, ben.residentId].sort());
    // Ben's chore today, done; Ann (coordinator) sends it back from the residents' board.
    const bens = await t.db.selectFrom("chore_assignment").select("id").where("resident_id", "=", ben.residentId).where("day", "=", today()).where("status", "=", "assigned").executeTakeFirst();
    const benChore =
      bens?.id ??
      (await t.db.updateTable("chore_assignment").set({ resident_id: ben.residentId }).where("day", "=", today()).where("status", "=", "assigned").returning("id").executeTakeFirstOrThrow()).id;
    expect((await post(client, mine(), ben.cookie, { intent: "done", assignmentId: benChore })).status).toBe(200);
    const annBoard = (await get(client, `${mine()}/board`, ann.cookie)).html;
    expect(annBoard).toContain("Bennett");
    expect(annBoard).not.toContain("Longname");
    expect(annBoard).toContain(`name="assignmentId" value="${benChore}"`);
    const sent = await post(client, `${mine()}/board`, ann.cookie, { intent: "check", assignmentId: benChore, outcome: "sent_back", reason: "Counters still sticky" });
    expect(sent.status).toBe(200);
    expect(visibleText((await get(client, mine(), ben.cookie)).html)).toContain("To redo: Counters still sticky");
    // Ben cannot check his own chore (409, whatever he sends).
    expect((await post(client, `${mine()}/board`, ben.cookie, { intent: "check", assignmentId: benChore, outcome: "verified" })).status).toBe(409);
  });
});

describe("swaps", () => {
  it("a resident asks a housemate to take a chore (read back on both pages); the housemate accepts", async () => {
    const upcoming = await t.db
      .selectFrom("chore_assignment")
      .select("id")
      .where("resident_id", "=", ben.residentId)
      .where("day", ">", today())
      .where("status", "=", "assigned")
      .orderBy("day")
      .executeTakeFirstOrThrow();
    const page = (await get(client, mine(), ben.cookie)).html;
    expect(optionValues(page, "toResidentId")).toContain(ann.residentId);
    const before = await count("chore_swap");
    // Someone not in the house: 409 on the field, nothing written.
    const stranger = await makeStay(op.owner, house.bedIds[2]!, addDays(today(), 30));
    const refused = await post(client, mine(), ben.cookie, { intent: "swap", assignmentId: upcoming.id, toResidentId: stranger.residentId });
    expect(refused.status).toBe(409);
    expect(visibleText(refused.html)).toContain("isn't in the house on that day");
    expect(await count("chore_swap")).toBe(before);
    const asked = await post(client, mine(), ben.cookie, { intent: "swap", assignmentId: upcoming.id, toResidentId: ann.residentId });
    expect(asked.status).toBe(200);
    expect(visibleText((await get(client, mine(), ben.cookie)).html)).toContain("You asked Annika to take");
    const annPage = visibleText((await get(client, mine(), ann.cookie)).html);
    expect(annPage).toContain("Bennett asks you to take");
    const swapId = (await t.db.selectFrom("chore_swap").select("id").where("assignment_id", "=", upcoming.id).executeTakeFirstOrThrow()).id;
    expect((await post(client, mine(), ann.cookie, { intent: "answer", swapId, answer: "accepted" })).status).toBe(200);
    expect((await t.db.selectFrom("chore_assignment").select("resident_id").where("id", "=", upcoming.id).executeTakeFirstOrThrow()).resident_id).toBe(ann.residentId);
    expect((await post(client, mine(), ann.cookie, { intent: "answer", swapId, answer: "declined" })).status).toBe(409);
  });

  it("a resident of another org or house sees no chores; garbage is a 400, never a 500", async () => {
    expect((await get(client, mine(), outsider.cookie)).status).toBe(404);
    const garbage: Record<string, string>[] = [
      { intent: "done", assignmentId: "nope" },
      { intent: "swap", assignmentId: ann.residentId, toResidentId: "x" },
      { intent: "answer", swapId: "1", answer: "maybe" },
      { intent: "bogus" },
    ];
    for (const form of garbage) {
      expect((await post(client, mine(), ben.cookie, form)).status).toBe(400);
    }
  });
});
