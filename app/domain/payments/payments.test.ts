import { sql } from "kysely";
import type Stripe from "stripe";
import StripeSdk from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, enterStripeAccount, withTenant } from "#app/db/tenant.server";
import { recordManualEntry, recordPayment, refundPayment } from "#app/domain/fees/ledger.server";
import { isDomainError } from "#app/domain/errors.server";
import { addDays, todayIn } from "#app/lib/dates";
import { setStripeHttpClient } from "#app/lib/stripe.server";
import { useTestDatabase } from "#tests/support/db";
import {
  chargeRefunded,
  checkoutCompleted,
  disputeClosed,
  disputeCreated,
  event,
  refundCreated,
  FakeStripeHttpClient,
  intentFailed,
  intentSucceeded,
} from "#tests/support/fake-stripe";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";
import { amountToPay, onlineAccount, startCheckout, startOnboarding, refreshAccountStatus, STRIPE_UNAVAILABLE } from "./online.server";
import { applyStripeEvent } from "./webhook.server";

/**
 * Online payment (ADR 032) against the database: Checkout creation through the fake
 * Stripe HTTP client, and webhook events applied exactly once whatever the order.
 */

const t = useTestDatabase();
const today = todayIn("America/New_York");
const fake = new FakeStripeHttpClient();
let accountSeq = 0;

beforeAll(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_fake";
  setStripeHttpClient(fake);
});
afterAll(() => {
  delete process.env.STRIPE_SECRET_KEY;
  setStripeHttpClient(null);
});

async function world(opts: { chargesEnabled?: boolean; zone?: string } = {}) {
  const fx = await makeOperator();
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, ...(opts.zone ? { house: { timeZone: opts.zone } } : {}) });
  const a = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -5));
  await withTenant(fx.owner, (tx) => recordManualEntry(tx, { residentId: a.residentId, kind: "charge", amount: "150", reason: "Weekly fee" }));
  const account = `acct_1Test${String(++accountSeq).padStart(6, "0")}${fx.orgId.slice(0, 4)}`;
  await withTenant(fx.owner, (tx) =>
    tx.insertInto("org_payment_account").values({ org_id: fx.orgId, stripe_account_id: account, charges_enabled: opts.chargesEnabled ?? true, details_submitted: true }).execute(),
  );
  const target = { residentId: a.residentId, houseId: h.houseId, stayId: a.stayId, balanceCents: 15000, payer: "resident" as const, payLinkId: null };
  const place = { orgName: "Maple Recovery Homes", currency: "USD", successUrl: "http://localhost/ok", cancelUrl: "http://localhost/back" };
  const start = (amount: string | null = "50") =>
    withTenant(fx.owner, (tx) => startCheckout(tx, amount === null ? { choice: "full" } : { choice: "amount", amount }, target, place));
  const meta = (attemptId: string) => ({
    hearth_attempt_id: attemptId,
    hearth_resident_id: a.residentId,
    hearth_house_id: h.houseId,
    hearth_stay_id: a.stayId,
    hearth_payer: "resident",
  });
  return { fx, h, a, account, start, meta };
}

const deliver = (e: object) => withTenant(ANONYMOUS, (tx) => applyStripeEvent(tx, e as Stripe.Event));
const entries = (orgId: string) =>
  t.db.selectFrom("ledger_entry").select(["kind", "amount_cents", "method", "reference", "refund_of_id", "created_by"]).where("org_id", "=", orgId).orderBy("created_at").orderBy("id").execute();
const attempt = (id: string) => t.db.selectFrom("payment_attempt").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const sessionOf = async (id: string) => (await attempt(id)).checkout_session_id!;
const eventsStored = async (orgId: string) =>
  Number((await t.db.selectFrom("stripe_event").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow()).n);

