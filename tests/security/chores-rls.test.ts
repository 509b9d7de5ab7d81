import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { checkChore, generateRotation, markChoreDone } from "#app/domain/chores/assignments.server";
import { createChore, setHouseOffice } from "#app/domain/chores/chores.server";
import { requestChoreSwap } from "#app/domain/chores/portal.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * The chore tables' wall, role × table × verb, in SQL with the app's own settings (as
 * every request runs): house_office, chore, chore_assignment and chore_swap are
 * house-scoped like houses; a resident reaches only their own chores, the ones offered
 * to them, and — as coordinator of a peer-run house — the house's chores to check, never
 * their own. Each cell runs in its own transaction and is rolled back. A cell is the
 * number of rows seen or changed, or "denied" (RLS, privilege, or the guard trigger).
 */
useTestDatabase();

type Outcome = number | "denied";
class Rollback extends Error {}
async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied|own chore|only|never change/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

const WHO = ["owner", "admin", "manager", "other_manager", "staff", "coordinator", "housemate", "elsewhere", "nobody"] as const;
type Who = (typeof WHO)[number];
const ctx = {} as Record<Who, TenantContext>;
let fx: OrgFixture;
let home: string;
let coordinatorsChore: string;
let housematesChore: string;
let homeChoreId: string;
let residentIds: Record<"coordinator" | "housemate", string>;

async function row(op: (tx: Tx) => Promise<number>): Promise<Record<Who, Outcome>> {
  const out = {} as Record<Who, Outcome>;
  for (const who of WHO) out[who] = await attempt(ctx[who], op);
  return out;
}
const n = async (q: Promise<{ rows: unknown[] }>) => (await q).rows.length;
const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

beforeAll(async () => {
  fx = await makeOperator();
  const zone = "America/New_York";
  const today = todayIn(zone);
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: zone, narrLevel: 1 } });
  const o = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: zone } });
  home = h.houseId;
  const linked = async (bedId: string) => {
    const { residentId } = await makeStay(fx.owner, bedId, addDays(today, -10));
    const m = await makeMember(fx, "resident");
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
    return { residentId, ctx: m.ctx };
  };
  const coordinator = await linked(h.bedIds[0]!);
  const housemate = await linked(h.bedIds[1]!);
  const elsewhere = await linked(o.bedIds[0]!);
  residentIds = { coordinator: coordinator.residentId, housemate: housemate.residentId };
  ctx.owner = fx.owner;
  ctx.admin = (await makeMember(fx, "admin")).ctx;
  ctx.manager = (await makeMember(fx, "house_manager", [h.houseId])).ctx;
  ctx.other_manager = (await makeMember(fx, "house_manager", [o.houseId])).ctx;
  ctx.staff = (await makeMember(fx, "staff", [h.houseId])).ctx;
  ctx.coordinator = coordinator.ctx;
  ctx.housemate = housemate.ctx;
  ctx.elsewhere = elsewhere.ctx;
  ctx.nobody = { orgId: fx.orgId, userId: null, role: null };

  await withTenant(fx.owner, async (tx) => {
    for (const houseId of [h.houseId, o.houseId]) {
      await createChore(tx, { houseId, name: "Kitchen", effort: 2, frequency: "daily", startsOn: today });
      await generateRotation(tx, { houseId, from: today, days: 1 });
    }
    await setHouseOffice(tx, { houseId: h.houseId, office: "coordinator", residentId: coordinator.residentId });
  });
  homeChoreId = (await withTenant(fx.owner, (tx) => tx.selectFrom("chore").select("id").where("house_id", "=", h.houseId).executeTakeFirstOrThrow())).id;
  // Two chores today at home, one each, both done; one more of the coordinator's tomorrow, offered to the housemate.
  await withTenant(fx.owner, async (tx) => {
    await createChore(tx, { houseId: h.houseId, name: "Trash", effort: 1, frequency: "daily", startsOn: today });
    await tx.deleteFrom("chore_assignment").where("house_id", "=", h.houseId).execute();
    const chores = await tx.selectFrom("chore").select("id").where("house_id", "=", h.houseId).orderBy("name").execute();
    const ins = await tx
      .insertInto("chore_assignment")
      .values([
        { org_id: fx.orgId, house_id: h.houseId, chore_id: chores[0]!.id, resident_id: coordinator.residentId, day: today, effort: 2 },
        { org_id: fx.orgId, house_id: h.houseId, chore_id: chores[1]!.id, resident_id: housemate.residentId, day: today, effort: 1 },
        { org_id: fx.orgId, house_id: h.houseId, chore_id: chores[0]!.id, resident_id: coordinator.residentId, day: addDays(today, 1), effort: 2 },
      ])
      .returning("id")
      .execute();
    coordinatorsChore = ins[0]!.id;
    housematesChore = ins[1]!.id;
  });
  await withTenant(coordinator.ctx, (tx) => markChoreDone(tx, { assignmentId: coordinatorsChore }));
  await withTenant(housemate.ctx, (tx) => markChoreDone(tx, { assignmentId: housematesChore }));
  const tomorrow = await withTenant(fx.owner, (tx) => tx.selectFrom("chore_assignment").select("id").where("day", "=", addDays(today, 1)).where("house_id", "=", h.houseId).executeTakeFirstOrThrow());
  await withTenant(coordinator.ctx, (tx) => requestChoreSwap(tx, { assignmentId: tomorrow.id, toResidentId: housemate.residentId }));
  // Sanity: the coordinator checks through the domain too.
  expect(typeof checkChore).toBe("function");
});

