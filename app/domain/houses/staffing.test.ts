import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import { listHouses } from "./houses.server";
import { requireBedInHouse, requireRoomInHouse } from "./scope.server";
import { listHouseStaffOptions, setHouseStaff } from "./staffing.server";

const t = useTestDatabase();

describe("house staff (one house, many people)", () => {
  it("lists house managers and staff with the assigned ones marked, and sets the list for one house", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner, { rooms: 0 });
    const b = await makeHouse(fx.owner, { rooms: 0 });
    const m1 = await makeMember(fx, "house_manager", [a.houseId, b.houseId]);
    const m2 = await makeMember(fx, "staff");
    await makeMember(fx, "admin");
    await makeMember(fx, "resident");

    const options = await withTenant(fx.owner, (tx) => listHouseStaffOptions(tx, a.houseId));
    expect(options.map((o) => [o.membershipId, o.assigned]).sort()).toEqual([[m1.membershipId, true], [m2.membershipId, false]].sort());

    const result = await withTenant(fx.owner, (tx) => setHouseStaff(tx, { houseId: a.houseId, membershipIds: [m2.membershipId] }));
    expect(result).toEqual({ added: 1, removed: 1 });
    // Only house A changed: m1 keeps house B.
    expect((await withTenant(m1.ctx, (tx) => listHouses(tx))).map((h) => h.id)).toEqual([b.houseId]);
    expect((await withTenant(m2.ctx, (tx) => listHouses(tx))).map((h) => h.id)).toEqual([a.houseId]);
    const events = await t.db.selectFrom("audit_event").select(["action", "data"]).where("entity_id", "=", a.houseId).where("action", "=", "house.staff_set").execute();
    expect(events).toEqual([{ action: "house.staff_set", data: { added: [m2.membershipId], removed: [m1.membershipId] } }]);

    // Same list again: nothing changes, nothing audited.
    expect(await withTenant(fx.owner, (tx) => setHouseStaff(tx, { houseId: a.houseId, membershipIds: [m2.membershipId, m2.membershipId] }))).toEqual({ added: 0, removed: 0 });
    expect(await withTenant(fx.owner, (tx) => setHouseStaff(tx, { houseId: a.houseId, membershipIds: [] }))).toEqual({ added: 0, removed: 1 });
  });

  it("refuses people who are not house managers or staff of this org, unknown houses, and non-admins", async () => {
    const fx = await makeOperator();
    const other = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 0 });
    const theirHouse = await makeHouse(other.owner, { rooms: 0 });
    const admin = await makeMember(fx, "admin");
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    const foreign = await makeMember(other, "staff");
    for (const membershipIds of [[admin.membershipId], [foreign.membershipId], ["00000000-0000-4000-8000-000000000000"]]) {
      await expectDomainError(withTenant(fx.owner, (tx) => setHouseStaff(tx, { houseId: h.houseId, membershipIds })), "invalid");
    }
    await expectDomainError(withTenant(fx.owner, (tx) => setHouseStaff(tx, { houseId: theirHouse.houseId, membershipIds: [] })), "not_found");
    await expectDomainError(withTenant(fx.owner, (tx) => setHouseStaff(tx, { houseId: "nope", membershipIds: [] })), "invalid");
    // A house manager cannot change assignments (RLS: owner/admin only): removals match no rows, additions are refused.
    expect(await withTenant(manager.ctx, (tx) => setHouseStaff(tx, { houseId: h.houseId, membershipIds: [] }))).toEqual({ added: 0, removed: 0 });
    const other2 = await makeMember(fx, "staff");
    await expectDomainError(withTenant(manager.ctx, (tx) => setHouseStaff(tx, { houseId: h.houseId, membershipIds: [other2.membershipId] })), "forbidden");
    expect(await t.db.selectFrom("membership_house").select("membership_id").where("house_id", "=", h.houseId).execute()).toEqual([
      { membership_id: manager.membershipId },
    ]);
  });
});

describe("room and bed belong to the house in the URL", () => {
  it("accepts a room or bed of the house and refuses one of another house (not_found)", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const b = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    await withTenant(fx.owner, async (tx) => {
      await requireRoomInHouse(tx, a.houseId, a.roomIds[0]!);
      await requireBedInHouse(tx, a.houseId, a.bedIds[0]!);
    });
    await expectDomainError(withTenant(fx.owner, (tx) => requireRoomInHouse(tx, a.houseId, b.roomIds[0]!)), "not_found");
    await expectDomainError(withTenant(fx.owner, (tx) => requireBedInHouse(tx, a.houseId, b.bedIds[0]!)), "not_found");
    // An unassigned house manager cannot see the house's beds at all.
    const stranger = await makeMember(fx, "house_manager", [b.houseId]);
    await expectDomainError(withTenant(stranger.ctx, (tx) => requireBedInHouse(tx, a.houseId, a.bedIds[0]!)), "not_found");
  });
});
