import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { setMembershipHouses } from "#app/domain/houses/houses.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeStay } from "#tests/support/houses";
import { auditActions, visibleText } from "./helpers";
import { get, houseCounts, makeOperatorWorld, post, type OperatorWorld, type Person } from "./house-pages";

/** The rooms and beds page: one form per action, each refused change writes nothing. */

const t = useTestDatabase();
const client = useTestServer();

let w: OperatorWorld;
let manager: Person;
let coach: Person;
let outsider: Person;
let house: Awaited<ReturnType<typeof makeHouse>>;
let otherHouse: Awaited<ReturnType<typeof makeHouse>>;
const rooms = () => `/o/${w.org.slug}/houses/${house.houseId}/rooms`;

async function roomByName(name: string) {
  return t.db.selectFrom("room").select(["id", "name", "size_sq_ft"]).where("house_id", "=", house.houseId).where("name", "=", name).executeTakeFirst();
}
async function bedsOf(roomId: string) {
  return t.db.selectFrom("bed").select(["id", "label", "kind", "accessible", "status", "status_reason"]).where("room_id", "=", roomId).orderBy("label").execute();
}
async function bed(bedId: string) {
  return t.db.selectFrom("bed").select(["label", "kind", "accessible", "status", "status_reason"]).where("id", "=", bedId).executeTakeFirstOrThrow();
}

/** Expect a refused POST: the status, the message on the page, and no row changed. */
async function expectRefused(form: Record<string, string>, status: number, message?: string) {
  const before = await houseCounts(t.db);
  const beds = await t.db.selectFrom("bed").selectAll().orderBy("id").execute();
  const roomRows = await t.db.selectFrom("room").selectAll().orderBy("id").execute();
  const res = await post(client, rooms(), w.owner.cookie, form);
  expect(res.status).toBe(status);
  if (message) expect(visibleText(res.html)).toContain(message);
  expect(await houseCounts(t.db)).toEqual(before);
  expect(await t.db.selectFrom("bed").selectAll().orderBy("id").execute()).toEqual(beds);
  expect(await t.db.selectFrom("room").selectAll().orderBy("id").execute()).toEqual(roomRows);
}

beforeAll(async () => {
  w = await makeOperatorWorld();
  house = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 2, house: { name: "Linden House" } });
  otherHouse = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 1, house: { name: "Poplar House" } });
  manager = await w.people("house_manager");
  coach = await w.people("staff");
  outsider = await w.people("house_manager"); // assigned to Poplar House only
  await withTenant(w.owner.ctx, async (tx) => {
    await setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [house.houseId] });
    await setMembershipHouses(tx, { membershipId: coach.membershipId, houseIds: [house.houseId] });
    await setMembershipHouses(tx, { membershipId: outsider.membershipId, houseIds: [otherHouse.houseId] });
  });
  // Room 1, bed A has a resident: its room and bed cannot be removed.
  await makeStay(w.owner.ctx, house.bedIds[0]!, addDays(todayIn("America/New_York"), -7));
});

