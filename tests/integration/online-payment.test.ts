import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { recordManualEntry } from "#app/domain/fees/ledger.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { createResident } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { FAKE_CHECKOUT_URL, intentSucceeded, signed, startFakeStripeServer, TEST_WEBHOOK_SECRET } from "#tests/support/fake-stripe";
import { makeHouse } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Online payment over HTTP (ADR 032), with Stripe faked at its HTTP boundary on loopback
 * (STRIPE_API_BASE): the Pay form posts and redirects to Checkout, bad amounts are refused
 * on the field with nothing written, the webhook verifies signatures on the raw body,
 * family pay links show nothing about the resident, and expired or revoked links are 404.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);
const CANARY_NAME = "Zebulon Quartermaine-Canary";
const CANARY_HOUSE = "Bluebell Canary Cottage";
const ACCOUNT = "acct_1HttpTestAccount01";

let fake: Awaited<ReturnType<typeof startFakeStripeServer>>;
let op: Operator;
let residentId = "";
let stayId = "";
let houseId = "";
let residentCookie = "";
let dues = "";

const attempts = () => t.db.selectFrom("payment_attempt").selectAll().where("org_id", "=", op.orgId).orderBy("created_at").execute();
const events = async () => Number((await t.db.selectFrom("stripe_event").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", op.orgId).executeTakeFirstOrThrow()).n);
const onlinePayments = () => t.db.selectFrom("ledger_entry").select(["amount_cents", "payer", "reference"]).where("org_id", "=", op.orgId).where("method", "=", "online").execute();

function withStripe(on: boolean) {
  if (on) {
    process.env.STRIPE_SECRET_KEY = "sk_test_fake";
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    process.env.STRIPE_API_BASE = fake.url;
  } else {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_API_BASE;
  }
}

beforeAll(async () => {
  fake = await startFakeStripeServer();
  op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE, name: CANARY_HOUSE } });
  houseId = house.houseId;
  await withTenant(op.owner, async (tx) => {
    residentId = (await createResident(tx, { legalName: CANARY_NAME, phone: "215-555-0199" })).id;
    stayId = (await admitResident(tx, { residentId, bedId: house.bedIds[0]!, moveInDate: addDays(today, -10), expectedMoveOutDate: null })).stayId;
    await recordManualEntry(tx, { residentId, kind: "charge", amount: "180", reason: "Weekly fee" });
    await tx.insertInto("org_payment_account").values({ org_id: op.orgId, stripe_account_id: ACCOUNT, charges_enabled: true, details_submitted: true }).execute();
  });
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", residentId).execute());
  residentCookie = await sessionCookieFor(user.id);
  dues = `/o/${op.slug}/me/dues`;
});

afterAll(async () => {
  withStripe(false);
  await fake.close();
});

describe("without the platform's Stripe keys", () => {
  it("hides Pay and pay links; settings say online payments are not configured", async () => {
    withStripe(false);
    const page = await get(client, dues, residentCookie);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('value="pay"');
    expect(page.html).not.toContain("Make a pay link");
    expect(visibleText(page.html)).toContain("talk to your house manager");
    const settings = await get(client, `/o/${op.slug}/settings/payments`, op.cookie);
    expect(visibleText(settings.html)).toContain("Online payments are not configured");
    const refused = await post(client, dues, residentCookie, { intent: "pay", choice: "full" });
    expect(refused.status).toBe(409);
    expect(await attempts()).toEqual([]);
  });
});

