import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { recordManualEntry, recordPayment } from "#app/domain/fees/ledger.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Payment plans, receipts as PDF, monthly statements and ledger CSV over HTTP (ADR 033):
 * the plan forms submitted and read back, each rule refused with nothing written, progress
 * computed from payments, PDFs that are PDFs with the receipt number, statements whose
 * opening plus entries is the closing, and CSVs that parse back to the ledger.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Denver";
const today = todayIn(ZONE);
const month = today.slice(0, 7);

let op: Operator;
let house: HouseFixture;
let other: HouseFixture;
let stayer = "";
let elsewhere = "";
let manager: Awaited<ReturnType<typeof signedInMember>>;
let staff: Awaited<ReturnType<typeof signedInMember>>;
let residentCookie = "";
let page = "";

const plans = () => t.db.selectFrom("payment_plan").selectAll().where("org_id", "=", op.orgId).where("resident_id", "=", stayer).orderBy("created_at").execute();
const instalments = (planId: string) => t.db.selectFrom("payment_plan_instalment").selectAll().where("plan_id", "=", planId).orderBy("seq").execute();
const plan = (over: Record<string, string> = {}) => ({ intent: "agree-plan", residentId: stayer, amount: "100.00", count: "3", instalment: "", every: "week", firstDue: today, note: "Agreed on Monday", ...over });

