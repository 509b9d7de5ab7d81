import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * The wall around payment reminders (0027), role × table × verb, in SQL with the app's own
 * settings: fee_reminder (owners/admins all, house managers and staff their houses, a
 * resident their own, certifier roles nothing; append-only for everyone) and
 * fee_reminder_setting (owners and admins only). Each attempt is rolled back.
 */
const t = useTestDatabase();

type Outcome = number | "denied";
class Rollback extends Error {}
async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied|may not be changed|append-only|forbid|foreign key/i.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

const ROLES = ["owner", "admin", "house_manager", "staff", "resident", "certifier_admin", "other_org"] as const;
type Who = (typeof ROLES)[number];
const ctx = {} as Record<Who, TenantContext>;
let fx: OrgFixture;
let homeId = "";
let mine = "";
let elsewhere = "";

beforeAll(async () => {
  fx = await makeOperator();
  const home = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const away = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  homeId = home.houseId;
  const today = todayIn("America/New_York");
  mine = (await makeStay(fx.owner, home.bedIds[0]!, today)).residentId;
  elsewhere = (await makeStay(fx.owner, away.bedIds[0]!, today)).residentId;
  ctx.owner = fx.owner;
  ctx.admin = (await makeMember(fx, "admin")).ctx;
  ctx.house_manager = (await makeMember(fx, "house_manager", [home.houseId])).ctx;
  ctx.staff = (await makeMember(fx, "staff", [home.houseId])).ctx;
  const residentUser = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ user_id: residentUser.id }).where("id", "=", mine).execute());
  ctx.resident = { orgId: fx.orgId, userId: residentUser.id, role: "resident" };
  ctx.certifier_admin = { orgId: fx.orgId, userId: fx.ownerId, role: "certifier_admin" };
  ctx.other_org = (await makeOperator()).owner;
  await withTenant(fx.owner, async (tx) => {
    await tx
      .insertInto("fee_reminder")
      .values([
        { org_id: fx.orgId, resident_id: mine, house_id: home.houseId, period_key: "w1", overdue_cents: 100 },
        { org_id: fx.orgId, resident_id: elsewhere, house_id: away.houseId, period_key: "w1", overdue_cents: 100 },
      ])
      .execute();
    await tx.insertInto("fee_reminder_setting").values({ org_id: fx.orgId, cadence: "weekly" }).execute();
  });
});

async function row(op: (tx: Tx) => Promise<number>): Promise<Record<Who, Outcome>> {
  const out = {} as Record<Who, Outcome>;
  for (const who of ROLES) out[who] = await attempt(ctx[who], op);
  return out;
}

describe("fee_reminder", () => {
  it("select: owners and admins all, house managers and staff their houses, a resident their own, others nothing", async () => {
    expect(await row(async (tx) => (await tx.selectFrom("fee_reminder").select("id").execute()).length)).toEqual({
      owner: 2,
      admin: 2,
      house_manager: 1,
      staff: 1,
      resident: 1,
      certifier_admin: 0,
      other_org: 0,
    });
  });

  it("insert: owners and admins (the worker's context) only", async () => {
    const insert = (tx: Tx) =>
      tx
        .insertInto("fee_reminder")
        .values({ org_id: sql<string>`current_org_id()`, resident_id: mine, house_id: homeId, period_key: "w2", overdue_cents: 100 })
        .execute()
        .then(() => 1);
    expect(await row(insert)).toEqual({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", certifier_admin: "denied", other_org: "denied" });
  });

  it("update and delete: nobody (append-only)", async () => {
    const update = (tx: Tx) => tx.updateTable("fee_reminder").set({ period_key: "x" }).execute().then((r) => Number(r[0]?.numUpdatedRows ?? 0));
    const del = (tx: Tx) => tx.deleteFrom("fee_reminder").execute().then((r) => Number(r[0]?.numDeletedRows ?? 0));
    for (const op of [update, del]) {
      const r = await row(op);
      for (const who of ROLES) expect(r[who] === "denied" || r[who] === 0, `${who}: ${r[who]}`).toBe(true);
      expect(r.owner).toBe("denied");
    }
    await expect(t.db.updateTable("fee_reminder").set({ period_key: "x" }).where("org_id", "=", fx.orgId).execute()).rejects.toThrow();
  });
});

describe("fee_reminder_setting", () => {
  it("select and update: owners and admins only", async () => {
    expect(await row(async (tx) => (await tx.selectFrom("fee_reminder_setting").select("org_id").execute()).length)).toEqual({
      owner: 1,
      admin: 1,
      house_manager: 0,
      staff: 0,
      resident: 0,
      certifier_admin: 0,
      other_org: 0,
    });
    const update = (tx: Tx) => tx.updateTable("fee_reminder_setting").set({ cadence: "off" }).execute().then((r) => Number(r[0]?.numUpdatedRows ?? 0));
    expect(await row(update)).toEqual({ owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, certifier_admin: 0, other_org: 0 });
  });

  it("insert: owners and admins of their own org only", async () => {
    const insert = (tx: Tx) => tx.insertInto("fee_reminder_setting").values({ org_id: fx.orgId, cadence: "off" }).onConflict((oc) => oc.column("org_id").doNothing()).execute().then(() => 1);
    const r = await row(insert);
    expect(r).toMatchObject({ owner: 1, admin: 1, house_manager: "denied", staff: "denied", resident: "denied", certifier_admin: "denied", other_org: "denied" });
  });
});
