import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { acknowledgeMyAgreement, agreementCopy, houseAgreementStatus, myAgreement, recordPaperAck, residentAgreement } from "#app/domain/fees/agreement.server";
import { createFeeSchedule, postDueCharges, postWaitingCharges, waitingCharges } from "#app/domain/fees/charges.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { heldDeposits, settleDeposit } from "#app/domain/fees/deposits.server";
import { recordManualEntry, reverseEntry } from "#app/domain/fees/ledger.server";
import { endFeeSchedule } from "#app/domain/fees/schedules.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeUser } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";
import { agreeToAllFees } from "#tests/support/fees";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";

/**
 * Fee agreements before charges, deposits at discharge and ending schedules (ADR 031), on
 * the database: the job waits for an acknowledgement and then catches up; the acknowledgement
 * is the resident's alone (RLS × every role) and append-only; releases and payouts keep the
 * deposit invariants whoever inserts them.
 */
const t = useTestDatabase();
const today = todayIn("America/New_York");

async function world() {
  const fx = await makeOperator();
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3 });
  const other = await makeHouse(fx.owner);
  const manager = await makeMember(fx, "house_manager", [h.houseId]);
  const staff = await makeMember(fx, "staff", [h.houseId]);
  const otherManager = await makeMember(fx, "house_manager", [other.houseId]);
  const a = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -20));
  const b = await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -20));
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, async (tx) => {
    await tx.updateTable("resident").set({ legal_name: "Jo Rivera" }).where("id", "=", a.residentId).execute();
    await linkResidentAccount(tx, { residentId: a.residentId, userId: user.id });
  });
  const resident: TenantContext = { orgId: fx.orgId, userId: user.id, role: "resident" };
  const rent = await withTenant(fx.owner, (tx) =>
    createFeeSchedule(tx, { houseId: h.houseId, name: "Rent", cadence: "weekly", weekday: 1, amount: "70", effectiveFrom: "2025-01-01" }),
  );
  return { fx, h, other, manager, staff, otherManager, a, b, resident, userId: user.id, rentId: rent.id };
}
type World = Awaited<ReturnType<typeof world>>;

const entriesOf = (orgId: string, residentId: string) =>
  t.db.selectFrom("ledger_entry").selectAll().where("org_id", "=", orgId).where("resident_id", "=", residentId).orderBy("effective_on").execute();
const sign = async (w: World, typedName = "Jo Rivera") =>
  withTenant(w.resident, async (tx) => {
    const me = (await myAgreement(tx, "USD"))!;
    return acknowledgeMyAgreement(tx, { contentHash: me.contentHash, typedName }, "USD");
  });

