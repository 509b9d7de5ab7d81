import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { getStay, transferStay } from "#app/domain/admissions/stays.server";
import { getHouseOccupancy } from "#app/domain/houses/occupancy.server";
import { getHouse, listHouses } from "#app/domain/houses/houses.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import {
  addStaffNote,
  createResident,
  getMyResident,
  getResident,
  linkResidentAccount,
  listMyStays,
  listResidents,
  updateMyContact,
  updateResident,
} from "./residents.server";
import { getResidentFile } from "./directory.server";

const t = useTestDatabase();
const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

/** A resident with a portal account and a current stay. */
async function residentWithAccount(fx: OrgFixture, bedId: string) {
  const { residentId, stayId } = await makeStay(fx.owner, bedId, day(-10));
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
  const ctx: TenantContext = { orgId: fx.orgId, userId: user.id, role: "resident" };
  return { residentId, stayId, userId: user.id, ctx };
}

describe("resident profiles", () => {
  it("creates, reads (audited) and updates a profile; validation is strict", async () => {
    const fx = await makeOperator();
    const { id } = await withTenant(fx.owner, (tx) =>
      createResident(tx, {
        legalName: "  Jordan Q. Example ",
        preferredName: "JQ",
        pronouns: "they/them",
        dateOfBirth: "1990-04-12",
        email: "JQ@Example.TEST",
        emergencyContactName: "Pat Example",
        emergencyContactPhone: "215-555-0199",
        emergencyContactRelationship: "Sibling",
        recoveryStartDate: "2025-11-01",
      }),
    );
    const p = await withTenant(fx.owner, (tx) => getResident(tx, id));
    expect(p).toMatchObject({
      legalName: "Jordan Q. Example",
      displayName: "JQ",
      email: "jq@example.test",
      dateOfBirth: "1990-04-12",
      emergencyContact: { name: "Pat Example", phone: "215-555-0199", relationship: "Sibling" },
      hasAccount: false,
    });
    await withTenant(fx.owner, (tx) => updateResident(tx, id, { legalName: "Jordan Example", preferredName: "" }));
    expect((await withTenant(fx.owner, (tx) => getResident(tx, id))).displayName).toBe("Jordan Example");

    // Each input breaks exactly one rule, and the refusal names that rule's field and message.
    const refusals: [Record<string, unknown>, string | null, string | RegExp][] = [
      [{ legalName: "" }, "legalName", "Required."],
      [{ legalName: "x".repeat(121) }, "legalName", "Use at most 120 characters."],
      [{ legalName: "A", dateOfBirth: "1990-02-30" }, "dateOfBirth", "Use a date like 2026-03-01."],
      [{ legalName: "A", dateOfBirth: "1899-12-31" }, "dateOfBirth", "That date is out of range."],
      [{ legalName: "A", dateOfBirth: day(1) }, "dateOfBirth", "The date of birth cannot be in the future."],
      [{ legalName: "A", recoveryStartDate: day(1) }, "recoveryStartDate", "The recovery start date cannot be in the future."],
      [{ legalName: "A", email: "not-an-email" }, "email", "Enter an email address."],
      [{ legalName: "A", phone: "call me" }, "phone", "Enter a phone number, e.g. 215-555-0142."],
      [{ legalName: "A", notes: "sneaky" }, null, "Unexpected fields."],
    ];
    for (const [bad, field, message] of refusals) {
      await expectDomainError(withTenant(fx.owner, (tx) => createResident(tx, bad as never)), "invalid", { field, message });
    }
    // Today itself is not in the future.
    await withTenant(fx.owner, (tx) => createResident(tx, { legalName: "A", dateOfBirth: today, recoveryStartDate: today }));
    // Names stay out of the audit log.
    const audits = await sql<{ data: unknown; action: string }>`
      select action, data from audit_event where org_id = ${fx.orgId} and entity_id = ${id}`.execute(t.db);
    expect(audits.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["resident.created", "resident.viewed", "resident.updated"]));
    expect(JSON.stringify(audits.rows)).not.toMatch(/Jordan|JQ|Pat Example/);
  });

  it("judges 'not in the future' by the organization's today, not UTC's", async () => {
    // Pago Pago is 11 hours behind UTC: its tomorrow is UTC's today or tomorrow, which a
    // UTC-based rule would let through.
    const fx = await makeOperator();
    await t.db.updateTable("org").set({ time_zone: "Pacific/Pago_Pago" }).where("id", "=", fx.orgId).execute();
    const orgToday = todayIn("Pacific/Pago_Pago");
    await expectDomainError(
      withTenant(fx.owner, (tx) => createResident(tx, { legalName: "A", dateOfBirth: addDays(orgToday, 1) })),
      "invalid",
      { field: "dateOfBirth", message: "The date of birth cannot be in the future." },
    );
    const { id } = await withTenant(fx.owner, (tx) => createResident(tx, { legalName: "A", dateOfBirth: orgToday }));
    await expectDomainError(
      withTenant(fx.owner, (tx) => updateResident(tx, id, { legalName: "A", recoveryStartDate: addDays(orgToday, 1) })),
      "invalid",
      { field: "recoveryStartDate", message: "The recovery start date cannot be in the future." },
    );
  });

  it("lists current residents with their bed, and everyone with scope all", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { bedsPerRoom: 3 });
    const current = await makeStay(fx.owner, h.bedIds[0]!, day(-10));
    const planned = await makeStay(fx.owner, h.bedIds[1]!, day(4));
    const past = await makeStay(fx.owner, h.bedIds[2]!, day(-40), day(-20));
    const list = await withTenant(fx.owner, (tx) => listResidents(tx));
    expect(new Map(list.map((r) => [r.id, r.stay?.status]))).toEqual(
      new Map([
        [current.residentId, "current"],
        [planned.residentId, "planned"],
      ]),
    );
    expect(list.find((r) => r.id === current.residentId)?.stay).toMatchObject({ houseId: h.houseId, roomName: "Room 1", bedLabel: "A" });
    const all = await withTenant(fx.owner, (tx) => listResidents(tx, { scope: "all" }));
    expect(all.map((r) => r.id)).toContain(past.residentId);
    expect(all.find((r) => r.id === past.residentId)?.stay).toBeNull();
  });

  it("links a portal account only for resident members of this org", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    const { id } = await withTenant(a.owner, (tx) => createResident(tx, { legalName: "Linked Person" }));
    const staff = await makeUser({ orgId: a.orgId, role: "staff" });
    const outsider = await makeUser({ orgId: b.orgId, role: "resident" });
    await expectDomainError(withTenant(a.owner, (tx) => linkResidentAccount(tx, { residentId: id, userId: staff.id })), "invalid");
    await expectDomainError(withTenant(a.owner, (tx) => linkResidentAccount(tx, { residentId: id, userId: outsider.id })), "not_found");
    // The database refuses a user who is not a member of the org, whatever the code says.
    await expect(
      withTenant(a.owner, (tx) => tx.updateTable("resident").set({ user_id: outsider.id }).where("id", "=", id).execute()),
    ).rejects.toMatchObject({ code: "23503", constraint: "resident_membership_fk" });
    const member = await makeUser({ orgId: a.orgId, role: "resident" });
    await withTenant(a.owner, (tx) => linkResidentAccount(tx, { residentId: id, userId: member.id }));
    const { id: other } = await withTenant(a.owner, (tx) => createResident(tx, { legalName: "Someone Else" }));
    const err = await expectDomainError(withTenant(a.owner, (tx) => linkResidentAccount(tx, { residentId: other, userId: member.id })), "conflict");
    expect(err.message).toMatch(/already linked/);
  });
});

