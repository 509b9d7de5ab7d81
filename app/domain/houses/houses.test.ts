import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { setTenantOrg, withPlatform, withTenant, type Tx } from "#app/db/tenant.server";
import { createOrg } from "#app/domain/orgs/orgs.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, houseInput, makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";
import {
  createHouse,
  getHouse,
  listHouses,
  setHouseStatus,
  setMembershipHouses,
  updateHouse,
} from "./houses.server";
import { listHouseStaffOptions } from "./staffing.server";
import { addBeds, createBed, createRoom, deleteBed, deleteRoom, getHouseLayout, setBedStatus, updateBed } from "./layout.server";
import { nextBedLabels } from "./schemas";

const t = useTestDatabase();
const today = todayIn("America/New_York");

describe("houses", () => {
  it("creates a house in the org's time zone, with capacity derived from beds", async () => {
    const org = await withPlatform({}, (tx) =>
      createOrg(tx, { name: `Prairie Homes ${Date.now()}`, kind: "operator", timeZone: "America/Chicago", currency: "USD" }),
    );
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const ctx = { orgId: org.id, userId: owner.id, role: "owner" };
    const { id } = await withTenant(ctx, (tx) =>
      createHouse(tx, houseInput({ name: "Elm House", populations: ["women", "lgbtq_affirming", "women"], narrLevel: 3, phone: "312-555-0110" })),
    );
    let house = await withTenant(ctx, (tx) => getHouse(tx, id));
    expect(house).toMatchObject({ name: "Elm House", timeZone: "America/Chicago", populations: ["women", "lgbtq_affirming"], narrLevel: 3, capacity: 0, status: "active" });
    await withTenant(ctx, async (tx) => {
      const room = await createRoom(tx, { houseId: id, name: "Room 1", sizeSqFt: 140 });
      await addBeds(tx, { roomId: room.id, count: 3 });
      await addBeds(tx, { roomId: room.id, count: 1, kind: "child" });
    });
    house = await withTenant(ctx, (tx) => getHouse(tx, id));
    expect(house).toMatchObject({ capacity: 3, childBeds: 1, rooms: 1 });
    await withTenant(ctx, (tx) => updateHouse(tx, id, houseInput({ name: "Elm House", timeZone: "America/Denver" })));
    expect((await withTenant(ctx, (tx) => getHouse(tx, id))).timeZone).toBe("America/Denver");
  });

  it("validates input and keeps names unique per org", async () => {
    const fx = await makeOperator();
    // Each input breaks one rule; the refusal names its field and message.
    const refusals: [unknown, string | null, string][] = [
      [houseInput({ name: "" }), "name", "Required."],
      [houseInput({ narrLevel: 5 }), "narrLevel", "Choose a support level from I to IV."],
      [houseInput({ narrLevel: 0 }), "narrLevel", "Choose a support level from I to IV."],
      [houseInput({ populations: [] }), "populations", "Choose at least one population served."],
      [houseInput({ populations: ["robots" as never] }), "populations.0", "Choose from the list."],
      [houseInput({ timeZone: "Mars/Olympus" }), "timeZone", "Choose a time zone such as America/New_York."],
      [houseInput({ postalCode: "!" }), "postalCode", "Enter a postal code."],
      [{ ...houseInput(), capacity: 12 }, null, "Unexpected fields."],
    ];
    for (const [bad, field, message] of refusals) {
      await expectDomainError(withTenant(fx.owner, (tx) => createHouse(tx, bad as never)), "invalid", { field, message });
    }
    await withTenant(fx.owner, (tx) => createHouse(tx, houseInput({ name: "Harbor House" })));
    await expectDomainError(withTenant(fx.owner, (tx) => createHouse(tx, houseInput({ name: "harbor house" }))), "conflict", {
      field: "name",
      message: "A house with this name already exists.",
    });
    // Another org may use the same name.
    const other = await makeOperator();
    await withTenant(other.owner, (tx) => createHouse(tx, houseInput({ name: "Harbor House" })));
  });

  it("archives only a house nobody lives in or is booked into", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    // Residents of another house do not hold this one back.
    const busy = await makeHouse(fx.owner);
    await makeStay(fx.owner, busy.bedIds[0]!, addDays(today, -5), addDays(today, 10));
    const { stayId } = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, 5));
    await expectDomainError(withTenant(fx.owner, (tx) => setHouseStatus(tx, { houseId: h.houseId, status: "inactive" })), "conflict");
    const { cancelPlannedStay } = await import("#app/domain/admissions/stays.server");
    await withTenant(fx.owner, (tx) => cancelPlannedStay(tx, { stayId }));
    await withTenant(fx.owner, (tx) => setHouseStatus(tx, { houseId: h.houseId, status: "inactive" }));
    expect((await withTenant(fx.owner, (tx) => listHouses(tx))).map((x) => x.id)).toEqual([busy.houseId]);
    const all = await withTenant(fx.owner, (tx) => listHouses(tx, { includeInactive: true }));
    expect(all.find((x) => x.id === h.houseId)?.status).toBe("inactive");
    await expectDomainError(withTenant(fx.owner, (tx) => setHouseStatus(tx, { houseId: busy.houseId, status: "inactive" })), "conflict");
    const r = await withTenant(fx.owner, async (tx) => (await tx.insertInto("resident").values({ org_id: fx.orgId, legal_name: "X" }).returning("id").executeTakeFirstOrThrow()).id);
    const { admitResident } = await import("#app/domain/admissions/stays.server");
    const err = await expectDomainError(withTenant(fx.owner, (tx) => admitResident(tx, { residentId: r, bedId: h.bedIds[0]!, moveInDate: today })), "conflict");
    expect(err.message).toMatch(/archived/);
  });

  it("a house manager who creates a house is assigned to it in the same transaction; owners are not assigned", async () => {
    const fx = await makeOperator();
    const manager = await makeMember(fx, "house_manager");
    const { id } = await withTenant(manager.ctx, (tx) => createHouse(tx, houseInput({ name: "Oak House" })));
    expect((await withTenant(manager.ctx, (tx) => listHouses(tx))).map((h) => h.id)).toEqual([id]);
    const assigned = async (houseId: string) => (await withTenant(fx.owner, (tx) => listHouseStaffOptions(tx, houseId))).filter((o) => o.assigned);
    expect((await assigned(id)).map((o) => o.membershipId)).toEqual([manager.membershipId]);
    const row = await t.db.selectFrom("house").select(["created_by"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.created_by).toBe(manager.userId);
    const events = await t.db.selectFrom("audit_event").select(["action", "actor_user_id", "data"]).where("entity_id", "=", id).orderBy("id").execute();
    expect(events).toMatchObject([
      { action: "house.created", actor_user_id: manager.userId },
      { action: "house.staff_set", actor_user_id: manager.userId, data: { added: [manager.membershipId], removed: [] } },
    ]);
    // They run it from the next request on: rooms, beds, details, archiving.
    await withTenant(manager.ctx, async (tx) => {
      const room = await createRoom(tx, { houseId: id, name: "Room 1" });
      await addBeds(tx, { roomId: room.id, count: 3 });
      await updateHouse(tx, id, houseInput({ name: "Oak House", phone: "215-555-0142" }));
      await setHouseStatus(tx, { houseId: id, status: "inactive" });
      await setHouseStatus(tx, { houseId: id, status: "active" });
    });
    expect(await withTenant(manager.ctx, (tx) => getHouse(tx, id))).toMatchObject({ capacity: 3, rooms: 1, phone: "215-555-0142", status: "active" });

    // An owner's new house records its creator and assigns nobody.
    const byOwner = await withTenant(fx.owner, (tx) => createHouse(tx, houseInput()));
    expect(await assigned(byOwner.id)).toEqual([]);
    expect((await t.db.selectFrom("house").select("created_by").where("id", "=", byOwner.id).executeTakeFirstOrThrow()).created_by).toBe(fx.ownerId);
    expect(await withTenant(manager.ctx, (tx) => listHouses(tx))).toHaveLength(1);
  });

  it("staff and residents never create houses; nothing is left behind", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const coach = await makeMember(fx, "staff", [h.houseId]);
    const resident = await makeMember(fx, "resident");
    const before = await t.db.selectFrom("house").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", fx.orgId).executeTakeFirstOrThrow();
    for (const who of [coach, resident]) {
      await expectDomainError(withTenant(who.ctx, (tx) => createHouse(tx, houseInput())), "forbidden");
    }
    const after = await t.db.selectFrom("house").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", fx.orgId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("house managers edit and lay out only the houses they are assigned to; staff only read", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    const theirs = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);
    const coach = await makeMember(fx, "staff", [mine.houseId]);

    // Not assigned: as if the house did not exist.
    for (const work of [
      (tx: Tx): Promise<unknown> => updateHouse(tx, theirs.houseId, houseInput()),
      (tx: Tx) => setHouseStatus(tx, { houseId: theirs.houseId, status: "inactive" }),
      (tx: Tx) => createRoom(tx, { houseId: theirs.houseId, name: "Attic" }),
      (tx: Tx) => addBeds(tx, { roomId: theirs.roomIds[0]!, count: 1 }),
      (tx: Tx) => updateBed(tx, theirs.bedIds[0]!, { label: "Z" }),
      (tx: Tx) => deleteBed(tx, theirs.bedIds[0]!),
      (tx: Tx) => deleteRoom(tx, theirs.roomIds[0]!),
    ]) {
      await expectDomainError(withTenant(manager.ctx, work), "not_found");
    }
    expect(await withTenant(fx.owner, (tx) => getHouse(tx, theirs.houseId))).toMatchObject({ rooms: 1, capacity: 2, status: "active" });

    // Assigned: the whole layout.
    await withTenant(manager.ctx, async (tx) => {
      const attic = await createRoom(tx, { houseId: mine.houseId, name: "Attic" });
      const [bed] = await addBeds(tx, { roomId: attic.id, count: 1 });
      await updateBed(tx, bed!.id, { label: "Window", accessible: true });
      await deleteBed(tx, mine.bedIds[1]!);
      await deleteBed(tx, bed!.id);
      await deleteRoom(tx, attic.id);
    });
    expect(await withTenant(fx.owner, (tx) => getHouse(tx, mine.houseId))).toMatchObject({ rooms: 1, capacity: 1 });

    // Staff in the same house: reads only.
    await expectDomainError(withTenant(coach.ctx, (tx) => createRoom(tx, { houseId: mine.houseId, name: "Den" })), "forbidden");
    await expectDomainError(withTenant(coach.ctx, (tx) => addBeds(tx, { roomId: mine.roomIds[0]!, count: 1 })), "forbidden");
    await expectDomainError(withTenant(coach.ctx, (tx) => updateHouse(tx, mine.houseId, houseInput())), "not_found");
    await expectDomainError(withTenant(coach.ctx, (tx) => deleteBed(tx, mine.bedIds[0]!)), "not_found");
    expect((await withTenant(coach.ctx, (tx) => getHouseLayout(tx, mine.houseId))).rooms).toHaveLength(1);
  });
});

