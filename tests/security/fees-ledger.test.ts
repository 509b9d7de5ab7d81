import { Kysely, PostgresDialect, sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { createPgPool, setDbHandle, type DbHandle } from "#app/db/db.server";
import type { DB } from "#app/db/schema";
import { setTenantOrg, withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { createFeeSchedule } from "#app/domain/fees/charges.server";
import { recordManualEntry, recordPayment } from "#app/domain/fees/ledger.server";
import { removeMember, type Actor } from "#app/domain/members/members.server";
import { todayIn, addDays } from "#app/lib/dates";
import { sessionCookieFor } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";

/**
 * The attacker review of fees (M1, M2): what the app role could do to the ledger in plain
 * SQL, as a house manager of the house. The database itself must refuse each attack.
 */

const t = useTestDatabase();
const isServer = inject("dbTemplate").kind === "pg";
const today = todayIn("America/New_York");
const uuid = () => crypto.randomUUID();
const DENIED = /permission denied/;
const CORRECTION = /ledger_entry: /;

async function world() {
  const fx = await makeOperator();
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const manager = await makeMember(fx, "house_manager", [h.houseId]);
  const a = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -5));
  const b = await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -5));
  const charge = await withTenant(manager.ctx, (tx) => recordManualEntry(tx, { residentId: a.residentId, kind: "charge", amount: "100", reason: "Key" }));
  const payment = await withTenant(manager.ctx, (tx) =>
    recordPayment(tx, { residentId: a.residentId, amount: "50", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: uuid() }),
  );
  /** The columns the app may choose, for resident A (or B) in the house. */
  const base = (who: { residentId: string; stayId: string } = a) => ({
    org_id: fx.orgId,
    resident_id: who.residentId,
    house_id: h.houseId,
    stay_id: who.stayId,
    effective_on: today,
  });
  return { fx, h, manager, a, b, chargeId: charge.id, paymentId: payment.id, base };
}
type World = Awaited<ReturnType<typeof world>>;
const entry = (id: string) => t.db.selectFrom("ledger_entry").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const count = async (orgId: string) => Number((await t.db.selectFrom("ledger_entry").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow()).n);
const as = <T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
const reversal = (w: World, reversesId: string, amount: number, who = w.a) =>
  as(w.manager.ctx, (tx) => tx.insertInto("ledger_entry").values({ ...w.base(who), kind: "reversal", amount_cents: amount, memo: "x", reverses_id: reversesId }).returning("id").executeTakeFirstOrThrow());
const refund = (w: World, ofId: string, amount: number) =>
  as(w.manager.ctx, (tx) => tx.insertInto("ledger_entry").values({ ...w.base(), kind: "refund", amount_cents: amount, memo: "x", refund_of_id: ofId }).returning("id").executeTakeFirstOrThrow());

describe("the database, not the app, numbers receipts and records who wrote an entry and when (M1)", () => {
  it("a house manager cannot choose a receipt number, the recorder or the time; the database writes them", async () => {
    const w = await world();
    const before = await count(w.fx.orgId);
    const payment = { ...w.base(), kind: "payment" as const, amount_cents: -1000, method: "cash" as const, payer: "resident" as const };
    await expect(as(w.manager.ctx, (tx) => sql`insert into ledger_entry (org_id, resident_id, house_id, stay_id, kind, amount_cents, effective_on, method, payer, receipt_number)
      values (${w.fx.orgId}, ${w.a.residentId}, ${w.h.houseId}, ${w.a.stayId}, 'payment', -1000, ${today}, 'cash', 'resident', 424242)`.execute(tx))).rejects.toThrow(DENIED);
    await expect(as(w.manager.ctx, (tx) => tx.insertInto("ledger_entry").values({ ...payment, created_by: w.fx.ownerId } as never).execute())).rejects.toThrow(DENIED);
    await expect(as(w.manager.ctx, (tx) => tx.insertInto("ledger_entry").values({ ...payment, created_at: new Date("2020-01-01") } as never).execute())).rejects.toThrow(DENIED);
    await expect(as(w.manager.ctx, (tx) => tx.insertInto("ledger_entry").values({ ...payment, id: uuid() } as never).execute())).rejects.toThrow(DENIED);
    expect(await count(w.fx.orgId)).toBe(before);

    // With only the columns it may choose, the entry gets the next receipt, its writer and now.
    const { id } = await as(w.manager.ctx, (tx) => tx.insertInto("ledger_entry").values(payment).returning("id").executeTakeFirstOrThrow());
    const row = await entry(id);
    expect(row.receipt_number).toBe(2);
    expect(row.created_by).toBe(w.manager.userId);
    expect(Math.abs(row.created_at.getTime() - Date.now())).toBeLessThan(60_000);
    // Even a connection that may write those columns (the database administrator, in the
    // manager's tenant settings) cannot forge them: the trigger overwrites them.
    const forged = await t.db.transaction().execute(async (tx) => {
      await setTenantOrg(tx, w.fx.orgId, "house_manager", w.manager.userId);
      return tx
        .insertInto("ledger_entry")
        .values({ ...payment, receipt_number: 424242, created_by: w.fx.ownerId, created_at: new Date("2020-01-01") })
        .returning(["receipt_number", "created_by", "created_at"])
        .executeTakeFirstOrThrow();
    });
    expect(forged.receipt_number).toBe(3);
    expect(forged.created_by).toBe(w.manager.userId);
    expect(forged.created_at.getFullYear()).toBeGreaterThan(2020);
  });

  it("nobody in the app can reset or create the receipt counter; the next payment takes the next number", async () => {
    const w = await world();
    await expect(as(w.manager.ctx, (tx) => sql`update receipt_counter set last_number = 0`.execute(tx))).rejects.toThrow(DENIED);
    await expect(as(w.fx.owner, (tx) => sql`update receipt_counter set last_number = 0`.execute(tx))).rejects.toThrow(DENIED);
    await expect(as(w.fx.owner, (tx) => sql`insert into receipt_counter (org_id, last_number) values (${w.fx.orgId}, 0) on conflict (org_id) do nothing`.execute(tx))).rejects.toThrow(DENIED);
    await expect(as(w.fx.owner, (tx) => sql`select last_number from receipt_counter for update`.execute(tx))).rejects.toThrow(DENIED);
    const next = await as(w.manager.ctx, (tx) =>
      recordPayment(tx, { residentId: w.a.residentId, amount: "5", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: uuid() }),
    );
    expect(next).toMatchObject({ receiptNumber: 2, created: true });
  });
});

