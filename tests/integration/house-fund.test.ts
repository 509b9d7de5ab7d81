import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The house fund over HTTP (ADR 035): every form submitted and read back — assign officers,
 * set the share, record money in, propose an expense, approve it, prepare the audit, sign
 * it — bad input refused with nothing written, a non-peer house's page says so, and both
 * pages stay within the query budget in one transaction.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);
const lastMonth = (() => {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
})();

let op: Operator;
let tab = "";
type Person = { residentId: string; cookie: string; legalName: string; first: string };
const people = {} as Record<"coordinator" | "treasurer" | "secretary" | "member" | "elsewhere", Person>;

const entries = async () => (await t.db.selectFrom("house_fund_entry").select("id").where("org_id", "=", op.orgId).execute()).length;
const selectedIn = (html: string, id: string) =>
  html.match(new RegExp(`<select[^>]*id="${id}"[^>]*>([\\s\\S]*?)</select>`))?.[1]!.match(/<option[^>]*value="([^"]*)"[^>]*selected=""/)?.[1] ?? null;

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 4, house: { timeZone: ZONE, narrLevel: 1, name: "Birch House" } });
  const plain = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE, narrLevel: 2, name: "Cedar House" } });
  const beds = [...house.bedIds, plain.bedIds[0]!];
  const names = ["coordinator", "treasurer", "secretary", "member", "elsewhere"] as const;
  for (const [i, who] of names.entries()) {
    const { residentId } = await makeStay(op.owner, beds[i]!, addDays(today, -60));
    const user = await makeUser({ orgId: op.orgId, role: "resident" });
    const legalName = await withTenant(op.owner, async (tx) => {
      await linkResidentAccount(tx, { residentId, userId: user.id });
      return (await tx.selectFrom("resident").select("legal_name").where("id", "=", residentId).executeTakeFirstOrThrow()).legal_name;
    });
    people[who] = { residentId, cookie: await sessionCookieFor(user.id), legalName, first: legalName.split(" ")[0]! };
  }
  tab = `/o/${op.slug}/houses/${house.houseId}/fund`;
});

const fundPage = (_who: Person) => `/o/${op.slug}/me/house-fund`;