describe("rooms and beds", () => {
  it("bulk-adds beds with letters or numbers, continuing after existing labels", async () => {
    expect(nextBedLabels([], 3, "letters")).toEqual(["A", "B", "C"]);
    expect(nextBedLabels(["a", "C"], 3, "letters")).toEqual(["B", "D", "E"]);
    expect(nextBedLabels(["1", "2"], 2, "numbers")).toEqual(["3", "4"]);
    expect(nextBedLabels([], 28, "letters").slice(-3)).toEqual(["Z", "AA", "AB"]);

    const fx = await makeOperator();
    const { houseId } = await withTenant(fx.owner, (tx) => createHouse(tx, houseInput()).then((r) => ({ houseId: r.id })));
    const layout = await withTenant(fx.owner, async (tx) => {
      const r1 = await createRoom(tx, { houseId, name: "Room 10" });
      const r2 = await createRoom(tx, { houseId, name: "Room 2" });
      await addBeds(tx, { roomId: r1.id, count: 2 });
      await addBeds(tx, { roomId: r1.id, count: 1 });
      await addBeds(tx, { roomId: r2.id, count: 11, labelStyle: "numbers", accessible: true });
      await createRoom(tx, { houseId, name: "Room 3" });
      return getHouseLayout(tx, houseId);
    });
    expect(layout.rooms.map((r) => [r.name, r.beds.map((b) => b.label).join(",")])).toEqual([
      ["Room 2", "1,2,3,4,5,6,7,8,9,10,11"],
      ["Room 3", ""],
      ["Room 10", "A,B,C"],
    ]);
    expect(layout.rooms[0]!.beds.every((b) => b.accessible && b.status === "available")).toBe(true);
    const roomId = layout.rooms[2]!.id;
    const e1 = await expectDomainError(withTenant(fx.owner, (tx) => createBed(tx, { roomId, label: "b" })), "conflict");
    expect(e1.message).toMatch(/already exists in this room/);
    await expectDomainError(withTenant(fx.owner, (tx) => createRoom(tx, { houseId, name: "room 2" })), "conflict");
    await expectDomainError(withTenant(fx.owner, (tx) => addBeds(tx, { roomId, count: 0 })), "invalid");
    await expectDomainError(withTenant(fx.owner, (tx) => addBeds(tx, { roomId, count: 27 })), "invalid");
    await withTenant(fx.owner, (tx) => updateBed(tx, layout.rooms[2]!.beds[0]!.id, { label: "Window", accessible: true }));
  });

  it("a bed's house is always its room's house (composite foreign key)", async () => {
    const fx = await makeOperator();
    const h1 = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    await expect(
      withTenant(fx.owner, (tx) =>
        tx.insertInto("bed").values({ org_id: fx.orgId, house_id: h2.houseId, room_id: h1.roomIds[0]!, label: "Z" }).execute(),
      ),
    ).rejects.toMatchObject({ code: "23503", constraint: "bed_room_fk" });
  });

  it("bed status: out of service needs a reason and a bed nobody lives in or is booked into", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const [b1, b2] = h.bedIds as [string, string];
    const e = await expectDomainError(withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: b1, status: "out_of_service" })), "invalid");
    expect(e.field).toBe("reason");
    await makeStay(fx.owner, b2, addDays(today, 3));
    await expectDomainError(
      withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: b2, status: "out_of_service", reason: "Broken frame" })),
      "conflict",
    );
    await withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: b1, status: "out_of_service", reason: "Broken frame" }));
    await withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: b1, status: "available", reason: "ignored" }));
    const row = await sql<{ status: string; status_reason: string | null }>`select status, status_reason from bed where id = ${b1}`.execute(t.db);
    expect(row.rows[0]).toEqual({ status: "available", status_reason: null });
    // A house manager may set status in their house, but not in another.
    const other = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    await withTenant(manager.ctx, (tx) => setBedStatus(tx, { bedId: b1, status: "held", reason: "Returning from hospital" }));
    await expectDomainError(withTenant(manager.ctx, (tx) => setBedStatus(tx, { bedId: other.bedIds[0]!, status: "held" })), "not_found");
    const coach = await makeMember(fx, "staff", [h.houseId]);
    await expectDomainError(withTenant(coach.ctx, (tx) => setBedStatus(tx, { bedId: b1, status: "available" })), "not_found");
  });

  it("beds and rooms with stays on record cannot be removed", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 2 });
    await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -40), addDays(today, -10));
    await expectDomainError(withTenant(fx.owner, (tx) => deleteBed(tx, h.bedIds[0]!)), "conflict");
    await expectDomainError(withTenant(fx.owner, (tx) => deleteRoom(tx, h.roomIds[0]!)), "conflict");
    await withTenant(fx.owner, (tx) => deleteBed(tx, h.bedIds[1]!));
    await withTenant(fx.owner, (tx) => deleteRoom(tx, h.roomIds[1]!));
    expect((await withTenant(fx.owner, (tx) => getHouse(tx, h.houseId))).capacity).toBe(1);
  });
});

