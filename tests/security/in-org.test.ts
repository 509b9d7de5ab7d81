import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { verifyAuditChain } from "#app/domain/audit/chain.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeHouse, makeResident, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post } from "#tests/integration/house-pages";

/**
 * Attacks from inside an org (issue 8): a house manager reaching a resident of another
 * house through an admission, off-boarding someone who added residents, the team page
 * showing residents, and tampering with the audit log.
 */
const t = useTestDatabase();
const client = useTestServer();

let op: Operator;
let mine: HouseFixture;
let theirs: HouseFixture;
let manager: Awaited<ReturnType<typeof signedInMember>>;

const today = () => new Date().toISOString().slice(0, 10);
// UTC days: tests pick offsets a day clear of the 30-day window, so the house zone's day never matters.
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  mine = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3 });
  theirs = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2 });
  manager = await signedInMember(op, "house_manager", [mine.houseId]);
});

async function staysOf(residentId: string) {
  return (await t.db.selectFrom("stay").select("id").where("resident_id", "=", residentId).execute()).length;
}

describe("admitting a resident the manager cannot see", () => {
  it("is refused over HTTP, and the resident's profile stays closed", async () => {
    const { residentId } = await makeStay(op.owner, theirs.bedIds[0]!, today());
    expect((await get(client, `/o/${op.slug}/residents/${residentId}`, manager.cookie)).status).toBe(404);
    const res = await post(client, `/o/${op.slug}/admit`, manager.cookie, {
      residentId,
      bedId: mine.bedIds[0]!,
      moveInDate: "1990-01-01",
      expectedMoveOutDate: "1990-01-02",
    });
    expect([400, 404]).toContain(res.status);
    expect(await staysOf(residentId)).toBe(1);
    expect((await get(client, `/o/${op.slug}/residents/${residentId}`, manager.cookie)).status).toBe(404);
  });

  it("is refused by the database too (the stay insert policy checks the resident)", async () => {
    const { residentId } = await makeStay(op.owner, theirs.bedIds[1]!, daysFromToday(40));
    await expect(
      withTenant(manager.ctx, (tx) =>
        sql`insert into stay (org_id, resident_id, house_id, bed_id, during)
          values (current_org_id(), ${residentId}, ${mine.houseId}, ${mine.bedIds[1]!}, daterange(${today()}::date, null))`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await staysOf(residentId)).toBe(1);
  });

  it("bounds a manager's move-in to the admission window; an owner may back-date, and it is audited", async () => {
    const residentId = await makeResident(manager.ctx);
    const form = (moveInDate: string) => ({ residentId, bedId: mine.bedIds[2]!, moveInDate, expectedMoveOutDate: "" });
    const old = await post(client, `/o/${op.slug}/admit`, manager.cookie, form(daysFromToday(-32)));
    expect(old.status).toBe(400);
    expect(old.html).toContain("at most 30 days back");
    const far = await post(client, `/o/${op.slug}/admit`, manager.cookie, form(daysFromToday(400)));
    expect(far.status).toBe(400);
    expect(await staysOf(residentId)).toBe(0);
    // The database refuses the same back-dated insert whatever the code says.
    await expect(
      withTenant(manager.ctx, (tx) =>
        sql`insert into stay (org_id, resident_id, house_id, bed_id, during)
          values (current_org_id(), ${residentId}, ${mine.houseId}, ${mine.bedIds[2]!}, daterange(${daysFromToday(-32)}::date, null))`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
    const ok = await post(client, `/o/${op.slug}/admit`, op.cookie, form("1990-01-01"));
    expect([302, 303]).toContain(ok.status);
    const entry = await t.db
      .selectFrom("audit_event")
      .select("data")
      .where("action", "=", "stay.admitted")
      .where(sql`data->>'residentId'`, "=", residentId)
      .executeTakeFirstOrThrow();
    expect(entry.data).toMatchObject({ moveIn: "1990-01-01", backdated: true });
  });
});

describe("off-boarding", () => {
  it("removing a manager who added a resident works, ends their sessions and keeps who added it", async () => {
    const leaver = await signedInMember(op, "house_manager", [mine.houseId]);
    const residentId = await makeResident(leaver.ctx);
    const membership = await t.db.selectFrom("membership").select("id").where("user_id", "=", leaver.ctx.userId!).executeTakeFirstOrThrow();
    const res = await post(client, `/o/${op.slug}/members`, op.cookie, { intent: "remove", membershipId: membership.id });
    expect(res.status).toBe(200);
    expect(res.html).toContain("no longer has access");
    expect(await t.db.selectFrom("user_session").select("id").where("user_id", "=", leaver.ctx.userId!).execute()).toEqual([]);
    expect((await get(client, `/o/${op.slug}/residents`, leaver.cookie)).status).toBe(302);
    const resident = await t.db.selectFrom("resident").select("created_by").where("id", "=", residentId).executeTakeFirstOrThrow();
    expect(resident.created_by).toBe(leaver.ctx.userId);
  });

  it("an owner can disable a member's access and enable it again", async () => {
    const staff = await signedInMember(op, "staff", [mine.houseId]);
    const membership = await t.db.selectFrom("membership").select("id").where("user_id", "=", staff.ctx.userId!).executeTakeFirstOrThrow();
    const off = await post(client, `/o/${op.slug}/members`, op.cookie, { intent: "disable", membershipId: membership.id });
    expect(off.status).toBe(200);
    expect(off.html).toContain("can no longer sign in");
    expect(await t.db.selectFrom("user_session").select("id").where("user_id", "=", staff.ctx.userId!).execute()).toEqual([]);
    expect(await t.db.selectFrom("membership").select("disabled_at").where("id", "=", membership.id).executeTakeFirstOrThrow()).not.toEqual({
      disabled_at: null,
    });
    const page = await get(client, `/o/${op.slug}/members`, op.cookie);
    expect(page.html).toContain("Access disabled");
    // A fresh session does not get back in while disabled.
    const again = await signedInMemberCookie(staff.ctx.userId!);
    expect((await get(client, `/o/${op.slug}/houses`, again)).status).toBe(404);
    const on = await post(client, `/o/${op.slug}/members`, op.cookie, { intent: "enable", membershipId: membership.id });
    expect(on.status).toBe(200);
    expect((await get(client, `/o/${op.slug}/houses`, again)).status).toBe(200);
    const actions = (await t.db.selectFrom("audit_event").select("action").where("entity_id", "=", membership.id).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["member.disabled", "member.enabled"]));
  });

  it("a staff member cannot disable anyone", async () => {
    const staff = await signedInMember(op, "staff", [mine.houseId]);
    const target = await t.db.selectFrom("membership").select("id").where("user_id", "=", manager.ctx.userId!).executeTakeFirstOrThrow();
    const res = await post(client, `/o/${op.slug}/members`, staff.cookie, { intent: "disable", membershipId: target.id });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom("membership").select("disabled_at").where("id", "=", target.id).executeTakeFirstOrThrow()).toEqual({
      disabled_at: null,
    });
  });
});

async function signedInMemberCookie(userId: string) {
  const { sessionCookieFor } = await import("#tests/support/factories");
  return sessionCookieFor(userId);
}

describe("the team page", () => {
  it("lists no resident accounts and no resident invitations, to anyone", async () => {
    const resident = await signedInMember(op, "resident");
    const residentEmail = (await t.db.selectFrom("app_user").select("email").where("id", "=", resident.ctx.userId!).executeTakeFirstOrThrow()).email;
    const residentId = await makeResident(op.owner, { email: "portal.person@example.test" });
    await withTenant(op.owner, async (tx) => {
      const { createResidentInvite } = await import("#app/domain/residents/portal-invite.server");
      await createResidentInvite(tx, { residentId, invitedBy: op.ownerId });
    });
    for (const cookie of [op.cookie, manager.cookie, (await signedInMember(op, "staff", [mine.houseId])).cookie]) {
      const page = await get(client, `/o/${op.slug}/members`, cookie);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain(residentEmail);
      expect(page.html).not.toContain("portal.person@example.test");
      expect(page.html).not.toMatch(/>Resident</);
    }
  });
});

describe("the audit log's hash chain", () => {
  it("verifies, and a tampered, deleted or forged entry breaks it", async () => {
    await makeResident(op.owner);
    const before = await verifyAuditChain(t.db);
    expect(before.problems).toEqual([]);
    expect(before.ok).toBe(true);
    expect(before.heads.some((h) => h.orgId === op.orgId)).toBe(true);

    // An administrator with full rights edits an entry behind the triggers' back.
    const victim = await t.db.selectFrom("audit_event").select("id").where("org_id", "=", op.orgId).orderBy("id").executeTakeFirstOrThrow();
    await t.db.transaction().execute(async (tx) => {
      await sql`alter table audit_event disable trigger audit_event_append_only`.execute(tx);
      await sql`update audit_event set data = '{"edited": true}' where id = ${victim.id}`.execute(tx);
      await sql`alter table audit_event enable trigger audit_event_append_only`.execute(tx);
    });
    const after = await verifyAuditChain(t.db);
    expect(after.ok).toBe(false);
    expect(after.problems).toContainEqual(expect.objectContaining({ kind: "changed", eventId: victim.id }));

    // An entry slipped in with the sealing trigger off is unsealed.
    const forged = await t.db.transaction().execute(async (tx) => {
      await sql`alter table audit_event disable trigger audit_event_seal`.execute(tx);
      const row = await sql<{ id: number }>`insert into audit_event (action) values ('forged') returning id`.execute(tx);
      await sql`alter table audit_event enable trigger audit_event_seal`.execute(tx);
      return row.rows[0]!.id;
    });
    expect((await verifyAuditChain(t.db)).problems).toContainEqual(expect.objectContaining({ kind: "unsealed", eventId: forged }));
  });
});
