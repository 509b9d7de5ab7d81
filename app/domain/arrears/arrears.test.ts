import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant, type TenantContext } from "#app/db/tenant.server";
import { recordPayment, refundPayment, reverseEntry } from "#app/domain/fees/ledger.server";
import { createPlan } from "#app/domain/fees/plans.server";
import { addDays, formatDay, todayIn } from "#app/lib/dates";
import { makeUser } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type HouseFixture, type OrgFixture } from "#tests/support/houses";
import { agingReport } from "./aging.server";
import { moneyOverview } from "./overview.server";
import { getReminderSettings, queueFeeReminders, reminderPeriodKey, saveReminderSettings } from "./reminders.server";
import { SIGN_OFF_FORBIDDEN } from "./schemas";

/**
 * Aging (FIFO, buckets, reversals, credits), the money overview's sums and the payment
 * reminders, on constructed ledger histories: entries are inserted with the dates the test
 * needs, as a manager would record them (the app role's insert, the ledger's trigger).
 */
const t = useTestDatabase();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);
const ago = (n: number) => addDays(today, -n);

let fx: OrgFixture;
let home: HouseFixture;
let other: HouseFixture;

type Entry = { kind: "charge" | "deposit" | "payment" | "credit"; cents: number; on: string };
async function entries(residentId: string, list: Entry[]): Promise<string[]> {
  return withTenant(fx.owner, async (tx) => {
    const stay = await tx.selectFrom("stay").select(["id", "house_id"]).where("resident_id", "=", residentId).executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (const e of list) {
      const signed = e.kind === "payment" || e.kind === "credit" ? -e.cents : e.cents;
      const row = await tx
        .insertInto("ledger_entry")
        .values({
          org_id: fx.orgId,
          resident_id: residentId,
          house_id: stay.house_id,
          stay_id: stay.id,
          kind: e.kind,
          amount_cents: signed,
          effective_on: e.on,
          memo: e.kind === "credit" ? "Credit" : null,
          ...(e.kind === "payment" ? { method: "cash" as const, payer: "resident" as const, idempotency_key: crypto.randomUUID() } : {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return ids;
  });
}

async function resident(house: HouseFixture, bed = 0) {
  return (await makeStay(fx.owner, house.bedIds[bed]!, ago(60))).residentId;
}
const rowOf = async (residentId: string, ctx: TenantContext = fx.owner) => (await withTenant(ctx, (tx) => agingReport(tx))).owing.find((r) => r.residentId === residentId);

beforeAll(async () => {
  fx = await makeOperator();
  home = await makeHouse(fx.owner, { rooms: 2, bedsPerRoom: 4, house: { timeZone: ZONE, name: "Birch" } });
  other = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Cedar" } });
});

describe("aging", () => {
  it("ages each unpaid charge by whole days since it was due: current (today, not yet), 1–7, 8–30, 31+ at 0/1/7/8/30/31", async () => {
    const r = await resident(home, 0);
    await entries(r, [0, 1, 7, 8, 30, 31].map((d) => ({ kind: "charge" as const, cents: 10000, on: ago(d) })).concat([{ kind: "charge", cents: 10000, on: addDays(today, 3) }]));
    expect(await rowOf(r)).toMatchObject({ currentCents: 20000, days1to7Cents: 20000, days8to30Cents: 20000, days31PlusCents: 10000, owedCents: 70000, houseName: "Birch" });
  });

  it("applies payments and credits first-in-first-out: the oldest charge is paid first", async () => {
    const r = await resident(home, 1);
    await entries(r, [
      { kind: "charge", cents: 10000, on: ago(40) },
      { kind: "charge", cents: 10000, on: ago(20) },
      { kind: "charge", cents: 10000, on: ago(3) },
      { kind: "payment", cents: 12000, on: ago(1) },
      { kind: "credit", cents: 500, on: today },
    ]);
    // 125.00 in: the 40-day charge and 25.00 of the 20-day one
    expect(await rowOf(r)).toMatchObject({ currentCents: 0, days1to7Cents: 10000, days8to30Cents: 7500, days31PlusCents: 0, owedCents: 17500 });
  });

  it("a reversed payment re-opens the oldest charge; a reversed charge is gone; a refund re-opens like a reversal", async () => {
    const r = await resident(home, 2);
    const [, , payment] = await entries(r, [
      { kind: "charge", cents: 10000, on: ago(35) },
      { kind: "charge", cents: 10000, on: ago(5) },
      { kind: "payment", cents: 10000, on: ago(2) },
    ]);
    expect(await rowOf(r)).toMatchObject({ days31PlusCents: 0, days1to7Cents: 10000 });
    await withTenant(fx.owner, (tx) => refundPayment(tx, { paymentId: payment!, amount: "40", reason: "Overpaid" }));
    expect(await rowOf(r)).toMatchObject({ days31PlusCents: 4000, days1to7Cents: 10000, owedCents: 14000 });
    const other2 = await resident(home, 3);
    const [oldCharge, , pay2] = await entries(other2, [
      { kind: "charge", cents: 10000, on: ago(35) },
      { kind: "charge", cents: 5000, on: ago(5) },
      { kind: "payment", cents: 10000, on: ago(2) },
    ]);
    await withTenant(fx.owner, (tx) => reverseEntry(tx, { entryId: pay2!, reason: "Bounced" }));
    expect(await rowOf(other2)).toMatchObject({ days31PlusCents: 10000, days1to7Cents: 5000, currentCents: 0, owedCents: 15000 });
    await withTenant(fx.owner, (tx) => reverseEntry(tx, { entryId: oldCharge!, reason: "Charged in error" }));
    expect(await rowOf(other2)).toMatchObject({ days31PlusCents: 0, days1to7Cents: 5000, owedCents: 5000 });
  });

  it("a resident in credit is listed apart, never as negative arrears, and a settled one not at all", async () => {
    const r = await resident(home, 4);
    await entries(r, [
      { kind: "charge", cents: 5000, on: ago(10) },
      { kind: "payment", cents: 8000, on: ago(9) },
    ]);
    const settled = await resident(home, 5);
    await entries(settled, [
      { kind: "charge", cents: 5000, on: ago(10) },
      { kind: "payment", cents: 5000, on: ago(9) },
    ]);
    const report = await withTenant(fx.owner, (tx) => agingReport(tx));
    expect(report.owing.find((o) => o.residentId === r)).toBeUndefined();
    expect(report.credits.find((c) => c.residentId === r)).toMatchObject({ creditCents: 3000 });
    expect([...report.owing, ...report.credits].some((x) => x.residentId === settled)).toBe(false);
    const birch = report.houses.find((h) => h.houseId === home.houseId)!;
    const mine = report.owing.filter((o) => o.houseId === home.houseId);
    expect(birch.owedCents).toBe(mine.reduce((s, o) => s + o.owedCents, 0));
    expect(birch.currentCents + birch.days1to7Cents + birch.days8to30Cents + birch.days31PlusCents).toBe(birch.owedCents);
    expect(birch.creditCents).toBeGreaterThanOrEqual(3000);
  });

  it("pages each resident list by keyset: the pages join up to the whole list in order, with no one twice", async () => {
    // Its own house: five who owe, two with equal buckets (so the name decides), one in credit.
    const pine = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 6, house: { timeZone: ZONE, name: "Pine" } });
    for (const [bed, d] of [[0, 40], [1, 3], [2, 3], [3, 12], [4, 0]] as const) await entries(await resident(pine, bed), [{ kind: "charge", cents: 5000, on: ago(d) }]);
    await entries(await resident(pine, 5), [{ kind: "payment", cents: 2000, on: ago(2) }]);
    const whole = await withTenant(fx.owner, (tx) => agingReport(tx, { houseId: pine.houseId, limit: 1000 }));
    expect(whole.owingNext).toBeNull();
    expect(whole.owing).toHaveLength(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 50; n++) {
      const page: Awaited<ReturnType<typeof agingReport>> = await withTenant(fx.owner, (tx) => agingReport(tx, { houseId: pine.houseId, limit: 2, owingAfter: after }));
      expect(page.owing.length).toBeLessThanOrEqual(2);
      expect(page.houses).toEqual(whole.houses);
      seen.push(...page.owing.map((o) => o.residentId));
      if (!page.owingNext) break;
      after = page.owing.at(-1)!.residentId;
    }
    expect(seen).toEqual(whole.owing.map((o) => o.residentId));
    // A resident who is not on the list (paid up, or never owed) ends it rather than restarting it.
    expect(seen).toHaveLength(5);
    const inCredit = whole.credits[0]!.residentId;
    expect((await withTenant(fx.owner, (tx) => agingReport(tx, { houseId: pine.houseId, owingAfter: inCredit }))).owing).toEqual([]);
  });

  it("staff and house managers see only their houses; a resident sees nothing of others", async () => {
    const cedar = await resident(other, 0);
    await entries(cedar, [{ kind: "charge", cents: 7000, on: ago(12) }]);
    const staff = await makeMember(fx, "staff", [home.houseId]);
    const manager = await makeMember(fx, "house_manager", [other.houseId]);
    const seenByStaff = await withTenant(staff.ctx, (tx) => agingReport(tx));
    expect(seenByStaff.houses.map((h) => h.houseId)).toEqual([home.houseId]);
    expect(seenByStaff.owing.some((o) => o.residentId === cedar)).toBe(false);
    const seenByManager = await withTenant(manager.ctx, (tx) => agingReport(tx));
    expect(seenByManager.owing.map((o) => o.residentId)).toEqual([cedar]);
    expect((await withTenant(fx.owner, (tx) => agingReport(tx, { houseId: other.houseId }))).owing.map((o) => o.residentId)).toEqual([cedar]);
    const res = await makeMember(fx, "resident");
    expect((await withTenant(res.ctx, (tx) => agingReport(tx))).owing).toEqual([]);
  });

  it("the overview sums revenue net of credits and reversals, collections net of refunds, and deposits held, per house and month", async () => {
    const fx2 = fx;
    const house = await makeHouse(fx2.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Dogwood" } });
    const r = await resident(house, 0);
    const [charge, , , payment] = await entries(r, [
      { kind: "charge", cents: 20000, on: today },
      { kind: "charge", cents: 3000, on: today },
      { kind: "credit", cents: 1000, on: today },
      { kind: "payment", cents: 15000, on: today },
      { kind: "deposit", cents: 50000, on: today },
    ]);
    await withTenant(fx.owner, async (tx) => {
      await reverseEntry(tx, { entryId: charge!, reason: "Wrong amount" });
      await refundPayment(tx, { paymentId: payment!, amount: "20", reason: "Overpaid" });
    });
    const view = await withTenant(fx.owner, (tx) => moneyOverview(tx));
    const dogwood = view.houses.find((h) => h.houseId === house.houseId)!;
    // The overview's months end with the org's (New York's) current month; the entries are in
    // the house's (Chicago's) today, an hour behind: the same month but on the first's first hour.
    const month = dogwood.months.find((m) => m.month === today.slice(0, 7))!;
    expect(view.months).toHaveLength(12);
    expect(view.months.at(-1)! >= today.slice(0, 7)).toBe(true);
    expect(month).toBeDefined();
    expect(month).toMatchObject({ revenueCents: 2000, collectionsCents: 13000 });
    expect(dogwood.depositsHeldCents).toBe(50000);
    // owed: 30.00 + 500.00 deposit − 10.00 credit − 130.00 net paid
    expect(dogwood.aging?.owedCents).toBe(39000);
    // The overview sums the houses in its own statement (issue 15): the same totals, bucket for bucket, as the arrears report's.
    const report = await withTenant(fx.owner, (tx) => agingReport(tx));
    expect(report.houses.length).toBeGreaterThan(0);
    for (const h of report.houses) expect(view.houses.find((x) => x.houseId === h.houseId)?.aging, h.houseName).toEqual(h);
    const audited = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", fx.orgId).where("action", "=", "money.overview_viewed").execute();
    expect(audited.length).toBeGreaterThan(0);
  });
});

describe("payment reminders", () => {
  let fx3: OrgFixture;
  let house: HouseFixture;
  let owing: string;
  let owingEmail: string;

  async function linkAccount(residentId: string) {
    const user = await makeUser({ orgId: fx3.orgId, role: "resident" });
    await withTenant(fx3.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", residentId).execute());
    return user.email;
  }
  async function charge(residentId: string, cents: number, on: string) {
    await withTenant(fx3.owner, async (tx) => {
      const stay = await tx.selectFrom("stay").select(["id", "house_id"]).where("resident_id", "=", residentId).executeTakeFirstOrThrow();
      await tx
        .insertInto("ledger_entry")
        .values({ org_id: fx3.orgId, resident_id: residentId, house_id: stay.house_id, stay_id: stay.id, kind: "charge", amount_cents: cents, effective_on: on })
        .execute();
    });
  }
  const mail = async () =>
    (await t.db.selectFrom("outbox").select(["payload", "dedupe_key"]).where("org_id", "=", fx3.orgId).where("purpose", "=", "payment_reminder").execute()).map(
      (m) => m.payload as { to: string; subject: string; text: string },
    );
  const reminders = async () => t.db.selectFrom("fee_reminder").selectAll().where("org_id", "=", fx3.orgId).execute();
  const turnOn = (over: Record<string, unknown> = {}) =>
    withTenant(fx3.owner, (tx) => saveReminderSettings(tx, { cadence: "weekly", minAmount: "50", minDays: 8, signOff: "Jordan at the office", ...over }));

  beforeAll(async () => {
    fx3 = await makeOperator();
    house = await makeHouse(fx3.owner, { rooms: 1, bedsPerRoom: 4, house: { timeZone: ZONE, name: "Elm Street Sober Living" } });
    owing = (await makeStay(fx3.owner, house.bedIds[0]!, ago(60))).residentId;
    owingEmail = await linkAccount(owing);
    await charge(owing, 12000, ago(20));
    // Owes only what is recent (under the days), owes too little, and owes without an account.
    const recent = (await makeStay(fx3.owner, house.bedIds[1]!, ago(60))).residentId;
    await linkAccount(recent);
    await charge(recent, 50000, ago(3));
    const little = (await makeStay(fx3.owner, house.bedIds[2]!, ago(60))).residentId;
    await linkAccount(little);
    await charge(little, 4000, ago(20));
    const noAccount = (await makeStay(fx3.owner, house.bedIds[3]!, ago(60))).residentId;
    await charge(noAccount, 50000, ago(40));
  });

  it("are off until an owner or admin turns them on", async () => {
    expect(await withTenant(fx3.owner, (tx) => getReminderSettings(tx))).toMatchObject({ cadence: "off", minCents: 2500, minDays: 8 });
    expect(await withTenant(fx3.owner, (tx) => queueFeeReminders(tx))).toEqual({ residentIds: [], periodKey: null });
    expect(await mail()).toEqual([]);
  });

  it("settings read back every field; a sign-off about recovery, housing or consequences is refused, nothing written", async () => {
    await turnOn({ minAmount: "75.50", minDays: 12, signOff: "Pat, accounts" });
    expect(await withTenant(fx3.owner, (tx) => getReminderSettings(tx))).toEqual({ cadence: "weekly", minCents: 7550, minDays: 12, signOff: "Pat, accounts" });
    for (const signOff of ["The Sober Living team", "Your recovery house", "Pay or face eviction"]) {
      await expectDomainError(turnOn({ signOff }), "invalid", { field: "signOff" });
    }
    await expectDomainError(turnOn({ minDays: 0 }), "invalid", { field: "minDays" });
    await expectDomainError(turnOn({ minAmount: "-5" }), "invalid", { field: "minAmount" });
    await expectDomainError(turnOn({ cadence: "daily" }), "invalid", { field: "cadence" });
    expect(await withTenant(fx3.owner, (tx) => getReminderSettings(tx))).toMatchObject({ minCents: 7550, signOff: "Pat, accounts" });
    const staff = await makeMember(fx3, "house_manager", [house.houseId]);
    await expect(withTenant(staff.ctx, (tx) => saveReminderSettings(tx, { cadence: "off", minAmount: "1", minDays: 1, signOff: "x" }))).rejects.toThrow(/row-level security|permission denied/);
  });

  it("queue one reminder per resident and period, only to who owes enough for long enough and has an account; twice, or at once, queues it once", async () => {
    await turnOn();
    // As the worker's maintenance runs it: the org's system context, no signed-in user.
    const job = { orgId: fx3.orgId, userId: null, role: "admin" } as const;
    const [a, b] = await Promise.all([withSystem(job, (tx) => queueFeeReminders(tx)), withSystem(job, (tx) => queueFeeReminders(tx))]);
    expect([...a.residentIds, ...b.residentIds]).toEqual([owing]);
    expect(await withSystem(job, (tx) => queueFeeReminders(tx))).toMatchObject({ residentIds: [] });
    const sent = await mail();
    expect(sent.map((m) => m.to)).toEqual([owingEmail]);
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]).toMatchObject({ resident_id: owing, house_id: house.houseId, overdue_cents: 12000, period_key: reminderPeriodKey("weekly", today) });
    // The next week is a new period.
    expect((await withTenant(fx3.owner, (tx) => queueFeeReminders(tx, { today: addDays(today, 7) }))).residentIds).toEqual([owing]);
    const audits = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", fx3.orgId).where("action", "=", "fee_reminder.queued").execute();
    expect(audits).toHaveLength(2);
    // Append-only.
    await expect(t.db.deleteFrom("fee_reminder").where("org_id", "=", fx3.orgId).execute()).rejects.toThrow();
  });

  it("every two weeks: one period spans two weeks", () => {
    const monday = addDays("1970-01-05", 14 * 1484); // the first Monday of a pair of weeks
    expect(reminderPeriodKey("biweekly", addDays(monday, -1))).not.toBe(reminderPeriodKey("biweekly", monday));
    expect(reminderPeriodKey("biweekly", monday)).toBe(reminderPeriodKey("biweekly", addDays(monday, 13)));
    expect(reminderPeriodKey("biweekly", monday)).not.toBe(reminderPeriodKey("biweekly", addDays(monday, 14)));
    expect(reminderPeriodKey("weekly", monday)).toBe(reminderPeriodKey("weekly", addDays(monday, 6)));
    expect(reminderPeriodKey("weekly", monday)).not.toBe(reminderPeriodKey("weekly", addDays(monday, 7)));
    expect(reminderPeriodKey("weekly", addDays(monday, -1))).not.toBe(reminderPeriodKey("weekly", monday));
  });

  it("the email is brief and kind: no amount, no house or address, no recovery or substance words, no threats", async () => {
    const [m] = await mail();
    expect(m!.subject).toBe("A reminder about your account");
    const all = `${m!.subject}\n${m!.text}`;
    expect(all).toContain("past due");
    expect(all).toContain("Jordan at the office");
    expect(all).not.toMatch(/\$|120|12,000/);
    expect(all).not.toMatch(/Elm|Street|house|home|residen/i);
    expect(all).not.toMatch(/sober|recovery|rehab|addict|alcohol|drug|substance|relapse|detox|treatment|meeting/i);
    expect(all).not.toMatch(/evict|court|legal|collection|penalt|late fee|immediately|final notice|must|fail/i);
    expect(all.split(/\s+/).length).toBeLessThan(90);
    expect(SIGN_OFF_FORBIDDEN.test("Jordan at the office")).toBe(false);
  });

  it("respects the setting: off again queues nothing", async () => {
    await turnOn({ cadence: "off" });
    expect(await withTenant(fx3.owner, (tx) => queueFeeReminders(tx, { today: addDays(today, 21) }))).toEqual({ residentIds: [], periodKey: null });
    await turnOn({ minAmount: "200" });
    expect((await withTenant(fx3.owner, (tx) => queueFeeReminders(tx, { today: addDays(today, 28) }))).residentIds).toEqual([]);
    await sql`select 1`.execute(t.db);
  });
});

describe("payment reminders and payment plans", () => {
  let fx4: OrgFixture;
  let house: HouseFixture;

  async function owingWithAccount(bed: number) {
    const residentId = (await makeStay(fx4.owner, house.bedIds[bed]!, ago(60))).residentId;
    const user = await makeUser({ orgId: fx4.orgId, role: "resident" });
    await withTenant(fx4.owner, async (tx) => {
      await tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", residentId).execute();
      const stay = await tx.selectFrom("stay").select(["id", "house_id"]).where("resident_id", "=", residentId).executeTakeFirstOrThrow();
      await tx
        .insertInto("ledger_entry")
        .values({ org_id: fx4.orgId, resident_id: residentId, house_id: stay.house_id, stay_id: stay.id, kind: "charge", amount_cents: 30000, effective_on: ago(20) })
        .execute();
    });
    return { residentId, email: user.email };
  }
  const agree = (residentId: string) =>
    withTenant(fx4.owner, (tx) => createPlan(tx, { residentId, amount: "300", count: 3, every: "week", firstDue: today }, { houseId: house.houseId }));
  const pay = (residentId: string, amount: string) =>
    withTenant(fx4.owner, (tx) =>
      recordPayment(tx, { residentId, amount, method: "cash", payer: "resident", receivedOn: today, idempotencyKey: crypto.randomUUID() }, { houseId: house.houseId }),
    );
  const mail = async () =>
    (await t.db.selectFrom("outbox").select("payload").where("org_id", "=", fx4.orgId).where("purpose", "=", "payment_reminder").execute()).map(
      (m) => m.payload as { to: string; subject: string; text: string },
    );

  beforeAll(async () => {
    fx4 = await makeOperator();
    house = await makeHouse(fx4.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: ZONE, name: "Maple Court" } });
    await withTenant(fx4.owner, (tx) => saveReminderSettings(tx, { cadence: "weekly", minAmount: "50", minDays: 8, signOff: "Pat, accounts" }));
  });

  it("skip a resident whose plan is on track, remind one whose plan is behind about its next instalment, and one without a plan as before", async () => {
    const onTrack = await owingWithAccount(0);
    const behind = await owingWithAccount(1);
    const noPlan = await owingWithAccount(2);
    await agree(onTrack.residentId);
    await agree(behind.residentId);
    // A week on, the first instalment (due today) is past: one paid it, one paid only part.
    await pay(onTrack.residentId, "100");
    await pay(behind.residentId, "99.99");
    const { residentIds } = await withTenant(fx4.owner, (tx) => queueFeeReminders(tx, { today: addDays(today, 7) }));
    expect(residentIds.sort()).toEqual([behind.residentId, noPlan.residentId].sort());
    const sent = await mail();
    expect(sent.map((m) => m.to).sort()).toEqual([behind.email, noPlan.email].sort());
    const toBehind = sent.find((m) => m.to === behind.email)!;
    expect(toBehind.subject).toBe("A reminder about your payment plan");
    expect(toBehind.text).toContain(`its next instalment was due on ${formatDay(today, "MMMM d")}.`);
    const all = `${toBehind.subject}\n${toBehind.text}`;
    expect(all).not.toMatch(/\$|\b100\b|99\.99|\b300\b|\b200\b/);
    expect(all).not.toMatch(/Maple|Court|house|home|residen/i);
    expect(all).not.toMatch(/sober|recovery|rehab|addict|alcohol|drug|substance|relapse|detox|treatment|meeting/i);
    expect(all).not.toMatch(/evict|court|legal|collection|penalt|late fee|immediately|final notice|must|fail/i);
    expect(sent.find((m) => m.to === noPlan.email)!.subject).toBe("A reminder about your account");
    // Today, with nothing of either plan due yet, both plans are on track: only the one without a plan is reminded.
    expect((await withTenant(fx4.owner, (tx) => queueFeeReminders(tx, { today }))).residentIds).toEqual([noPlan.residentId]);
  });
});
