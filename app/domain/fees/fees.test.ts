import fc from "fast-check";
import { Kysely, PostgresDialect, sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { createPgPool, setDbHandle, type DbHandle } from "#app/db/db.server";
import type { DB } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { transferStay } from "#app/domain/admissions/stays.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, daysBetween, todayIn } from "#app/lib/dates";
import { makeOrg, makeUser } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";
import { agreeToAllFees } from "#tests/support/fees";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeResident, makeStay, type OrgFixture } from "#tests/support/houses";
import { runMaintenance } from "#app/server/maintenance.server";
import { createFeeSchedule, postDueCharges } from "./charges.server";
import { heldDeposits, settleDeposit } from "./deposits.server";
import { recordManualEntry, recordPayment, refundPayment, reverseEntry } from "./ledger.server";
import { periodContaining } from "./periods";

const t = useTestDatabase();
const isServer = inject("dbTemplate").kind === "pg";
const today = todayIn("America/New_York");
const uuid = () => crypto.randomUUID();

async function entries(orgId: string, residentId?: string) {
  let q = t.db.selectFrom("ledger_entry").selectAll().where("org_id", "=", orgId);
  if (residentId) q = q.where("resident_id", "=", residentId);
  return q.orderBy("effective_on").orderBy("created_at").execute();
}
const balance = async (orgId: string, residentId: string) => (await entries(orgId, residentId)).reduce((s, e) => s + e.amount_cents, 0);

/** An org with a house and a weekly $70.00 rent on Mondays ($10.00 a day, so proration is exact). */
async function weeklyWorld(moveInDaysAgo = 30) {
  const fx = await makeOperator();
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3 });
  const { id: scheduleId } = await withTenant(fx.owner, (tx) =>
    createFeeSchedule(tx, { houseId: h.houseId, name: "Rent", cadence: "weekly", weekday: 1, amount: "70", effectiveFrom: "2025-01-01" }),
  );
  const { residentId, stayId } = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -moveInDaysAgo));
  return { fx, h, scheduleId, residentId, stayId };
}
const weekEnd = (day: string) => periodContaining({ cadence: "weekly", weekday: 1, monthDay: null, effectiveFrom: "2025-01-01" }, day).end;

