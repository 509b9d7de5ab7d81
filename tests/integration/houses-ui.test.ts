import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { getHouse } from "#app/domain/houses/houses.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay } from "#tests/support/houses";
import { auditActions, flashFrom, followCookie, visibleText } from "./helpers";
import { formWith, get, houseCounts, houseForm, makeOperatorWorld, post, type OperatorWorld, type Person } from "./house-pages";

/** The houses list, the house form (new + edit), archiving and staff assignments. */

const t = useTestDatabase();
const client = useTestServer();

let w: OperatorWorld;
let admin: Person;
let manager: Person;
let spareManager: Person;
let coach: Person;
let resident: Person;
let houseA: Awaited<ReturnType<typeof makeHouse>>;
let houseB: Awaited<ReturnType<typeof makeHouse>>;
const base = () => `/o/${w.org.slug}/houses`;

beforeAll(async () => {
  w = await makeOperatorWorld();
  admin = await w.people("admin");
  manager = await w.people("house_manager", "Maya Manager");
  spareManager = await w.people("house_manager", "Sol Spare");
  coach = await w.people("staff", "Casey Coach");
  resident = await w.people("resident");
  houseA = await makeHouse(w.owner.ctx, { rooms: 2, bedsPerRoom: 2, house: { name: "Aspen House", populations: ["women", "veterans"], narrLevel: 3 } });
  houseB = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 3, house: { name: "Birch House" } });
  await post(client, `${base()}/${houseA.houseId}/edit`, w.owner.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: [manager.membershipId, coach.membershipId] }));
  const today = todayIn("America/New_York");
  await makeStay(w.owner.ctx, houseA.bedIds[0]!, addDays(today, -20));
  await makeStay(w.owner.ctx, houseA.bedIds[1]!, addDays(today, -3), addDays(today, 30));
});

describe("houses list", () => {
  it("shows every house with level, populations, beds, occupancy and the add link to an owner", async () => {
    const { status, html } = await get(client, base(), w.owner.cookie);
    expect(status).toBe(200);
    expect(html).toMatch(/<h1[^>]*>Houses<\/h1>/);
    const text = visibleText(html);
    expect(text).toContain("Aspen House");
    expect(text).toContain("Birch House");
    expect(text).toContain("Level III — supervised");
    expect(text).toContain("Women, Veterans");
    expect(text).toContain("Add a house");
    // Aspen: 4 beds, 2 occupied, 2 vacant, 50%.
    const row = html.match(/<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Aspen House[\s\S]*?<\/tr>/)![0];
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => visibleText(m[1]!).trim());
    expect(cells).toEqual(["Level III — supervised", "Women, Veterans", "4", "2", "2", "50%", "Active"]);
    expect(html).toContain(`href="${base()}/${houseA.houseId}"`);
    expect(html).toMatch(/<caption[^>]*>/);
  });

  it("shows house managers and staff only their assigned houses; only the manager may add one", async () => {
    for (const who of [manager, coach]) {
      const text = visibleText((await get(client, base(), who.cookie)).html);
      expect(text).toContain("Aspen House");
      expect(text).not.toContain("Birch House");
    }
    expect((await get(client, base(), manager.cookie)).html).toContain(`href="${base()}/new"`);
    const staffView = await get(client, base(), coach.cookie);
    expect(visibleText(staffView.html)).not.toContain("Add a house");
    expect(staffView.html).not.toContain(`href="${base()}/new"`);
  });

  it("tells an unassigned house manager what to do: add a house they run, or ask to be assigned", async () => {
    const { status, html } = await get(client, base(), spareManager.cookie);
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain("You aren't assigned to a house yet");
    expect(text).toContain("ask an owner or administrator to assign you");
    expect(html).toContain(`href="${base()}/new"`);
    const overview = await get(client, `/o/${w.org.slug}/today`, spareManager.cookie);
    expect(visibleText(overview.html)).toContain("You aren't assigned to a house yet");
    expect(overview.html).toContain(`href="${base()}/new"`);
  });

  it("has an empty state that says what to do for a new org", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const { status, html } = await get(client, `/o/${org.slug}/houses`, await sessionCookieFor(owner.id));
    expect(status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain("No houses yet");
    expect(text).toContain("Add your first house");
    expect(html).toContain(`href="/o/${org.slug}/houses/new"`);
  });

  it("refuses residents (403) and rejects an unknown filter (400)", async () => {
    expect((await get(client, base(), resident.cookie)).status).toBe(403);
    expect((await get(client, `${base()}?show=everything`, w.owner.cookie)).status).toBe(400);
  });
});

