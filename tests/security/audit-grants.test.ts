import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { issueGrant, revokeGrant } from "#app/domain/grants/grants.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, type OrgFixture } from "#tests/support/houses";

/**
 * Migration 0046 (ADR 049), in SQL with the app's own settings: certifier_grant_covers() is
 * true only for a certifier org's roles holding an active grant that covers the house and
 * scope; certifier_audit() writes one event in each org and is refused without a grant; the
 * grant tables' own policies. The operator's zone is far east (UTC+14), so "the last day"
 * is the operator's day, not the server's.
 */
useTestDatabase();

const ZONE = "Pacific/Kiritimati";
class Rollback extends Error {}
type Outcome = number | "denied";
async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

async function certifier() {
  const org = await makeOrg({ kind: "certifier" });
  const admin = await makeUser({ orgId: org.id, role: "certifier_admin" });
  const auditor = await makeUser({ orgId: org.id, role: "auditor" });
  return {
    id: org.id,
    admin: { orgId: org.id, userId: admin.id, role: "certifier_admin" } as TenantContext,
    auditor: { orgId: org.id, userId: auditor.id, role: "auditor" } as TenantContext,
  };
}
type Certifier = Awaited<ReturnType<typeof certifier>>;

const covers = (ctx: TenantContext, org: string, house: string | null, scope = "review") =>
  withTenant(ctx, async (tx) => (await sql<{ c: boolean }>`select certifier_grant_covers(${org}::uuid, ${house}::uuid, ${scope}) as c`.execute(tx)).rows[0]!.c);

let op: OrgFixture;
let other: OrgFixture;
let houseA: string;
let houseB: string;
let otherHouse: string;
let today: string;
const k = {} as Record<"active" | "upcoming" | "ended" | "lastDay" | "revoked" | "none", Certifier>;
let revokedGrant: string;
let opRoles: Record<"admin" | "manager" | "staff" | "resident", TenantContext>;