describe("agreement before charge", () => {
  it("the job holds back an unacknowledged resident's charges, catches them up after they sign, and is idempotent", async () => {
    const w = await world();
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    expect(await entriesOf(w.fx.orgId, w.a.residentId)).toEqual([]);
    expect(await entriesOf(w.fx.orgId, w.b.residentId)).toEqual([]);
    const before = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    expect(before.needsAck).toBe(true);
    expect(before.terms.map((x) => [x.name, x.amountCents, x.cadence, x.weekday, x.from])).toEqual([["Rent", 7000, "weekly", 1, "2025-01-01"]]);

    const signed = await sign(w);
    const after = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    expect(after.needsAck).toBe(false);
    expect(after.signed?.typedName).toBe("Jo Rivera");
    // The signature itself posts the waiting charges (migration 0030); the job then posts nothing new.
    const rows = await entriesOf(w.fx.orgId, w.a.residentId);
    // Back to the move-in day: a signature is consent to the terms, not a waiver.
    expect(rows[0]!.effective_on).toBe(addDays(today, -20));
    expect(rows.reduce((s, e) => s + e.amount_cents, 0)).toBeGreaterThanOrEqual(1000 * 20);
    expect(signed.posted).toBe(rows.length);
    expect(rows.every((r) => r.created_by === w.userId)).toBe(true);
    expect(await entriesOf(w.fx.orgId, w.b.residentId)).toEqual([]);
    expect(await withTenant(w.fx.owner, (tx) => postDueCharges(tx))).toEqual({ posted: 0, ids: [] });

    // New terms (a one-time fee) wait for a new acknowledgement; the rent still posts.
    await withTenant(w.manager.ctx, (tx) => createFeeSchedule(tx, { houseId: w.h.houseId, name: "Key", cadence: "once", amount: "5", effectiveFrom: addDays(today, -30) }));
    expect((await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!.needsAck).toBe(true);
    expect(await withTenant(w.fx.owner, (tx) => postDueCharges(tx))).toEqual({ posted: 0, ids: [] });
    const status = await withTenant(w.manager.ctx, (tx) => houseAgreementStatus(tx, w.h.houseId));
    expect(status.map((s) => [s.residentId, s.acknowledged]).sort()).toEqual([[w.a.residentId, false], [w.b.residentId, false]].sort());
    expect((await sign(w)).posted).toBe(1);
    expect((await withTenant(w.fx.owner, (tx) => postDueCharges(tx))).posted).toBe(0);
    expect((await withTenant(w.manager.ctx, (tx) => houseAgreementStatus(tx, w.h.houseId))).find((s) => s.residentId === w.a.residentId)!.acknowledged).toBe(true);

    // Ending a schedule keeps it covered (it charges less than agreed).
    await withTenant(w.manager.ctx, (tx) => endFeeSchedule(tx, { scheduleId: w.rentId, lastDay: addDays(today, 30) }));
    expect((await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!.needsAck).toBe(false);
  });

  it("refuses a changed agreement, a wrong name and a second signature; nothing written", async () => {
    const w = await world();
    const me = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    await expectDomainError(withTenant(w.resident, (tx) => acknowledgeMyAgreement(tx, { contentHash: "0".repeat(64), typedName: "Jo Rivera" }, "USD")), "conflict");
    await expectDomainError(withTenant(w.resident, (tx) => acknowledgeMyAgreement(tx, { contentHash: me.contentHash, typedName: "Someone Else" }, "USD")), "invalid", { field: "typedName" });
    await expectDomainError(withTenant(w.resident, (tx) => acknowledgeMyAgreement(tx, { contentHash: me.contentHash, typedName: "" }, "USD")), "invalid", { field: "typedName" });
    expect(await t.db.selectFrom("fee_agreement_ack").select("id").where("org_id", "=", w.fx.orgId).execute()).toEqual([]);
    const { id } = await sign(w, "  jo   RIVERA ");
    await expectDomainError(sign(w), "conflict");
    const row = await t.db.selectFrom("fee_agreement_ack").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect([row.resident_id, row.stay_id, row.house_id, row.typed_name, row.content_hash, row.terms, row.signed_by]).toEqual([w.a.residentId, w.a.stayId, w.h.houseId, "jo   RIVERA", me.contentHash, me.text, w.userId]);
    const audited = await t.db.selectFrom("audit_event").select("entity_id").where("org_id", "=", w.fx.orgId).where("action", "=", "fee_agreement.acknowledged").execute();
    expect(audited).toEqual([{ entity_id: id }]);
    // The signed copy: the resident's own, and the house's staff; not another house's manager.
    expect((await withTenant(w.resident, (tx) => agreementCopy(tx, id, { self: true }))).contentHash).toBe(me.contentHash);
    expect((await withTenant(w.staff.ctx, (tx) => agreementCopy(tx, id, { houseId: w.h.houseId }))).parsed[0]!.name).toBe("Rent");
    await expectDomainError(withTenant(w.otherManager.ctx, (tx) => agreementCopy(tx, id)), "not_found");
  });
});

describe("fee_agreement_ack row-level security, every role", () => {
  it("only the resident inserts their own; reads follow the house; nobody updates or deletes", async () => {
    const w = await world();
    const { id } = await sign(w);
    const me = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    const forge = (who: { residentId: string; stayId: string }) => (tx: Tx) =>
      sql`insert into fee_agreement_ack (org_id, resident_id, house_id, stay_id, terms, content_hash, typed_name)
        values (${w.fx.orgId}, ${who.residentId}, ${w.h.houseId}, ${who.stayId}, ${me.text}, ${me.contentHash}, 'Forged')`.execute(tx);
    const admin = await makeMember(w.fx, "admin");
    const roles: [string, TenantContext, boolean][] = [
      ["owner", w.fx.owner, true],
      ["admin", admin.ctx, true],
      ["house_manager", w.manager.ctx, true],
      ["staff", w.staff.ctx, true],
      ["other house's manager", w.otherManager.ctx, false],
      ["resident", w.resident, true],
    ];
    for (const [name, ctx, sees] of roles) {
      const seen = await withTenant(ctx, (tx) => tx.selectFrom("fee_agreement_ack").select("id").execute());
      expect(seen.map((r) => r.id), name).toEqual(sees ? [id] : []);
      // Acknowledging for resident B: refused for every role, the resident included.
      await expect(withTenant(ctx, forge(w.b)), name).rejects.toThrow(/row-level security|permission denied/);
      await expect(withTenant(ctx, (tx) => sql`update fee_agreement_ack set typed_name = 'x' where id = ${id}`.execute(tx)), name).rejects.toThrow(/permission denied/);
      await expect(withTenant(ctx, (tx) => sql`delete from fee_agreement_ack where id = ${id}`.execute(tx)), name).rejects.toThrow(/permission denied/);
    }
    // Another resident sees nothing of Jo's.
    const bUser = await makeUser({ orgId: w.fx.orgId, role: "resident" });
    await withTenant(w.fx.owner, (tx) => linkResidentAccount(tx, { residentId: w.b.residentId, userId: bUser.id }));
    const bCtx: TenantContext = { orgId: w.fx.orgId, userId: bUser.id, role: "resident" };
    expect(await withTenant(bCtx, (tx) => tx.selectFrom("fee_agreement_ack").select("id").execute())).toEqual([]);
    // A certifier org's auditor and another org's owner see nothing.
    const stranger = await makeOperator();
    expect(await withTenant(stranger.owner, (tx) => tx.selectFrom("fee_agreement_ack").select("id").execute())).toEqual([]);
    // Even the superuser cannot change or delete one, nor store a hash that is not of the terms.
    await expect(sql`update fee_agreement_ack set typed_name = 'x' where id = ${id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from fee_agreement_ack where id = ${id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(
      sql`insert into fee_agreement_ack (org_id, resident_id, house_id, stay_id, terms, content_hash, typed_name)
        values (${w.fx.orgId}, ${w.b.residentId}, ${w.h.houseId}, ${w.b.stayId}, ${me.text}, ${"a".repeat(64)}, 'X')`.execute(t.db),
    ).rejects.toThrow(/content hash/);
    expect((await t.db.selectFrom("fee_agreement_ack").select("id").where("org_id", "=", w.fx.orgId).execute()).length).toBe(1);
  });
});

describe("deposits at discharge", () => {
  async function depositWorld() {
    const w = await world();
    await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: w.h.houseId, name: "Deposit", cadence: "once", isDeposit: true, amount: "200", effectiveFrom: addDays(today, -60) }));
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    const deposit = (await entriesOf(w.fx.orgId, w.a.residentId)).find((e) => e.kind === "deposit")!;
    const depositB = (await entriesOf(w.fx.orgId, w.b.residentId)).find((e) => e.kind === "deposit")!;
    return { ...w, deposit, depositB };
  }
  const insertAs = (ctx: TenantContext, values: Record<string, unknown>) =>
    withTenant(ctx, (tx) => tx.insertInto("ledger_entry").values(values as never).returning("id").executeTakeFirstOrThrow());

  it("apply releases it to the balance; refund releases it and pays it back; each once; the balance and deposits held add up", async () => {
    const w = await depositWorld();
    const balance = async (residentId: string) => (await entriesOf(w.fx.orgId, residentId)).reduce((s, e) => s + e.amount_cents, 0);
    const held = async (orgId: string) =>
      Number((await sql<{ n: string }>`select coalesce(sum(amount_cents), 0) as n from ledger_entry e where org_id = ${orgId}
        and (kind in ('deposit', 'deposit_release') or (kind = 'reversal' and exists (select 1 from ledger_entry o where o.org_id = e.org_id and o.id = e.reverses_id and o.kind in ('deposit', 'deposit_release'))))`.execute(t.db)).rows[0]!.n);
    expect(await held(w.fx.orgId)).toBe(40000);
    const aBefore = await balance(w.a.residentId);
    const applied = await withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "apply" }));
    expect([applied.amountCents, applied.payoutId]).toEqual([20000, null]);
    expect(await balance(w.a.residentId)).toBe(aBefore - 20000);
    expect(await withTenant(w.manager.ctx, (tx) => heldDeposits(tx, w.a.residentId))).toEqual([]);
    await expectDomainError(withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "apply" })), "conflict");

    const bBefore = await balance(w.b.residentId);
    await expectDomainError(withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.depositB.id, settle: "refund" })), "invalid", { field: "method" });
    const refunded = await withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.depositB.id, settle: "refund", method: "check", memo: "Returned at discharge" }));
    const payout = await t.db.selectFrom("ledger_entry").selectAll().where("id", "=", refunded.payoutId!).executeTakeFirstOrThrow();
    expect([payout.kind, payout.amount_cents, payout.method, payout.memo]).toEqual(["payout", 20000, "check", "Returned at discharge"]);
    expect(await balance(w.b.residentId)).toBe(bBefore);
    expect(await held(w.fx.orgId)).toBe(0);
    // Reversing a release holds the deposit again; a deposit with releases cannot be reversed.
    await withTenant(w.manager.ctx, (tx) => reverseEntry(tx, { entryId: applied.releaseId, reason: "Recorded by mistake" }));
    expect(await held(w.fx.orgId)).toBe(20000);
    await expect(withTenant(w.manager.ctx, (tx) => reverseEntry(tx, { entryId: w.depositB.id, reason: "x" }))).rejects.toThrow();
    // Staff read but do not write money; another house's manager cannot see the deposit.
    await expect(withTenant(w.staff.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "apply" }))).rejects.toThrow();
    await expectDomainError(withTenant(w.otherManager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "apply" })), "not_found");
  });

  it("the database refuses a release beyond the deposit, of a non-deposit, twice, or in another stay; a payout without a method or memo", async () => {
    const w = await depositWorld();
    const charge = await withTenant(w.manager.ctx, (tx) => recordManualEntry(tx, { residentId: w.a.residentId, kind: "charge", amount: "10", reason: "Key" }));
    const base = { org_id: w.fx.orgId, resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, effective_on: today };
    const release = (amount: number, of: string, at = base) => insertAs(w.manager.ctx, { ...at, kind: "deposit_release", amount_cents: amount, releases_id: of });
    const count = async () => (await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", w.fx.orgId).execute()).length;
    const baseB = { ...base, resident_id: w.b.residentId, stay_id: w.b.stayId };
    const relB = await release(-100, w.depositB.id, baseB);
    const n = await count();
    await expect(release(-20001, w.deposit.id)).rejects.toThrow(/at most what is still held/);
    await expect(release(-100, charge.id)).rejects.toThrow(/a release is of a deposit/);
    await expect(release(100, w.deposit.id)).rejects.toThrow(/ledger_entry_sign/);
    await expect(insertAs(w.manager.ctx, { ...base, kind: "deposit_release", amount_cents: -100 })).rejects.toThrow(/ledger_entry_release/);
    await expect(release(-100, w.depositB.id)).rejects.toThrow(/belongs to the resident, house and stay/);
    await expect(insertAs(w.manager.ctx, { ...baseB, kind: "payout", amount_cents: 100, memo: "x", payout_of_id: relB.id })).rejects.toThrow(/ledger_entry_payment/);
    await expect(insertAs(w.manager.ctx, { ...baseB, kind: "payout", amount_cents: 100, method: "cash", payout_of_id: relB.id })).rejects.toThrow(/ledger_entry_reason/);
    await expect(insertAs(w.manager.ctx, { ...baseB, kind: "payout", amount_cents: -100, method: "cash", memo: "x", payout_of_id: relB.id })).rejects.toThrow(/pays out one release/);
    expect(await count()).toBe(n);
    // Two partial releases up to the deposit, then a third refused (twice → at most the deposit in total).
    await release(-15000, w.deposit.id);
    await release(-5000, w.deposit.id);
    await expect(release(-1, w.deposit.id)).rejects.toThrow(/at most what is still held/);
    expect(await count()).toBe(n + 2);
  });
});

describe("payouts are tied to a release (review finding 2)", () => {
  async function refundedWorld() {
    const w = await world();
    await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: w.h.houseId, name: "Deposit", cadence: "once", isDeposit: true, amount: "200", effectiveFrom: addDays(today, -60) }));
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    const deposit = (await entriesOf(w.fx.orgId, w.a.residentId)).find((e) => e.kind === "deposit")!;
    return { ...w, deposit };
  }
  const insertAs = (ctx: TenantContext, values: Record<string, unknown>) =>
    withTenant(ctx, (tx) => tx.insertInto("ledger_entry").values(values as never).returning("id").executeTakeFirstOrThrow());
  const payouts = async (orgId: string) =>
    (await t.db.selectFrom("ledger_entry").select(["id", "payout_of_id", "amount_cents"]).where("org_id", "=", orgId).where("kind", "=", "payout").execute());

  it("a lone payout, a payout of a non-release, of another amount, or a second payout of one release is refused", async () => {
    const w = await refundedWorld();
    const base = { org_id: w.fx.orgId, resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, effective_on: today, method: "cash", memo: "Paid back" };
    await expect(insertAs(w.manager.ctx, { ...base, kind: "payout", amount_cents: 20000 })).rejects.toThrow(/ledger_entry_payout/);
    await expect(insertAs(w.manager.ctx, { ...base, kind: "payout", amount_cents: 20000, payout_of_id: w.deposit.id })).rejects.toThrow(/pays out one release/);
    const applied = await withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "apply" }));
    await expect(insertAs(w.manager.ctx, { ...base, kind: "payout", amount_cents: 19999, payout_of_id: applied.releaseId })).rejects.toThrow(/pays out one release/);
    await insertAs(w.manager.ctx, { ...base, kind: "payout", amount_cents: 20000, payout_of_id: applied.releaseId });
    await expect(insertAs(w.manager.ctx, { ...base, kind: "payout", amount_cents: 20000, payout_of_id: applied.releaseId })).rejects.toThrow(/pays out one release/);
    expect((await payouts(w.fx.orgId)).length).toBe(1);
  });

  it("reversing a refunded release is refused until its payout is reversed: no second payout by reverse-and-settle", async () => {
    const w = await refundedWorld();
    const refunded = await withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "refund", method: "check", memo: "Returned" }));
    expect(await payouts(w.fx.orgId)).toEqual([{ id: refunded.payoutId, payout_of_id: refunded.releaseId, amount_cents: 20000 }]);
    await expect(withTenant(w.manager.ctx, (tx) => reverseEntry(tx, { entryId: refunded.releaseId, reason: "Again" }))).rejects.toThrow();
    expect(await t.db.selectFrom("ledger_entry").select("id").where("reverses_id", "=", refunded.releaseId).execute()).toEqual([]);
    await expectDomainError(withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "refund", method: "cash" })), "conflict");
    expect((await payouts(w.fx.orgId)).length).toBe(1);
    // Reverse the payout first (it did not happen), then the release: the deposit is held again once.
    await withTenant(w.manager.ctx, (tx) => reverseEntry(tx, { entryId: refunded.payoutId!, reason: "Check not cashed" }));
    await withTenant(w.manager.ctx, (tx) => reverseEntry(tx, { entryId: refunded.releaseId, reason: "Check not cashed" }));
    const again = await withTenant(w.manager.ctx, (tx) => settleDeposit(tx, { depositId: w.deposit.id, settle: "refund", method: "cash" }));
    const net = (await t.db.selectFrom("ledger_entry").select("amount_cents").where("org_id", "=", w.fx.orgId).where((eb) => eb.or([eb("kind", "=", "payout"), eb("reverses_id", "=", refunded.payoutId!)])).execute())
      .reduce((s, e) => s + e.amount_cents, 0);
    expect([again.amountCents, net]).toEqual([20000, 20000]);
  });
});

describe("charges waiting for an acknowledgement are posted when it is recorded (review finding 1)", () => {
  const ledger = (orgId: string, residentId: string) =>
    t.db.selectFrom("ledger_entry").select(["schedule_id", "period_start", "amount_cents", "effective_on"]).where("org_id", "=", orgId).where("resident_id", "=", residentId).orderBy("period_start").execute();

  it("the review's reproduction: Rent ended, Rent 2 began, the resident signs later → both rents' periods post", async () => {
    const w = await world();
    // The world's Rent runs from 2025; end it 10 days ago (none charged), Rent 2 from the day after.
    await t.db.updateTable("fee_schedule").set({ effective_to: addDays(today, -10) }).where("id", "=", w.rentId).execute();
    const rent2 = await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: w.h.houseId, name: "Rent 2", cadence: "weekly", weekday: 1, amount: "77", effectiveFrom: addDays(today, -9) }));
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    expect(await ledger(w.fx.orgId, w.a.residentId)).toEqual([]);
    const me = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    expect(me.terms.map((x) => [x.name, x.to])).toEqual([["Rent", addDays(today, -10)], ["Rent 2", null]]);
    await sign(w);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    const rows = await ledger(w.fx.orgId, w.a.residentId);
    expect(new Set(rows.map((r) => r.schedule_id))).toEqual(new Set([w.rentId, rent2.id]));
    expect(rows[0]!.effective_on).toBe(addDays(today, -20));
    expect(await withTenant(w.fx.owner, (tx) => postDueCharges(tx, { since: addDays(today, -400) }))).toEqual({ posted: 0, ids: [] });
  });

  it("a stay 120 days old signed today → every period since move-in posts; idempotent", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    const st = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -120));
    const rent = await withTenant(fx.owner, (tx) => createFeeSchedule(tx, { houseId: h.houseId, name: "Rent", cadence: "weekly", weekday: 1, amount: "70", effectiveFrom: "2025-01-01" }));
    const ag = (await withTenant(manager.ctx, (tx) => residentAgreement(tx, h.houseId, st.residentId, "USD")))!;
    const rec = await withTenant(manager.ctx, (tx) =>
      recordPaperAck(tx, h.houseId, { residentId: st.residentId, contentHash: ag.contentHash, recordedBy: "Morgan Lee", signedOn: addDays(today, -119), note: "Signed at intake, copy in the binder" }, "USD"),
    );
    const rows = await ledger(fx.orgId, st.residentId);
    expect(rows[0]!.effective_on).toBe(addDays(today, -120));
    expect(rows.every((r) => r.schedule_id === rent.id)).toBe(true);
    expect(rows.reduce((s, r) => s + r.amount_cents, 0)).toBeGreaterThanOrEqual(1000 * 120);
    expect(rec.posted).toBe(rows.length);
    expect(await withTenant(manager.ctx, (tx) => postWaitingCharges(tx, st.residentId, { houseId: h.houseId }))).toEqual({ posted: 0, ids: [] });
    expect(await withTenant(fx.owner, (tx) => postDueCharges(tx))).toEqual({ posted: 0, ids: [] });
  });

  it("a discharged resident's paper acknowledgement, recorded by the house manager, posts their waiting charges; staff and the resident cannot record one", async () => {
    const w = await world();
    const gone = await makeStay(w.fx.owner, w.h.bedIds[2]!, addDays(today, -40));
    await t.db.updateTable("stay").set({ during: sql`daterange(${addDays(today, -40)}::date, ${addDays(today, -5)}::date)` }).where("id", "=", gone.stayId).execute();
    const waiting = await withTenant(w.manager.ctx, (tx) => waitingCharges(tx, w.h.houseId));
    const mine = waiting.find((x) => x.residentId === gone.residentId)!;
    expect(mine.amountCents).toBe(1000 * 35);
    const ag = (await withTenant(w.manager.ctx, (tx) => residentAgreement(tx, w.h.houseId, gone.residentId, "USD")))!;
    const input = { residentId: gone.residentId, contentHash: ag.contentHash, recordedBy: "Morgan Lee", signedOn: addDays(today, -40), note: "Paper copy signed at move-in" };
    await expect(withTenant(w.staff.ctx, (tx) => recordPaperAck(tx, w.h.houseId, input, "USD"))).rejects.toThrow();
    await expect(withTenant(w.resident, (tx) => recordPaperAck(tx, w.h.houseId, input, "USD"))).rejects.toThrow();
    await expectDomainError(withTenant(w.manager.ctx, (tx) => recordPaperAck(tx, w.h.houseId, { ...input, signedOn: addDays(today, 1) }, "USD")), "invalid", { field: "signedOn" });
    await expectDomainError(withTenant(w.manager.ctx, (tx) => recordPaperAck(tx, w.h.houseId, { ...input, note: "" }, "USD")), "invalid", { field: "note" });
    await expectDomainError(withTenant(w.otherManager.ctx, (tx) => recordPaperAck(tx, w.other.houseId, input, "USD")), "not_found");
    expect(await t.db.selectFrom("fee_agreement_ack").select("id").where("org_id", "=", w.fx.orgId).execute()).toEqual([]);

    const rec = await withTenant(w.manager.ctx, (tx) => recordPaperAck(tx, w.h.houseId, input, "USD"));
    const rows = await ledger(w.fx.orgId, gone.residentId);
    expect(rows.reduce((s, r) => s + r.amount_cents, 0)).toBe(mine.amountCents);
    expect(rec.posted).toBe(rows.length);
    const row = await t.db.selectFrom("fee_agreement_ack").selectAll().where("id", "=", rec.id).executeTakeFirstOrThrow();
    expect([row.method, row.typed_name, row.paper_signed_on, row.note, row.signed_by, row.stay_id]).toEqual(["paper", "Morgan Lee", input.signedOn, input.note, w.manager.ctx.userId, gone.stayId]);
    expect((await t.db.selectFrom("audit_event").select("entity_id").where("org_id", "=", w.fx.orgId).where("action", "=", "fee_agreement.paper_recorded").execute())).toEqual([{ entity_id: rec.id }]);
    expect((await withTenant(w.manager.ctx, (tx) => waitingCharges(tx, w.h.houseId))).find((x) => x.residentId === gone.residentId)).toBeUndefined();
    await expectDomainError(withTenant(w.manager.ctx, (tx) => recordPaperAck(tx, w.h.houseId, input, "USD")), "conflict");
  });
});

describe("an e-signature posts the resident's waiting charges back to the start of the stay (migration 0030)", () => {
  it("a stay that began 6 months ago: every period since move-in posts when the resident signs, not only 92 days; idempotent", async () => {
    const w = await world();
    const moveIn = addDays(today, -183);
    await t.db.updateTable("stay").set({ during: sql`daterange(${moveIn}::date, null)` }).where("id", "=", w.a.stayId).execute();
    const deposit = await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: w.h.houseId, name: "Deposit", cadence: "once", isDeposit: true, amount: "150", effectiveFrom: "2025-01-01" }));
    const signed = await sign(w);
    const rows = await entriesOf(w.fx.orgId, w.a.residentId);
    expect(rows[0]!.effective_on).toBe(moveIn);
    expect(rows.filter((r) => r.schedule_id === w.rentId).reduce((s, r) => s + r.amount_cents, 0)).toBeGreaterThanOrEqual(1000 * 183);
    expect(rows.filter((r) => r.kind === "deposit").map((r) => [r.schedule_id, r.amount_cents])).toEqual([[deposit.id, 15000]]);
    expect(rows.some((r) => r.effective_on < addDays(today, -100))).toBe(true);
    expect(signed.posted).toBe(rows.length);
    expect(await withTenant(w.fx.owner, (tx) => postDueCharges(tx, { since: addDays(today, -400) }))).toEqual({ posted: 0, ids: [] });
    const audited = await t.db.selectFrom("audit_event").select(["entity_id", "action"]).where("org_id", "=", w.fx.orgId).where("action", "=", "ledger.charges_posted").execute();
    expect(audited).toEqual([{ entity_id: signed.id, action: "ledger.charges_posted" }]);
  });

  it("the entry is only for the resident's own e-signature made in this transaction, and only for its terms", async () => {
    const w = await world();
    const { id } = await sign(w);
    const me = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    const entry = { resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, kind: "charge", amount_cents: 100, effective_on: today, schedule_id: w.rentId, period_start: today, period_end: addDays(today, 7) };
    const call = (entries: unknown[], ack = id) => (tx: Tx) => sql`select post_fee_ack_catch_up(${ack}::uuid, ${JSON.stringify(entries)}::jsonb)`.execute(tx);
    // An acknowledgement made in an earlier transaction: refused, even for its own resident.
    await expect(withTenant(w.resident, call([entry]))).rejects.toThrow(/only for the resident/);
    // Staff and owners may not use it either (they post through the job).
    await expect(withTenant(w.fx.owner, call([entry]))).rejects.toThrow(/only for the resident/);
    // In the signing transaction: an entry beyond the schedule's amount, of another schedule, or for another stay is refused.
    const other = await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: w.other.houseId, name: "Other", cadence: "weekly", weekday: 1, amount: "5", effectiveFrom: "2025-01-01" }));
    const key = await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: w.h.houseId, name: "Key", cadence: "once", amount: "5", effectiveFrom: addDays(today, -30) }));
    const fresh = (await withTenant(w.resident, (tx) => myAgreement(tx, "USD")))!;
    expect(fresh.contentHash).not.toBe(me.contentHash);
    const inSigning = (entries: unknown[]) =>
      withTenant(w.resident, async (tx) => {
        const ack = await tx.insertInto("fee_agreement_ack").values({ org_id: sql<string>`current_org_id()`, resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, terms: fresh.text, content_hash: fresh.contentHash, typed_name: "Jo Rivera" }).returning("id").executeTakeFirstOrThrow();
        return call(entries, ack.id)(tx);
      });
    const keyEntry = { ...entry, kind: "charge", amount_cents: 500, schedule_id: key.id, effective_on: addDays(today, -20), period_start: addDays(today, -30), period_end: addDays(today, -29) };
    await expect(inSigning([{ ...keyEntry, amount_cents: 501 }])).rejects.toThrow(/not a waiting charge/);
    await expect(inSigning([{ ...keyEntry, kind: "deposit" }])).rejects.toThrow(/not a waiting charge/);
    await expect(inSigning([{ ...keyEntry, schedule_id: other.id, amount_cents: 100 }])).rejects.toThrow(/not a waiting charge/);
    await expect(inSigning([{ ...keyEntry, stay_id: w.b.stayId }])).rejects.toThrow(/not a waiting charge/);
    await expect(inSigning([{ ...keyEntry, effective_on: addDays(today, 1) }])).rejects.toThrow(/not a waiting charge/);
    expect(await t.db.selectFrom("ledger_entry").select("id").where("schedule_id", "=", key.id).execute()).toEqual([]);
    const ok = await inSigning([keyEntry]);
    expect(ok.rows).toEqual([{ post_fee_ack_catch_up: 1 }]);
  });
});

describe("coverage does not depend on who runs the job (review finding 3)", () => {
  it("a resident who signed in one house and moved: the new house manager's run posts the org-wide fee", async () => {
    const w = await world();
    await withTenant(w.fx.owner, (tx) => createFeeSchedule(tx, { houseId: null, name: "Program fee", cadence: "weekly", weekday: 3, amount: "14", effectiveFrom: "2025-01-01" }));
    await sign(w);
    // Jo moves to the other house today.
    await t.db.updateTable("stay").set({ during: sql`daterange(${addDays(today, -20)}::date, ${addDays(today, -6)}::date)` }).where("id", "=", w.a.stayId).execute();
    const moved = await withTenant(w.fx.owner, async (tx) => {
      const bed = await tx.selectFrom("bed").select("id").where("house_id", "=", w.other.houseId).executeTakeFirstOrThrow();
      return admitResident(tx, { residentId: w.a.residentId, bedId: bed.id, moveInDate: addDays(today, -6) });
    });
    const run = await withTenant(w.otherManager.ctx, (tx) => postDueCharges(tx, { houseId: w.other.houseId }));
    expect(run.posted).toBeGreaterThan(0);
    const rows = await t.db.selectFrom("ledger_entry").select(["stay_id", "house_id"]).where("id", "in", run.ids).execute();
    expect(rows.every((r) => r.stay_id === moved.stayId && r.house_id === w.other.houseId)).toBe(true);
  });
});

describe("ending a schedule", () => {
  it("sets the last day; refuses one before the first day, before charged periods, or later than set; audited; others' refused", async () => {
    const w = await world();
    await agreeToAllFees(t.db, w.fx.orgId);
    await withTenant(w.fx.owner, (tx) => postDueCharges(tx));
    const lastCharged = (await t.db.selectFrom("ledger_entry").select(sql<string>`(max(period_end) - 1)::text`.as("d")).where("schedule_id", "=", w.rentId).executeTakeFirstOrThrow()).d;
    const end = (ctx: TenantContext, lastDay: string) => withTenant(ctx, (tx) => endFeeSchedule(tx, { scheduleId: w.rentId, lastDay }));
    await expectDomainError(end(w.manager.ctx, "2024-12-31"), "invalid", { field: "lastDay", message: /can't be before the first day/ });
    await expectDomainError(end(w.manager.ctx, addDays(lastCharged, -1)), "invalid", { field: "lastDay", message: /already posted through/ });
    await expectDomainError(end(w.manager.ctx, "not a day"), "invalid", { field: "lastDay" });
    await expectDomainError(end(w.otherManager.ctx, addDays(today, 10)), "not_found");
    await expect(end(w.staff.ctx, addDays(today, 10))).rejects.toThrow();
    const schedule = () => t.db.selectFrom("fee_schedule").select(sql<string | null>`effective_to::text`.as("to")).where("id", "=", w.rentId).executeTakeFirstOrThrow();
    expect((await schedule()).to).toBeNull();
    await end(w.manager.ctx, addDays(today, 40));
    expect((await schedule()).to).toBe(addDays(today, 40));
    await expectDomainError(end(w.manager.ctx, addDays(today, 41)), "invalid", { field: "lastDay", message: /already ends/ });
    await end(w.manager.ctx, lastCharged);
    expect((await schedule()).to).toBe(lastCharged);
    const audited = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", w.fx.orgId).where("action", "=", "fee_schedule.ended").execute();
    expect(audited).toHaveLength(2);
  });
});
