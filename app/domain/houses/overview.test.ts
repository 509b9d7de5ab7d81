import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { changeApplicationStatus, createApplication } from "#app/domain/admissions/applications.server";
import { dischargeStay } from "#app/domain/admissions/stays.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";
import { setHouseStatus } from "./houses.server";
import { getHouseOccupancy } from "./occupancy.server";
import { countOpenApplications, listUpcomingMoves } from "./overview.server";

useTestDatabase();
const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

describe("listUpcomingMoves", () => {
  it("lists planned move-ins and move-outs in the window across houses, soonest first, like the board", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4, house: { name: "Alder House" } });
    const b = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { name: "Beech House" } });
    const open = await makeStay(fx.owner, a.bedIds[0]!, day(-30)); // no move-out: not listed
    const leaving = await makeStay(fx.owner, a.bedIds[1]!, day(-30), day(6)); // move-out in 6 days
    const arriving = await makeStay(fx.owner, b.bedIds[0]!, day(2)); // move-in in 2 days
    const later = await makeStay(fx.owner, b.bedIds[1]!, day(15)); // beyond 14 days: not listed
    const lastDay = await makeStay(fx.owner, a.bedIds[2]!, day(14)); // on the window's last day: listed
    const gone = await makeStay(fx.owner, a.bedIds[3]!, day(-30));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: gone.stayId, date: day(-1), reason: "completed_program" })); // already left

    const moves = await withTenant(fx.owner, (tx) => listUpcomingMoves(tx, { withinDays: 14 }));
    expect(moves.map((m) => [m.kind, m.date, m.houseName, m.stayId])).toEqual([
      ["move_in", day(2), "Beech House", arriving.stayId],
      ["move_out", day(6), "Alder House", leaving.stayId],
      ["move_in", day(14), "Alder House", lastDay.stayId],
    ]);
    const ids = moves.map((m) => m.stayId);
    for (const s of [open, later, gone]) expect(ids).not.toContain(s.stayId);
    expect(moves[0]).toMatchObject({ roomName: "Room 1", bedLabel: "A", residentId: arriving.residentId, today });
    expect(moves[0]!.displayName).toBeTruthy();

    // The same stays the boards list, house by house.
    for (const h of [a, b]) {
      const board = await withTenant(fx.owner, (tx) => getHouseOccupancy(tx, h.houseId, { withinDays: 14 }));
      const boardIds = [...board.moveIns, ...board.moveOuts].map((m) => m.stayId).sort();
      expect(moves.filter((m) => m.houseId === h.houseId).map((m) => m.stayId).sort()).toEqual(boardIds);
    }
  });

  it("leaves out archived houses and houses a house manager is not assigned to; respects the limit", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    const theirs = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const archived = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    await makeStay(fx.owner, mine.bedIds[0]!, day(1));
    await makeStay(fx.owner, mine.bedIds[1]!, day(3));
    await makeStay(fx.owner, theirs.bedIds[0]!, day(1));
    await withTenant(fx.owner, (tx) => setHouseStatus(tx, { houseId: archived.houseId, status: "inactive" }));
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);

    const seen = await withTenant(manager.ctx, (tx) => listUpcomingMoves(tx));
    expect(new Set(seen.map((m) => m.houseId))).toEqual(new Set([mine.houseId]));
    expect(await withTenant(fx.owner, (tx) => listUpcomingMoves(tx, { limit: 1 }))).toHaveLength(1);
    const all = await withTenant(fx.owner, (tx) => listUpcomingMoves(tx));
    expect(all.map((m) => m.houseId)).not.toContain(archived.houseId);
  });

  it("never shows another org's stays", async () => {
    const mine = await makeOperator();
    const other = await makeOperator();
    const h = await makeHouse(other.owner, { rooms: 1, bedsPerRoom: 1 });
    await makeStay(other.owner, h.bedIds[0]!, day(1));
    expect(await withTenant(mine.owner, (tx) => listUpcomingMoves(tx))).toEqual([]);
  });
});

describe("countOpenApplications", () => {
  it("counts new, screening and waitlisted applications the caller may see", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 0 });
    const other = await makeHouse(fx.owner, { rooms: 0 });
    const ids = await withTenant(fx.owner, async (tx) => {
      const make = (houseId: string | null) =>
        createApplication(tx, { applicantName: "Applicant", phone: "215-555-0100", referralSource: "self", consentToContact: true, houseId });
      const out = [];
      for (const houseId of [null, h.houseId, other.houseId, other.houseId]) out.push((await make(houseId)).id);
      return out;
    });
    await withTenant(fx.owner, (tx) => changeApplicationStatus(tx, { applicationId: ids[3]!, status: "screening" }));
    expect(await withTenant(fx.owner, (tx) => countOpenApplications(tx))).toEqual({ new: 3, screening: 1, waitlisted: 0 });
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    // The manager sees applications for their house and those open to any house.
    expect(await withTenant(manager.ctx, (tx) => countOpenApplications(tx))).toEqual({ new: 2, screening: 0, waitlisted: 0 });
    const stranger = await makeOperator();
    expect(await withTenant(stranger.owner, (tx) => countOpenApplications(tx))).toEqual({ new: 0, screening: 0, waitlisted: 0 });
  });
});