describe("with Stripe configured", () => {
  beforeAll(() => withStripe(true));

  it("the resident's Pay form: a bad amount is refused on the field, nothing written; the full balance goes to Checkout", async () => {
    const page = await get(client, dues, residentCookie);
    expect(page.html).toContain('value="pay"');
    expect(visibleText(page.html)).toContain("The full balance ($180.00)");
    for (const [amount, message] of [
      ["abc", /Enter the amount|amount like/],
      ["180.01", /more than the balance/],
      ["0.25", /start at/],
    ] as const) {
      const r = await post(client, dues, residentCookie, { intent: "pay", choice: "amount", amount });
      expect(r.status, amount).toBe(400);
      expect(r.html).toMatch(/id="pay-amount-error"/);
      expect(visibleText(r.html)).toMatch(message);
      // What was typed is shown again.
      expect(r.html).toContain(`value="${amount}"`);
    }
    const noChoice = await post(client, dues, residentCookie, { intent: "pay" });
    expect(noChoice.status).toBe(400);
    expect(noChoice.html).toMatch(/id="pay-choice-error"/);
    expect(await attempts()).toEqual([]);

    const before = fake.requests.length;
    const ok = await post(client, dues, residentCookie, { intent: "pay", choice: "full", amount: "" });
    expect(ok.status).toBe(303);
    expect(ok.res.headers.get("location")).toMatch(new RegExp(`^${FAKE_CHECKOUT_URL.replace(/[/.]/g, "\\$&")}`));
    const [a] = await attempts();
    expect(a).toMatchObject({ amount_cents: 18000, payer: "resident", resident_id: residentId, stay_id: stayId, house_id: houseId, status: "started" });
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers["stripe-account"]).toBe(ACCOUNT);
    expect(sent[0]!.headers["idempotency-key"]).toBe(`checkout-${a!.id}`);
    expect(sent[0]!.body.get("line_items[0][price_data][product_data][name]")).toBe(`Payment to ${op.name}`);

    const part = await post(client, dues, residentCookie, { intent: "pay", choice: "amount", amount: "25.50" });
    expect(part.status).toBe(303);
    expect((await attempts()).map((x) => x.amount_cents)).toEqual([18000, 2550]);
  });

  it("the webhook: a missing or wrong signature is 400 with nothing stored; a signed event (no Origin) posts once", async () => {
    const [a] = await attempts();
    const meta = { hearth_attempt_id: a!.id, hearth_resident_id: residentId, hearth_house_id: houseId, hearth_stay_id: stayId, hearth_payer: "resident" };
    const evt = intentSucceeded(ACCOUNT, "pi_3HttpTest0001", 18000, meta);
    const good = signed(evt);
    const send = (body: string, signature?: string) =>
      fetch(`${client.url}/webhooks/stripe`, { method: "POST", body, headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) } });
    expect((await send(good.payload)).status).toBe(400);
    expect((await send(good.payload, signed(evt, "whsec_wrong").signature)).status).toBe(400);
    // The body changed after signing (one amount edited): the signature no longer matches.
    expect((await send(good.payload.replace("18000", "1"), good.signature)).status).toBe(400);
    expect(await events()).toBe(0);
    expect(await onlinePayments()).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await send(good.payload, good.signature)).status).toBe(200);
    expect(await events()).toBe(1);
    expect(await onlinePayments()).toEqual([{ amount_cents: -18000, payer: "resident", reference: "pi_3HttpTest0001" }]);
    // The resident sees it, with a receipt.
    expect(visibleText((await get(client, dues, residentCookie)).html)).toMatch(/Payment, receipt \d+/);
  });

  it("a family pay link shows only the org's name and the amount due, starts a family payment, and stops working when revoked or expired", async () => {
    await withTenant(op.owner, (tx) => recordManualEntry(tx, { residentId, kind: "charge", amount: "75", reason: "Weekly fee" }));
    const made = await post(client, dues, residentCookie, { intent: "pay-link" });
    expect(made.status).toBe(200);
    const url = visibleText(made.html).match(/\/pay\/([a-z2-7]{32})/);
    expect(url).toBeTruthy();
    const path = `/pay/${url![1]}`;
    const page = await get(client, path);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain(`Payment to ${op.name}`);
    expect(text).toContain("Amount due: $75.00");
    for (const secret of [CANARY_NAME, "Zebulon", "Quartermaine", CANARY_HOUSE, "Canary", "215-555-0199", residentId, houseId, stayId]) {
      expect(page.html, secret).not.toContain(secret);
    }
    const pay = await client.request(path, { form: { intent: "pay", choice: "full" } });
    expect(pay.status).toBe(303);
    const family = (await attempts()).at(-1)!;
    expect(family).toMatchObject({ amount_cents: 7500, payer: "family", resident_id: residentId });
    expect(family.pay_link_id).not.toBeNull();
    const bad = await client.request(path, { form: { intent: "pay", choice: "amount", amount: "75.01" } });
    expect(bad.status).toBe(400);

    // Expired: 404.
    await sql`update pay_link set created_at = now() - interval '40 days', expires_at = now() - interval '1 day' where id = ${family.pay_link_id}`.execute(t.db);
    expect((await get(client, path)).status).toBe(404);
    expect((await client.request(path, { form: { intent: "pay", choice: "full" } })).status).toBe(404);
    // A new link, revoked: 404.
    const again = await post(client, dues, residentCookie, { intent: "pay-link" });
    const path2 = `/pay/${visibleText(again.html).match(/\/pay\/([a-z2-7]{32})/)![1]}`;
    expect((await get(client, path2)).status).toBe(200);
    await sql`update pay_link set revoked_at = now() where org_id = ${op.orgId}`.execute(t.db);
    expect((await get(client, path2)).status).toBe(404);
    expect((await get(client, "/pay/not-a-token")).status).toBe(404);
    expect((await get(client, `/pay/${"a".repeat(32)}`)).status).toBe(404);
  });

  it("a Stripe error on Pay (400 or 500) is a 409 page with a clear message, never a 500: signed in and on a pay link (review finding 5)", async () => {
    const link = await post(client, dues, residentCookie, { intent: "pay-link" });
    const path = `/pay/${visibleText(link.html).match(/\/pay\/([a-z2-7]{32})/)![1]}`;
    const before = (await attempts()).length;
    for (const status of [400, 500]) {
      fake.control.failStatus = status;
      try {
        const mine = await post(client, dues, residentCookie, { intent: "pay", choice: "full" });
        expect(mine.status, `dues ${status}`).toBe(409);
        expect(visibleText(mine.html)).toContain("Online payment isn't available right now. Please try again later or pay the house directly.");
        const family = await client.request(path, { form: { intent: "pay", choice: "full" } });
        expect(family.status, `pay link ${status}`).toBe(409);
        expect(visibleText(await family.text())).toContain("Online payment isn't available right now. Please try again later or pay the house directly.");
      } finally {
        fake.control.failStatus = null;
      }
    }
    expect((await attempts()).length).toBe(before);
    // Stripe's return addresses for a pay link never carry its token.
    const sentBefore = fake.requests.length;
    expect((await client.request(path, { form: { intent: "pay", choice: "full" } })).status).toBe(303);
    const sent = fake.requests.slice(sentBefore).find((r) => r.path === "/v1/checkout/sessions")!;
    const attemptId = (await attempts()).at(-1)!.id;
    expect(sent.body.get("success_url")).toBe(`${new URL(sent.body.get("success_url")!).origin}/pay/done?attempt=${attemptId}`);
    expect(sent.body.get("cancel_url")).toMatch(/\/pay\/done\?cancelled=1$/);
    expect(`${sent.body.get("success_url")} ${sent.body.get("cancel_url")}`).not.toContain(path.slice(5));
    expect(visibleText((await get(client, `/pay/done?attempt=${attemptId}`)).html)).toContain("Thank you");
    expect(visibleText((await get(client, "/pay/done?cancelled=1")).html)).toContain("No payment was made");
  });

  it("Turn off my pay links: the resident's button turns every live link off, for good (review finding 2)", async () => {
    const made = await post(client, dues, residentCookie, { intent: "pay-link" });
    const path = `/pay/${visibleText(made.html).match(/\/pay\/([a-z2-7]{32})/)![1]}`;
    expect((await get(client, path)).status).toBe(200);
    const page = await get(client, dues, residentCookie);
    expect(page.html).toContain('value="pay-links-off"');
    const off = await post(client, dues, residentCookie, { intent: "pay-links-off" });
    expect(off.status).toBe(200);
    expect(visibleText(off.html)).toMatch(/pay links? (is|are) turned off/);
    expect((await get(client, path)).status).toBe(404);
    const live = await t.db.selectFrom("pay_link").select("id").where("org_id", "=", op.orgId).where("revoked_at", "is", null).execute();
    expect(live).toEqual([]);
    const audited = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", op.orgId).where("action", "=", "pay_link.revoked").execute();
    expect(audited.length).toBeGreaterThan(0);
    const again = await post(client, dues, residentCookie, { intent: "pay-links-off" });
    expect(visibleText(again.html)).toContain("You had no pay links turned on.");
  });

  it("the house team's button turns a resident's pay links off (audited)", async () => {
    const made = await post(client, dues, residentCookie, { intent: "pay-link" });
    const path = `/pay/${visibleText(made.html).match(/\/pay\/([a-z2-7]{32})/)![1]}`;
    const manager = await signedInMember(op, "house_manager", [houseId]);
    const ledger = `/o/${op.slug}/houses/${houseId}/fees/${residentId}`;
    expect((await get(client, ledger, manager.cookie)).html).toContain('value="pay-links-off"');
    const off = await post(client, ledger, manager.cookie, { intent: "pay-links-off" });
    expect(off.status).toBe(200);
    expect(visibleText(off.html)).toContain("1 pay link turned off.");
    expect((await get(client, path)).status).toBe(404);
    const audited = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", op.orgId).where("action", "=", "pay_link.revoked").execute();
    expect(audited.length).toBeGreaterThan(1);
  });

  it("settings: an owner connects Stripe (onboarding redirect); a house manager is refused", async () => {
    const page = await get(client, `/o/${op.slug}/settings/payments`, op.cookie);
    expect(visibleText(page.html)).toContain("Connected: residents see a Pay button");
    const returned = await get(client, `/o/${op.slug}/settings/payments?returned=1`, op.cookie);
    expect(returned.status).toBe(200);
    const manager = await signedInMember(op, "house_manager", [houseId]);
    expect((await get(client, `/o/${op.slug}/settings/payments`, manager.cookie)).status).toBe(403);
    expect((await post(client, `/o/${op.slug}/settings/payments`, manager.cookie, { intent: "connect" })).status).toBe(403);

    const fresh = await makeOperatorWithSlug();
    const before = fake.requests.length;
    const go = await post(client, `/o/${fresh.slug}/settings/payments`, fresh.cookie, { intent: "connect" });
    expect(go.status).toBe(303);
    expect(go.res.headers.get("location")).toMatch(/^https:\/\/connect\.stripe\.com\//);
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(["/v1/accounts", "/v1/account_links"]);
    expect(await t.db.selectFrom("org_payment_account").select("stripe_account_id").where("org_id", "=", fresh.orgId).executeTakeFirst()).toBeTruthy();
  });
});
