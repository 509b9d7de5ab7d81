import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { createFeeSchedule } from "#app/domain/fees/charges.server";
import { addDays, formatDay, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { agreeToAllFees } from "#tests/support/fees";
import { makeOperatorWithSlug, selectedOption, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The fees pages over HTTP: every form submitted and read back, bad amounts refused with
 * nothing written, other orgs' and houses' ids 404, roles without the permission 403, and
 * the resident seeing their own balance and receipt.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Denver";
const today = todayIn(ZONE);

let op: Operator;
let house: HouseFixture;
let other: HouseFixture;
let base = "";
let stayer = "";
let elsewhere = "";
let manager: { cookie: string };
let staff: { cookie: string };
let residentCookie = "";

const entryCount = async () => (await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", op.orgId).execute()).length;
const inputValue = (html: string, name: string) => html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0].match(/value="([^"]*)"/)?.[1] ?? null;
const payment = (over: Record<string, string> = {}) => ({
  intent: "record-payment",
  residentId: stayer,
  amount: "125.50",
  method: "money_order",
  payer: "family",
  reference: "MO 7781",
  receivedOn: addDays(today, -1),
  idempotencyKey: crypto.randomUUID(),
  ...over,
});

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Aspen House" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  stayer = (await makeStay(op.owner, house.bedIds[0]!, addDays(today, -20))).residentId;
  elsewhere = (await makeStay(op.owner, other.bedIds[0]!, addDays(today, -20))).residentId;
  await withTenant(op.owner, (tx) => createFeeSchedule(tx, { houseId: house.houseId, name: "Weekly rent", cadence: "weekly", weekday: 1, amount: "175", effectiveFrom: addDays(today, -60) }));
  base = `/o/${op.slug}/houses/${house.houseId}/fees`;
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staff = await signedInMember(op, "staff", [house.houseId]);
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", stayer).execute());
  residentCookie = await sessionCookieFor(user.id);
});

describe("a house's fees page", () => {
  it("posts the charges due, once, and shows the balance", async () => {
    const page = await get(client, base, manager.cookie);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Weekly rent: $175.00");
    await agreeToAllFees(t.db, op.orgId);
    const first = await post(client, base, manager.cookie, { intent: "post-charges" });
    expect(first.status).toBe(200);
    expect(visibleText(first.html)).toMatch(/\d+ charges? posted/);
    const n = await entryCount();
    const again = await post(client, base, manager.cookie, { intent: "post-charges" });
    expect(visibleText(again.html)).toContain("Everything due is already posted.");
    expect(await entryCount()).toBe(n);
    expect(visibleText((await get(client, base, manager.cookie)).html)).toMatch(/Owes \$\d/);
  });

  it("refuses bad amounts and a resident of another house with a clear message, writing nothing", async () => {
    const before = await entryCount();
    for (const [amount, message] of [
      ["-5", "Enter the amount without a minus sign."],
      ["12.345", "Use at most two decimals (cents)."],
      ["ten", "Enter an amount like 125 or 1,234.50."],
      ["5000000", "That amount is too large (at most 1,000,000.00)."],
    ] as const) {
      const res = await post(client, base, manager.cookie, payment({ amount }));
      expect(res.status).toBe(400);
      expect(visibleText(res.html)).toContain(message);
    }
    const charge = await post(client, base, manager.cookie, { intent: "record-entry", residentId: stayer, kind: "charge", amount: "1.999", reason: "Key" });
    expect(charge.status).toBe(400);
    const noReason = await post(client, base, manager.cookie, { intent: "record-entry", residentId: stayer, kind: "credit", amount: "5", reason: "" });
    expect(noReason.status).toBe(400);
    // A resident who lives in another house: not recordable from this one.
    const wrongHouse = await post(client, base, manager.cookie, payment({ residentId: elsewhere }));
    expect(wrongHouse.status).toBe(409);
    expect(visibleText(wrongHouse.html)).toContain("no stay here");
    const future = await post(client, base, manager.cookie, payment({ receivedOn: addDays(today, 3) }));
    expect(future.status).toBe(400);
    expect(await entryCount()).toBe(before);
  });

  it("records a payment: every field is read back on the receipt, and the same form twice records it once", async () => {
    const form = payment();
    const res = await post(client, base, manager.cookie, form);
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toMatch(/Payment of \$125\.50 recorded\. Receipt 1\./);
    const twice = await post(client, base, manager.cookie, form);
    expect(visibleText(twice.html)).toContain("This payment was already recorded (receipt 1).");
    const row = await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", op.orgId).where("receipt_number", "=", 1).executeTakeFirstOrThrow();
    expect((await t.db.selectFrom("ledger_entry").select("id").where("idempotency_key", "=", form.idempotencyKey).execute()).length).toBe(1);
    const receipt = await get(client, `/o/${op.slug}/receipts/${row.id}`, manager.cookie);
    expect(receipt.status).toBe(200);
    const text = visibleText(receipt.html);
    for (const s of ["Receipt 1", "$125.50", "Money order (MO 7781)", "Family or a friend", formatDay(addDays(today, -1))]) expect(text).toContain(s);
    // The page offers a new key, so the next payment is a new one.
    const page = await get(client, base, manager.cookie);
    expect(inputValue(page.html, "idempotencyKey")).not.toBe(form.idempotencyKey);
    expect(selectedOption(page.html, "method")).toBe("cash");
  });

  it("records a charge and a credit with reasons, read back on the resident's ledger; a correction asks first", async () => {
    expect((await post(client, base, manager.cookie, { intent: "record-entry", residentId: stayer, kind: "charge", amount: "12.30", reason: "Replacement key" })).status).toBe(200);
    expect((await post(client, base, manager.cookie, { intent: "record-entry", residentId: stayer, kind: "credit", amount: "20", reason: "Helped paint the porch" })).status).toBe(200);
    const ledger = await get(client, `${base}/${stayer}`, manager.cookie);
    expect(ledger.status).toBe(200);
    const text = visibleText(ledger.html);
    expect(text).toContain("Replacement key");
    expect(text).toContain("$12.30");
    expect(text).toContain("Helped paint the porch");
    expect(text).toContain("−$20.00");
    const key = await t.db.selectFrom("ledger_entry").select("id").where("memo", "=", "Replacement key").executeTakeFirstOrThrow();
    const before = await entryCount();
    const asked = await post(client, `${base}/${stayer}`, manager.cookie, { intent: "reverse", entryId: key.id, reason: "Found the key" });
    expect(asked.status).toBe(200);
    expect(visibleText(asked.html)).toContain("Correct this entry?");
    expect(await entryCount()).toBe(before);
    const done = await post(client, `${base}/${stayer}`, manager.cookie, { intent: "reverse", entryId: key.id, reason: "Found the key", confirmed: "yes" });
    expect(visibleText(done.html)).toContain("Entry corrected.");
    expect(await entryCount()).toBe(before + 1);
    const again = await post(client, `${base}/${stayer}`, manager.cookie, { intent: "reverse", entryId: key.id, reason: "Again", confirmed: "yes" });
    expect(again.status).toBe(409);
    expect(await entryCount()).toBe(before + 1);
    expect(visibleText((await get(client, `${base}/${stayer}`, manager.cookie)).html)).toContain("Found the key");
  });
});