describe("staff-only notes", () => {
  it("need the residents:notes permission and are never visible to residents", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const me = await residentWithAccount(fx, h.bedIds[0]!);
    await withTenant(fx.owner, (tx) => addStaffNote(tx, "owner", { residentId: me.residentId, body: "Prefers morning check-ins." }));
    const coach = await makeMember(fx, "staff", [h.houseId]);
    await withTenant(coach.ctx, (tx) => addStaffNote(tx, "staff", { residentId: me.residentId, body: "Started a job search." }));
    // Staff read them on the resident's file, newest first.
    const notes = (await withTenant(coach.ctx, (tx) => getResidentFile(tx, "staff", me.residentId))).notes!;
    expect(notes.map((n) => n.body)).toEqual(["Started a job search.", "Prefers morning check-ins."]);
    expect(notes[0]!.authorName).toBeTruthy();

    // A role without residents:notes gets a file without notes (they are never queried).
    expect((await withTenant(me.ctx, (tx) => getResidentFile(tx, "resident", me.residentId))).notes).toBeNull();
    await expectDomainError(withTenant(me.ctx, (tx) => addStaffNote(tx, "resident", { residentId: me.residentId, body: "x" })), "forbidden");
    // Even if a route passed the wrong role, RLS shows a resident no notes at all.
    expect(await withTenant(me.ctx, (tx) => tx.selectFrom("resident_note").selectAll().execute())).toEqual([]);
    expect((await withTenant(me.ctx, (tx) => getResidentFile(tx, "owner", me.residentId))).notes).toEqual([]);
    // And the profile DTO carries no notes.
    expect(JSON.stringify(await withTenant(me.ctx, (tx) => getMyResident(tx)))).not.toMatch(/check-ins|job search/);
  });
});