describe("chores: role × table × verb", () => {
  it("chore", async () => {
    expect(await row((tx) => n(sql`select id from chore`.execute(tx)))).toEqual({
      owner: 3, admin: 3, manager: 2, other_manager: 1, staff: 2, coordinator: 2, housemate: 2, elsewhere: 1, nobody: 0,
    });
    const insert = (tx: Tx) =>
      sql`insert into chore (org_id, house_id, name, effort, frequency, starts_on) values (current_org_id(), ${home}, 'New one', 1, 'daily', '2026-01-01')`.execute(tx).then(affected);
    expect(await row(insert)).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: "denied", staff: "denied", coordinator: "denied", housemate: "denied", elsewhere: "denied", nobody: "denied",
    });
    expect(await row((tx) => sql`update chore set effort = 5 where id = ${homeChoreId}`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: 0, housemate: 0, elsewhere: 0, nobody: 0,
    });
    expect(await row((tx) => sql`delete from chore where id = ${homeChoreId}`.execute(tx).then(affected))).toEqual({
      owner: "denied", admin: "denied", manager: "denied", other_manager: "denied", staff: "denied", coordinator: "denied", housemate: "denied", elsewhere: "denied", nobody: "denied",
    });
  });

  it("chore_assignment", async () => {
    // Home: 3 (two today, one tomorrow offered to the housemate); the other house: 1.
    expect(await row((tx) => n(sql`select id from chore_assignment`.execute(tx)))).toEqual({
      owner: 4, admin: 4, manager: 3, other_manager: 1, staff: 3, coordinator: 3, housemate: 2, elsewhere: 1, nobody: 0,
    });
    const insert = (tx: Tx) =>
      sql`insert into chore_assignment (org_id, house_id, chore_id, resident_id, day, effort)
        values (current_org_id(), ${home}, ${homeChoreId}, ${residentIds.housemate}, '2030-01-01', 1)`.execute(tx).then(affected);
    expect(await row(insert)).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: "denied", staff: "denied", coordinator: "denied", housemate: "denied", elsewhere: "denied", nobody: "denied",
    });
    // Verifying the housemate's done chore: the coordinator may; the housemate (their own) may not.
    expect(await row((tx) => sql`update chore_assignment set status = 'verified' where id = ${housematesChore}`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: 1, housemate: "denied", elsewhere: 0, nobody: 0,
    });
    // The coordinator's own done chore: nobody's resident verifies it, not even its holder.
    expect(await row((tx) => sql`update chore_assignment set status = 'verified' where id = ${coordinatorsChore}`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: "denied", housemate: 0, elsewhere: 0, nobody: 0,
    });
    // Taking someone's chore without an offer, or moving its day: refused.
    expect(await row((tx) => sql`update chore_assignment set resident_id = ${residentIds.coordinator} where id = ${housematesChore}`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: "denied", housemate: "denied", elsewhere: 0, nobody: 0,
    });
    // An assignment's day is nobody's to change (no column privilege).
    expect(new Set(Object.values(await row((tx) => sql`update chore_assignment set day = day + 1 where id = ${housematesChore}`.execute(tx).then(affected))))).toEqual(
      new Set(["denied"]),
    );
    expect(await row((tx) => sql`delete from chore_assignment where id = ${housematesChore}`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: 0, housemate: 0, elsewhere: 0, nobody: 0,
    });
  });

  it("chore_swap", async () => {
    expect(await row((tx) => n(sql`select id from chore_swap`.execute(tx)))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 1, coordinator: 1, housemate: 1, elsewhere: 0, nobody: 0,
    });
    // Only the person asked accepts; only the asker cancels.
    expect(await row((tx) => sql`update chore_swap set status = 'accepted' where status = 'pending'`.execute(tx).then(affected))).toEqual({
      owner: 0, admin: 0, manager: 0, other_manager: 0, staff: 0, coordinator: "denied", housemate: 1, elsewhere: 0, nobody: 0,
    });
    expect(await row((tx) => sql`update chore_swap set status = 'cancelled' where status = 'pending'`.execute(tx).then(affected))).toEqual({
      owner: 0, admin: 0, manager: 0, other_manager: 0, staff: 0, coordinator: 1, housemate: "denied", elsewhere: 0, nobody: 0,
    });
    const offer = (tx: Tx) =>
      sql`insert into chore_swap (org_id, house_id, assignment_id, from_resident_id, to_resident_id)
        values (current_org_id(), ${home}, ${housematesChore}, ${residentIds.housemate}, ${residentIds.coordinator})`.execute(tx).then(affected);
    expect(await row(offer)).toEqual({
      owner: "denied", admin: "denied", manager: "denied", other_manager: "denied", staff: "denied", coordinator: "denied", housemate: 1, elsewhere: "denied", nobody: "denied",
    });
  });

  it("house_office", async () => {
    expect(await row((tx) => n(sql`select id from house_office`.execute(tx)))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 1, coordinator: 1, housemate: 0, elsewhere: 0, nobody: 0,
    });
    expect(await row((tx) => sql`update house_office set resident_id = ${residentIds.housemate}`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: 0, housemate: 0, elsewhere: 0, nobody: 0,
    });
    expect(await row((tx) => sql`delete from house_office`.execute(tx).then(affected))).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 0, coordinator: 0, housemate: 0, elsewhere: 0, nobody: 0,
    });
  });

  it("the residents' functions answer only residents of the house", async () => {
    const board = (tx: Tx) => n(sql`select * from chore_board(${home}::uuid, current_date)`.execute(tx));
    const out = await row(board);
    expect(out.owner).toBe(0);
    expect(out.manager).toBe(0);
    expect(out.elsewhere).toBe(0);
    expect(out.nobody).toBe(0);
    expect(await row((tx) => n(sql`select * from chore_housemates(${home}::uuid, current_date - 30, current_date + 30)`.execute(tx)))).toMatchObject({
      owner: 0, manager: 0, staff: 0, coordinator: 2, housemate: 2, elsewhere: 0, nobody: 0,
    });
    expect(await row((tx) => sql<{ e: string | null }>`select chore_assignee_email(${housematesChore}::uuid) as e`.execute(tx).then((r) => (r.rows[0]!.e ? 1 : 0)))).toEqual({
      owner: 0, admin: 0, manager: 0, other_manager: 0, staff: 0, coordinator: 0, housemate: 0, elsewhere: 0, nobody: 0,
    });
  });
});