describe("the charge posting job", () => {
  it("posts every period of a stay, prorated by day, and a second run posts nothing", async () => {
    const w = await weeklyWorld(20);
    await agreeToAllFees(t.db, w.fx.orgId);
    const first = await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    const rows = await entries(w.fx.orgId, w.residentId);
    // $10 a day from the move-in day to the end of this week's period, each period once
    expect(rows.reduce((s, e) => s + e.amount_cents, 0)).toBe(1000 * daysBetween(addDays(today, -20), weekEnd(today)));
    expect(first.posted).toBe(rows.length);
    expect(new Set(rows.map((r) => r.period_start)).size).toBe(rows.length);
    expect(rows.every((r) => r.kind === "charge" && r.schedule_id === w.scheduleId && r.stay_id === w.stayId)).toBe(true);
    await agreeToAllFees(t.db, w.fx.orgId);
    expect(await withTenant(w.fx.owner, (tx) => postDueCharges(tx))).toEqual({ posted: 0, ids: [] });
    expect(await entries(w.fx.orgId, w.residentId)).toHaveLength(rows.length);
  });

  it("catches up after downtime: periods missed while nothing ran are posted by the next run", async () => {
    const w = await weeklyWorld(40);
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx, { through: addDays(today, -21) }));
    const early = await entries(w.fx.orgId, w.residentId);
    expect(early.every((e) => e.period_start! <= addDays(today, -21))).toBe(true);
    await agreeToAllFees(t.db, w.fx.orgId);
    const caughtUp = await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    expect(caughtUp.posted).toBeGreaterThanOrEqual(3);
    expect(await balance(w.fx.orgId, w.residentId)).toBe(1000 * daysBetween(addDays(today, -40), weekEnd(today)));
  });

  it("posts the next period when asked, and refuses one beyond it with nothing written", async () => {
    const w = await weeklyWorld(3);
    const next = weekEnd(today);
    await agreeToAllFees(t.db, w.fx.orgId);
    await expectDomainError(withTenant(w.fx.owner, (tx) => postDueCharges(tx, { through: addDays(next, 7) })), "conflict", {
      field: "through",
      message: "Charges can be posted at most one period ahead.",
    });
    expect(await entries(w.fx.orgId)).toEqual([]);
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx, { through: next }));
    expect((await entries(w.fx.orgId)).map((e) => e.period_start)).toContain(next);
  });

  it("a one-time fee and a deposit are charged once, on the move-in day, for stays that begin while they apply", async () => {
    const w = await weeklyWorld(10);
    await withTenant(w.fx.owner, async (tx) => {
      await createFeeSchedule(tx, { houseId: w.h.houseId, name: "Move-in fee", cadence: "once", amount: "50.00", effectiveFrom: addDays(today, -15) });
      await createFeeSchedule(tx, { houseId: w.h.houseId, name: "Deposit", cadence: "once", amount: "200", isDeposit: true, effectiveFrom: addDays(today, -15) });
      await createFeeSchedule(tx, { houseId: w.h.houseId, name: "Key", cadence: "once", amount: "5", effectiveFrom: addDays(today, -5) });
    });
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    const once = (await entries(w.fx.orgId, w.residentId)).filter((e) => e.amount_cents === 5000 || e.amount_cents === 20000 || e.amount_cents === 500);
    expect(once.map((e) => [e.kind, e.amount_cents, e.effective_on]).sort()).toEqual([
      ["charge", 5000, addDays(today, -10)],
      ["deposit", 20000, addDays(today, -10)],
    ]);
  });

  it("an org-wide schedule follows a resident who moves house; a house's schedule charges only its own days", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner);
    const b = await makeHouse(fx.owner);
    const { residentId, stayId } = await makeStay(fx.owner, a.bedIds[0]!, addDays(today, -20));
    await withTenant(fx.owner, async (tx) => {
      await transferStay(tx, { stayId, toBedId: b.bedIds[0]!, date: addDays(today, -6) });
      await createFeeSchedule(tx, { name: "Program fee", cadence: "weekly", weekday: 1, amount: "7", effectiveFrom: "2025-01-01" });
      await createFeeSchedule(tx, { houseId: a.houseId, name: "Rent A", cadence: "weekly", weekday: 1, amount: "70", effectiveFrom: "2025-01-01" });
    });
    await agreeToAllFees(t.db, fx.orgId);
    await withTenant(fx.owner, (tx) => postDueCharges(tx));
    const rows = await entries(fx.orgId, residentId);
    const program = rows.filter((r) => Math.abs(r.amount_cents) <= 700);
    const rentA = rows.filter((r) => r.amount_cents > 700);
    expect(program.reduce((s, e) => s + e.amount_cents, 0)).toBe(100 * daysBetween(addDays(today, -20), weekEnd(today)));
    expect(rentA.reduce((s, e) => s + e.amount_cents, 0)).toBe(1000 * 14);
    expect(rentA.every((r) => r.house_id === a.houseId)).toBe(true);
  });

  it("a resident who moves house mid-period: each house's run posts its own days of that period, once", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner);
    const b = await makeHouse(fx.owner);
    const moveIn = addDays(today, -20);
    const { residentId, stayId } = await makeStay(fx.owner, a.bedIds[0]!, moveIn);
    const rule = { cadence: "weekly" as const, weekday: 1, monthDay: null, effectiveFrom: "2025-01-01" };
    const moveDay = addDays(periodContaining(rule, addDays(today, -6)).start, 3);
    await withTenant(fx.owner, async (tx) => {
      await transferStay(tx, { stayId, toBedId: b.bedIds[0]!, date: moveDay });
      await createFeeSchedule(tx, { name: "Program fee", cadence: "weekly", weekday: 1, amount: "7", effectiveFrom: "2025-01-01" });
    });
    await agreeToAllFees(t.db, fx.orgId);
    await withTenant(fx.owner, (tx) => postDueCharges(tx, { houseId: a.houseId }));
    await agreeToAllFees(t.db, fx.orgId);
    await withTenant(fx.owner, (tx) => postDueCharges(tx, { houseId: b.houseId }));
    const rows = await entries(fx.orgId, residentId);
    // $1.00 a day, every day from the move-in to the end of this week's period
    expect(rows.reduce((s, e) => s + e.amount_cents, 0)).toBe(100 * daysBetween(moveIn, weekEnd(today)));
    const split = rows.filter((r) => r.period_start === periodContaining(rule, moveDay).start);
    expect(split.map((r) => [r.house_id, r.amount_cents]).sort()).toEqual(
      [[a.houseId, 100 * daysBetween(periodContaining(rule, moveDay).start, moveDay)], [b.houseId, 100 * daysBetween(moveDay, weekEnd(moveDay))]].sort(),
    );
    // Running again — each house, or the whole org — posts nothing new.
    for (const houseId of [a.houseId, b.houseId, undefined]) {
      expect(await withTenant(fx.owner, (tx) => postDueCharges(tx, { houseId }))).toEqual({ posted: 0, ids: [] });
    }
    expect(await entries(fx.orgId, residentId)).toHaveLength(rows.length);
  });

  it.runIf(isServer)("two runs at once on separate connections post each charge once", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 2, bedsPerRoom: 3 });
    await withTenant(fx.owner, (tx) => createFeeSchedule(tx, { houseId: h.houseId, name: "Rent", cadence: "weekly", weekday: 3, amount: "70", effectiveFrom: "2025-01-01" }));
    for (const bed of h.bedIds) await makeStay(fx.owner, bed, addDays(today, -30));
    const pool = createPgPool(t.handle.databaseUrl!, { max: 4 });
    const wide: DbHandle = { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), kind: "pg", close: async () => {} };
    setDbHandle(wide);
    try {
      const system: TenantContext = { orgId: fx.orgId, userId: null, role: "admin" };
      await agreeToAllFees(t.db, fx.orgId);
      const runs = await Promise.all([1, 2, 3, 4].map(() => withTenant(system, (tx) => postDueCharges(tx))));
      const rows = await entries(fx.orgId);
      expect(runs.reduce((s, r) => s + r.posted, 0)).toBe(rows.length);
      expect(rows.length).toBeGreaterThanOrEqual(6 * 5);
      expect(new Set(rows.map((r) => `${r.resident_id}/${r.period_start}`)).size).toBe(rows.length);
    } finally {
      setDbHandle(t.handle);
      await wide.db.destroy();
    }
  });
});

