import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import { getHouseListing, saveHouseListing } from "./listing.server";

useTestDatabase();

const listingRows = (ctx: Parameters<typeof withTenant>[0]) =>
  withTenant(ctx, (tx) => tx.selectFrom("house_listing").select(["house_id", "published"]).execute());

describe("house_listing under row-level security (ADR 042)", () => {
  it("owners and admins write; managers and staff read their houses' listing only; residents and other orgs nothing", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner, { rooms: 0 });
    const b = await makeHouse(fx.owner, { rooms: 0 });
    await withTenant(fx.owner, (tx) => saveHouseListing(tx, a.houseId, { published: true, description: "Open." }));
    const admin = await makeMember(fx, "admin");
    await withTenant(admin.ctx, (tx) => saveHouseListing(tx, b.houseId, { published: false }));

    const manager = await makeMember(fx, "house_manager", [a.houseId]);
    const staff = await makeMember(fx, "staff", [b.houseId]);
    const resident = await makeMember(fx, "resident");
    expect((await listingRows(manager.ctx)).map((r) => r.house_id)).toEqual([a.houseId]);
    expect((await listingRows(staff.ctx)).map((r) => r.house_id)).toEqual([b.houseId]);
    expect(await listingRows(resident.ctx)).toEqual([]);
    expect((await listingRows(admin.ctx)).length).toBe(2);
    const other = await makeOperator();
    expect(await listingRows(other.owner)).toEqual([]);

    // A house manager cannot publish, not even their own house: the database refuses.
    await expect(withTenant(manager.ctx, (tx) => saveHouseListing(tx, a.houseId, { published: false }))).rejects.toThrow();
    expect((await withTenant(fx.owner, (tx) => getHouseListing(tx, a.houseId))).published).toBe(true);
    // Another org's owner cannot reach the house at all.
    await expect(withTenant(other.owner, (tx) => saveHouseListing(tx, a.houseId, { published: false }))).rejects.toThrow();
  });

  it("refuses bad public fields with a message on the field", async () => {
    const fx = await makeOperator();
    const { houseId } = await makeHouse(fx.owner, { rooms: 0 });
    await expect(withTenant(fx.owner, (tx) => saveHouseListing(tx, houseId, { published: true, contactEmail: "nope" }))).rejects.toMatchObject({ kind: "invalid", field: "contactEmail" });
    await expect(withTenant(fx.owner, (tx) => saveHouseListing(tx, houseId, { published: true, weeklyFee: "-3" }))).rejects.toMatchObject({ kind: "invalid", field: "weeklyFee" });
    expect((await withTenant(fx.owner, (tx) => getHouseListing(tx, houseId))).published).toBe(false);
  });
});