describe("a resident's own view", () => {
  it("sees only their own row and stays (and the house/bed of those stays)", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 2 });
    const other = await makeHouse(fx.owner);
    const me = await residentWithAccount(fx, h.bedIds[0]!);
    const neighbour = await makeStay(fx.owner, h.bedIds[1]!, day(-3));

    const profile = await withTenant(me.ctx, (tx) => getMyResident(tx));
    expect(profile.id).toBe(me.residentId);
    const rows = await withTenant(me.ctx, async (tx) => ({
      residents: await tx.selectFrom("resident").select("id").execute(),
      stays: await tx.selectFrom("stay").select("id").execute(),
      houses: await tx.selectFrom("house").select("id").execute(),
      rooms: await tx.selectFrom("room").select("id").execute(),
      beds: await tx.selectFrom("bed").select("id").execute(),
      applications: await tx.selectFrom("application").select("id").execute(),
      assignments: await tx.selectFrom("membership_house").select("house_id").execute(),
    }));
    expect(rows).toEqual({
      residents: [{ id: me.residentId }],
      stays: [{ id: me.stayId }],
      houses: [{ id: h.houseId }],
      rooms: [{ id: h.roomIds[0] }],
      beds: [{ id: h.bedIds[0] }],
      applications: [],
      assignments: [],
    });
    await expectDomainError(withTenant(me.ctx, (tx) => getResident(tx, neighbour.residentId)), "not_found");
    await expectDomainError(withTenant(me.ctx, (tx) => getStay(tx, neighbour.stayId)), "not_found");
    expect((await withTenant(me.ctx, (tx) => listHouses(tx))).map((x) => x.id)).toEqual([h.houseId]);
    await expectDomainError(withTenant(me.ctx, (tx) => getHouse(tx, other.houseId)), "not_found");

    const stays = await withTenant(me.ctx, (tx) => listMyStays(tx));
    expect(stays).toMatchObject([{ stayId: me.stayId, roomName: "Room 1", bedLabel: "A", status: "current", moveIn: day(-10) }]);
  });

  it("may update their own contact details and nothing else", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const me = await residentWithAccount(fx, h.bedIds[0]!);
    const neighbour = await makeStay(fx.owner, h.bedIds[1]!, day(-3));
    await withTenant(me.ctx, (tx) =>
      updateMyContact(tx, {
        phone: "267-555-0142",
        email: "me@example.test",
        emergencyContactName: "A Friend",
        emergencyContactPhone: "267-555-0143",
        emergencyContactRelationship: "Friend",
      }),
    );
    const p = await withTenant(fx.owner, (tx) => getResident(tx, me.residentId));
    expect(p).toMatchObject({ phone: "267-555-0142", email: "me@example.test", emergencyContact: { relationship: "Friend" } });
    await expectDomainError(withTenant(me.ctx, (tx) => updateMyContact(tx, { legalName: "New Name" } as never)), "invalid");
    // Straight SQL as the resident: other columns are refused by the trigger…
    await expect(
      withTenant(me.ctx, (tx) => tx.updateTable("resident").set({ legal_name: "New Name" }).where("id", "=", me.residentId).execute()),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      withTenant(me.ctx, (tx) => tx.updateTable("resident").set({ user_id: null }).where("id", "=", me.residentId).execute()),
    ).rejects.toMatchObject({ code: "42501" });
    // …and other residents' rows are invisible to the update.
    const r = await withTenant(me.ctx, (tx) =>
      tx.updateTable("resident").set({ phone: "000-555-0000" }).where("id", "=", neighbour.residentId).executeTakeFirst(),
    );
    expect(r.numUpdatedRows).toBe(0n);
    // Residents cannot edit their stays either.
    const s = await withTenant(me.ctx, (tx) =>
      tx.updateTable("stay").set({ discharge_destination: "x" }).where("id", "=", me.stayId).executeTakeFirst(),
    );
    expect(s.numUpdatedRows).toBe(0n);
  });
});

