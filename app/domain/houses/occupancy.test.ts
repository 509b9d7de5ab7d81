import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { dischargeStay } from "#app/domain/admissions/stays.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";
import { setHouseStatus } from "./houses.server";
import { createBed, setBedStatus } from "./layout.server";
import { getHouseOccupancy, getOccupancySummary } from "./occupancy.server";

useTestDatabase();
const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

/** Counts the statements a function sends (no N+1 allowed). */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * Room 1: A occupied (open), B occupied until day 3 then booked from day 3, C vacant
 * and booked from day 5 (with a past stay). Room 2: A out of service, B held, and a
 * child bed occupied.
 */
async function boardFixture(ctx: TenantContext) {
  const h = await makeHouse(ctx, { rooms: 2, bedsPerRoom: 3 });
  const [r1a, r1b, r1c, r2a, r2b] = h.bedIds as [string, string, string, string, string, string];
  const child = h.bedIds[5]!;
  await withTenant(ctx, (tx) => tx.updateTable("bed").set({ kind: "child" }).where("id", "=", child).execute());
  const a = await makeStay(ctx, r1a, day(-10));
  const b = await makeStay(ctx, r1b, day(-20));
  await withTenant(ctx, (tx) => dischargeStay(tx, { stayId: b.stayId, date: day(3), reason: "completed_program" }));
  const bNext = await makeStay(ctx, r1b, day(3));
  const past = await makeStay(ctx, r1c, day(-40));
  await withTenant(ctx, (tx) => dischargeStay(tx, { stayId: past.stayId, date: day(-5), reason: "independent_housing" }));
  const cNext = await makeStay(ctx, r1c, day(5));
  await withTenant(ctx, async (tx) => {
    await setBedStatus(tx, { bedId: r2a, status: "out_of_service", reason: "Repairs" });
    await setBedStatus(tx, { bedId: r2b, status: "held", reason: null });
  });
  await makeStay(ctx, child, day(-2));
  return { ...h, r1a, r1b, r1c, r2a, r2b, child, a, b, bNext, cNext, past };
}

describe("house occupancy board", () => {
  it("shows occupants, vacancies and upcoming moves, with correct counts", async () => {
    const fx = await makeOperator();
    const f = await boardFixture(fx.owner);
    const board = await withTenant(fx.owner, (tx) => getHouseOccupancy(tx, f.houseId, { withinDays: 14 }));
    expect(board.today).toBe(today);
    expect(board.counts).toEqual({
      beds: 5,
      childBeds: 1,
      outOfService: 1,
      held: 1,
      occupied: 2,
      childOccupied: 1,
      vacant: 1,
      reserved: 1,
      occupancyPct: 50,
    });
    const beds = new Map(board.rooms.flatMap((r) => r.beds).map((b) => [b.id, b]));
    expect(beds.get(f.r1a)).toMatchObject({ occupant: { stayId: f.a.stayId, moveIn: day(-10), moveOut: null }, upcomingMoveOut: null, upcomingMoveIn: null, vacant: false });
    expect(beds.get(f.r1a)!.occupant!.displayName).toBeTruthy();
    expect(beds.get(f.r1b)).toMatchObject({ occupant: { stayId: f.b.stayId }, upcomingMoveOut: day(3), upcomingMoveIn: { stayId: f.bNext.stayId, moveIn: day(3) } });
    expect(beds.get(f.r1c)).toMatchObject({ occupant: null, vacant: true, upcomingMoveIn: { stayId: f.cNext.stayId, moveIn: day(5) } });
    expect(beds.get(f.r2a)).toMatchObject({ status: "out_of_service", statusReason: "Repairs", vacant: false });
    expect(beds.get(f.r2b)).toMatchObject({ status: "held", vacant: false, occupant: null });
    expect(board.moveIns.map((m) => m.stayId)).toEqual([f.bNext.stayId, f.cNext.stayId]);
    expect(board.moveOuts.map((m) => m.stayId)).toEqual([f.b.stayId]);

    // A shorter window hides the upcoming changes but not today's picture.
    const soon = await withTenant(fx.owner, (tx) => getHouseOccupancy(tx, f.houseId, { withinDays: 2 }));
    expect(soon.counts).toMatchObject({ occupied: 2, vacant: 1, reserved: 0 });
    expect(soon.moveIns).toEqual([]);
    expect(soon.moveOuts).toEqual([]);
    // As of an earlier date: only the past stay (room 1 C) and B's stay were there.
    const earlier = await withTenant(fx.owner, (tx) => getHouseOccupancy(tx, f.houseId, { asOf: day(-15) }));
    expect(earlier.counts.occupied).toBe(2);
    expect(earlier.rooms[0]!.beds.map((b) => b.occupant?.stayId ?? null)).toEqual([null, f.b.stayId, f.past.stayId]);
  });

  it("uses a constant number of queries whatever the size of the house", async () => {
    const fx = await makeOperator();
    const small = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    await makeStay(fx.owner, small.bedIds[0]!, day(-3));
    const big = await makeHouse(fx.owner, { rooms: 6, bedsPerRoom: 4 });
    for (const bedId of big.bedIds.slice(0, 12)) await makeStay(fx.owner, bedId, day(-3));
    for (const bedId of big.bedIds.slice(12, 18)) await makeStay(fx.owner, bedId, day(4));
    const counts: number[] = [];
    for (const h of [small, big]) {
      const counter = new QueryCounter();
      await withTenant(fx.owner, (tx) => getHouseOccupancy(tx.withPlugin(counter), h.houseId));
      counts.push(counter.count);
    }
    // Three queries, and the audit entry for the residents the board names.
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(4);
    const counter = new QueryCounter();
    const summary = await withTenant(fx.owner, (tx) => getOccupancySummary(tx.withPlugin(counter)));
    expect(counter.count).toBe(1);
    expect(summary.houses).toHaveLength(2);
  });
});