describe("adding a house", () => {
  it("creates a house from the form, in the org's time zone by default, and goes on to its rooms", async () => {
    const before = await houseCounts(t.db);
    const body = formWith(houseForm({ name: "Cedar House", timeZone: "" }), { populations: ["men", "moud_supportive"] });
    const { status, res } = await post(client, `${base()}/new`, admin.cookie, body);
    expect(status).toBe(302);
    const row = await t.db.selectFrom("house").selectAll().where("name", "=", "Cedar House").executeTakeFirstOrThrow();
    expect(res.headers.get("location")).toBe(`${base()}/${row.id}/rooms`);
    expect(flashFrom(res)).toBe("hearth_flash=created");
    expect(row).toMatchObject({ org_id: w.org.id, time_zone: "America/New_York", narr_level: 2, populations: ["men", "moud_supportive"], phone: "215-555-0199", bathroom_count: 2 });
    expect((await houseCounts(t.db)).houses).toBe(before.houses + 1);
    expect((await auditActions(t.db, { entityId: row.id })).map((a) => a.action)).toEqual(["house.created"]);
    // The rooms page picks up from there.
    const next = await get(client, res.headers.get("location")!, followCookie(admin.cookie, res));
    expect(next.status).toBe(200);
    expect(visibleText(next.html)).toContain("House added. Next, add its rooms and beds.");
  });

  it("accepts a single population (one checkbox) and a chosen time zone", async () => {
    const body = formWith(houseForm({ name: "Dogwood House", timeZone: "America/Chicago" }), { populations: ["women"] });
    expect((await post(client, `${base()}/new`, w.owner.cookie, body)).status).toBe(302);
    const row = await t.db.selectFrom("house").select(["populations", "time_zone"]).where("name", "=", "Dogwood House").executeTakeFirstOrThrow();
    expect(row).toEqual({ populations: ["women"], time_zone: "America/Chicago" });
  });

  it.each([
    ["no population chosen", houseForm({ name: "Elm House" }), [], "Choose at least one population served."],
    ["an unknown population", houseForm({ name: "Elm House" }), ["martians"], "Choose from the list."],
    ["a blank name", houseForm({ name: "  " }), ["men"], "Required."],
    ["an empty city", houseForm({ name: "Elm House", city: "" }), ["men"], "Required."],
    ["a bad postal code", houseForm({ name: "Elm House", postalCode: "!" }), ["men"], "Enter a postal code."],
    ["a level out of range", houseForm({ name: "Elm House", narrLevel: "7" }), ["men"], "Choose a support level from I to IV."],
    ["a bad time zone", houseForm({ name: "Elm House", timeZone: "Mars/Olympus" }), ["men"], "Choose a time zone such as America/New_York."],
    ["a bad phone", houseForm({ name: "Elm House", phone: "call me" }), ["men"], "Enter a phone number"],
    ["too many bathrooms", houseForm({ name: "Elm House", bathroomCount: "51" }), ["men"], "Enter a number of bathrooms from 0 to 50."],
    ["a fractional bathroom count", houseForm({ name: "Elm House", bathroomCount: "1.5" }), ["men"], "Enter a whole number of bathrooms."],
    ["an oversized name", houseForm({ name: "x".repeat(121) }), ["men"], "Use at most 120 characters."],
    ["an unexpected field", { ...houseForm({ name: "Elm House" }), capacity: "40" }, ["men"], ""],
  ])("refuses %s with 400 and writes nothing", async (_label, fields, populations, message) => {
    const before = await houseCounts(t.db);
    const { status, html } = await post(client, `${base()}/new`, w.owner.cookie, formWith(fields, { populations }));
    expect(status).toBe(400);
    if (message) expect(visibleText(html)).toContain(message);
    expect(await houseCounts(t.db)).toEqual(before);
  });

  it("refuses a duplicate name with 409 on the name field and writes nothing", async () => {
    const before = await houseCounts(t.db);
    const { status, html } = await post(client, `${base()}/new`, w.owner.cookie, formWith(houseForm({ name: "aspen house" }), { populations: ["men"] }));
    expect(status).toBe(409);
    expect(visibleText(html)).toContain("A house with this name already exists.");
    expect(await houseCounts(t.db)).toEqual(before);
  });

  it("refuses staff and residents (403) and writes nothing", async () => {
    expect((await get(client, `${base()}/new`, admin.cookie)).status).toBe(200);
    for (const who of [coach, resident]) {
      expect((await get(client, `${base()}/new`, who.cookie)).status).toBe(403);
      const before = await houseCounts(t.db);
      const { status } = await post(client, `${base()}/new`, who.cookie, formWith(houseForm({ name: "Sneaky House" }), { populations: ["men"] }));
      expect(status).toBe(403);
      expect(await houseCounts(t.db)).toEqual(before);
    }
  });

  it("lets a house manager add a house: they are assigned to it, land on its rooms and add 2 rooms × 3 beds", async () => {
    const nia = await w.people("house_manager", "Nia Newhouse");
    expect((await get(client, `${base()}/new`, nia.cookie)).status).toBe(200);
    const created = await post(client, `${base()}/new`, nia.cookie, formWith(houseForm({ name: "Fir House" }), { populations: ["women"] }));
    expect(created.status).toBe(302);
    const row = await t.db.selectFrom("house").select(["id", "created_by"]).where("name", "=", "Fir House").executeTakeFirstOrThrow();
    expect(row.created_by).toBe(nia.userId);
    const roomsPage = `${base()}/${row.id}/rooms`;
    expect(created.res.headers.get("location")).toBe(roomsPage);
    expect(await t.db.selectFrom("membership_house").select("membership_id").where("house_id", "=", row.id).execute()).toEqual([
      { membership_id: nia.membershipId },
    ]);
    expect((await auditActions(t.db, { entityId: row.id })).map((a) => a.action)).toEqual(["house.created", "house.staff_set"]);

    const landing = await get(client, roomsPage, followCookie(nia.cookie, created.res));
    expect(landing.status).toBe(200);
    expect(visibleText(landing.html)).toContain("House added. Next, add its rooms and beds.");
    // A one-time message: the page clears it, and a reload or a bookmark does not show it again.
    expect(landing.res.headers.getSetCookie()).toContain("hearth_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    expect(visibleText((await get(client, roomsPage, nia.cookie)).html)).not.toContain("House added.");
    for (const name of ["Room 1", "Room 2"]) {
      const added = await post(client, roomsPage, nia.cookie, { intent: "add-room", name });
      expect(added.status).toBe(200);
      expect(visibleText(added.html)).toContain(`${name} added. Now add its beds.`);
      const room = await t.db.selectFrom("room").select("id").where("house_id", "=", row.id).where("name", "=", name).executeTakeFirstOrThrow();
      const beds = await post(client, roomsPage, nia.cookie, { intent: "add-beds", roomId: room.id, count: "3", labelStyle: "letters", kind: "adult" });
      expect(beds.status).toBe(200);
      expect(visibleText(beds.html)).toContain("Added 3 beds: A, B, C.");
    }
    const after = await get(client, roomsPage, nia.cookie);
    expect(visibleText(after.html)).toContain("Fir House: 2 rooms, 6 beds.");
    const listed = await get(client, base(), nia.cookie);
    const cells = [...listed.html.match(/<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Fir House[\s\S]*?<\/tr>/)![0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
      visibleText(m[1]!).trim(),
    );
    expect(cells).toEqual(["Level II — monitored", "Women", "6", "0", "6", "0%", "Active"]);
    expect(visibleText(listed.html)).not.toContain("Aspen House");
    // Nobody else was assigned; other house managers still cannot see it.
    expect((await get(client, `${base()}/${row.id}`, manager.cookie)).status).toBe(404);
    expect((await get(client, roomsPage, manager.cookie)).status).toBe(404);
  });

  it("renders an accessible form: labelled fields, populations in a fieldset with a legend, no capacity field", async () => {
    const { html } = await get(client, `${base()}/new`, w.owner.cookie);
    expect(html).toMatch(/<fieldset[^>]*><legend[^>]*>Who the house serves<\/legend>/);
    expect(html).toMatch(/<label[^>]*for="[^"]+"[^>]*>House name<\/label>/);
    expect(html).toMatch(/<option value="America\/New_York" selected="">/);
    expect(html).not.toMatch(/name="capacity"/);
    expect((html.match(/<h1[\s>]/g) ?? []).length).toBe(1);
  });
});

describe("editing a house", () => {
  const edit = () => `${base()}/${houseB.houseId}/edit`;

  it("shows the house's values and saves changes", async () => {
    const page = await get(client, edit(), w.owner.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="Birch House"');
    const { status, html } = await post(
      client,
      edit(),
      w.owner.cookie,
      formWith(houseForm({ name: "Birch House North", narrLevel: "1", timeZone: "America/Denver", phone: "", bathroomCount: "3" }), { populations: ["young_adults"] }),
    );
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("House details saved.");
    const house = await withTenant(w.owner.ctx, (tx) => getHouse(tx, houseB.houseId));
    expect(house).toMatchObject({ name: "Birch House North", narrLevel: 1, timeZone: "America/Denver", phone: null, populations: ["young_adults"], bathroomCount: 3 });
    // The form shows the saved count, and an empty field clears it.
    expect((await get(client, edit(), w.owner.cookie)).html).toMatch(/name="bathroomCount"[^>]*value="3"|value="3"[^>]*name="bathroomCount"/);
    await post(client, edit(), w.owner.cookie, formWith(houseForm({ name: "Birch House North", bathroomCount: "" }), { populations: ["young_adults"] }));
    expect((await withTenant(w.owner.ctx, (tx) => getHouse(tx, houseB.houseId))).bathroomCount).toBeNull();
  });

  it("refuses bad input with 400 and changes nothing", async () => {
    const before = await t.db.selectFrom("house").selectAll().where("id", "=", houseB.houseId).executeTakeFirstOrThrow();
    const { status } = await post(client, edit(), w.owner.cookie, formWith(houseForm({ name: "" }), { populations: ["men"] }));
    expect(status).toBe(400);
    expect(await t.db.selectFrom("house").selectAll().where("id", "=", houseB.houseId).executeTakeFirstOrThrow()).toEqual(before);
  });

  it("archives a house without residents, hides it from the list unless asked, and reactivates it", async () => {
    const archived = await post(client, edit(), w.owner.cookie, { intent: "set-house-status", status: "inactive" });
    expect(archived.status).toBe(200);
    expect(visibleText(archived.html)).toContain("The house is archived.");
    expect((await t.db.selectFrom("house").select("status").where("id", "=", houseB.houseId).executeTakeFirstOrThrow()).status).toBe("inactive");

    const active = visibleText((await get(client, base(), w.owner.cookie)).html);
    expect(active).not.toContain("Birch House North");
    const all = await get(client, `${base()}?show=all`, w.owner.cookie);
    const allText = visibleText(all.html);
    expect(allText).toContain("Birch House North");
    expect(allText).toContain("Archived");
    // Active houses come first.
    expect(allText.indexOf("Aspen House")).toBeLessThan(allText.indexOf("Birch House North"));

    expect(visibleText((await get(client, edit(), w.owner.cookie)).html)).toContain("Reactivate house");
    const back = await post(client, edit(), w.owner.cookie, { intent: "set-house-status", status: "active" });
    expect(back.status).toBe(200);
    expect((await t.db.selectFrom("house").select("status").where("id", "=", houseB.houseId).executeTakeFirstOrThrow()).status).toBe("active");
  });

  it("refuses to archive a house with residents (409, with the reason) and leaves it active", async () => {
    const before = await houseCounts(t.db);
    const { status, html } = await post(client, `${base()}/${houseA.houseId}/edit`, w.owner.cookie, { intent: "set-house-status", status: "inactive" });
    expect(status).toBe(409);
    expect(visibleText(html)).toContain("This house has current residents or planned move-ins.");
    expect((await t.db.selectFrom("house").select("status").where("id", "=", houseA.houseId).executeTakeFirstOrThrow()).status).toBe("active");
    expect(await houseCounts(t.db)).toEqual(before);
  });

  it("refuses an unknown intent or status with 400", async () => {
    expect((await post(client, edit(), w.owner.cookie, { intent: "delete-everything" })).status).toBe(400);
    expect((await post(client, edit(), w.owner.cookie, { intent: "set-house-status", status: "demolished" })).status).toBe(400);
  });

  it("refuses staff (403), answers 404 to a house manager for a house they are not assigned to, and 404 for garbage or unknown ids", async () => {
    const before = await houseCounts(t.db);
    for (const who of [coach, resident]) {
      expect((await get(client, `${base()}/${houseA.houseId}/edit`, who.cookie)).status).toBe(403);
      expect((await post(client, `${base()}/${houseA.houseId}/edit`, who.cookie, { intent: "set-house-status", status: "inactive" })).status).toBe(403);
      expect((await get(client, `${base()}/${houseA.houseId}/rooms`, who.cookie)).status).toBe(403);
      expect((await post(client, `${base()}/${houseA.houseId}/rooms`, who.cookie, { intent: "add-room", name: "Attic" })).status).toBe(403);
    }
    // Birch House is not the manager's.
    const birch = await t.db.selectFrom("house").selectAll().where("id", "=", houseB.houseId).executeTakeFirstOrThrow();
    expect((await get(client, edit(), manager.cookie)).status).toBe(404);
    expect((await post(client, edit(), manager.cookie, { intent: "set-house-status", status: "inactive" })).status).toBe(404);
    expect((await post(client, edit(), manager.cookie, formWith(houseForm({ name: "Mine Now" }), { populations: ["men"] }))).status).toBe(404);
    expect(await t.db.selectFrom("house").selectAll().where("id", "=", houseB.houseId).executeTakeFirstOrThrow()).toEqual(birch);
    expect(await houseCounts(t.db)).toEqual(before);
    expect((await get(client, `${base()}/not-a-uuid/edit`, w.owner.cookie)).status).toBe(404);
    expect((await get(client, `${base()}/00000000-0000-4000-8000-000000000000/edit`, w.owner.cookie)).status).toBe(404);
    const { status } = await post(client, `${base()}/00000000-0000-4000-8000-000000000000/edit`, w.owner.cookie, formWith(houseForm({ name: "Ghost" }), { populations: ["men"] }));
    expect(status).toBe(404);
  });
});

describe("house managers in the houses they run", () => {
  it("edit details, archive and reactivate, without the staff section (assigning people is for owners and admins: 403)", async () => {
    const omar = await w.people("house_manager", "Omar Oakley");
    const created = await post(client, `${base()}/new`, omar.cookie, formWith(houseForm({ name: "Hemlock House" }), { populations: ["men"] }));
    expect(created.status).toBe(302);
    const { id } = await t.db.selectFrom("house").select("id").where("name", "=", "Hemlock House").executeTakeFirstOrThrow();
    const edit = `${base()}/${id}/edit`;

    const page = await get(client, edit, omar.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="Hemlock House"');
    expect(visibleText(page.html)).toContain("Archive house");
    expect(page.html).not.toContain("Who works in this house");
    expect(page.html).not.toContain('name="membershipIds"');
    expect(page.html).not.toContain(spareManager.name);

    const saved = await post(client, edit, omar.cookie, formWith(houseForm({ name: "Hemlock House", phone: "215-555-0188", narrLevel: "3" }), { populations: ["men", "veterans"] }));
    expect(saved.status).toBe(200);
    expect(visibleText(saved.html)).toContain("House details saved.");
    expect(await withTenant(omar.ctx, (tx) => getHouse(tx, id))).toMatchObject({ phone: "215-555-0188", narrLevel: 3, populations: ["men", "veterans"] });

    expect((await post(client, edit, omar.cookie, { intent: "set-house-status", status: "inactive" })).status).toBe(200);
    expect((await t.db.selectFrom("house").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("inactive");
    expect((await post(client, edit, omar.cookie, { intent: "set-house-status", status: "active" })).status).toBe(200);
    expect((await t.db.selectFrom("house").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("active");

    // Assigning people: refused outright, for their own house and for one they work in.
    const before = await houseCounts(t.db);
    for (const path of [edit, `${base()}/${houseA.houseId}/edit`]) {
      const res = await post(client, path, omar.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: [omar.membershipId, spareManager.membershipId] }));
      expect(res.status).toBe(403);
    }
    const res = await post(client, `${base()}/${houseA.houseId}/edit`, manager.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: [spareManager.membershipId] }));
    expect(res.status).toBe(403);
    // Even a request that RLS alone would turn into "no changes" (an empty list: nothing they may delete) is refused.
    for (const ids of [[], [omar.membershipId]]) {
      expect((await post(client, edit, omar.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: ids }))).status).toBe(403);
    }
    expect(await houseCounts(t.db)).toEqual(before);
    expect(await t.db.selectFrom("membership_house").select("membership_id").where("house_id", "=", id).execute()).toEqual([{ membership_id: omar.membershipId }]);

    // The owner sees the house with its manager assigned, and may change that.
    const ownerView = await get(client, edit, w.owner.cookie);
    expect(ownerView.html).toMatch(/<legend[^>]*>Who works in this house<\/legend>/);
    expect(ownerView.html.match(new RegExp(`<input[^>]*value="${omar.membershipId}"[^>]*>`))?.[0]).toContain("checked");
  });

  it("answer 404 for the rooms and edit pages of houses they are not assigned to, and 200 for theirs", async () => {
    expect((await get(client, `${base()}/${houseA.houseId}/edit`, manager.cookie)).status).toBe(200);
    expect((await get(client, `${base()}/${houseA.houseId}/rooms`, manager.cookie)).status).toBe(200);
    for (const path of [`${base()}/${houseB.houseId}/edit`, `${base()}/${houseB.houseId}/rooms`, `${base()}/${houseB.houseId}`]) {
      expect((await get(client, path, manager.cookie)).status, path).toBe(404);
    }
    const board = await get(client, `${base()}/${houseA.houseId}`, manager.cookie);
    expect(board.html).toContain(`href="${base()}/${houseA.houseId}/rooms"`);
    expect(board.html).toContain(`href="${base()}/${houseA.houseId}/edit"`);
    const staffBoard = await get(client, `${base()}/${houseA.houseId}`, coach.cookie);
    expect(staffBoard.status).toBe(200);
    expect(staffBoard.html).not.toContain(`href="${base()}/${houseA.houseId}/rooms"`);
    expect(staffBoard.html).not.toContain(`href="${base()}/${houseA.houseId}/edit"`);
  });
});

describe("assigning house managers and staff", () => {
  const edit = () => `${base()}/${houseA.houseId}/edit`;

  it("lists house managers and staff with the assigned ones checked", async () => {
    const { html } = await get(client, edit(), w.owner.cookie);
    expect(html).toMatch(/<legend[^>]*>Who works in this house<\/legend>/);
    const box = (m: Person) => html.match(new RegExp(`<input[^>]*value="${m.membershipId}"[^>]*>`))?.[0] ?? "";
    expect(box(manager)).toContain("checked");
    expect(box(coach)).toContain("checked");
    expect(box(spareManager)).not.toContain("checked");
    expect(box(spareManager)).not.toBe("");
    expect(box(w.owner)).toBe(""); // owners see every house; they are not listed
  });

  it("assigns and unassigns: the newly assigned manager sees the board, the removed one gets 404", async () => {
    expect((await get(client, `${base()}/${houseA.houseId}`, spareManager.cookie)).status).toBe(404);
    const { status, html } = await post(client, edit(), w.owner.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: [spareManager.membershipId, coach.membershipId] }));
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("Staff assignments saved.");
    expect((await get(client, `${base()}/${houseA.houseId}`, spareManager.cookie)).status).toBe(200);
    expect((await get(client, `${base()}/${houseA.houseId}`, manager.cookie)).status).toBe(404);
    const events = await auditActions(t.db, { entityId: houseA.houseId });
    expect(events.filter((e) => e.action !== "resident.listed").at(-1)).toMatchObject({ action: "house.staff_set", data: { added: [spareManager.membershipId], removed: [manager.membershipId] } });
    // Put things back for the other tests.
    await post(client, edit(), w.owner.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: [manager.membershipId, coach.membershipId] }));
    expect((await get(client, `${base()}/${houseA.houseId}`, manager.cookie)).status).toBe(200);
  });

  it("refuses to assign someone who is not a house manager or staff (400) and writes nothing", async () => {
    const before = await houseCounts(t.db);
    for (const ids of [[admin.membershipId], [resident.membershipId], [manager.membershipId, "not-a-uuid"], ["00000000-0000-4000-8000-000000000000"]]) {
      const { status } = await post(client, edit(), w.owner.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: ids }));
      expect(status).toBe(400);
    }
    expect(await houseCounts(t.db)).toEqual(before);
  });

  it("never assigns a member of another org", async () => {
    const other = await makeOperatorWorld();
    const theirs = await other.people("house_manager");
    const before = await houseCounts(t.db);
    const { status } = await post(client, edit(), w.owner.cookie, formWith({ intent: "set-house-staff" }, { membershipIds: [theirs.membershipId] }));
    expect(status).toBe(400);
    expect(await houseCounts(t.db)).toEqual(before);
  });
});
