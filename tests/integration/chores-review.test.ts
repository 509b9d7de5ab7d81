import { sql } from "kysely";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { markChoreDone } from "#app/domain/chores/assignments.server";
import { createChore, setHouseOffice } from "#app/domain/chores/chores.server";
import { answerChoreSwap, requestChoreSwap } from "#app/domain/chores/portal.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, type Operator } from "#tests/support/admissions";
import { sessionCookieFor } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeStay, type HouseFixture } from "#tests/support/houses";
import { post, get } from "#tests/integration/house-pages";

/**
 * The chores review findings over HTTP and with two transactions at once: the staff check
 * form refuses another house's assignment (404); the residents' board carries an
 * assignment id only on rows the caller may act on; accepting a swap, or marking a chore
 * done, after the chore changed meanwhile is a 409 with nothing written.
 */
const t = useTestDatabase();
const client = useTestServer();
const isServer = inject("dbTemplate").kind === "pg";
const ZONE = "America/New_York";
const today = () => todayIn(ZONE);

let op: Operator;
let home: HouseFixture;
let other: HouseFixture;
type Res = { residentId: string; ctx: TenantContext; cookie: string };
let ann: Res;
let ben: Res;

async function resident(bedId: string): Promise<Res> {
  const { residentId } = await makeStay(op.owner, bedId, addDays(today(), -20));
  const m = await makeMember(op, "resident");
  await withTenant(op.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
  return { residentId, ctx: m.ctx, cookie: await sessionCookieFor(m.userId) };
}

/** One assignment of `choreName` today (or on `day`) for `residentId`, inserted as the owner. */
async function assignment(houseId: string, choreName: string, residentId: string, day = today()): Promise<string> {
  return withTenant(op.owner, async (tx) => {
    const { id: choreId } = await createChore(tx, { houseId, name: choreName, effort: 2, frequency: "daily", startsOn: addDays(today(), -30) });
    const row = await tx
      .insertInto("chore_assignment")
      .values({ org_id: op.orgId, house_id: houseId, chore_id: choreId, resident_id: residentId, day, effort: 2 })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

const statusOf = async (id: string) =>
  t.db.selectFrom("chore_assignment").select(["status", "resident_id"]).where("id", "=", id).executeTakeFirstOrThrow();

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  home = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, narrLevel: 1 } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  ann = await resident(home.bedIds[0]!);
  ben = await resident(home.bedIds[1]!);
});

describe("the staff check form", () => {
  it("refuses another house's assignment (404) and writes nothing; the same form on its own house works", async () => {
    const cat = await resident(other.bedIds[0]!);
    const elsewhere = await assignment(other.houseId, "Yard", cat.residentId);
    await withTenant(op.owner, (tx) => tx.updateTable("chore_assignment").set({ status: "done", done_at: sql`now()` }).where("id", "=", elsewhere).execute());
    const wrong = await post(client, `/o/${op.slug}/houses/${home.houseId}/chores`, op.cookie, { intent: "check", assignmentId: elsewhere, outcome: "verified" });
    expect(wrong.status).toBe(404);
    expect((await statusOf(elsewhere)).status).toBe("done");
    const right = await post(client, `/o/${op.slug}/houses/${other.houseId}/chores`, op.cookie, { intent: "check", assignmentId: elsewhere, outcome: "verified" });
    expect(right.status).toBe(200);
    expect((await statusOf(elsewhere)).status).toBe("verified");
  });
});

describe("the residents' board", () => {
  it("carries an assignment id only where the caller may act: the coordinator's checks", async () => {
    const annsChore = await assignment(home.houseId, "Kitchen", ann.residentId);
    const bensChore = await assignment(home.houseId, "Porch", ben.residentId);
    await withTenant(op.owner, (tx) => tx.updateTable("chore_assignment").set({ status: "done", done_at: sql`now()` }).where("id", "in", [annsChore, bensChore]).execute());
    const board = `/o/${op.slug}/me/chores/board`;
    // Nobody holds the office: neither sees any id, their own included (nothing to do on the board).
    const bens = await get(client, board, ben.cookie);
    expect(bens.status).toBe(200);
    expect(bens.html).toContain("Kitchen");
    expect(bens.html).not.toContain(annsChore);
    expect(bens.html).not.toContain(bensChore);
    // Ann coordinates (a peer-run house): Ben's done chore carries its id, in the check form; her own does not.
    await withTenant(op.owner, (tx) => setHouseOffice(tx, { houseId: home.houseId, office: "coordinator", residentId: ann.residentId }));
    const anns = (await get(client, board, ann.cookie)).html;
    expect(anns).toContain(`name="assignmentId" value="${bensChore}"`);
    expect(anns).not.toContain(annsChore);
  });

  it("is a sensitive read: one chore.listed entry with the ids of housemates' rows shown, not their names", async () => {
    const before = Number((await t.db.selectFrom("audit_event").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);
    const page = await get(client, `/o/${op.slug}/me/chores/board`, ben.cookie);
    expect(page.status).toBe(200);
    const entries = await t.db
      .selectFrom("audit_event")
      .select(["action", "entity_type", "entity_id", "data"])
      .where("org_id", "=", op.orgId)
      .where("id", ">", before)
      .execute();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ action: "chore.listed", entity_type: "house", entity_id: home.houseId, data: { view: "board", day: today() } });
    const shown = await t.db
      .selectFrom("chore_assignment")
      .select("id")
      .where("house_id", "=", home.houseId)
      .where("day", "=", today())
      .where("resident_id", "<>", ben.residentId)
      .execute();
    expect(new Set((entry!.data as { assignmentIds: string[] }).assignmentIds)).toEqual(new Set(shown.map((r) => r.id)));
    expect(JSON.stringify(entry!.data)).not.toMatch(/Kitchen|Porch/);
  });
});