describe("org-wide occupancy summary", () => {
  it("sums active houses the caller can see", async () => {
    const fx = await makeOperator();
    const f = await boardFixture(fx.owner);
    const second = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    await makeStay(fx.owner, second.bedIds[0]!, day(-1));
    const archived = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4 });
    await withTenant(fx.owner, (tx) => setHouseStatus(tx, { houseId: archived.houseId, status: "inactive" }));
    // An empty house still counts (zero beds → no percentage).
    const { houseId: empty } = await makeHouse(fx.owner, { rooms: 0 });

    const summary = await withTenant(fx.owner, (tx) => getOccupancySummary(tx));
    const byId = new Map(summary.houses.map((h) => [h.houseId, h]));
    expect([...byId.keys()].sort()).toEqual([f.houseId, second.houseId, empty].sort());
    expect(byId.get(f.houseId)).toMatchObject({ beds: 5, occupied: 2, vacant: 1, reserved: 1, held: 1, outOfService: 1, occupancyPct: 50, today });
    expect(byId.get(second.houseId)).toMatchObject({ beds: 2, occupied: 1, vacant: 1, reserved: 0, occupancyPct: 50 });
    expect(byId.get(empty)).toMatchObject({ beds: 0, occupancyPct: null });
    expect(summary.totals).toEqual({
      beds: 7,
      childBeds: 1,
      outOfService: 1,
      held: 1,
      occupied: 3,
      childOccupied: 1,
      vacant: 2,
      reserved: 1,
      occupancyPct: 50,
    });

    // The same numbers as the board, house by house.
    const board = await withTenant(fx.owner, (tx) => getHouseOccupancy(tx, f.houseId));
    const { houseId: _h, name: _n, narrLevel: _l, today: _t, ...counts } = byId.get(f.houseId)!;
    expect(counts).toEqual(board.counts);

    // A house manager sees only their houses in the summary.
    const manager = await makeMember(fx, "house_manager", [second.houseId]);
    const theirs = await withTenant(manager.ctx, (tx) => getOccupancySummary(tx));
    expect(theirs.houses.map((h) => h.houseId)).toEqual([second.houseId]);
    expect(theirs.totals).toMatchObject({ beds: 2, occupied: 1 });
  });

  it("reflects a newly added bed and a discharge immediately", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const s = await makeStay(fx.owner, h.bedIds[0]!, day(-10));
    expect((await withTenant(fx.owner, (tx) => getOccupancySummary(tx))).totals).toMatchObject({ beds: 1, occupied: 1, occupancyPct: 100 });
    await withTenant(fx.owner, (tx) => createBed(tx, { roomId: h.roomIds[0]!, label: "B" }));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: s.stayId, date: today, reason: "left_voluntarily" }));
    expect((await withTenant(fx.owner, (tx) => getOccupancySummary(tx))).totals).toMatchObject({ beds: 2, occupied: 0, vacant: 2, occupancyPct: 0 });
  });
});