/** Deliver like Stripe: every event, and again later any that were answered "not yet" (409). */
async function deliverAll(events: object[]) {
  let queue = events;
  for (let round = 0; round < 5 && queue.length; round++) {
    const retry: object[] = [];
    for (const e of queue) {
      try {
        await deliver(e);
      } catch (error) {
        if (isDomainError(error, "conflict")) retry.push(e);
        else throw error;
      }
    }
    queue = retry;
  }
  expect(queue).toEqual([]);
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("Checkout", () => {
  it("creates the session on the connected account with an idempotency key from the attempt, and writes nothing to the ledger", async () => {
    const w = await world();
    const before = fake.requests.length;
    const { url, attemptId } = await w.start("42.50");
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    const req = sent[0]!;
    expect(req.path).toBe("/v1/checkout/sessions");
    expect(req.headers["stripe-account"]).toBe(w.account);
    expect(req.headers["idempotency-key"]).toBe(`checkout-${attemptId}`);
    expect(req.body.get("mode")).toBe("payment");
    expect(req.body.get("line_items[0][price_data][unit_amount]")).toBe("4250");
    expect(req.body.get("line_items[0][price_data][product_data][name]")).toBe("Payment to Maple Recovery Homes");
    expect(req.body.get("client_reference_id")).toBe(attemptId);
    expect(req.body.get("metadata[hearth_attempt_id]")).toBe(attemptId);
    expect(req.body.get("payment_intent_data[metadata][hearth_stay_id]")).toBe(w.a.stayId);
    const row = await attempt(attemptId);
    expect(row).toMatchObject({ amount_cents: 4250, status: "started", payer: "resident", resident_id: w.a.residentId });
    expect((await entries(w.fx.orgId)).filter((e) => e.kind === "payment")).toEqual([]);
  });

  it("the full balance is the balance; an amount over it, under 50 cents or not money is refused on the field", async () => {
    expect(amountToPay({ choice: "full" }, 15000)).toBe(15000);
    expect(amountToPay({ choice: "amount", amount: "12.34" }, 15000)).toBe(1234);
    expect(() => amountToPay({ choice: "amount", amount: "150.01" }, 15000)).toThrow(/more than the balance/);
    expect(() => amountToPay({ choice: "amount", amount: "0.49" }, 15000)).toThrow(/start at/);
    expect(() => amountToPay({ choice: "amount", amount: "1.2.3" }, 15000)).toThrow();
    expect(() => amountToPay({ choice: "full" }, 0)).toThrow(/nothing to pay/);
    const w = await world();
    const before = fake.requests.length;
    await expectDomainError(w.start("151"), "invalid", { field: "amount", message: /more than the balance/ });
    expect(fake.requests.length).toBe(before);
  });

  it("is unavailable (nothing sent) while the account cannot take charges, or without the platform key", async () => {
    const w = await world({ chargesEnabled: false });
    const before = fake.requests.length;
    await expectDomainError(w.start(), "conflict", { message: /isn't available/ });
    const ready = await world();
    delete process.env.STRIPE_SECRET_KEY;
    try {
      expect(await withTenant(ready.fx.owner, (tx) => onlineAccount(tx))).toBeNull();
      await expectDomainError(ready.start(), "conflict", { message: /isn't available/ });
    } finally {
      process.env.STRIPE_SECRET_KEY = "sk_test_fake";
    }
    expect(await withTenant(ready.fx.owner, (tx) => onlineAccount(tx))).toBe(ready.account);
    expect(fake.requests.length).toBe(before);
  });
});

describe("webhook events are applied exactly once", () => {
  it("a payment and two refunds, each delivered ten times in shuffled order: one payment, refunds right", async () => {
    for (const seed of [1, 7, 42]) {
      const w = await world();
      const { attemptId } = await w.start("100");
      const pi = `pi_3Test${seed}${attemptId.slice(0, 8)}`;
      // Stripe sends a payment's events before its refunds can exist; after the first,
      // everything is replayed ten times in shuffled order.
      const first = seed % 2 ? checkoutCompleted(w.account, pi, 10000, w.meta(attemptId), await sessionOf(attemptId)) : intentSucceeded(w.account, pi, 10000, w.meta(attemptId));
      const kinds = [
        first,
        checkoutCompleted(w.account, pi, 10000, w.meta(attemptId), await sessionOf(attemptId)),
        intentSucceeded(w.account, pi, 10000, w.meta(attemptId)),
        chargeRefunded(w.account, pi, 10000, [[`re_1A${seed}`, 1500]]),
        chargeRefunded(w.account, pi, 10000, [[`re_1A${seed}`, 1500], [`re_1B${seed}`, 2500]]),
        refundCreated(w.account, pi, `re_1A${seed}`, 1500),
        refundCreated(w.account, pi, `re_1B${seed}`, 2500),
      ];
      await deliver(first);
      await deliverAll(shuffle(kinds.flatMap((e) => Array.from({ length: 10 }, () => e)), seed));
      const rows = await entries(w.fx.orgId);
      const payments = rows.filter((e) => e.kind === "payment");
      expect(payments).toEqual([{ kind: "payment", amount_cents: -10000, method: "online", reference: pi, refund_of_id: null, created_by: null }]);
      expect(rows.filter((e) => e.kind === "refund").reduce((s, e) => s + e.amount_cents, 0)).toBe(4000);
      expect(rows.filter((e) => e.kind === "refund").map((e) => e.amount_cents).sort()).toEqual([1500, 2500]);
      expect(await eventsStored(w.fx.orgId)).toBe(7);
      expect(await attempt(attemptId)).toMatchObject({ status: "succeeded", payment_intent_id: pi });
      const balance = rows.reduce((s, e) => s + e.amount_cents, 0);
      expect(balance).toBe(15000 - 10000 + 4000);
    }
  });

  it("two deliveries at once (different events of one payment) post one entry", async () => {
    const w = await world();
    const { attemptId } = await w.start("60");
    const pi = `pi_3Conc${attemptId.slice(0, 8)}`;
    await Promise.all([deliver(checkoutCompleted(w.account, pi, 6000, w.meta(attemptId), await sessionOf(attemptId))), deliver(intentSucceeded(w.account, pi, 6000, w.meta(attemptId)))]);
    const same = intentSucceeded(w.account, pi, 6000, w.meta(attemptId));
    await Promise.all([deliver(same), deliver(same)]);
    expect((await entries(w.fx.orgId)).filter((e) => e.kind === "payment")).toHaveLength(1);
  });

  it("a refund of a started payment not posted yet is refused for now (nothing stored) and applies once the payment is in", async () => {
    const w = await world();
    const { attemptId } = await w.start("30");
    const pi = `pi_3Early${attemptId.slice(0, 8)}`;
    // The first card try failed (the attempt now knows its PaymentIntent), the retry succeeded.
    await deliver(intentFailed(w.account, pi, w.meta(attemptId)));
    const refund = chargeRefunded(w.account, pi, 3000, [["re_1Early", 3000]]);
    await expectDomainError(deliver(refund), "conflict");
    expect(await eventsStored(w.fx.orgId)).toBe(1);
    await deliver(intentSucceeded(w.account, pi, 3000, w.meta(attemptId)));
    expect(await deliver(refund)).toBe("applied");
    expect((await entries(w.fx.orgId)).filter((e) => e.kind === "refund").map((e) => e.amount_cents)).toEqual([3000]);
  });

  it("a failed payment marks the attempt and writes nothing to the ledger; a later success still posts", async () => {
    const w = await world();
    const { attemptId } = await w.start("20");
    const pi = `pi_3Fail${attemptId.slice(0, 8)}`;
    expect(await deliver(intentFailed(w.account, pi, w.meta(attemptId)))).toBe("applied");
    expect(await attempt(attemptId)).toMatchObject({ status: "failed", failure_code: "card_declined" });
    expect((await entries(w.fx.orgId)).filter((e) => e.kind === "payment")).toEqual([]);
    await deliver(intentSucceeded(w.account, pi, 2000, w.meta(attemptId)));
    // A failure delivered after the success changes nothing.
    await deliver(intentFailed(w.account, pi, w.meta(attemptId)));
    expect(await attempt(attemptId)).toMatchObject({ status: "succeeded" });
  });

  it("a dispute is recorded on the attempt and audited; the balance is unchanged", async () => {
    const w = await world();
    const { attemptId } = await w.start("25");
    const pi = `pi_3Disp${attemptId.slice(0, 8)}`;
    await deliver(intentSucceeded(w.account, pi, 2500, w.meta(attemptId)));
    const before = await entries(w.fx.orgId);
    await deliver(disputeCreated(w.account, pi, 2500));
    expect((await attempt(attemptId)).disputed_at).not.toBeNull();
    expect(await entries(w.fx.orgId)).toEqual(before);
    const audited = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", w.fx.orgId).where("action", "=", "payment.disputed").execute();
    expect(audited).toHaveLength(1);
  });

  it("unknown event types are acknowledged and ignored; unknown accounts store nothing", async () => {
    const w = await world();
    expect(await deliver(event(w.account, "customer.created", { id: "cus_1", object: "customer" }))).toBe("ignored");
    expect(await deliver(intentSucceeded("acct_1Unknown000000", "pi_x", 100, w.meta(crypto.randomUUID())))).toBe("ignored");
    const noAccount = { ...intentSucceeded(w.account, "pi_y", 100, w.meta(crypto.randomUUID())), account: undefined };
    expect(await deliver(noAccount)).toBe("ignored");
    expect((await entries(w.fx.orgId)).filter((e) => e.kind === "payment")).toEqual([]);
  });

  it("the webhook's role may append only online payments and refunds, nothing else", async () => {
    const w = await world();
    const base = { org_id: w.fx.orgId, resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, effective_on: today };
    const asWebhook = (fn: (tx: never) => Promise<unknown>) =>
      t.db.transaction().execute(async (tx) => {
        await sql`select set_config('role', 'hearth_app', true)`.execute(tx);
        expect(await enterStripeAccount(tx as never, w.account)).toBe(w.fx.orgId);
        return fn(tx as never);
      });
    await expect(
      asWebhook((tx: any) => tx.insertInto("ledger_entry").values({ ...base, kind: "charge", amount_cents: 100, memo: "x" }).execute()),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asWebhook((tx: any) => tx.insertInto("ledger_entry").values({ ...base, kind: "payment", amount_cents: -100, method: "cash", payer: "resident" }).execute()),
    ).rejects.toThrow(/row-level security/);
    // It sees no manual entries (the charge), and no fee schedules or residents.
    expect(await asWebhook((tx: any) => tx.selectFrom("ledger_entry").select("id").execute())).toEqual([]);
    expect(await asWebhook((tx: any) => tx.selectFrom("resident").select("id").execute())).toEqual([]);
  });
});

describe("Connect onboarding", () => {
  it("creates the account once and an onboarding link; the return refreshes the status", async () => {
    const fx = await makeOperator();
    const before = fake.requests.length;
    const url = await withTenant(fx.owner, (tx) => startOnboarding(tx, { refreshUrl: "http://localhost/r", returnUrl: "http://localhost/ret" }));
    expect(url).toMatch(/^https:\/\/connect\.stripe\.com\//);
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/v1/accounts", "/v1/account_links"]);
    expect(sent[0]!.headers["idempotency-key"]).toBe(`connect-account-${fx.orgId}`);
    expect(sent[1]!.headers["idempotency-key"]).toMatch(/^connect-link-acct_/);
    await withTenant(fx.owner, (tx) => startOnboarding(tx, { refreshUrl: "http://localhost/r", returnUrl: "http://localhost/ret" }));
    expect(fake.requests.slice(before).filter((r) => r.path === "/v1/accounts")).toHaveLength(1);
    const status = await withTenant(fx.owner, (tx) => refreshAccountStatus(tx));
    expect(status).toMatchObject({ chargesEnabled: true, detailsSubmitted: true });
    // A house manager may not connect or read the account.
    const m = await makeMember(fx, "house_manager");
    expect(await withTenant(m.ctx, (tx) => tx.selectFrom("org_payment_account").selectAll().execute())).toEqual([]);
    expect(await withTenant(m.ctx, (tx) => onlineAccount(tx))).toBe("acct_1FakeConnected00001");
  });
});

describe("the webhook posts only what Hearth started (review finding 1)", () => {
  const payments = async (orgId: string) => (await entries(orgId)).filter((e) => e.kind === "payment");

  it("forged metadata, a random attempt id, another amount or currency, another session or intent: nothing in the ledger", async () => {
    const w = await world();
    const { attemptId } = await w.start("40");
    const other = await makeStay(w.fx.owner, w.h.bedIds[1]!, addDays(today, -2));
    // Made-up metadata naming another resident and stay, no attempt of ours.
    const forged = { ...w.meta(crypto.randomUUID()), hearth_resident_id: other.residentId, hearth_stay_id: other.stayId };
    expect(await deliver(intentSucceeded(w.account, "pi_3Forged1", 4000, forged))).toBe("ignored");
    // The real attempt id but another resident in the metadata: the attempt's resident is used, the rest must match.
    expect(await deliver(intentSucceeded(w.account, "pi_3Forged2", 9999, w.meta(attemptId)))).toBe("ignored");
    expect(await deliver(intentSucceeded(w.account, "pi_3Forged3", 4000, w.meta(attemptId), "eur"))).toBe("ignored");
    expect(await deliver(checkoutCompleted(w.account, "pi_3Forged4", 4000, w.meta(attemptId), "cs_test_NotOurs"))).toBe("ignored");
    expect(await payments(w.fx.orgId)).toEqual([]);
    // The genuine payment posts, to the attempt's resident even if the metadata says otherwise.
    const meta = { ...w.meta(attemptId), hearth_resident_id: other.residentId, hearth_stay_id: other.stayId };
    expect(await deliver(checkoutCompleted(w.account, "pi_3Real", 4000, meta, await sessionOf(attemptId)))).toBe("applied");
    const posted = await t.db.selectFrom("ledger_entry").select(["resident_id", "amount_cents"]).where("org_id", "=", w.fx.orgId).where("kind", "=", "payment").execute();
    expect(posted).toEqual([{ resident_id: w.a.residentId, amount_cents: -4000 }]);
    // Once the attempt knows its PaymentIntent, another intent naming it posts nothing.
    expect(await deliver(intentSucceeded(w.account, "pi_3Second", 4000, w.meta(attemptId)))).toBe("ignored");
    expect(await payments(w.fx.orgId)).toHaveLength(1);
  });

  it("an event whose livemode doesn't match the key is ignored (test events under a live key and the reverse)", async () => {
    const w = await world();
    const { attemptId } = await w.start("40");
    const live = { ...intentSucceeded(w.account, "pi_3Live", 4000, w.meta(attemptId)), livemode: true };
    expect(await deliver(live)).toBe("ignored");
    process.env.STRIPE_SECRET_KEY = "sk_live_fake";
    try {
      expect(await deliver(intentSucceeded(w.account, "pi_3Test", 4000, w.meta(attemptId)))).toBe("ignored");
    } finally {
      process.env.STRIPE_SECRET_KEY = "sk_test_fake";
    }
    expect(await payments(w.fx.orgId)).toEqual([]);
    expect(await eventsStored(w.fx.orgId)).toBe(0);
  });

  it("the payment is dated by the house's calendar day, not UTC's (builder's note 8)", async () => {
    const w = await world({ zone: "Pacific/Pago_Pago" });
    const { attemptId } = await w.start("40");
    const at = new Date(`${today}T05:00:00Z`);
    const e = { ...intentSucceeded(w.account, "pi_3Zone", 4000, w.meta(attemptId)), created: Math.floor(at.getTime() / 1000) };
    await deliver(e);
    const row = await t.db.selectFrom("ledger_entry").select(sql<string>`effective_on::text`.as("on")).where("org_id", "=", w.fx.orgId).where("kind", "=", "payment").executeTakeFirstOrThrow();
    expect(row.on).toBe(addDays(today, -1));
  });
});

describe("refunds and disputes (review findings 3 and 4)", () => {
  it("a refund or dispute of a payment Hearth never started is acknowledged and ignored, not retried", async () => {
    const w = await world();
    expect(await deliver(chargeRefunded(w.account, "pi_3Elsewhere", 5000, [["re_1Elsewhere", 5000]]))).toBe("ignored");
    expect(await deliver(refundCreated(w.account, "pi_3Elsewhere", "re_1Elsewhere2", 5000))).toBe("ignored");
    expect(await deliver(disputeCreated(w.account, "pi_3Elsewhere", 5000))).toBe("ignored");
    expect(await deliver(disputeClosed(w.account, "pi_3Elsewhere", 5000, "dp_1Elsewhere", "lost"))).toBe("ignored");
    expect((await entries(w.fx.orgId)).filter((e) => e.kind === "refund")).toEqual([]);
  });

  it("each Stripe refund is its own entry: a manual cash refund of the same payment doesn't swallow it", async () => {
    const w = await world();
    const { attemptId } = await w.start("100");
    const pi = `pi_3Mixed${attemptId.slice(0, 8)}`;
    await deliver(intentSucceeded(w.account, pi, 10000, w.meta(attemptId)));
    const payment = await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", w.fx.orgId).where("kind", "=", "payment").executeTakeFirstOrThrow();
    await withTenant(w.fx.owner, (tx) => refundPayment(tx, { paymentId: payment.id, amount: "15", reason: "Cash back at the house" }));
    await deliverAll([refundCreated(w.account, pi, "re_1Card", 1500), chargeRefunded(w.account, pi, 10000, [["re_1Card", 1500]]), refundCreated(w.account, pi, "re_1Card", 1500)]);
    const refunds = (await entries(w.fx.orgId)).filter((e) => e.kind === "refund").map((e) => e.amount_cents);
    expect(refunds).toEqual([1500, 1500]);
    // A pending refund posts nothing until it succeeds.
    expect(await deliver(refundCreated(w.account, pi, "re_1Pending", 1000, "pending"))).toBe("ignored");
  });

  it("a lost dispute returns the money in the ledger once; a won one changes nothing", async () => {
    const w = await world();
    const { attemptId } = await w.start("25");
    const pi = `pi_3Lost${attemptId.slice(0, 8)}`;
    await deliver(intentSucceeded(w.account, pi, 2500, w.meta(attemptId)));
    expect(await deliver(disputeClosed(w.account, pi, 2500, "dp_1Won", "won"))).toBe("ignored");
    const lost = disputeClosed(w.account, pi, 2500, "dp_1Lost", "lost");
    await deliverAll([lost, lost, disputeClosed(w.account, pi, 2500, "dp_1Lost", "lost")]);
    const rows = await entries(w.fx.orgId);
    expect(rows.filter((e) => e.kind === "refund").map((e) => e.amount_cents)).toEqual([2500]);
    expect(rows.reduce((s, e) => s + e.amount_cents, 0)).toBe(15000);
  });

  it("owners and managers may not write an online payment themselves (only the webhook's context does)", async () => {
    const w = await world();
    const m = await makeMember(w.fx, "house_manager", [w.h.houseId]);
    for (const who of [w.fx.owner, m.ctx]) {
      await expect(
        withTenant(who, (tx) =>
          tx.insertInto("ledger_entry").values({ org_id: w.fx.orgId, resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, effective_on: today, kind: "payment", amount_cents: -100, method: "online", payer: "resident" }).execute(),
        ),
      ).rejects.toThrow(/row-level security/);
    }
    // Cash still works for the owner.
    await withTenant(w.fx.owner, (tx) => recordPayment(tx, { residentId: w.a.residentId, amount: "1", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: crypto.randomUUID() }));
  });

  it("the webhook's refund may only be of an online payment", async () => {
    const w = await world();
    const cash = await withTenant(w.fx.owner, (tx) => recordPayment(tx, { residentId: w.a.residentId, amount: "10", method: "cash", payer: "resident", receivedOn: today, idempotencyKey: crypto.randomUUID() }));
    await expect(
      t.db.transaction().execute(async (tx) => {
        await sql`select set_config('role', 'hearth_app', true)`.execute(tx);
        await enterStripeAccount(tx as never, w.account);
        await tx.insertInto("ledger_entry").values({ org_id: w.fx.orgId, resident_id: w.a.residentId, house_id: w.h.houseId, stay_id: w.a.stayId, effective_on: today, kind: "refund", amount_cents: 100, memo: "x", refund_of_id: cash.id }).execute();
      }),
    ).rejects.toThrow(/row-level security/);
  });
});

describe("Stripe failures and account status (review finding 5)", () => {
  it("a Stripe error on Pay is a clear conflict, and no attempt is written", async () => {
    const w = await world();
    for (const status of [400, 500]) {
      const failing = new FailingStripe(status);
      setStripeHttpClient(failing);
      try {
        await expectDomainError(w.start("10"), "conflict", { message: STRIPE_UNAVAILABLE });
      } finally {
        setStripeHttpClient(fake);
      }
    }
    expect(await t.db.selectFrom("payment_attempt").select("id").where("org_id", "=", w.fx.orgId).execute()).toEqual([]);
  });

  it("account.updated keeps charges_enabled current", async () => {
    const w = await world();
    expect(await deliver(event(w.account, "account.updated", { id: w.account, object: "account", charges_enabled: false, details_submitted: true }))).toBe("applied");
    expect(await withTenant(w.fx.owner, (tx) => onlineAccount(tx))).toBeNull();
    await deliver(event(w.account, "account.updated", { id: w.account, object: "account", charges_enabled: true, details_submitted: true }));
    expect(await withTenant(w.fx.owner, (tx) => onlineAccount(tx))).toBe(w.account);
  });
});

class ErrorResponse extends StripeSdk.HttpClientResponse {
  constructor(status: number) {
    super(status, { "request-id": "req_fake_error", "content-type": "application/json" });
  }
  override getRawResponse() {
    return {};
  }
  override toStream(): never {
    throw new Error("not used");
  }
  override toJSON() {
    return Promise.resolve({ error: { type: this.getStatusCode() >= 500 ? "api_error" : "invalid_request_error", message: "The fake says no." } });
  }
}

class FailingStripe extends StripeSdk.HttpClient {
  constructor(private readonly status: number) {
    super();
  }
  override getClientName() {
    return "failing";
  }
  override makeRequest() {
    return Promise.resolve(new ErrorResponse(this.status));
  }
}