/** RFC 4180, enough for the export: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else cell += ch;
  }
  if (cell || row.length) endRow();
  return rows;
}

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Birch House" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  stayer = (await makeStay(op.owner, house.bedIds[0]!, addDays(today, -40))).residentId;
  elsewhere = (await makeStay(op.owner, other.bedIds[0]!, addDays(today, -40))).residentId;
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staff = await signedInMember(op, "staff", [house.houseId]);
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", stayer).execute());
  residentCookie = await sessionCookieFor(user.id);
  // A history built by hand (not by posting schedules): a charge whose memo looks like a formula.
  await withTenant(manager.ctx, (tx) => recordManualEntry(tx, { residentId: stayer, kind: "charge", amount: "300", reason: "=HYPERLINK(\"x\") back rent, \"May\"" }, { houseId: house.houseId }));
  page = `/o/${op.slug}/houses/${house.houseId}/fees/${stayer}`;
});

describe("agreeing a payment plan", () => {
  it("refuses each broken rule on its field and writes nothing", async () => {
    for (const [over, field] of [
      [{ count: "0" }, "count"],
      [{ amount: "12.345" }, "amount"],
      [{ every: "daily" }, "every"],
      [{ firstDue: addDays(today, -1) }, "firstDue"],
      [{ instalment: "50" }, "instalment"],
    ] as const) {
      const res = await post(client, page, manager.cookie, plan(over));
      expect(res.status, field).toBe(400);
      expect(res.html, field).toMatch(new RegExp(`id="plan-${field}-error"|aria-invalid="true"`));
      expect(await plans(), field).toEqual([]);
    }
    expect((await post(client, page, staff.cookie, plan())).status).toBe(403);
    expect(await plans()).toEqual([]);
  });

  it("agrees a plan, reads every field back, and shows it; a second open plan is refused", async () => {
    const res = await post(client, page, manager.cookie, plan());
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("Payment plan agreed: 3 instalments, $100.00 in all.");
    const [row] = await plans();
    expect(row).toMatchObject({ amount_cents: 10000, starts_on: today, note: "Agreed on Monday", end_reason: null, ended_at: null, house_id: house.houseId });
    expect(row!.created_by).toBeTruthy();
    expect((await instalments(row!.id)).map((i) => [i.seq, i.due_on, i.amount_cents])).toEqual([
      [1, today, 3333],
      [2, addDays(today, 7), 3333],
      [3, addDays(today, 14), 3334],
    ]);
    const shown = visibleText((await get(client, page, staff.cookie)).html);
    expect(shown).toContain("On track");
    expect(shown).toContain("$0.00 of $100.00 paid");
    // A stale second submission (the agree form was open before the first was agreed): the
    // refusal is shown in the plan's card, beside the plan and its "End this plan" form; no agree form.
    const again = await post(client, page, manager.cookie, plan({ amount: "50" }));
    expect(again.status).toBe(409);
    expect(await plans()).toHaveLength(1);
    const refusedText = visibleText(again.html);
    expect(refusedText).toContain("This resident already has a payment plan. End it before agreeing a new one.");
    expect(refusedText).toContain("End this plan");
    expect(refusedText).toContain("$0.00 of $100.00 paid");
    expect(again.html).toMatch(/role="alert"[^>]*>This resident already has a payment plan/);
    expect(again.html).not.toContain('value="agree-plan"');
    expect(again.html).toContain('value="end-plan"');
    expect((await get(client, page, manager.cookie)).html).not.toContain('value="agree-plan"');
  });

  it("applies payments since the plan started to its instalments in due order", async () => {
    await withTenant(manager.ctx, (tx) => recordPayment(tx, { residentId: stayer, amount: "40", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: crypto.randomUUID() }, { houseId: house.houseId }));
    const text = visibleText((await get(client, page, manager.cookie)).html);
    expect(text).toContain("$40.00 of $100.00 paid");
    expect(text).toMatch(/Paid.*Partly paid.*Coming up/s);
    const dues = visibleText((await get(client, `/o/${op.slug}/me/dues`, residentCookie)).html);
    expect(dues).toContain("My payment plan");
    expect(dues).toContain("Next: $26.66 by");
  });

  it("ends the plan with a reason (read back, audited), once", async () => {
    const [open] = await plans();
    const empty = await post(client, page, manager.cookie, { intent: "end-plan", planId: open!.id, reason: "" });
    expect(empty.status).toBe(400);
    expect((await plans())[0]!.ended_at).toBeNull();
    const res = await post(client, page, manager.cookie, { intent: "end-plan", planId: open!.id, reason: "A new plan was agreed" });
    expect(res.status).toBe(200);
    const [ended] = await plans();
    expect(ended).toMatchObject({ end_reason: "A new plan was agreed" });
    expect(ended!.ended_at).toBeInstanceOf(Date);
    expect(ended!.ended_by).toBeTruthy();
    const event = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", op.orgId).where("entity_id", "=", open!.id).orderBy("created_at").execute();
    expect(event.map((e) => e.action)).toEqual(["payment_plan.agreed", "payment_plan.ended"]);
    // A stale second "End this plan": refused with its message on the page, which now offers the agree form.
    const endedAgain = await post(client, page, manager.cookie, { intent: "end-plan", planId: open!.id, reason: "again" });
    expect(endedAgain.status).toBe(404);
    expect(visibleText(endedAgain.html)).toContain("That plan was not found, or has already ended.");
    expect(endedAgain.html).toContain('value="agree-plan"');
    expect(endedAgain.html).not.toContain('value="end-plan"');
    // A plan of another house's resident: 404 before the form is read.
    expect((await post(client, `/o/${op.slug}/houses/${other.houseId}/fees/${elsewhere}`, manager.cookie, { ...plan(), residentId: elsewhere })).status).toBe(404);
  });
});

describe("receipts as PDF", () => {
  it("is a PDF with the receipt number, audited like the page", async () => {
    const paid = await withTenant(manager.ctx, (tx) => recordPayment(tx, { residentId: stayer, amount: "12.50", method: "check", payer: "family", reference: "No. 77", receivedOn: today, idempotencyKey: crypto.randomUUID() }, { houseId: house.houseId }));
    const html = await get(client, `/o/${op.slug}/receipts/${paid.id}`, residentCookie);
    expect(visibleText(html.html)).toContain("Balance after");
    expect(html.html).toContain(`/receipts/${paid.id}/pdf`);
    const before = (await t.db.selectFrom("audit_event").select("id").where("org_id", "=", op.orgId).where("action", "=", "receipt.viewed").execute()).length;
    const res = await client.request(`/o/${op.slug}/receipts/${paid.id}/pdf`, { cookie: manager.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Uncompressed: the document's title object holds the receipt number as plain text.
    const titleRef = bytes.toString("latin1").match(/\/Title (\d+) 0 R/)?.[1];
    expect(bytes.toString("latin1")).toMatch(new RegExp(`\\n${titleRef} 0 obj\\n\\(Receipt ${paid.receiptNumber}\\)`));
    const after = (await t.db.selectFrom("audit_event").select("id").where("org_id", "=", op.orgId).where("action", "=", "receipt.viewed").execute()).length;
    expect(after).toBe(before + 1);
  });
});

describe("monthly statements", () => {
  it("opening balance plus the month's entries is the closing balance, for staff and the resident, as a page and a PDF", async () => {
    const rows = await t.db.selectFrom("ledger_entry").select(["amount_cents", "effective_on"]).where("resident_id", "=", stayer).execute();
    const first = `${month}-01`;
    const opening = rows.filter((r) => r.effective_on < first).reduce((s, r) => s + Number(r.amount_cents), 0);
    const inMonth = rows.filter((r) => r.effective_on >= first && r.effective_on.slice(0, 7) === month);
    const closing = opening + inMonth.reduce((s, r) => s + Number(r.amount_cents), 0);
    const fmt = (c: number) => `$${(Math.abs(c) / 100).toFixed(2)}`;
    for (const [url, cookie] of [
      [`${page}/statements/${month}`, manager.cookie],
      [`/o/${op.slug}/me/dues/statements/${month}`, residentCookie],
    ] as const) {
      const res = await get(client, url, cookie);
      expect(res.status, url).toBe(200);
      expect(res.html.match(/data-testid="opening"[^>]*>([^<]*)</)?.[1], url).toContain(fmt(opening));
      expect(res.html.match(/data-testid="closing"[^>]*>([^<]*)</)?.[1], url).toContain(fmt(closing));
      expect((res.html.match(/<li class="py-2"/g) ?? []).length, url).toBe(inMonth.length);
      const pdf = await client.request(`${url}/pdf`, { cookie });
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    expect((await get(client, `${page}/statements/2026-13`, manager.cookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/me/dues/statements/nope`, residentCookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/fees/${elsewhere}/statements/${month}`, manager.cookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/me/dues/statements/${month}`, manager.cookie)).status).toBe(403);
  });
});

describe("ledger CSV exports", () => {
  it("a resident's and a house's ledger parse back to the ledger: text amounts, running balance, formulas escaped, audited", async () => {
    for (const url of [`${page}/ledger.csv`, `/o/${op.slug}/houses/${house.houseId}/fees/ledger.csv`]) {
      const res = await client.request(url, { cookie: staff.cookie });
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)], "UTF-8 byte order mark").toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(bytes.subarray(3).toString("utf8"));
      expect(header).toEqual(["Date", "Resident", "Kind", "Description", "Amount", "Running balance", "Receipt number", "Method", "Payer", "Reference"]);
      const ledger = await t.db.selectFrom("ledger_entry").selectAll().where("resident_id", "=", stayer).orderBy("effective_on").orderBy("created_at").orderBy("id").execute();
      expect(rows).toHaveLength(ledger.length);
      let running = 0;
      ledger.forEach((e, i) => {
        running += Number(e.amount_cents);
        const cents = (c: number) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;
        expect(rows[i]![0]).toBe(e.effective_on);
        expect(rows[i]![4]).toBe(cents(Number(e.amount_cents)));
        expect(rows[i]![5]).toBe(cents(running));
        expect(rows[i]![6]).toBe(e.receipt_number ? String(e.receipt_number) : "");
      });
      expect(rows.find((r) => r[2] === "Charge")![3]).toBe("'=HYPERLINK(\"x\") back rent, \"May\"");
    }
    const exported = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", op.orgId).where("action", "=", "ledger.exported").execute();
    expect(exported).toHaveLength(2);
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/fees/ledger.csv`, staff.cookie)).status).toBe(404);
    expect((await get(client, `${page}/ledger.csv`, residentCookie)).status).toBe(403);
  });
});

describe("the new pages' statement budget", () => {
  it("each runs at most 8 statements in 1 transaction", async () => {
    const receipt = await t.db.selectFrom("ledger_entry").select("id").where("resident_id", "=", stayer).where("kind", "=", "payment").executeTakeFirstOrThrow();
    await post(client, page, manager.cookie, plan({ amount: "20", count: "2" }));
    expect((await plans()).filter((p) => !p.ended_at)).toHaveLength(1);
    for (const [path, cookie] of [
      [page, manager.cookie],
      [`${page}/statements/${month}`, manager.cookie],
      [`/o/${op.slug}/me/dues/statements/${month}`, residentCookie],
      [`/o/${op.slug}/me/dues`, residentCookie],
      [`/o/${op.slug}/receipts/${receipt.id}`, residentCookie],
    ] as const) {
      const res = await client.request(path, { cookie });
      await res.text();
      expect(res.status, path).toBe(200);
      expect(Number(res.headers.get("x-query-count")), path).toBeLessThanOrEqual(8);
      expect(res.headers.get("x-transaction-count"), path).toBe("1");
    }
  });
});