/** Any refusal (RLS, privilege, guard, or a foreign key) counts; the statement's rows otherwise. */
async function tried(c: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  try {
    return await attempt(c, fn);
  } catch (error) {
    if (/foreign key|violates/.test(String(error))) return "denied";
    throw error;
  }
}

describe("chores: a resident reaches only their own house's chores (review findings)", () => {
  let otherHouseChore: string;
  let planned: TenantContext;
  let longAgo: string;
  const zone = "America/New_York";
  beforeAll(async () => {
    const today = todayIn(zone);
    otherHouseChore = (
      await withTenant(fx.owner, (tx) => tx.selectFrom("chore_assignment").select("id").where("house_id", "<>", home).executeTakeFirstOrThrow())
    ).id;
    // A resident whose stay in a house with chores starts next week (planned, not yet living there).
    const p = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: zone } });
    const { residentId } = await makeStay(fx.owner, p.bedIds[0]!, addDays(today, 5));
    const m = await makeMember(fx, "resident");
    await withTenant(fx.owner, async (tx) => {
      await linkResidentAccount(tx, { residentId, userId: m.userId });
      await createChore(tx, { houseId: p.houseId, name: "Porch", effort: 1, frequency: "daily", startsOn: today });
      // An old assignment at home, from before the housemate (moved in 10 days ago) lived there.
      const ins = await tx
        .insertInto("chore_assignment")
        .values({ org_id: fx.orgId, house_id: home, chore_id: homeChoreId, resident_id: residentIds.coordinator, day: addDays(today, -30), effort: 2 })
        .returning("id")
        .executeTakeFirstOrThrow();
      longAgo = ins.id;
    });
    planned = m.ctx;
  });

  it("a swap cannot name another house's chore, a housemate's chore, or someone who doesn't live there", async () => {
    const swap = (assignmentId: string, from: string, to: string) => (tx: Tx) =>
      sql`insert into chore_swap (org_id, house_id, assignment_id, from_resident_id, to_resident_id)
        values (current_org_id(), ${home}, ${assignmentId}, ${from}, ${to})`.execute(tx).then(affected);
    // The attack: the housemate names the other house's assignment under their own house, to the coordinator.
    expect(await tried(ctx.housemate, swap(otherHouseChore, residentIds.housemate, residentIds.coordinator))).toBe("denied");
    // The coordinator's chore, offered by the housemate: not theirs to offer.
    expect(await tried(ctx.housemate, swap(coordinatorsChore, residentIds.housemate, residentIds.coordinator))).toBe("denied");
    // Their own chore, to a resident of another house.
    const elsewhereId = (await withTenant(ctx.elsewhere, (tx) => sql<{ id: string }>`select current_resident_id() as id`.execute(tx))).rows[0]!.id;
    expect(await tried(ctx.housemate, swap(housematesChore, residentIds.housemate, elsewhereId))).toBe("denied");
    // The same offer to a housemate who lives there: allowed (so the refusals above are the rules, not the setup).
    expect(await tried(ctx.housemate, swap(housematesChore, residentIds.housemate, residentIds.coordinator))).toBe(1);
  });

  it("a resident with only a planned stay sees none of that house's chores", async () => {
    expect(await attempt(planned, (tx) => n(sql`select id from chore`.execute(tx)))).toBe(0);
    expect(await attempt(ctx.housemate, (tx) => n(sql`select id from chore`.execute(tx)))).toBe(2);
  });

  it("the board shows only days of the caller's own stay, up to the horizon", async () => {
    const board = (day: string) => (tx: Tx) => n(sql`select * from chore_board(${home}::uuid, ${day}::date)`.execute(tx));
    const today = todayIn(zone);
    expect(await attempt(ctx.housemate, board(today))).toBe(2);
    // 30 days ago the housemate did not live here yet: nothing, though an assignment exists that day.
    expect(await attempt(fx.owner, (tx) => n(sql`select id from chore_assignment where id = ${longAgo}`.execute(tx)))).toBe(1);
    expect(await attempt(ctx.housemate, board(addDays(today, -30)))).toBe(0);
  });

  it("chore_housemates gives first names and days present only, within the caller's stay", async () => {
    const today = todayIn(zone);
    const rows = await withTenant(ctx.housemate, async (tx) =>
      (await sql<Record<string, unknown>>`select * from chore_housemates(${home}::uuid, ${addDays(today, -400)}::date, ${addDays(today, 400)}::date)`.execute(tx)).rows,
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(["days", "first_name", "resident_id"]);
      const days = (r.days as unknown[]).map((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d))).sort();
      expect(days[0]! >= addDays(today, -10)).toBe(true);
      expect(days.at(-1)! <= addDays(today, 28)).toBe(true);
    }
    // A planned resident gets nobody.
    expect(await attempt(planned, (tx) => n(sql`select * from chore_housemates(${home}::uuid, current_date - 30, current_date + 30)`.execute(tx)))).toBe(0);
  });
});
