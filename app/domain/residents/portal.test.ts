import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withPlatform, withTenant, type TenantContext } from "#app/db/tenant.server";
import { admitResident, dischargeStay } from "#app/domain/admissions/stays.server";
import { acceptInvite } from "#app/domain/members/invites.server";
import { addDays, todayIn } from "#app/lib/dates";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import { useTestDatabase } from "#tests/support/db";
import { makeUser, testPasswordHash, uniqueEmail } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeResident, makeStay, type OrgFixture } from "#tests/support/houses";
import { createResidentInvite } from "./portal-invite.server";
import { listMyHouseManagers, myHomePlaces } from "./portal.server";
import { getMyResident, linkResidentAccount, listMyStays } from "./residents.server";

const t = useTestDatabase();
const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

async function linkedResident(fx: OrgFixture, residentId: string): Promise<TenantContext> {
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
  return { orgId: fx.orgId, userId: user.id, role: "resident" };
}

describe("a resident's view of their house managers (RLS, migration 0004)", () => {
  it("sees the managers of their current and planned houses — and nothing else of the team", async () => {
    const fx = await makeOperator();
    const home = await makeHouse(fx.owner);
    const next = await makeHouse(fx.owner);
    const past = await makeHouse(fx.owner);
    const other = await makeHouse(fx.owner);
    const homeManager = await makeMember(fx, "house_manager", [home.houseId]);
    const nextManager = await makeMember(fx, "house_manager", [next.houseId, other.houseId]);
    const pastManager = await makeMember(fx, "house_manager", [past.houseId]);
    const otherManager = await makeMember(fx, "house_manager", [other.houseId]);
    const coach = await makeMember(fx, "staff", [home.houseId]);

    // Past stay in `past`, current stay in `home`, planned move to `next`.
    const { residentId, stayId: pastStay } = await makeStay(fx.owner, past.bedIds[0]!, day(-60));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: pastStay, date: day(-30), reason: "other", destination: null }));
    const current = await withTenant(fx.owner, async (tx) => {
      const a = await admitResident(tx, { residentId, bedId: home.bedIds[0]!, moveInDate: day(-29), expectedMoveOutDate: day(10) });
      const b = await admitResident(tx, { residentId, bedId: next.bedIds[0]!, moveInDate: day(10), expectedMoveOutDate: null });
      return { current: a.stayId, planned: b.stayId };
    });
    const me = await linkedResident(fx, residentId);
    // Another resident in the same house, with an account.
    const { residentId: neighbourId } = await makeStay(fx.owner, home.bedIds[1]!, day(-5));
    await linkedResident(fx, neighbourId);

    const managers = await withTenant(me, (tx) => listMyHouseManagers(tx));
    const names = async (userId: string) =>
      (await t.db.selectFrom("app_user").select("name").where("id", "=", userId).executeTakeFirstOrThrow()).name;
    expect(managers.map((m) => [m.stayId, m.name]).sort()).toEqual(
      [
        [current.current, await names(homeManager.userId)],
        [current.planned, await names(nextManager.userId)],
      ].sort(),
    );

    // What the new policies open up, table by table: own membership + those two managers;
    // membership_house rows of the current and planned houses only.
    const visible = await withTenant(me, async (tx) => ({
      memberships: (await tx.selectFrom("membership").select(["id", "user_id", "role"]).execute()).map((m) => m.user_id).sort(),
      assignments: (await tx.selectFrom("membership_house").select(["house_id", "membership_id"]).execute()).map((a) => a.house_id),
    }));
    expect(visible.memberships).toEqual([me.userId, homeManager.userId, nextManager.userId].sort());
    expect(new Set(visible.assignments)).toEqual(new Set([home.houseId, next.houseId]));
    for (const hidden of [pastManager.userId, otherManager.userId, coach.userId, fx.ownerId]) expect(visible.memberships).not.toContain(hidden);

    // Nothing changes for other roles: a house manager still sees only their own assignments.
    const managerSees = await withTenant(homeManager.ctx, (tx) => tx.selectFrom("membership_house").select("house_id").execute());
    expect(managerSees.map((a) => a.house_id)).toEqual([home.houseId]);
    expect(await withTenant(homeManager.ctx, (tx) => listMyHouseManagers(tx))).toEqual([]);

    // The portal home's one statement (issue 15) reads the same: every stay newest first, each with its house's managers.
    const places = await withTenant(me, (tx) => myHomePlaces(tx));
    const stays = await withTenant(me, (tx) => listMyStays(tx));
    expect(places.stays.map(({ managers: _, ...s }) => s)).toEqual(stays);
    expect(places.stays.map((s) => [s.stayId, s.managers.map((m) => m.name)])).toEqual(
      stays.map((s) => [s.stayId, managers.filter((m) => m.stayId === s.stayId).map((m) => m.name)]),
    );
    expect(places.stays.find((s) => s.stayId === current.current)?.managers).toHaveLength(1);

    // The resident's own record and stays are still theirs only.
    expect((await withTenant(me, (tx) => getMyResident(tx))).id).toBe(residentId);
    expect((await withTenant(me, (tx) => listMyStays(tx))).map((s) => s.status).sort()).toEqual(["current", "ended", "planned"]);
  });

  it("a resident without a linked record, or of another org, sees no managers", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    await makeMember(fx, "house_manager", [h.houseId]);
    await makeStay(fx.owner, h.bedIds[0]!, day(-3));
    const unlinked = await makeUser({ orgId: fx.orgId, role: "resident" });
    const ctx: TenantContext = { orgId: fx.orgId, userId: unlinked.id, role: "resident" };
    expect(await withTenant(ctx, (tx) => listMyHouseManagers(tx))).toEqual([]);
    expect(await withTenant(ctx, (tx) => tx.selectFrom("membership").select("user_id").execute())).toEqual([{ user_id: unlinked.id }]);
    expect(await withTenant(ctx, (tx) => tx.selectFrom("membership_house").select("house_id").execute())).toEqual([]);

    const b = await makeOperator();
    const bHouse = await makeHouse(b.owner);
    const { residentId } = await makeStay(b.owner, bHouse.bedIds[0]!, day(-3));
    const bResident = await linkedResident(b, residentId);
    const seen = await withTenant(bResident, (tx) => tx.selectFrom("membership").select("org_id").execute());
    expect(seen.every((m) => m.org_id === b.orgId)).toBe(true);
  });
});