describe("house-scoped staff", () => {
  it("a house manager sees residents and stays of their houses only", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const inMine = await makeStay(fx.owner, mine.bedIds[0]!, day(-5));
    const inTheirs = await makeStay(fx.owner, theirs.bedIds[0]!, day(-5));
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);

    const view = await withTenant(manager.ctx, async (tx) => ({
      residents: (await tx.selectFrom("resident").select("id").execute()).map((r) => r.id),
      stays: (await tx.selectFrom("stay").select("id").execute()).map((r) => r.id),
      houses: (await tx.selectFrom("house").select("id").execute()).map((r) => r.id),
      beds: new Set((await tx.selectFrom("bed").select("house_id").execute()).map((r) => r.house_id)),
    }));
    expect(view).toEqual({
      residents: [inMine.residentId],
      stays: [inMine.stayId],
      houses: [mine.houseId],
      beds: new Set([mine.houseId]),
    });
    await expectDomainError(withTenant(manager.ctx, (tx) => getResident(tx, inTheirs.residentId)), "not_found");
    await expectDomainError(withTenant(manager.ctx, (tx) => getStay(tx, inTheirs.stayId)), "not_found");
    expect((await withTenant(manager.ctx, (tx) => listResidents(tx))).map((r) => r.id)).toEqual([inMine.residentId]);
    const board = await withTenant(manager.ctx, (tx) => getHouseOccupancy(tx, mine.houseId));
    expect(board.rooms.flatMap((r) => r.beds).flatMap((b) => (b.occupant ? [b.occupant.stayId] : []))).toEqual([inMine.stayId]);
    await expectDomainError(withTenant(manager.ctx, (tx) => getHouseOccupancy(tx, theirs.houseId)), "not_found", { message: "House not found." });
    // Writes outside their houses touch nothing.
    const upd = await withTenant(manager.ctx, (tx) =>
      tx.updateTable("resident").set({ phone: "000-555-0000" }).where("id", "=", inTheirs.residentId).executeTakeFirst(),
    );
    expect(upd.numUpdatedRows).toBe(0n);
    await expectDomainError(
      withTenant(manager.ctx, (tx) => transferStay(tx, { stayId: inMine.stayId, toBedId: theirs.bedIds[1]!, date: day(0) })),
      "not_found",
    );
    // Unassigning the house removes access.
    const { setMembershipHouses } = await import("#app/domain/houses/houses.server");
    await withTenant(fx.owner, (tx) => setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [] }));
    expect(await withTenant(manager.ctx, (tx) => tx.selectFrom("resident").select("id").execute())).toEqual([]);
  });

  it("a manager who admits into their house sees the new resident (history stays visible after a transfer out)", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);
    const { residentId, stayId } = await makeStay(manager.ctx, mine.bedIds[0]!, day(-5));
    expect((await withTenant(manager.ctx, (tx) => getResident(tx, residentId))).id).toBe(residentId);
    await withTenant(fx.owner, (tx) => transferStay(tx, { stayId, toBedId: theirs.bedIds[0]!, date: day(0) }));
    const { stays } = await withTenant(manager.ctx, (tx) => getResidentFile(tx, "house_manager", residentId));
    expect(stays.map((s) => s.id)).toEqual([stayId]);
  });
});