describe("the database refuses a correction that does not match what it corrects (M1)", () => {
  it("a reversal is exactly minus the original, for the same resident and stay, once; never of a reversal", async () => {
    const w = await world();
    const before = await count(w.fx.orgId);
    await expect(reversal(w, w.chargeId, 99999)).rejects.toThrow(CORRECTION);
    await expect(reversal(w, w.chargeId, -9999)).rejects.toThrow(CORRECTION);
    await expect(reversal(w, w.chargeId, -10000, w.b)).rejects.toThrow(CORRECTION);
    expect(await count(w.fx.orgId)).toBe(before);
    const { id } = await reversal(w, w.chargeId, -10000);
    expect((await entry(id)).amount_cents).toBe(-10000);
    await expect(reversal(w, w.chargeId, -10000)).rejects.toThrow(/ledger_entry/);
    await expect(reversal(w, id, 10000)).rejects.toThrow(CORRECTION);
    expect(await count(w.fx.orgId)).toBe(before + 1);
  });

  it("a refund is of a payment, within what is left of it, and not of a reversed payment", async () => {
    const w = await world();
    const before = await count(w.fx.orgId);
    await expect(refund(w, w.chargeId, 100000000)).rejects.toThrow(CORRECTION);
    await expect(refund(w, w.chargeId, 1)).rejects.toThrow(CORRECTION);
    await expect(refund(w, w.paymentId, 5001)).rejects.toThrow(CORRECTION);
    await refund(w, w.paymentId, 3000);
    await expect(refund(w, w.paymentId, 2001)).rejects.toThrow(CORRECTION);
    await refund(w, w.paymentId, 2000);
    // A payment with refunds is not reversed (that would give the money back twice)…
    await expect(reversal(w, w.paymentId, 5000)).rejects.toThrow(CORRECTION);
    // …and a reversed payment is not refunded.
    const other = await as(w.manager.ctx, (tx) =>
      recordPayment(tx, { residentId: w.a.residentId, amount: "10", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: uuid() }),
    );
    await reversal(w, other.id, 1000);
    await expect(refund(w, other.id, 1)).rejects.toThrow(CORRECTION);
    expect(await count(w.fx.orgId)).toBe(before + 4);
  });

  it.runIf(isServer)("two refunds at once on separate connections cannot together exceed the payment", async () => {
    const w = await world();
    const pool = createPgPool(t.handle.databaseUrl!, { max: 4 });
    const wide: DbHandle = { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), kind: "pg", close: async () => {} };
    setDbHandle(wide);
    try {
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => refund(w, w.paymentId, 3000)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    } finally {
      setDbHandle(t.handle);
      await wide.db.destroy();
    }
    const refunds = await t.db.selectFrom("ledger_entry").select("amount_cents").where("refund_of_id", "=", w.paymentId).execute();
    expect(refunds.map((r) => r.amount_cents)).toEqual([3000]);
  });
});

describe("off-boarding someone who recorded money (M2)", () => {
  it("a house manager who recorded a payment and a schedule can be removed; their sessions end; the entries keep who wrote them", async () => {
    const w = await world();
    const { id: scheduleId } = await as(w.manager.ctx, (tx) =>
      createFeeSchedule(tx, { houseId: w.h.houseId, name: "Rent", cadence: "weekly", weekday: 1, amount: "70", effectiveFrom: "2025-01-01" }),
    );
    await sessionCookieFor(w.manager.userId);
    const sessions = () => t.db.selectFrom("user_session").select("id").where("user_id", "=", w.manager.userId).execute();
    expect(await sessions()).toHaveLength(1);
    const owner = await t.db.selectFrom("membership").innerJoin("app_user", "app_user.id", "membership.user_id").innerJoin("org", "org.id", "membership.org_id")
      .select(["membership.id", "app_user.name", "org.name as orgName"]).where("membership.user_id", "=", w.fx.ownerId).where("membership.org_id", "=", w.fx.orgId).executeTakeFirstOrThrow();
    const actor: Actor = { userId: w.fx.ownerId, userName: owner.name, membershipId: owner.id, role: "owner", org: { id: w.fx.orgId, name: owner.orgName, kind: "operator" } };

    await as(w.fx.owner, (tx) => removeMember(tx, actor, w.manager.membershipId));

    expect(await t.db.selectFrom("membership").select("id").where("id", "=", w.manager.membershipId).execute()).toEqual([]);
    expect(await sessions()).toEqual([]);
    expect((await entry(w.paymentId)).created_by).toBe(w.manager.userId);
    expect((await entry(w.chargeId)).created_by).toBe(w.manager.userId);
    expect((await t.db.selectFrom("fee_schedule").select("created_by").where("id", "=", scheduleId).executeTakeFirstOrThrow()).created_by).toBe(w.manager.userId);
  });
});