describe("portal invitations for a resident record", () => {
  async function accept(token: string, name = "New Resident") {
    const passwordHash = await testPasswordHash();
    return withPlatform({}, (tx) => acceptInvite(tx, token, { kind: "new", name, passwordHash }));
  }
  const tokenOfLatestInvite = async (residentId: string) => {
    // The email holds the token; here we replace the stored hash with one we know.
    const token = generateToken();
    const row = await t.db
      .selectFrom("invite")
      .select("id")
      .where("resident_id", "=", residentId)
      .where("revoked_at", "is", null)
      .where("accepted_at", "is", null)
      .executeTakeFirstOrThrow();
    await t.db.updateTable("invite").set({ token_hash: hashToken(token) }).where("id", "=", row.id).execute();
    return token;
  };

  it("creates a resident-role invite naming the record; accepting links the new account to it", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const email = uniqueEmail("portal");
    const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, day(-3));
    await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ email }).where("id", "=", residentId).execute());
    await withTenant(fx.owner, (tx) => createResidentInvite(tx, { residentId, invitedBy: fx.ownerId }));
    // A second invitation replaces the first.
    await withTenant(fx.owner, (tx) => createResidentInvite(tx, { residentId, invitedBy: fx.ownerId }));
    const invites = await t.db.selectFrom("invite").select(["role", "email", "resident_id", "revoked_at"]).where("resident_id", "=", residentId).execute();
    expect(invites).toHaveLength(2);
    expect(invites.filter((i) => !i.revoked_at)).toEqual([{ role: "resident", email, resident_id: residentId, revoked_at: null }]);

    const { userId } = await accept(await tokenOfLatestInvite(residentId));
    const row = await t.db.selectFrom("resident").select("user_id").where("id", "=", residentId).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(userId);
    const audits = await t.db.selectFrom("audit_event").select(["action", "actor_user_id", "data"]).where("org_id", "=", fx.orgId).where("entity_id", "=", residentId).execute();
    expect(audits.map((a) => a.action)).toContain("resident.account_linked");
    expect(JSON.stringify(await t.db.selectFrom("audit_event").select("data").where("org_id", "=", fx.orgId).execute())).not.toContain(email);

    // The resident now sees their own record.
    const me: TenantContext = { orgId: fx.orgId, userId, role: "resident" };
    expect((await withTenant(me, (tx) => getMyResident(tx))).id).toBe(residentId);
    // …and cannot be invited again.
    await expectDomainError(withTenant(fx.owner, (tx) => createResidentInvite(tx, { residentId, invitedBy: fx.ownerId })), "conflict");
  });

  it("refuses to link a record that got an account in the meantime; nothing is written", async () => {
    const fx = await makeOperator();
    const residentId = await makeResident(fx.owner, { email: uniqueEmail("race") });
    await withTenant(fx.owner, (tx) => createResidentInvite(tx, { residentId, invitedBy: fx.ownerId }));
    const token = await tokenOfLatestInvite(residentId);
    const other = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: other.id }));
    const before = await sql<{ n: number }>`select (select count(*) from membership)::int + (select count(*) from app_user)::int as n`.execute(t.db);
    await expect(accept(token)).rejects.toMatchObject({ name: "DomainError", kind: "conflict", message: "This invitation can no longer be used. Ask for a new one." });
    const after = await sql<{ n: number }>`select (select count(*) from membership)::int + (select count(*) from app_user)::int as n`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect((await t.db.selectFrom("resident").select("user_id").where("id", "=", residentId).executeTakeFirstOrThrow()).user_id).toBe(other.id);
  });

  it("needs an email on file and a visible record; house managers invite only residents of their houses", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);
    const { residentId: here } = await makeStay(fx.owner, mine.bedIds[0]!, day(-3));
    const { residentId: there } = await makeStay(fx.owner, theirs.bedIds[0]!, day(-3));
    await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ email: uniqueEmail("r") }).where("id", "in", [here, there]).execute());
    const noEmail = await makeResident(fx.owner, { email: null });

    await withTenant(manager.ctx, (tx) => createResidentInvite(tx, { residentId: here, invitedBy: manager.userId }));
    await expectDomainError(withTenant(manager.ctx, (tx) => createResidentInvite(tx, { residentId: there, invitedBy: manager.userId })), "not_found");
    await expectDomainError(withTenant(fx.owner, (tx) => createResidentInvite(tx, { residentId: noEmail, invitedBy: fx.ownerId })), "invalid");
    await expectDomainError(withTenant(fx.owner, (tx) => createResidentInvite(tx, { residentId: "nope", invitedBy: fx.ownerId })), "invalid");
  });

  it("the database keeps an invite's resident inside its org and its role 'resident'", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    const bResident = await makeResident(b.owner);
    const aResident = await makeResident(a.owner);
    const values = (residentId: string, role: "resident" | "staff") => ({
      org_id: a.orgId,
      email: uniqueEmail("fk"),
      role,
      resident_id: residentId,
      token_hash: hashToken(generateToken()),
      expires_at: new Date(Date.now() + 60_000),
    });
    await expect(t.db.insertInto("invite").values(values(bResident, "resident")).execute()).rejects.toMatchObject({ code: "23503" });
    await expect(t.db.insertInto("invite").values(values(aResident, "staff")).execute()).rejects.toMatchObject({
      code: "23514",
      constraint: "invite_resident_role",
    });
    await t.db.insertInto("invite").values(values(aResident, "resident")).execute();
  });
});