describe("rooms page", () => {
  it("lists rooms and beds with their status", async () => {
    const { status, html } = await get(client, rooms(), w.owner.cookie);
    expect(status).toBe(200);
    expect(html).toMatch(/<h1[^>]*>Rooms and beds<\/h1>/);
    const text = visibleText(html);
    expect(text).toContain("Linden House: 1 room, 2 beds.");
    expect(text).toContain("Bed A");
    expect(text).toContain("Bed B");
    expect(text).toContain("Letters (next: C, D, E…)");
    expect(text).not.toContain("Poplar House");
  });

  it("is for owners, admins and the house's managers: staff get 403, unassigned managers 404, for the page and every action", async () => {
    expect((await get(client, rooms(), manager.cookie)).status).toBe(200);
    expect((await get(client, rooms(), coach.cookie)).status).toBe(403);
    expect((await get(client, rooms(), outsider.cookie)).status).toBe(404);
    const before = await houseCounts(t.db);
    const beds = await t.db.selectFrom("bed").selectAll().orderBy("id").execute();
    const [roomId, bedId] = [house.roomIds[0]!, house.bedIds[1]!];
    for (const [who, status] of [
      [coach, 403],
      [outsider, 404],
    ] as const) {
      for (const form of [
        { intent: "add-room", name: "Attic" } as Record<string, string>,
        { intent: "update-room", roomId, name: "Taken" },
        { intent: "delete-room", roomId },
        { intent: "add-beds", roomId, count: "2", labelStyle: "letters", kind: "adult" },
        { intent: "update-bed", bedId, label: "Z", kind: "adult" },
        { intent: "set-bed-status", bedId, status: "held", reason: "x" },
        { intent: "delete-bed", bedId },
      ]) {
        expect((await post(client, rooms(), who.cookie, form)).status, `${form.intent}`).toBe(status);
      }
    }
    expect(await houseCounts(t.db)).toEqual(before);
    expect(await t.db.selectFrom("bed").selectAll().orderBy("id").execute()).toEqual(beds);
  });

  it("lets the house's manager lay it out: add, rename and remove rooms and beds", async () => {
    const added = await post(client, rooms(), manager.cookie, { intent: "add-room", name: "Manager's room" });
    expect(added.status).toBe(200);
    const room = (await roomByName("Manager's room"))!;
    expect((await post(client, rooms(), manager.cookie, { intent: "add-beds", roomId: room.id, count: "3", labelStyle: "numbers", kind: "adult" })).status).toBe(200);
    expect((await bedsOf(room.id)).map((b) => b.label)).toEqual(["1", "2", "3"]);
    const [one] = await bedsOf(room.id);
    expect((await post(client, rooms(), manager.cookie, { intent: "update-bed", bedId: one!.id, label: "Door", kind: "adult", accessible: "on" })).status).toBe(200);
    expect(await bed(one!.id)).toMatchObject({ label: "Door", accessible: true });
    expect((await post(client, rooms(), manager.cookie, { intent: "set-bed-status", bedId: one!.id, status: "held", reason: "Paint drying" })).status).toBe(200);
    expect((await post(client, rooms(), manager.cookie, { intent: "delete-bed", bedId: one!.id })).status).toBe(200);
    expect((await post(client, rooms(), manager.cookie, { intent: "update-room", roomId: room.id, name: "Den", sizeSqFt: "" })).status).toBe(200);
    expect((await roomByName("Den"))?.id).toBe(room.id);
    // Their house's rooms only: a room of another house is "not in this house" (404).
    expect((await post(client, rooms(), manager.cookie, { intent: "delete-room", roomId: otherHouse.roomIds[0]! })).status).toBe(404);
    expect((await post(client, rooms(), manager.cookie, { intent: "delete-room", roomId: room.id })).status).toBe(200);
    expect(await roomByName("Den")).toBeUndefined();
    const events = await auditActions(t.db, { entityId: room.id });
    expect(events.map((e) => [e.action, e.actor_user_id])).toEqual([
      ["room.created", manager.userId],
      ["beds.added", manager.userId],
      ["room.updated", manager.userId],
      ["room.deleted", manager.userId],
    ]);
  });

  it("answers 404 for garbage and unknown house ids", async () => {
    expect((await get(client, `/o/${w.org.slug}/houses/garbage/rooms`, w.owner.cookie)).status).toBe(404);
    expect((await get(client, `/o/${w.org.slug}/houses/00000000-0000-4000-8000-000000000000/rooms`, w.owner.cookie)).status).toBe(404);
    const before = await houseCounts(t.db);
    const res = await post(client, `/o/${w.org.slug}/houses/00000000-0000-4000-8000-000000000000/rooms`, w.owner.cookie, { intent: "add-room", name: "Ghost room" });
    expect(res.status).toBe(404);
    expect(await houseCounts(t.db)).toEqual(before);
  });
});