/**
 * Holds a row lock with the owner's change to `assignmentId` while `run` starts, waits until
 * `run` is blocked on that lock, then commits the change: `run` read the row before, and
 * its own update then matches nothing.
 */
async function whileChangedMeanwhile(assignmentId: string, run: () => Promise<unknown>): Promise<PromiseSettledResult<unknown>> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = withTenant(op.owner, async (tx) => {
    await tx.updateTable("chore_assignment").set({ status: "done", done_at: sql`now()` }).where("id", "=", assignmentId).execute();
    locked();
    await gate;
  });
  await isLocked;
  const running = run().then(
    (value) => ({ status: "fulfilled", value }) as const,
    (reason: unknown) => ({ status: "rejected", reason }) as const,
  );
  for (let i = 0; i < 100; i++) {
    const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and query ilike 'update "chore_assignment"%'`.execute(t.db);
    if (waiting.rows[0]!.n > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  release();
  await holder;
  return running;
}

describe.skipIf(!isServer)("nothing changed is never reported as done (two transactions at once)", () => {
  it("accepting a swap of a chore marked done meanwhile is a 409; the swap stays pending", async () => {
    const chore = await assignment(home.houseId, "Dishes", ann.residentId);
    const { swapId } = await withTenant(ann.ctx, (tx) => requestChoreSwap(tx, { assignmentId: chore, toResidentId: ben.residentId }));
    const outcome = await whileChangedMeanwhile(chore, () => withTenant(ben.ctx, (tx) => answerChoreSwap(tx, { swapId, answer: "accepted" })));
    expect(outcome.status).toBe("rejected");
    await expectDomainError(Promise.reject((outcome as PromiseRejectedResult).reason), "conflict");
    expect(await statusOf(chore)).toEqual({ status: "done", resident_id: ann.residentId });
    expect((await t.db.selectFrom("chore_swap").select("status").where("id", "=", swapId).executeTakeFirstOrThrow()).status).toBe("pending");
  });

  it("marking done a chore changed meanwhile is a 409, with no audit entry", async () => {
    const chore = await assignment(home.houseId, "Stairs", ben.residentId);
    const outcome = await whileChangedMeanwhile(chore, () => withTenant(ben.ctx, (tx) => markChoreDone(tx, { assignmentId: chore, note: "Swept" })));
    expect(outcome.status).toBe("rejected");
    await expectDomainError(Promise.reject((outcome as PromiseRejectedResult).reason), "conflict");
    const row = await t.db.selectFrom("chore_assignment").select(["status", "done_note"]).where("id", "=", chore).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "done", done_note: null });
  });
});