describe("the fee schedule form", () => {
  const schedule = (over: Record<string, string> = {}) => ({
    intent: "add-schedule",
    name: "Program fee",
    cadence: "biweekly",
    weekday: "5",
    monthDay: "",
    amount: "1,250.75",
    effectiveFrom: addDays(today, 2),
    effectiveTo: addDays(today, 200),
    ...over,
  });
  const schedules = async () => t.db.selectFrom("fee_schedule").selectAll().where("org_id", "=", op.orgId).orderBy("created_at").execute();

  it("refuses a schedule ending before it starts, a missing weekday and a recurring deposit (400, nothing written)", async () => {
    const before = (await schedules()).length;
    for (const [over, message] of [
      [{ effectiveTo: addDays(today, 1) }, "The last day can't be before the first."],
      [{ weekday: "" }, "Choose a weekday."],
      [{ isDeposit: "on" }, "A deposit is charged one time."],
      [{ amount: "-3" }, "Enter the amount without a minus sign."],
    ] as const) {
      const res = await post(client, base, manager.cookie, schedule(over));
      expect(res.status).toBe(400);
      expect(visibleText(res.html)).toContain(message);
    }
    expect((await post(client, base, staff.cookie, schedule())).status).toBe(403);
    expect((await schedules()).length).toBe(before);
  });

  it("adds a schedule: every field is stored and read back on the page", async () => {
    const res = await post(client, base, manager.cookie, schedule());
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("“Program fee” added.");
    const row = (await schedules()).at(-1)!;
    expect(row).toMatchObject({ house_id: house.houseId, bed_id: null, name: "Program fee", cadence: "biweekly", weekday: 5, month_day: null, amount_cents: 125075, is_deposit: false, effective_from: addDays(today, 2), effective_to: addDays(today, 200) });
    const text = visibleText((await get(client, base, manager.cookie)).html);
    expect(text).toContain(`Program fee: $1,250.75`);
    expect(text).toContain(`Every two weeks on Friday · This house · From ${formatDay(addDays(today, 2))} to ${formatDay(addDays(today, 200))}`);
    const deposit = await post(client, base, manager.cookie, schedule({ name: "Security deposit", cadence: "once", weekday: "", amount: "300", isDeposit: "on", effectiveTo: "" }));
    expect(deposit.status).toBe(200);
    expect((await schedules()).at(-1)).toMatchObject({ name: "Security deposit", cadence: "once", weekday: null, amount_cents: 30000, is_deposit: true, effective_to: null });
    const monthly = await post(client, base, manager.cookie, schedule({ name: "Utilities", cadence: "monthly", weekday: "", monthDay: "31", amount: "40" }));
    expect(monthly.status).toBe(200);
    expect((await schedules()).at(-1)).toMatchObject({ name: "Utilities", cadence: "monthly", weekday: null, month_day: 31 });
    expect(visibleText((await get(client, base, manager.cookie)).html)).toContain("Deposit, once at move-in");
  });
});