describe("house assignments", () => {
  it("assigns house managers and staff to houses; others cannot be assigned", async () => {
    const fx = await makeOperator();
    const h1 = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    const h3 = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [h1.houseId, h2.houseId]);
    const admin = await makeMember(fx, "admin");
    expect((await withTenant(manager.ctx, (tx) => listHouses(tx))).map((h) => h.id).sort()).toEqual([h1.houseId, h2.houseId].sort());
    await withTenant(fx.owner, (tx) => setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [h2.houseId, h3.houseId] }));
    expect((await withTenant(manager.ctx, (tx) => listHouses(tx))).map((h) => h.id).sort()).toEqual([h2.houseId, h3.houseId].sort());
    const staffOf = async (houseId: string) => (await withTenant(fx.owner, (tx) => listHouseStaffOptions(tx, houseId))).filter((o) => o.assigned);
    expect((await staffOf(h3.houseId)).map((m) => [m.membershipId, m.role])).toEqual([[manager.membershipId, "house_manager"]]);
    expect(await staffOf(h1.houseId)).toEqual([]);
    await expectDomainError(
      withTenant(fx.owner, (tx) => setMembershipHouses(tx, { membershipId: admin.membershipId, houseIds: [h1.houseId] })),
      "invalid",
    );
    // Managers cannot assign themselves to a house they did not create.
    await expectDomainError(
      withTenant(manager.ctx, (tx) => setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [h1.houseId] })),
      "forbidden",
    );
    // Another org's house is not found (composite FK).
    const other = await makeOperator();
    const ho = await makeHouse(other.owner);
    await expectDomainError(
      withTenant(fx.owner, (tx) => setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [ho.houseId] })),
      "not_found",
    );
    // Assignments are org-scoped through RLS: raw insert into another org fails.
    await expect(
      withTenant(fx.owner, async (tx) => {
        await setTenantOrg(tx, fx.orgId, "owner");
        await tx.insertInto("membership_house").values({ org_id: other.orgId, membership_id: manager.membershipId, house_id: ho.houseId }).execute();
      }),
    ).rejects.toThrow(/row-level security/);
  });
});