describe("fee schedules", () => {
  it("refuse a schedule ending before it starts, a weekly one without a weekday, a recurring deposit and a bed without its house; nothing written", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const base = { houseId: h.houseId, name: "Rent", amount: "100", effectiveFrom: "2026-03-01" };
    const cases = [
      [{ ...base, cadence: "weekly", weekday: 1, effectiveTo: "2026-02-28" }, "effectiveTo", "The last day can't be before the first."],
      [{ ...base, cadence: "weekly" }, "weekday", "Choose a weekday."],
      [{ ...base, cadence: "monthly" }, "monthDay", "Choose a day of the month."],
      [{ ...base, cadence: "monthly", monthDay: 1, isDeposit: true }, "isDeposit", "A deposit is charged one time."],
      [{ ...base, houseId: null, bedId: h.bedIds[0]!, cadence: "once" }, "bedId", "Choose the bed's house."],
      [{ ...base, cadence: "once", amount: "0.001" }, "amount", "Use at most two decimals (cents)."],
    ] as const;
    for (const [input, field, message] of cases) {
      await expectDomainError(withTenant(fx.owner, (tx) => createFeeSchedule(tx, input as Parameters<typeof createFeeSchedule>[1])), "invalid", { field, message });
    }
    expect(await t.db.selectFrom("fee_schedule").select("id").where("org_id", "=", fx.orgId).execute()).toEqual([]);
    // A bed of another house: the composite key refuses it.
    const other = await makeHouse(fx.owner);
    await expectDomainError(withTenant(fx.owner, (tx) => createFeeSchedule(tx, { ...base, bedId: other.bedIds[0]!, cadence: "once" })), "not_found", { field: "bedId" });
    // A house manager sets their own house's fees, not another's.
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    await withTenant(manager.ctx, (tx) => createFeeSchedule(tx, { ...base, cadence: "once" }));
    await expect(withTenant(manager.ctx, (tx) => createFeeSchedule(tx, { ...base, houseId: other.houseId, cadence: "once" }))).rejects.toThrow();
    expect(await t.db.selectFrom("fee_schedule").select("house_id").where("org_id", "=", fx.orgId).execute()).toEqual([{ house_id: h.houseId }]);
  });
});