describe("who may open the fees pages", () => {
  it("staff read but may not write (403); residents and outsiders get 403 or 404", async () => {
    expect((await get(client, base, staff.cookie)).status).toBe(200);
    expect((await post(client, base, staff.cookie, payment())).status).toBe(403);
    expect((await get(client, base, residentCookie)).status).toBe(403);
    const outsider = await makeOperatorWithSlug();
    expect((await get(client, base, outsider.cookie)).status).toBe(404);
    expect((await get(client, `/o/${outsider.slug}/houses/${house.houseId}/fees`, outsider.cookie)).status).toBe(404);
    // A manager of this house cannot open another house's fees or its residents' ledgers.
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/fees`, manager.cookie)).status).toBe(404);
    const row = await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", op.orgId).where("kind", "=", "payment").executeTakeFirstOrThrow();
    expect((await get(client, `/o/${outsider.slug}/receipts/${row.id}`, outsider.cookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/receipts/not-a-uuid`, manager.cookie)).status).toBe(404);
    expect((await get(client, `${base}?cursor=zzz`, manager.cookie)).status).toBe(200);
    expect((await get(client, `${base}/${stayer}?cursor=zzz`, manager.cookie)).status).toBe(400);
    // Posting to a house that is not theirs answers 404 before any form is read (even a bad one).
    const before = await entryCount();
    for (const intent of ["record-payment", "record-entry", "post-charges", "add-schedule"]) {
      expect((await post(client, `/o/${op.slug}/houses/${other.houseId}/fees`, manager.cookie, { intent, amount: "x" })).status, intent).toBe(404);
    }
    const foreign = await makeOperatorWithSlug();
    const foreignHouse = await makeHouse(foreign.owner);
    expect((await post(client, `/o/${op.slug}/houses/${foreignHouse.houseId}/fees`, op.cookie, { intent: "post-charges" })).status).toBe(404);
    expect((await post(client, `/o/${op.slug}/houses/${other.houseId}/fees/${elsewhere}`, manager.cookie, { intent: "reverse", entryId: crypto.randomUUID(), reason: "x" })).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/houses/${foreignHouse.houseId}/fees/${stayer}`, op.cookie)).status).toBe(404);
    expect(await entryCount()).toBe(before);
  });

  it("the resident sees their own dues and receipt, and nobody else's", async () => {
    const dues = await get(client, `/o/${op.slug}/me/dues`, residentCookie);
    expect(dues.status).toBe(200);
    const text = visibleText(dues.html);
    expect(text).toMatch(/You owe \$[\d,]+\.\d\d/);
    expect(text).toMatch(/Next charge: \$[\d,]+\.\d\d on \w+day, /);
    expect(text).toContain("Payment, receipt 1");
    const row = await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", op.orgId).where("receipt_number", "=", 1).executeTakeFirstOrThrow();
    expect((await get(client, `/o/${op.slug}/receipts/${row.id}`, residentCookie)).status).toBe(200);
    const theirs = await withTenant(op.owner, async (tx) => {
      const { recordPayment } = await import("#app/domain/fees/ledger.server");
      return recordPayment(tx, { residentId: elsewhere, amount: "1", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: crypto.randomUUID() });
    });
    expect((await get(client, `/o/${op.slug}/receipts/${theirs.id}`, residentCookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/me/dues`, manager.cookie)).status).toBe(403);
  });
});

describe("the fees pages' statement budget", () => {
  it("each page runs at most 8 statements in 1 transaction, whatever the number of entries", async () => {
    const budget = (res: Response) => ({ statements: Number(res.headers.get("x-query-count")), transactions: Number(res.headers.get("x-transaction-count")) });
    const row = await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", op.orgId).where("receipt_number", "=", 1).executeTakeFirstOrThrow();
    for (const [path, cookie] of [
      [base, manager.cookie],
      [`${base}/${stayer}`, manager.cookie],
      [`/o/${op.slug}/receipts/${row.id}`, manager.cookie],
      [`/o/${op.slug}/receipts/${row.id}`, residentCookie],
      [`/o/${op.slug}/me/dues`, residentCookie],
    ] as const) {
      const res = await client.request(path, { cookie });
      expect(res.status, path).toBe(200);
      const b = budget(res);
      expect(b.statements, path).toBeGreaterThan(0);
      expect(b.statements, path).toBeLessThanOrEqual(8);
      expect(b.transactions, path).toBe(1);
    }
  });
});