describe("the house fund pages", () => {
  it("owners assign the three officers on the house's tab, and read them back", async () => {
    for (const office of ["coordinator", "treasurer", "secretary"] as const) {
      const res = await post(client, tab, op.cookie, { intent: "office", office, residentId: people[office].residentId });
      expect(res.status, office).toBe(200);
    }
    // One person, one office: refused on the field, nothing changed.
    const twice = await post(client, tab, op.cookie, { intent: "office", office: "secretary", residentId: people.treasurer.residentId });
    expect(twice.status).toBe(409);
    expect(visibleText(twice.html)).toMatch(/already holds another office/);
    const html = (await get(client, tab, op.cookie)).html;
    for (const office of ["coordinator", "treasurer", "secretary"] as const) expect(selectedIn(html, `office-${office}-residentId`), office).toBe(people[office].residentId);
  });

  it("the treasurer sets the share and records money in; bad input writes nothing", async () => {
    const page = fundPage(people.treasurer);
    expect((await post(client, page, people.treasurer.cookie, { intent: "share", amount: "150", effectiveFrom: today })).status).toBe(200);
    // One officer's share is a proposal: not in force until a second officer approves it.
    let shown = visibleText((await get(client, page, people.member.cookie)).html);
    expect(shown).toMatch(/The house hasn't set a weekly share yet/);
    expect(shown).toMatch(/Proposed: \$150\.00 a week from .*Approved by 1 of the 2 officers/);
    const rateId = (await t.db.selectFrom("house_share_rate").select("id").where("org_id", "=", op.orgId).executeTakeFirstOrThrow()).id;
    expect((await post(client, page, people.treasurer.cookie, { intent: "approve-share", rateId })).status).toBe(409);
    expect((await post(client, page, people.coordinator.cookie, { intent: "approve-share", rateId })).status).toBe(200);
    shown = visibleText((await get(client, page, people.member.cookie)).html);
    expect(shown).toMatch(/Everyone's share: \$150\.00 a week/);
    expect(shown).not.toMatch(/Proposed:/);
    const bad = await post(client, page, people.treasurer.cookie, {
      intent: "money-in", residentId: people.member.residentId, amount: "-5", method: "cash", receivedOn: today, memo: "", idempotencyKey: crypto.randomUUID(),
    });
    expect(bad.status).toBe(400);
    expect(visibleText(bad.html)).toMatch(/without a minus sign/);
    expect(await entries()).toBe(0);
    const money = { intent: "money-in", residentId: people.member.residentId, amount: "150.00", method: "money_order", receivedOn: `${lastMonth}-20`, memo: "Two weeks", idempotencyKey: crypto.randomUUID() };
    expect((await post(client, page, people.treasurer.cookie, money)).status).toBe(200);
    // The same form again (a second press): one entry.
    expect((await post(client, page, people.treasurer.cookie, money)).status).toBe(200);
    expect(await entries()).toBe(1);
    const text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).toMatch(/Everyone's share: \$150\.00 a week/);
    expect(text).toMatch(new RegExp(`Share from ${people.member.first}`));
    expect(text).toMatch(/Money order · Two weeks/);
    expect(text).toMatch(/Balance \$150\.00/);
  });

  it("an officer proposes an expense, a second approves it, every member sees it", async () => {
    const page = fundPage(people.treasurer);
    const expense = { intent: "expense", payee: "City Water", category: "utilities", amount: "42.10", memo: "Water bill", receiptReference: "W-118", idempotencyKey: crypto.randomUUID() };
    expect((await post(client, page, people.secretary.cookie, { ...expense, category: "" })).status).toBe(400);
    expect((await post(client, page, people.member.cookie, expense)).status).toBe(403);
    expect(await entries()).toBe(1);
    expect((await post(client, page, people.treasurer.cookie, expense)).status).toBe(200);
    let text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).toMatch(/City Water · Utilities/);
    expect(text).toMatch(/Water bill · Receipt W-118/);
    expect(text).toMatch(/Approved by 1 of the 2 officers/);
    expect(text).toMatch(/Balance \$150\.00/);
    const entryId = (await t.db.selectFrom("house_fund_entry").select("id").where("payee", "=", "City Water").executeTakeFirstOrThrow()).id;
    // The proposer again: refused (the same officer twice counts once).
    const again = await post(client, page, people.treasurer.cookie, { intent: "approve", entryId });
    expect(again.status).toBe(409);
    expect((await post(client, page, people.coordinator.cookie, { intent: "approve", entryId })).status).toBe(200);
    text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).toMatch(/Balance \$107\.90/);
    expect(text).toMatch(/Nothing is waiting/);
    expect(text).not.toMatch(/Record money in/);
  });

  it("the proposer withdraws a pending expense and a share proposal with a reason every member reads; then nobody approves them", async () => {
    const page = fundPage(people.treasurer);
    const expense = { intent: "expense", payee: "Hardware Depot", category: "supplies", amount: "19.99", memo: "", receiptReference: "", idempotencyKey: crypto.randomUUID() };
    expect((await post(client, page, people.secretary.cookie, expense)).status).toBe(200);
    const entryId = (await t.db.selectFrom("house_fund_entry").select("id").where("payee", "=", "Hardware Depot").executeTakeFirstOrThrow()).id;
    const withdrawals = async () => (await t.db.selectFrom("house_fund_withdrawal").select("id").where("org_id", "=", op.orgId).execute()).length;
    let text = visibleText((await get(client, page, people.secretary.cookie)).html);
    expect(text).toMatch(/Withdraw… Hardware Depot/);
    // Another officer may not withdraw it while the proposer holds an office; a member may not at all; a reason is needed.
    expect((await post(client, page, people.treasurer.cookie, { intent: "withdraw", entryId, reason: "Not needed" })).status).toBe(403);
    expect((await post(client, page, people.member.cookie, { intent: "withdraw", entryId, reason: "Not needed" })).status).toBe(403);
    const blank = await post(client, page, people.secretary.cookie, { intent: "withdraw", entryId, reason: "  " });
    expect(blank.status).toBe(400);
    expect(await withdrawals()).toBe(0);
    expect((await post(client, page, people.secretary.cookie, { intent: "withdraw", entryId, reason: "Bought the wrong size; returned it" })).status).toBe(200);
    expect(await withdrawals()).toBe(1);
    text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).toMatch(/Nothing is waiting/);
    expect(text).toMatch(new RegExp(`Hardware Depot · House supplies, \\$19\\.99 Withdrawn by the secretary \\(${people.secretary.first}\\), .*: Bought the wrong size; returned it`));
    expect(text).toMatch(/Balance \$107\.90/);
    // Withdrawn: no approval, no second withdrawal.
    expect((await post(client, page, people.coordinator.cookie, { intent: "approve", entryId })).status).toBe(409);
    expect((await post(client, page, people.secretary.cookie, { intent: "withdraw", entryId, reason: "Again" })).status).toBe(409);

    // A share proposal, withdrawn by the coordinator who proposed it.
    expect((await post(client, page, people.coordinator.cookie, { intent: "share", amount: "175", effectiveFrom: addDays(today, 7) })).status).toBe(200);
    const rateId = (await t.db.selectFrom("house_share_rate").select("id").where("org_id", "=", op.orgId).where("amount_cents", "=", 17500).executeTakeFirstOrThrow()).id;
    expect((await post(client, page, people.coordinator.cookie, { intent: "withdraw", rateId, reason: "Rent went down after all" })).status).toBe(200);
    text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).not.toMatch(/Proposed: \$175\.00/);
    expect(text).toMatch(/Share of \$175\.00 a week from .* Withdrawn by the coordinator .*: Rent went down after all/);
    expect((await post(client, page, people.treasurer.cookie, { intent: "approve-share", rateId })).status).toBe(409);
  });

  it("the treasurer prepares last month's audit; three officers sign it; then it is complete", async () => {
    const page = fundPage(people.treasurer);
    expect((await post(client, page, people.coordinator.cookie, { intent: "audit", month: lastMonth, counted: "150", note: "" })).status).toBe(403);
    expect((await post(client, page, people.treasurer.cookie, { intent: "audit", month: lastMonth, counted: "140.00", note: "Bank shows $10 less" })).status).toBe(200);
    const audit = await t.db.selectFrom("house_fund_audit").selectAll().executeTakeFirstOrThrow();
    expect([audit.opening_cents, audit.in_cents, audit.out_cents, audit.closing_cents, audit.counted_cents].map(Number)).toEqual([0, 15000, 0, 15000, 14000]);
    let text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).toMatch(/waiting for signatures \(0 of 3\)/);
    expect(text).toMatch(/Bank shows \$10 less/);
    expect(text).toMatch(/Difference\s*−\$10\.00/);
    const wrong = await post(client, page, people.treasurer.cookie, { intent: "sign", auditId: audit.id, typedName: "Not My Name" });
    expect(wrong.status).toBe(400);
    for (const who of ["treasurer", "coordinator", "secretary"] as const) {
      expect((await post(client, page, people[who].cookie, { intent: "sign", auditId: audit.id, typedName: people[who].legalName })).status, who).toBe(200);
    }
    text = visibleText((await get(client, page, people.member.cookie)).html);
    expect(text).toMatch(/: complete/);
    expect(text, text.slice(text.indexOf(": complete") - 300, text.indexOf(": complete") + 600)).toMatch(new RegExp(`Secretary: signed “${people.secretary.legalName}”`));
  });

  it("a resident of a house that is not peer-run is told so; both pages stay within the budget", async () => {
    const res = await get(client, fundPage(people.elsewhere), people.elsewhere.cookie);
    expect(visibleText(res.html)).toMatch(/not a peer-run house/);
    for (const [url, cookie] of [[fundPage(people.treasurer), people.treasurer.cookie], [tab, op.cookie]] as const) {
      const { res: r } = await get(client, url, cookie);
      expect(Number(r.headers.get("x-query-count")), url).toBeLessThanOrEqual(8);
      expect(r.headers.get("x-transaction-count"), url).toBe("1");
    }
  });
});