describe("manual entries, payments, refunds and reversals", () => {
  it("records a charge and a credit with their reasons; a resident with no stay gets a clear refusal and nothing is written", async () => {
    const w = await weeklyWorld(5);
    await withTenant(w.fx.owner, (tx) => recordManualEntry(tx, { residentId: w.residentId, kind: "charge", amount: "12.30", reason: "Replacement key" }));
    await withTenant(w.fx.owner, (tx) => recordManualEntry(tx, { residentId: w.residentId, kind: "credit", amount: "1,000", reason: "Grant" }));
    expect((await entries(w.fx.orgId, w.residentId)).map((e) => [e.kind, e.amount_cents, e.memo])).toEqual([
      ["charge", 1230, "Replacement key"],
      ["credit", -100000, "Grant"],
    ]);
    const loner = await makeResident(w.fx.owner);
    await expectDomainError(withTenant(w.fx.owner, (tx) => recordManualEntry(tx, { residentId: loner, kind: "charge", amount: "5", reason: "x" })), "conflict", { field: "residentId" });
    await expectDomainError(withTenant(w.fx.owner, (tx) => recordPayment(tx, { residentId: loner, amount: "5", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: uuid() })), "conflict");
    for (const amount of ["-5", "abc", "1.234", "99999999999", "0"]) {
      await expectDomainError(withTenant(w.fx.owner, (tx) => recordManualEntry(tx, { residentId: w.residentId, kind: "charge", amount, reason: "x" })), "invalid", { field: "amount" });
    }
    expect(await entries(w.fx.orgId, loner)).toEqual([]);
    expect(await entries(w.fx.orgId, w.residentId)).toHaveLength(2);
  });

  it("payments take consecutive receipt numbers per org; a family payment is recorded as such", async () => {
    const w = await weeklyWorld(5);
    const other = await weeklyWorld(5);
    const pay = (fx: OrgFixture, residentId: string, payer: "resident" | "family" = "resident") =>
      withTenant(fx.owner, (tx) => recordPayment(tx, { residentId, amount: "25", method: "money_order", payer, reference: "MO-1", receivedOn: today, idempotencyKey: uuid() }));
    expect((await pay(w.fx, w.residentId)).receiptNumber).toBe(1);
    expect((await pay(other.fx, other.residentId)).receiptNumber).toBe(1);
    expect((await pay(w.fx, w.residentId, "family")).receiptNumber).toBe(2);
    const rows = await entries(w.fx.orgId, w.residentId);
    expect(rows.map((r) => [r.kind, r.amount_cents, r.receipt_number, r.payer, r.method])).toEqual([
      ["payment", -2500, 1, "resident", "money_order"],
      ["payment", -2500, 2, "family", "money_order"],
    ]);
    await expectDomainError(
      withTenant(w.fx.owner, (tx) => recordPayment(tx, { residentId: w.residentId, amount: "5", method: "cash", payer: "resident", receivedOn: addDays(today, 2), idempotencyKey: uuid() })),
      "invalid",
      { field: "receivedOn" },
    );
    // The refused payment took no number.
    expect((await pay(w.fx, w.residentId)).receiptNumber).toBe(3);
  });

  it("20 submissions of one payment (one idempotency key) at once make one entry and take one receipt number", async () => {
    const w = await weeklyWorld(5);
    const key = uuid();
    const input = { residentId: w.residentId, amount: "40", method: "cash" as const, payer: "resident" as const, receivedOn: today, idempotencyKey: key };
    let wide: DbHandle | null = null;
    if (isServer) {
      const pool = createPgPool(t.handle.databaseUrl!, { max: 20 });
      wide = { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), kind: "pg", close: async () => {} };
      setDbHandle(wide);
    }
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => withTenant(w.fx.owner, (tx) => recordPayment(tx, input))));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    } finally {
      if (wide) {
        setDbHandle(t.handle);
        await wide.db.destroy();
      }
    }
    expect((await entries(w.fx.orgId, w.residentId)).filter((e) => e.kind === "payment")).toHaveLength(1);
    expect((await t.db.selectFrom("receipt_counter").select("last_number").where("org_id", "=", w.fx.orgId).executeTakeFirstOrThrow()).last_number).toBe(1);
    // The same key for a different payment is refused, not silently merged.
    await expectDomainError(withTenant(w.fx.owner, (tx) => recordPayment(tx, { ...input, amount: "41" })), "conflict");
  });

  it("refunds at most what is left of a payment; an entry is corrected once; a correction is not corrected again", async () => {
    const w = await weeklyWorld(5);
    const paid = await withTenant(w.fx.owner, (tx) => recordPayment(tx, { residentId: w.residentId, amount: "100", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: uuid() }));
    await withTenant(w.fx.owner, (tx) => refundPayment(tx, { paymentId: paid.id, amount: "60", reason: "Overpaid" }));
    await expectDomainError(withTenant(w.fx.owner, (tx) => refundPayment(tx, { paymentId: paid.id, amount: "40.01", reason: "Again" })), "conflict", { field: "amount" });
    await withTenant(w.fx.owner, (tx) => refundPayment(tx, { paymentId: paid.id, amount: "40", reason: "Rest" }));
    await expectDomainError(withTenant(w.fx.owner, (tx) => reverseEntry(tx, { entryId: paid.id, reason: "Mistake" })), "conflict");

    const { id: chargeId } = await withTenant(w.fx.owner, (tx) => recordManualEntry(tx, { residentId: w.residentId, kind: "charge", amount: "30", reason: "Late key" }));
    const before = await balance(w.fx.orgId, w.residentId);
    const { id: reversalId } = await withTenant(w.fx.owner, (tx) => reverseEntry(tx, { entryId: chargeId, reason: "Entered twice" }));
    expect(await balance(w.fx.orgId, w.residentId)).toBe(before - 3000);
    await expectDomainError(withTenant(w.fx.owner, (tx) => reverseEntry(tx, { entryId: chargeId, reason: "Again" })), "conflict", { message: "This entry has already been corrected." });
    await expectDomainError(withTenant(w.fx.owner, (tx) => reverseEntry(tx, { entryId: reversalId, reason: "Undo" })), "conflict");
    await expectDomainError(withTenant(w.fx.owner, (tx) => refundPayment(tx, { paymentId: chargeId, amount: "1", reason: "x" })), "invalid");
    expect(await balance(w.fx.orgId, w.residentId)).toBe(before - 3000);
  });

  it("the database refuses to change or remove a ledger entry, whoever asks", async () => {
    const w = await weeklyWorld(5);
    await withTenant(w.fx.owner, (tx) => recordManualEntry(tx, { residentId: w.residentId, kind: "charge", amount: "5", reason: "x" }));
    await expect(withTenant(w.fx.owner, (tx) => tx.updateTable("ledger_entry").set({ amount_cents: 1 }).where("resident_id", "=", w.residentId).execute())).rejects.toThrow(/permission denied|append-only/);
    await expect(withTenant(w.fx.owner, (tx) => tx.deleteFrom("ledger_entry").where("resident_id", "=", w.residentId).execute())).rejects.toThrow(/permission denied|append-only/);
    // Even the database owner (the test's superuser connection) meets the trigger.
    await expect(t.db.updateTable("ledger_entry").set({ amount_cents: 1 }).where("resident_id", "=", w.residentId).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("ledger_entry").where("resident_id", "=", w.residentId).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate ledger_entry cascade`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await balance(w.fx.orgId, w.residentId)).toBe(500);
  });
});

describe("who sees and writes money (row-level security inside an org)", () => {
  it("house managers and staff see their houses' entries, only managers write; a resident sees only their own; a certifier nothing", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner);
    const b = await makeHouse(fx.owner);
    const ra = await makeStay(fx.owner, a.bedIds[0]!, addDays(today, -3));
    const ra2 = await makeStay(fx.owner, a.bedIds[1]!, addDays(today, -3));
    const rb = await makeStay(fx.owner, b.bedIds[0]!, addDays(today, -3));
    await withTenant(fx.owner, async (tx) => {
      for (const r of [ra, ra2, rb]) await recordManualEntry(tx, { residentId: r.residentId, kind: "charge", amount: "10", reason: "Fee" });
      await createFeeSchedule(tx, { houseId: b.houseId, name: "B rent", cadence: "monthly", monthDay: 1, amount: "600", effectiveFrom: today });
    });
    const managerA = await makeMember(fx, "house_manager", [a.houseId]);
    const staffA = await makeMember(fx, "staff", [a.houseId]);
    const residentUser = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: ra.residentId, userId: residentUser.id }));
    const residentCtx: TenantContext = { orgId: fx.orgId, userId: residentUser.id, role: "resident" };
    const seen = (ctx: TenantContext) => withTenant(ctx, (tx) => tx.selectFrom("ledger_entry").select("resident_id").execute()).then((r) => r.map((x) => x.resident_id).sort());
    expect(await seen(managerA.ctx)).toEqual([ra.residentId, ra2.residentId].sort());
    expect(await seen(staffA.ctx)).toEqual([ra.residentId, ra2.residentId].sort());
    expect(await seen(residentCtx)).toEqual([ra.residentId]);
    // Schedules: house B's is invisible to house A's team and its resident.
    for (const ctx of [managerA.ctx, staffA.ctx, residentCtx]) {
      expect(await withTenant(ctx, (tx) => tx.selectFrom("fee_schedule").select("id").execute())).toEqual([]);
    }
    // Writes: the manager in their house yes, in another house no; staff and residents never.
    await withTenant(managerA.ctx, (tx) => recordManualEntry(tx, { residentId: ra.residentId, kind: "credit", amount: "1", reason: "ok" }));
    await expectDomainError(withTenant(managerA.ctx, (tx) => recordManualEntry(tx, { residentId: rb.residentId, kind: "charge", amount: "1", reason: "x" })), "conflict");
    await expect(withTenant(staffA.ctx, (tx) => recordManualEntry(tx, { residentId: ra.residentId, kind: "charge", amount: "1", reason: "x" }))).rejects.toThrow();
    await expect(withTenant(residentCtx, (tx) => recordManualEntry(tx, { residentId: ra.residentId, kind: "credit", amount: "1", reason: "x" }))).rejects.toThrow();
    await expect(withTenant(staffA.ctx, (tx) => recordPayment(tx, { residentId: ra.residentId, amount: "1", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: uuid() }))).rejects.toThrow();
    await expect(withTenant(managerA.ctx, (tx) => createFeeSchedule(tx, { name: "Org fee", cadence: "once", amount: "1", effectiveFrom: today }))).rejects.toThrow();
    // A certifier org's members see nothing of any of it.
    const certifier = await makeOrg({ kind: "certifier" });
    const auditor = await makeUser({ orgId: certifier.id, role: "auditor" });
    const certCtx: TenantContext = { orgId: certifier.id, userId: auditor.id, role: "auditor" };
    for (const table of ["ledger_entry", "fee_schedule", "receipt_counter"] as const) {
      expect((await withTenant(certCtx, (tx) => sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx))).rows[0]!.n).toBe(0);
    }
    expect((await entries(fx.orgId, rb.residentId)).map((e) => e.amount_cents)).toEqual([1000]);
  });
});

class Refused extends Error {}

describe("the ledger invariant (property test)", () => {
  it("over random charges, payments, refunds, reversals, moves between houses and deposit releases and payouts, a balance is the sum of its entries and held deposits reconcile", async () => {
    const fx = await makeOperator();
    const op = fc.oneof(
      fc.record({ t: fc.constant("charge" as const), cents: fc.integer({ min: 1, max: 500_000 }) }),
      fc.record({ t: fc.constant("credit" as const), cents: fc.integer({ min: 1, max: 500_000 }) }),
      fc.record({ t: fc.constant("payment" as const), cents: fc.integer({ min: 1, max: 500_000 }) }),
      fc.record({ t: fc.constant("refund" as const), pick: fc.nat(), cents: fc.integer({ min: 1, max: 600_000 }) }),
      fc.record({ t: fc.constant("reverse" as const), pick: fc.nat() }),
      fc.record({ t: fc.constant("move" as const) }),
      // The deposit taken at move-in: applied to the balance (a deposit_release), refunded (a
      // release and a payout), or a settlement undone (the payout reversed, else the release).
      fc.record({ t: fc.constant("settle" as const), refund: fc.boolean() }),
      fc.record({ t: fc.constant("unsettle" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        // Two one-bed houses per run; moves go back and forth on later and later days.
        const houses = [await makeHouse(fx.owner, { bedsPerRoom: 1 }), await makeHouse(fx.owner, { bedsPerRoom: 1 })];
        let { stayId } = await makeStay(fx.owner, houses[0]!.bedIds[0]!, addDays(today, -60), null);
        const residentId = (await t.db.selectFrom("stay").select("resident_id").where("id", "=", stayId).executeTakeFirstOrThrow()).resident_id;
        // A $150.00 deposit at the first house, charged once at move-in.
        await withTenant(fx.owner, (tx) => createFeeSchedule(tx, { houseId: houses[0]!.houseId, name: "Deposit", cadence: "once", isDeposit: true, amount: "150", effectiveFrom: addDays(today, -90) }));
        await agreeToAllFees(t.db, fx.orgId);
        await withTenant(fx.owner, (tx) => postDueCharges(tx, { houseId: houses[0]!.houseId }));
        const deposit = await t.db.selectFrom("ledger_entry").select("id").where("resident_id", "=", residentId).where("kind", "=", "deposit").executeTakeFirstOrThrow();
        let where = 0;
        let moves = 0;
        let model = 15000;
        let held = 15000; // what the org should still hold of the deposit
        const settlements: { releaseId: string; payoutId: string | null; cents: number }[] = [];
        const byHouse = [15000, 0]; // what each house's entries should add up to
        const payments: { id: string; left: number; house: number }[] = [];
        const corrigible: { id: string; cents: number; house: number }[] = [];
        const money = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
        for (const o of ops) {
          await withTenant(fx.owner, async (tx) => {
            if (o.t === "charge" || o.t === "credit") {
              const r = await recordManualEntry(tx, { residentId, kind: o.t, amount: money(o.cents), reason: "p" });
              model += r.amountCents;
              byHouse[where]! += r.amountCents;
              corrigible.push({ id: r.id, cents: r.amountCents, house: where });
            } else if (o.t === "payment") {
              const r = await recordPayment(tx, { residentId, amount: money(o.cents), method: "cash", payer: "family", receivedOn: today, idempotencyKey: uuid() });
              model -= o.cents;
              byHouse[where]! -= o.cents;
              payments.push({ id: r.id, left: o.cents, house: where });
              corrigible.push({ id: r.id, cents: -o.cents, house: where });
            } else if (o.t === "refund" && payments.length) {
              const p = payments[o.pick % payments.length]!;
              const refund = refundPayment(tx, { paymentId: p.id, amount: money(o.cents), reason: "p" });
              if (p.left === -1 || o.cents > p.left) {
                await expectDomainError(refund, "conflict"); // more than is left, or reversed: refused
                throw new Refused();
              }
              await refund;
              model += o.cents;
              byHouse[p.house]! += o.cents;
              p.left -= o.cents;
            } else if (o.t === "reverse" && corrigible.length) {
              const c = corrigible.splice(o.pick % corrigible.length, 1)[0]!;
              const p = payments.find((x) => x.id === c.id);
              if (p && p.left !== -c.cents) return; // partly refunded: refused by rule (tested above)
              await reverseEntry(tx, { entryId: c.id, reason: "p" });
              model -= c.cents;
              byHouse[c.house]! -= c.cents;
              if (p) p.left = -1;
            } else if (o.t === "settle") {
              const settle = settleDeposit(tx, o.refund ? { depositId: deposit.id, settle: "refund", method: "check" } : { depositId: deposit.id, settle: "apply" });
              if (held === 0) {
                await expectDomainError(settle, "conflict"); // nothing held any more: refused
                throw new Refused();
              }
              const r = await settle;
              expect(r.amountCents).toBe(held);
              if (!o.refund) {
                model -= held; // applied: the balance falls by what was held
                byHouse[0]! -= held;
              } // refunded: the release and the payout cancel out; the money leaves
              settlements.push({ releaseId: r.releaseId, payoutId: r.payoutId, cents: held });
              held = 0;
            } else if (o.t === "unsettle" && settlements.length) {
              const last = settlements[settlements.length - 1]!;
              if (last.payoutId) {
                await reverseEntry(tx, { entryId: last.payoutId, reason: "p" });
                model -= last.cents;
                byHouse[0]! -= last.cents;
                last.payoutId = null;
              } else {
                await reverseEntry(tx, { entryId: last.releaseId, reason: "p" });
                model += last.cents;
                byHouse[0]! += last.cents;
                held += last.cents;
                settlements.pop();
              }
            } else if (o.t === "move") {
              where = 1 - where;
              const moved = await transferStay(tx, { stayId, toBedId: houses[where]!.bedIds[0]!, date: addDays(today, -55 + 5 * moves++) });
              stayId = moved.stayId;
            }
          }).catch((e) => {
            if (!(e instanceof Refused)) throw e; // a refused refund rolls back: nothing written
          });
        }
        // The ledger: what the model expects, summed in SQL, and per house adds up to the whole.
        const sums = await t.db
          .selectFrom("ledger_entry")
          .select(["house_id", sql<number>`sum(amount_cents)::bigint`.as("s")])
          .where("resident_id", "=", residentId)
          .groupBy("house_id")
          .execute();
        expect(sums.reduce((s, r) => s + r.s, 0)).toBe(model);
        expect(await balance(fx.orgId, residentId)).toBe(model);
        houses.forEach((h, i) => expect(sums.find((r) => r.house_id === h.houseId)?.s ?? 0).toBe(byHouse[i]));
        // Deposits held reconcile: the deposit, its releases and their reversals add up to what is held.
        const { rows } = await sql<{ s: number }>`select coalesce(sum(e.amount_cents), 0)::bigint as s from ledger_entry e
          where e.resident_id = ${residentId} and (e.kind in ('deposit', 'deposit_release')
            or e.reverses_id in (select r.id from ledger_entry r where r.resident_id = ${residentId} and r.kind in ('deposit', 'deposit_release')))`.execute(t.db);
        expect(Number(rows[0]!.s)).toBe(held);
        const stillHeld = await withTenant(fx.owner, (tx) => heldDeposits(tx, residentId));
        expect(stillHeld.reduce((s, d) => s + d.heldCents, 0)).toBe(held);
        if (sums.length) {
          // (row triggers fire per row: with no entries there is nothing to refuse)
          await expect(t.db.updateTable("ledger_entry").set({ amount_cents: 1 }).where("resident_id", "=", residentId).execute()).rejects.toThrow(/append-only/);
          await expect(t.db.deleteFrom("ledger_entry").where("resident_id", "=", residentId).execute()).rejects.toThrow(/append-only/);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe("the maintenance loop", () => {
  it("posts what is due in every org, and a second run posts nothing new", async () => {
    const w = await weeklyWorld(9);
    await agreeToAllFees(t.db, w.fx.orgId);
    const first = await runMaintenance();
    expect(first.charged).toBeGreaterThanOrEqual(2);
    expect(await balance(w.fx.orgId, w.residentId)).toBe(1000 * daysBetween(addDays(today, -9), weekEnd(today)));
    expect((await runMaintenance()).charged).toBe(0);
  });
});
