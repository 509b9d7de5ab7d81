import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { recordManualEntry } from "#app/domain/fees/ledger.server";
import { createPlan } from "#app/domain/fees/plans.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import { useTestDatabase } from "#tests/support/db";

/**
 * Payment plans under RLS (ADR 033 / ADR 009), role × verb, in SQL with the app's own
 * settings: owners/admins everything; the house's manager reads and writes its plans, its
 * staff read them; a manager of another house, a resident other than the plan's and the
 * certifier roles see nothing; nobody deletes; instalments are append-only.
 */
const t = useTestDatabase();
const today = todayIn("America/New_York");
class Rollback extends Error {}

async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<number | "denied"> {
  let out: number | "denied" = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (e instanceof Rollback) return out;
    if (/row-level security|permission denied|payment_plan:|forbid|append-only|not allowed/i.test(String(e))) return "denied";
    throw e;
  }
  return out;
}

let fx: OrgFixture;
const ctx: Record<string, TenantContext> = {};
let planId = "";
let residentId = "";

beforeAll(async () => {
  fx = await makeOperator();
  const home = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const away = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const stay = await makeStay(fx.owner, home.bedIds[0]!, addDays(today, -10));
  residentId = stay.residentId;
  ctx.owner = fx.owner;
  ctx.admin = (await makeMember(fx, "admin")).ctx;
  ctx.manager = (await makeMember(fx, "house_manager", [home.houseId])).ctx;
  ctx.staff = (await makeMember(fx, "staff", [home.houseId])).ctx;
  ctx.otherManager = (await makeMember(fx, "house_manager", [away.houseId])).ctx;
  const mine = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ user_id: mine.id }).where("id", "=", residentId).execute());
  ctx.residentSelf = { orgId: fx.orgId, userId: mine.id, role: "resident" };
  ctx.otherResident = (await makeMember(fx, "resident")).ctx;
  ctx.auditor = { orgId: fx.orgId, userId: fx.owner.userId, role: "auditor" };
  ctx.certifier_admin = { orgId: fx.orgId, userId: fx.owner.userId, role: "certifier_admin" };
  await withTenant(ctx.manager!, (tx) => recordManualEntry(tx, { residentId, kind: "charge", amount: "90", reason: "Rent" }, { houseId: home.houseId }));
  planId = (await withTenant(ctx.manager!, (tx) => createPlan(tx, { residentId, amount: "90", count: 3, every: "week", firstDue: today }, { houseId: home.houseId }))).id;
});

const see = (tx: Tx) => tx.selectFrom("payment_plan").select("id").where("id", "=", planId).execute().then((r) => r.length);
const seeInstalments = (tx: Tx) => tx.selectFrom("payment_plan_instalment").select("seq").where("plan_id", "=", planId).execute().then((r) => r.length);
const end = (tx: Tx) => tx.updateTable("payment_plan").set({ end_reason: "x" }).where("id", "=", planId).executeTakeFirst().then((r) => Number(r.numUpdatedRows));
const remove = (tx: Tx) => tx.deleteFrom("payment_plan").where("id", "=", planId).executeTakeFirst().then((r) => Number(r.numDeletedRows));
const changeInstalment = (tx: Tx) => tx.updateTable("payment_plan_instalment").set({ amount_cents: 1 }).where("plan_id", "=", planId).executeTakeFirst().then((r) => Number(r.numUpdatedRows));
const addInstalment = (tx: Tx) => sql`insert into payment_plan_instalment (org_id, plan_id, seq, due_on, amount_cents) values (current_org_id(), ${planId}, 9, ${today}, 1)`.execute(tx).then((r) => Number(r.numAffectedRows ?? 0));

describe("payment_plan and payment_plan_instalment, role × verb", () => {
  it("read: the org's leaders and the house's team and the resident themselves; nobody else", async () => {
    const expected: Record<string, number> = { owner: 1, admin: 1, manager: 1, staff: 1, residentSelf: 1, otherManager: 0, otherResident: 0, auditor: 0, certifier_admin: 0 };
    const got: Record<string, [number | "denied", number | "denied"]> = {};
    for (const who of Object.keys(expected)) got[who] = [await attempt(ctx[who]!, see), await attempt(ctx[who]!, seeInstalments)];
    expect(got).toEqual(Object.fromEntries(Object.entries(expected).map(([k, n]) => [k, [n, n * 3]])));
  });

  it("end: owner, admin and the house's manager; staff, others and residents change nothing", async () => {
    const got: Record<string, number | "denied"> = {};
    for (const who of ["owner", "admin", "manager", "staff", "otherManager", "residentSelf", "auditor"]) got[who] = await attempt(ctx[who]!, end);
    expect(got).toEqual({ owner: 1, admin: 1, manager: 1, staff: 0, otherManager: 0, residentSelf: 0, auditor: 0 });
  });

  it("nobody deletes a plan or changes an instalment; only a writer of the house adds instalments, and then the sum check refuses it", async () => {
    for (const who of ["owner", "manager", "staff", "residentSelf"]) {
      expect(await attempt(ctx[who]!, remove), who).toBe("denied");
      expect(await attempt(ctx[who]!, changeInstalment), who).toBe("denied");
    }
    for (const who of ["staff", "otherManager", "residentSelf", "auditor"]) expect(await attempt(ctx[who]!, addInstalment), who).toBe("denied");
    // The house's manager may insert, but the instalments would no longer add up: refused at commit.
    await expect(withTenant(ctx.manager!, (tx) => addInstalment(tx))).rejects.toThrow(/payment_plan: the instalments must add up/);
    expect((await t.db.selectFrom("payment_plan_instalment").select("seq").where("plan_id", "=", planId).execute()).length).toBe(3);
  });

  it("a second open plan for the same resident is refused by the unique key", async () => {
    await expect(withTenant(ctx.owner!, (tx) => createPlan(tx, { residentId, amount: "10", count: 1, every: "week", firstDue: today }))).rejects.toThrow(/already has a payment plan/);
  });
});