describe("rooms", () => {
  it("adds a room with an optional size", async () => {
    const { status, html } = await post(client, rooms(), w.owner.cookie, { intent: "add-room", name: "Room 2", sizeSqFt: "180" });
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("Room 2 added. Now add its beds.");
    expect(await roomByName("Room 2")).toMatchObject({ size_sq_ft: 180 });
    const { status: s2 } = await post(client, rooms(), w.owner.cookie, { intent: "add-room", name: "Sunroom", sizeSqFt: "" });
    expect(s2).toBe(200);
    expect(await roomByName("Sunroom")).toMatchObject({ size_sq_ft: null });
  });

  it.each([
    [{ intent: "add-room", name: "" }, "Required."],
    [{ intent: "add-room", name: "x".repeat(61) }, "Use at most 60 characters."],
    [{ intent: "add-room", name: "Den", sizeSqFt: "-5" }, "Enter a size of at least 1 square foot."],
    [{ intent: "add-room", name: "Den", sizeSqFt: "12.5" }, "Enter the size in whole square feet."],
    [{ intent: "add-room", name: "Den", sizeSqFt: "lots" }, "Enter the size in whole square feet"],
    [{ intent: "add-room", name: "Den", houseId: "00000000-0000-4000-8000-000000000000" }, undefined],
    [{ intent: "explode" }, "That action isn't available here."],
    [{}, "That action isn't available here."],
  ])("refuses bad room input %j with 400", async (form, message) => {
    await expectRefused(form as Record<string, string>, 400, message);
  });

  it("refuses a duplicate room name (409) with the domain's message", async () => {
    await expectRefused({ intent: "add-room", name: "room 2" }, 409, "A room with this name already exists in this house.");
  });

  it("renames a room", async () => {
    const room = (await roomByName("Sunroom"))!;
    const { status } = await post(client, rooms(), w.owner.cookie, { intent: "update-room", roomId: room.id, name: "Garden room", sizeSqFt: "90" });
    expect(status).toBe(200);
    expect(await roomByName("Garden room")).toMatchObject({ id: room.id, size_sq_ft: 90 });
  });

  it("removes an empty room, and a room whose beds never had a stay", async () => {
    const garden = (await roomByName("Garden room"))!;
    expect((await post(client, rooms(), w.owner.cookie, { intent: "delete-room", roomId: garden.id })).status).toBe(200);
    expect(await roomByName("Garden room")).toBeUndefined();
    const temp = await post(client, rooms(), w.owner.cookie, { intent: "add-room", name: "Temp" });
    expect(temp.status).toBe(200);
    const tempRoom = (await roomByName("Temp"))!;
    await post(client, rooms(), w.owner.cookie, { intent: "add-beds", roomId: tempRoom.id, count: "2", labelStyle: "letters", kind: "adult" });
    expect(await bedsOf(tempRoom.id)).toHaveLength(2);
    expect((await post(client, rooms(), w.owner.cookie, { intent: "delete-room", roomId: tempRoom.id })).status).toBe(200);
    expect(await bedsOf(tempRoom.id)).toHaveLength(0);
  });

  it("refuses to remove a room whose beds have stays (409) and removes nothing", async () => {
    await expectRefused({ intent: "delete-room", roomId: house.roomIds[0]! }, 409, "Beds in this room have stays on record, so it cannot be removed.");
  });

  it("answers 404 for a room of another house, and changes nothing there", async () => {
    await expectRefused({ intent: "delete-room", roomId: otherHouse.roomIds[0]! }, 404, "That room is not in this house.");
    await expectRefused({ intent: "update-room", roomId: otherHouse.roomIds[0]!, name: "Hijacked" }, 404);
    await expectRefused({ intent: "add-beds", roomId: otherHouse.roomIds[0]!, count: "2", labelStyle: "letters", kind: "adult" }, 404);
  });
});