beforeAll(async () => {
  op = await makeOperator();
  other = await makeOperator();
  await withTenant(op.owner, (tx) => tx.updateTable("org").set({ time_zone: ZONE }).where("id", "=", op.orgId).execute());
  today = todayIn(ZONE);
  houseA = (await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
  houseB = (await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
  otherHouse = (await makeHouse(other.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
  for (const key of Object.keys({ active: 1, upcoming: 1, ended: 1, lastDay: 1, revoked: 1, none: 1 }) as (keyof typeof k)[]) k[key] = await certifier();
  const grant = (c: Certifier, startsOn: string, endsOn: string | null, scope: "review" | "certification" = "review") =>
    withTenant(op.owner, (tx) => issueGrant(tx, { certifierOrgId: c.id, houseIds: [houseA], scope, startsOn, endsOn }));
  await grant(k.active, addDays(today, -30), null);
  await grant(k.upcoming, addDays(today, 1), addDays(today, 30), "certification");
  // The operator's yesterday: ended, although the server's (UTC) date may still be that day.
  await grant(k.ended, addDays(today, -30), addDays(today, -1), "certification");
  await grant(k.lastDay, addDays(today, -30), today, "certification");
  revokedGrant = (await grant(k.revoked, addDays(today, -30), null, "certification")).id;
  opRoles = {
    admin: (await makeMember(op, "admin")).ctx,
    manager: (await makeMember(op, "house_manager", [houseA])).ctx,
    staff: (await makeMember(op, "staff", [houseA])).ctx,
    resident: (await makeMember(op, "resident")).ctx,
  };
});

describe("certifier_grant_covers", () => {
  it("is true for both certifier roles with an active grant covering the house and scope", async () => {
    for (const ctx of [k.active.admin, k.active.auditor]) {
      expect(await covers(ctx, op.orgId, houseA)).toBe(true);
      expect(await covers(ctx, op.orgId, null)).toBe(true); // operator-wide work: any active grant
    }
    expect(await covers(k.lastDay.auditor, op.orgId, houseA, "certification")).toBe(true); // the last day itself
  });

  it("is false for a house the grant does not name, another operator's house, and a wider scope", async () => {
    expect(await covers(k.active.auditor, op.orgId, houseB)).toBe(false);
    expect(await covers(k.active.auditor, other.orgId, otherHouse)).toBe(false);
    expect(await covers(k.active.auditor, other.orgId, null)).toBe(false);
    expect(await covers(k.active.auditor, op.orgId, houseA, "certification")).toBe(false);
  });

  it("is false before the first day and after the last day (the operator's day)", async () => {
    expect(await covers(k.upcoming.admin, op.orgId, houseA)).toBe(false);
    expect(await covers(k.ended.admin, op.orgId, houseA)).toBe(false);
    expect(await covers(k.ended.admin, op.orgId, null)).toBe(false);
  });

  it("is false for a certifier with no grant and for every operator role", async () => {
    expect(await covers(k.none.admin, op.orgId, houseA)).toBe(false);
    for (const ctx of [op.owner, opRoles.admin, opRoles.manager, opRoles.staff, opRoles.resident]) {
      expect(await covers(ctx, op.orgId, houseA)).toBe(false);
    }
  });

  it("turns false at once when the grant is revoked", async () => {
    expect(await covers(k.revoked.auditor, op.orgId, houseA, "certification")).toBe(true);
    await withTenant(opRoles.admin, (tx) => revokeGrant(tx, revokedGrant));
    expect(await covers(k.revoked.auditor, op.orgId, houseA)).toBe(false);
    await expect(withTenant(op.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: null, revoked_by: null }).where("id", "=", revokedGrant).execute()))
      .rejects.toThrow(/revoked/);
  });
});

describe("certifier_audit", () => {
  const count = (ctx: TenantContext, action: string) =>
    withTenant(ctx, async (tx) => (await tx.selectFrom("audit_event").select(sql<number>`count(*)::int`.as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n);

  it("writes one event in the certifier's log and one in the operator's", async () => {
    const action = "assessment.viewed";
    const before = [await count(k.active.admin, action), await count(op.owner, action)];
    await withTenant(k.active.auditor, (tx) => sql`select certifier_audit(${op.orgId}::uuid, ${action}, 'house', ${houseA}, ${JSON.stringify({ houseId: houseA })}::jsonb)`.execute(tx));
    expect([await count(k.active.admin, action), await count(op.owner, action)]).toEqual([before[0]! + 1, before[1]! + 1]);
    const mine = await withTenant(op.owner, (tx) => tx.selectFrom("audit_event").select(["data", "actor_user_id"]).where("action", "=", action).orderBy("created_at", "desc").executeTakeFirstOrThrow());
    expect(mine.data).toMatchObject({ houseId: houseA, certifierOrgId: k.active.id });
    expect(mine.actor_user_id).toBe(k.active.auditor.userId);
  });

  it("is refused without a grant covering the house, and writes nothing", async () => {
    const action = "assessment.viewed";
    const before = await count(op.owner, action);
    for (const [ctx, house] of [[k.none.admin, houseA], [k.active.auditor, houseB], [k.ended.admin, houseA], [op.owner, houseA]] as const) {
      await expect(withTenant(ctx, (tx) => sql`select certifier_audit(${op.orgId}::uuid, ${action}, 'house', ${house}, ${JSON.stringify({ houseId: house })}::jsonb)`.execute(tx)))
        .rejects.toThrow(/no active audit grant/);
    }
    expect(await count(op.owner, action)).toBe(before);
  });

  it("keeps each org's audit chain in order (the events belong to the orgs named)", async () => {
    const orgs = await withTenant(k.active.admin, (tx) => tx.selectFrom("audit_event").select("org_id").where("action", "=", "assessment.viewed").execute());
    expect(new Set(orgs.map((o) => o.org_id))).toEqual(new Set([k.active.id]));
  });
});

describe("the grant tables' own policies", () => {
  const insertGrant = (certifierOrgId: string) => async (tx: Tx) => {
    const r = await tx.insertInto("audit_grant").values({ org_id: sql<string>`current_org_id()`, certifier_org_id: certifierOrgId, starts_on: today }).returning("id").execute();
    return r.length;
  };
  const seeGrants = async (tx: Tx) => (await tx.selectFrom("audit_grant").select("id").execute()).length;
  const seeHouses = async (tx: Tx) => (await tx.selectFrom("audit_grant_house").select("house_id").execute()).length;

  it("lets operator owners and admins issue; house managers, staff and residents neither issue nor see", async () => {
    expect(await attempt(op.owner, insertGrant(k.none.id))).toBe(1);
    expect(await attempt(opRoles.admin, insertGrant(k.none.id))).toBe(1);
    for (const ctx of [opRoles.manager, opRoles.staff, opRoles.resident]) {
      expect(await attempt(ctx, insertGrant(k.none.id))).toBe("denied");
      expect(await attempt(ctx, seeGrants)).toBe(0);
      expect(await attempt(ctx, seeHouses)).toBe(0);
    }
    expect(await attempt(op.owner, seeGrants)).toBe(5);
    expect(await attempt(other.owner, seeGrants)).toBe(0);
  });

  it("lets a certifier see the grants issued to it and write none", async () => {
    expect(await attempt(k.active.auditor, seeGrants)).toBe(1);
    expect(await attempt(k.active.auditor, seeHouses)).toBe(1);
    expect(await attempt(k.none.admin, seeGrants)).toBe(0);
    expect(await attempt(k.active.admin, insertGrant(k.none.id))).toBe("denied");
    const revoke = async (tx: Tx) => Number((await tx.updateTable("audit_grant").set({ ends_on: today }).executeTakeFirst()).numUpdatedRows);
    expect(await attempt(k.active.admin, revoke)).toBe(0);
    expect(await attempt(opRoles.manager, revoke)).toBe(0);
  });

  it("refuses a house added to a grant after it was issued", async () => {
    const addHouse = async (tx: Tx) =>
      (await tx.insertInto("audit_grant_house").values({ org_id: sql<string>`current_org_id()`, grant_id: revokedGrant, house_id: houseB }).returning("house_id").execute()).length;
    await expect(withTenant(op.owner, addHouse)).rejects.toThrow(/fixed once issued/);
  });

  it("refuses a grant to an org that is not a certifying body", async () => {
    await expect(withTenant(op.owner, insertGrant(other.orgId))).rejects.toThrow(/certifying body/);
  });
});
