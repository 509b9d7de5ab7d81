import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { admitResident, dischargeStay } from "#app/domain/admissions/stays.server";
import { addDays, todayIn } from "#app/lib/dates";
import { cursorParam } from "#app/lib/cursor.server";
import type { Cursor } from "#app/lib/pagination";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeResident, makeStay } from "#tests/support/houses";
import { getResidentFile, searchResidents, type DirectoryEntry } from "./directory.server";
import { addStaffNote } from "./residents.server";

const t = useTestDatabase();
const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

describe("the residents directory", () => {
  it("files residents as current, planned, ended or not admitted, with the stay behind it", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4 });
    const current = await makeResident(fx.owner, { legalName: "Alma Current" });
    const upcoming = await makeResident(fx.owner, { legalName: "Bea Upcoming" });
    const former = await makeResident(fx.owner, { legalName: "Cy Former", preferredName: "Cyrus" });
    const none = await makeResident(fx.owner, { legalName: "Dee Nobed" });
    // Current now, and a later planned move: still "current", on the current bed.
    const stays = await withTenant(fx.owner, async (tx) => ({
      current: (await admitResident(tx, { residentId: current, bedId: h.bedIds[0]!, moveInDate: day(-10), expectedMoveOutDate: day(20) })).stayId,
      later: (await admitResident(tx, { residentId: current, bedId: h.bedIds[1]!, moveInDate: day(20), expectedMoveOutDate: null })).stayId,
      upcoming: (await admitResident(tx, { residentId: upcoming, bedId: h.bedIds[2]!, moveInDate: day(5), expectedMoveOutDate: null })).stayId,
      former: (await admitResident(tx, { residentId: former, bedId: h.bedIds[3]!, moveInDate: day(-90), expectedMoveOutDate: null })).stayId,
    }));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: stays.former, date: day(-2), reason: "completed_program", destination: null }));

    const list = (status: "current" | "planned" | "ended" | "all", q?: string) =>
      withTenant(fx.owner, (tx) => searchResidents(tx, { status, q }));
    const ids = async (status: "current" | "planned" | "ended" | "all", q?: string) => (await list(status, q)).items.map((r) => r.id);

    expect(await ids("current")).toEqual([current]);
    expect(await ids("planned")).toEqual([upcoming]);
    expect(await ids("ended")).toEqual([former]);
    expect(await ids("all")).toEqual([current, upcoming, former, none]); // by display name: Alma, Bea, Cyrus, Dee
    const all = (await list("all")).items;
    expect(all.map((r) => r.status)).toEqual(["current", "planned", "ended", "none"]);
    expect(all[0]!.stay).toMatchObject({ stayId: stays.current, moveIn: day(-10) });
    expect(all[2]).toMatchObject({ displayName: "Cyrus", legalName: "Cy Former", stay: { stayId: stays.former, moveOut: day(-2) } });
    expect(all[3]!.stay).toBeNull();

    // Search by legal or preferred name, case-insensitive; wildcards are literal.
    expect(await ids("all", "cyr")).toEqual([former]);
    expect(await ids("all", "FORMER")).toEqual([former]);
    expect(await ids("all", "%")).toEqual([]);
    expect(await ids("current", "bea")).toEqual([]);
    await expectDomainError(withTenant(fx.owner, (tx) => searchResidents(tx, { status: "bogus" as never })), "invalid");
  });

  it("pages by name with an id cursor: no gaps, no repeats, no names in the cursor", async () => {
    const fx = await makeOperator();
    for (let i = 0; i < 7; i++) await makeResident(fx.owner, { legalName: `Pager ${String.fromCharCode(71 - i)}` });
    // Two residents with the same display name are told apart by id.
    await makeResident(fx.owner, { legalName: "Pager D" });
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    let pages = 0;
    do {
      const page: { items: DirectoryEntry[]; next: string | null } = await withTenant(fx.owner, (tx) =>
        searchResidents(tx, { status: "all", cursor, limit: 3 }),
      );
      seen.push(...page.items.map((r) => r.displayName));
      // The cursor carries the last row's id, never a name.
      cursor = page.next ? cursorParam.parse(page.next) : null;
      if (cursor) expect(cursor).toEqual({ after: page.items.at(-1)!.id });
      if (page.next) expect(Buffer.from(page.next, "base64url").toString()).not.toMatch(/Pager/);
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(["Pager A", "Pager B", "Pager C", "Pager D", "Pager D", "Pager E", "Pager F", "Pager G"]);
    await expectDomainError(withTenant(fx.owner, (tx) => searchResidents(tx, { status: "all", cursor: { after: "garbage" } })), "invalid", {
      field: null,
      message: "Not a valid id.",
    });
  });

  it("filters by house and sorts by house or newest move-in, and keyset pages keep working in every order", async () => {
    const fx = await makeOperator();
    const aspen = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4, house: { name: `Aspen ${Date.now()}` } });
    const birch = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4, house: { name: `Birch ${Date.now()}` } });
    const stay = async (name: string, bedId: string, moveIn: string) => {
      const residentId = await makeResident(fx.owner, { legalName: name });
      await withTenant(fx.owner, (tx) => admitResident(tx, { residentId, bedId, moveInDate: moveIn, expectedMoveOutDate: null }));
      return residentId;
    };
    const zed = await stay("Zed Aspen", aspen.bedIds[0]!, day(-30));
    const amy = await stay("Amy Birch", birch.bedIds[0]!, day(-3));
    const kai = await stay("Kai Aspen", aspen.bedIds[1]!, day(-3));
    const lu = await stay("Lu Birch", birch.bedIds[1]!, day(-60));
    const bo = await stay("Bo Aspen", aspen.bedIds[2]!, day(-10));
    const none = await makeResident(fx.owner, { legalName: "Ned Nobed" });

    const all = async (opts: { houseId?: string; sort?: "name" | "house" | "move_in"; status?: "current" | "all" }, limit = 2) => {
      const out: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: { items: DirectoryEntry[]; next: string | null } = await withTenant(fx.owner, (tx) =>
          searchResidents(tx, { status: opts.status ?? "current", houseId: opts.houseId, sort: opts.sort, cursor: after ? cursorParam.parse(after) : null, limit }),
        );
        out.push(...page.items.map((r) => r.id));
        after = page.next;
        if (!after) break;
      }
      return out;
    };
    expect(await all({ houseId: aspen.houseId })).toEqual([bo, kai, zed]);
    expect(await all({ houseId: birch.houseId })).toEqual([amy, lu]);
    expect(await all({ sort: "house" })).toEqual([bo, kai, zed, amy, lu]);
    // Newest move-in first; a tie (Amy and Kai, both 3 days ago) by name.
    expect(await all({ sort: "move_in" })).toEqual([amy, kai, bo, zed, lu]);
    expect(await all({ sort: "move_in" }, 1)).toEqual([amy, kai, bo, zed, lu]);
    // Everyone: someone not yet admitted comes last by house and by move-in.
    expect((await all({ sort: "house", status: "all" }, 4)).at(-1)).toBe(none);
    expect((await all({ sort: "move_in", status: "all" }, 4)).at(-1)).toBe(none);
    await expectDomainError(withTenant(fx.owner, (tx) => searchResidents(tx, { sort: "age" as never })), "invalid");
    await expectDomainError(withTenant(fx.owner, (tx) => searchResidents(tx, { houseId: "nope" })), "invalid");
  });

  it("house-scoped staff see only residents with a stay in their houses", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const coach = await makeMember(fx, "staff", [mine.houseId]);
    const { residentId: here } = await makeStay(fx.owner, mine.bedIds[0]!, day(-3));
    const { residentId: there } = await makeStay(fx.owner, theirs.bedIds[0]!, day(-3));
    const page = await withTenant(coach.ctx, (tx) => searchResidents(tx, { status: "all" }));
    expect(page.items.map((r) => r.id)).toEqual([here]);
    await expectDomainError(withTenant(coach.ctx, (tx) => getResidentFile(tx, "staff", there)), "not_found");
  });
});