describe("beds", () => {
  it("bulk-adds beds, continuing the room's labels", async () => {
    const room2 = (await roomByName("Room 2"))!;
    const first = await post(client, rooms(), w.owner.cookie, { intent: "add-beds", roomId: room2.id, count: "3", labelStyle: "letters", kind: "adult", accessible: "on" });
    expect(first.status).toBe(200);
    expect(visibleText(first.html)).toContain("Added 3 beds: A, B, C.");
    const second = await post(client, rooms(), w.owner.cookie, { intent: "add-beds", roomId: room2.id, count: "2", labelStyle: "letters", kind: "child" });
    expect(second.status).toBe(200);
    const beds = await bedsOf(room2.id);
    expect(beds.map((b) => [b.label, b.kind, b.accessible])).toEqual([
      ["A", "adult", true],
      ["B", "adult", true],
      ["C", "adult", true],
      ["D", "child", false],
      ["E", "child", false],
    ]);
    const numbered = await post(client, rooms(), w.owner.cookie, { intent: "add-beds", roomId: room2.id, count: "2", labelStyle: "numbers", kind: "adult" });
    expect(visibleText(numbered.html)).toContain("Added 2 beds: 1, 2.");
    const events = await auditActions(t.db, { entityId: room2.id });
    expect(events.filter((e) => e.action === "beds.added")).toHaveLength(3);
  });

  it.each([
    [{ count: "0" }, "Add at least one bed."],
    [{ count: "27" }, "Add at most 26 beds at a time."],
    [{ count: "2.5" }, "Enter a whole number of beds."],
    [{ count: "" }, "Enter how many beds to add (1 to 26)."],
    [{ count: "2", labelStyle: "emoji" }, "Choose how to label the beds."],
    [{ count: "2", kind: "pet" }, "Choose who the bed is for."],
    [{ count: "2", roomId: "nope" }, undefined],
  ])("refuses bad bulk input %j with 400", async (overrides, message) => {
    const room2 = (await roomByName("Room 2"))!;
    await expectRefused({ intent: "add-beds", roomId: room2.id, labelStyle: "letters", kind: "adult", ...overrides }, 400, message);
  });

  it("edits a bed's label, kind and accessible flag", async () => {
    const bedId = house.bedIds[1]!;
    const { status, html } = await post(client, rooms(), w.owner.cookie, { intent: "update-bed", bedId, label: "Window", kind: "adult", accessible: "on" });
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("Bed Window saved.");
    expect(await bed(bedId)).toMatchObject({ label: "Window", accessible: true });
    await post(client, rooms(), w.owner.cookie, { intent: "update-bed", bedId, label: "B", kind: "adult" });
    expect(await bed(bedId)).toMatchObject({ label: "B", accessible: false });
  });

  it("refuses a duplicate or empty label", async () => {
    await expectRefused({ intent: "update-bed", bedId: house.bedIds[1]!, label: "a", kind: "adult" }, 409, "A bed with this label already exists in this room.");
    await expectRefused({ intent: "update-bed", bedId: house.bedIds[1]!, label: " ", kind: "adult" }, 400, "Required.");
  });

  it("needs a reason to take a bed out of service", async () => {
    const bedId = house.bedIds[1]!;
    await expectRefused({ intent: "set-bed-status", bedId, status: "out_of_service", reason: "" }, 400, "Give a reason when taking a bed out of service.");
    const { status, html } = await post(client, rooms(), w.owner.cookie, { intent: "set-bed-status", bedId, status: "out_of_service", reason: "New mattress on order" });
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("New mattress on order");
    expect(await bed(bedId)).toMatchObject({ status: "out_of_service", status_reason: "New mattress on order" });
    const events = await auditActions(t.db, { entityId: bedId });
    expect(events.at(-1)).toMatchObject({ action: "bed.status_changed", data: { status: "out_of_service" } });
    expect(JSON.stringify(events.at(-1)!.data)).not.toContain("mattress");
    await post(client, rooms(), w.owner.cookie, { intent: "set-bed-status", bedId, status: "available", reason: "" });
    expect(await bed(bedId)).toMatchObject({ status: "available", status_reason: null });
  });

  it("refuses to take an occupied bed out of service (409)", async () => {
    await expectRefused({ intent: "set-bed-status", bedId: house.bedIds[0]!, status: "out_of_service", reason: "Repairs" }, 409, "Someone lives in or is booked into this bed.");
    await expectRefused({ intent: "set-bed-status", bedId: house.bedIds[0]!, status: "closed" }, 400);
  });

  it("removes a bed that never had a stay, but not one with stays (409)", async () => {
    await expectRefused({ intent: "delete-bed", bedId: house.bedIds[0]! }, 409, "This bed has stays on record, so it cannot be removed.");
    const room2 = (await roomByName("Room 2"))!;
    const victim = (await bedsOf(room2.id)).find((b) => b.label === "E")!;
    expect((await post(client, rooms(), w.owner.cookie, { intent: "delete-bed", bedId: victim.id })).status).toBe(200);
    expect((await bedsOf(room2.id)).map((b) => b.label)).not.toContain("E");
  });

  it("answers 404 for a bed of another house, and leaves it alone", async () => {
    const theirs = otherHouse.bedIds[0]!;
    await expectRefused({ intent: "delete-bed", bedId: theirs }, 404, "That bed is not in this house.");
    await expectRefused({ intent: "update-bed", bedId: theirs, label: "Z", kind: "adult" }, 404);
    await expectRefused({ intent: "set-bed-status", bedId: theirs, status: "held", reason: "x" }, 404);
  });
});