describe("a resident's file", () => {
  it("returns profile, stays, notes and the read is audited without names", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { residentId, stayId } = await makeStay(fx.owner, h.bedIds[0]!, day(-3));
    await withTenant(fx.owner, (tx) => addStaffNote(tx, "owner", { residentId, body: "Prefers morning check-ins." }));
    const file = await withTenant(fx.owner, (tx) => getResidentFile(tx, "owner", residentId));
    expect(file.stays).toMatchObject([{ id: stayId, status: "current", moveIn: day(-3), moveOut: null }]);
    expect(file.notes).toMatchObject([{ body: "Prefers morning check-ins." }]);
    expect(file.pendingInvite).toBeNull();
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "data", "actor_user_id"])
      .where("entity_id", "=", residentId)
      .where("action", "=", "resident.viewed")
      .execute();
    expect(audit).toEqual([{ action: "resident.viewed", data: { staffNotes: true }, actor_user_id: fx.ownerId }]);
    expect(JSON.stringify(audit)).not.toContain(file.profile.legalName);
  });

  it("never queries staff notes for a role without residents:notes", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, day(-3));
    await withTenant(fx.owner, (tx) => addStaffNote(tx, "owner", { residentId, body: "Staff only." }));
    // An owner's transaction, but asked as a role that lacks the permission.
    const file = await withTenant(fx.owner, (tx) => getResidentFile(tx, "resident", residentId));
    expect(file.notes).toBeNull();
    expect(JSON.stringify(file)).not.toContain("Staff only.");
    await expectDomainError(withTenant(fx.owner, (tx) => getResidentFile(tx, "owner", "not-a-uuid")), "invalid");
  });
});
