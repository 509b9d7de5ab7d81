import { sql } from "kysely";
import type Stripe from "stripe";
import { enterStripeAccount, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { appendEntry } from "#app/domain/fees/ledger.server";
import { stripeLiveMode } from "#app/lib/stripe.server";
import { keyFor } from "./online.server";

/**
 * Applying a verified Stripe webhook event (ADR 032), in the caller's one transaction:
 *
 *  1. The event names the connected account it happened on (`event.account`); the
 *     database signs that account's org as the narrow role 'payments_webhook'
 *     (`enter_stripe_account`). Events with no account or an unknown one: ignored (200).
 *  2. The event id is stored once (primary key): a replay finds it and does nothing.
 *  3. The event is applied. A payment is keyed by its PaymentIntent, so
 *     checkout.session.completed and payment_intent.succeeded post it once, in either
 *     order. A refund posts what Stripe's cumulative refunded amount adds to what is
 *     already recorded (replays and out-of-order deliveries add nothing).
 *
 * An event that needs something not yet recorded (a refund or dispute before its
 * payment) throws `conflict`: the transaction rolls back (the event id is not kept) and
 * the route answers 409, so Stripe delivers it again later.
 */

export type Applied = "ignored" | "duplicate" | "applied";

type Meta = { hearth_attempt_id?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : v?.id ?? null);
const attemptIdOf = (meta: unknown) => {
  const id = (meta as Meta | null | undefined)?.hearth_attempt_id;
  return typeof id === "string" && UUID.test(id) ? id : null;
};

export async function applyStripeEvent(tx: Tx, event: Stripe.Event): Promise<Applied> {
  // A test-mode event never moves money under a live key, nor a live one under a test key.
  if (Boolean(event.livemode) !== stripeLiveMode()) return "ignored";
  if (!event.account) return "ignored";
  const orgId = await enterStripeAccount(tx, event.account);
  if (!orgId) return "ignored";
  const stored = await tx
    .insertInto("stripe_event")
    .values({ org_id: sql<string>`current_org_id()`, event_id: event.id, type: event.type.slice(0, 100), stripe_created_at: new Date(event.created * 1000) })
    .onConflict((oc) => oc.doNothing())
    .returning("event_id")
    .executeTakeFirst();
  if (!stored) return "duplicate";
  const at = new Date(event.created * 1000);
  switch (event.type) {
    case "checkout.session.completed": {
      const s = event.data.object;
      const pi = idOf(s.payment_intent);
      if (s.payment_status !== "paid" || !pi || !s.amount_total) return "ignored";
      return postPayment(tx, { paymentIntentId: pi, sessionId: s.id, amount: s.amount_total, currency: s.currency, attemptId: attemptIdOf(s.metadata) ?? attemptIdOf({ hearth_attempt_id: s.client_reference_id }), at });
    }
    case "payment_intent.succeeded": {
      const p = event.data.object;
      return postPayment(tx, { paymentIntentId: p.id, sessionId: null, amount: p.amount_received, currency: p.currency, attemptId: attemptIdOf(p.metadata), at });
    }
    case "payment_intent.payment_failed": {
      const p = event.data.object;
      const attempt = attemptIdOf(p.metadata);
      if (!attempt) return "ignored";
      const res = await tx
        .updateTable("payment_attempt")
        .set({ status: "failed", failure_code: (p.last_payment_error?.code ?? "failed").slice(0, 100), payment_intent_id: p.id, updated_at: sql<Date>`now()` })
        .where("id", "=", attempt)
        .where("status", "=", "started")
        .where((eb) => eb.or([eb("payment_intent_id", "is", null), eb("payment_intent_id", "=", p.id)]))
        .returning("id")
        .executeTakeFirst();
      if (!res) return "ignored";
      await audit(tx, "payment.failed", { type: "payment_attempt", id: attempt }, { paymentIntent: p.id });
      return "applied";
    }
    case "charge.refunded": {
      // Each refund of the charge by its own id (Stripe includes them when it includes them;
      // refund.created / refund.updated bring them in any case).
      const c = event.data.object;
      const pi = idOf(c.payment_intent);
      const refunds = (c.refunds?.data ?? []).filter((r) => r.status === "succeeded");
      if (!pi) return "ignored";
      const results: Applied[] = [];
      for (const r of refunds) results.push(await postStripeRefund(tx, { stripeId: r.id, paymentIntentId: pi, attemptId: attemptIdOf(c.metadata), amount: r.amount, at, memo: "Refunded to the card through Stripe" }));
      return results.includes("applied") ? "applied" : results.includes("duplicate") ? "duplicate" : "ignored";
    }
    case "refund.created":
    case "refund.updated": {
      const r = event.data.object as Stripe.Refund;
      const pi = idOf(r.payment_intent);
      if (!pi || r.status !== "succeeded") return "ignored";
      return postStripeRefund(tx, { stripeId: r.id, paymentIntentId: pi, attemptId: attemptIdOf(r.metadata), amount: r.amount, at, memo: "Refunded to the card through Stripe" });
    }
    case "charge.dispute.created": {
      const d = event.data.object;
      const pi = idOf(d.payment_intent);
      const attempt = pi ? await recordedAttempt(tx, pi, attemptIdOf(d.metadata)) : null;
      if (!attempt) return "ignored";
      await tx
        .updateTable("payment_attempt")
        .set({ dispute_id: d.id, disputed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
        .where("id", "=", attempt.id)
        .execute();
      // The balance stays as it is until the dispute is decided; staff see it in the audit log.
      await audit(tx, "payment.disputed", { type: "payment_attempt", id: attempt.id }, { paymentIntent: pi, amountCents: d.amount, reason: d.reason });
      return "applied";
    }
    case "charge.dispute.closed": {
      // A lost dispute: the card holder has the money back, so the payment is refunded in
      // the ledger (keyed by the dispute's id). Won or withdrawn: nothing changes.
      const d = event.data.object;
      const pi = idOf(d.payment_intent);
      if (!pi || d.status !== "lost") return "ignored";
      const res = await postStripeRefund(tx, { stripeId: d.id, paymentIntentId: pi, attemptId: attemptIdOf(d.metadata), amount: d.amount, at, memo: "Card payment disputed and lost: returned to the card holder" });
      if (res === "applied") await audit(tx, "payment.dispute_lost", { type: "payment_attempt", id: pi }, { paymentIntent: pi, amountCents: d.amount });
      return res;
    }
    case "account.updated": {
      const a = event.data.object as Stripe.Account;
      if (a.id !== event.account) return "ignored";
      const next = { charges_enabled: a.charges_enabled ?? false, details_submitted: a.details_submitted ?? false };
      await tx.updateTable("org_payment_account").set({ ...next, updated_at: sql<Date>`now()` }).where("stripe_account_id", "=", a.id).execute();
      await audit(tx, "payment_account.status_changed", { type: "org_payment_account", id: a.id }, { chargesEnabled: next.charges_enabled, detailsSubmitted: next.details_submitted });
      return "applied";
    }
    default:
      return "ignored";
  }
}

type PaymentEvent = { paymentIntentId: string; sessionId: string | null; amount: number; currency: string | null; attemptId: string | null; at: Date };

/**
 * One online payment per PaymentIntent, whichever event brings it first. Everything that
 * matters comes from the attempt Hearth wrote (RLS keeps it to the org): resident, house,
 * stay and payer. The event must name that attempt, for exactly its amount and currency,
 * and the attempt's Checkout Session / PaymentIntent (when known) must be the event's.
 * Anything else is ignored and nothing is posted.
 */
async function postPayment(tx: Tx, e: PaymentEvent): Promise<Applied> {
  if (!e.attemptId || !Number.isSafeInteger(e.amount) || e.amount <= 0) return "ignored";
  const key = keyFor("payment_intent", e.paymentIntentId);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`payment:${key}`}, 0))`.execute(tx);
  const attempt = await tx
    .selectFrom("payment_attempt as a")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.id",
      "a.resident_id",
      "a.house_id",
      "a.stay_id",
      "a.payer",
      "a.amount_cents",
      "a.currency",
      "a.checkout_session_id",
      "a.payment_intent_id",
      sql<string>`(${e.at.toISOString()}::timestamptz at time zone h.time_zone)::date::text`.as("day"),
    ])
    .where("a.id", "=", e.attemptId)
    .executeTakeFirst();
  if (!attempt) return "ignored";
  const mismatch =
    Number(attempt.amount_cents) !== e.amount ||
    attempt.currency.toLowerCase() !== (e.currency ?? "").toLowerCase() ||
    (e.sessionId !== null && attempt.checkout_session_id !== e.sessionId) ||
    (attempt.payment_intent_id !== null && attempt.payment_intent_id !== e.paymentIntentId);
  if (mismatch) {
    await audit(tx, "payment.event_refused", { type: "payment_attempt", id: attempt.id }, { paymentIntent: e.paymentIntentId, amountCents: e.amount });
    return "ignored";
  }
  const existing = await tx.selectFrom("ledger_entry").select("id").where("idempotency_key", "=", key).executeTakeFirst();
  if (!existing) {
    const row = await appendEntry(tx, { residentId: attempt.resident_id, houseId: attempt.house_id, stayId: attempt.stay_id }, {
      kind: "payment",
      amount_cents: -e.amount,
      effective_on: attempt.day,
      method: "online",
      payer: attempt.payer,
      reference: e.paymentIntentId.slice(0, 60),
      idempotency_key: key,
    });
    await audit(tx, "ledger.payment_recorded", { type: "ledger_entry", id: row.id }, {
      residentId: attempt.resident_id,
      amountCents: -e.amount,
      method: "online",
      receiptNumber: row.receipt_number,
      attemptId: attempt.id,
    });
  }
  await tx
    .updateTable("payment_attempt")
    .set({ status: "succeeded", payment_intent_id: e.paymentIntentId, failure_code: null, updated_at: sql<Date>`now()` })
    .where("id", "=", attempt.id)
    .execute();
  return "applied";
}

/**
 * The attempt of a payment a refund or dispute names, if Hearth started it. When it exists
 * but its payment is not posted yet, `conflict` (409: Stripe delivers the event again);
 * when Hearth never started it, null (the event is acknowledged and ignored).
 */
async function recordedAttempt(tx: Tx, paymentIntentId: string, attemptId: string | null) {
  const payment = await tx
    .selectFrom("ledger_entry")
    .select(["id", "amount_cents", "resident_id", "house_id", "stay_id"])
    .where("idempotency_key", "=", keyFor("payment_intent", paymentIntentId))
    .executeTakeFirst();
  const attempt = await tx
    .selectFrom("payment_attempt")
    .select("id")
    .where((eb) => (attemptId ? eb.or([eb("payment_intent_id", "=", paymentIntentId), eb("id", "=", attemptId)]) : eb("payment_intent_id", "=", paymentIntentId)))
    .executeTakeFirst();
  if (!attempt) return null;
  if (!payment) throw new DomainError("conflict", "The payment is not recorded yet.");
  return { id: attempt.id, payment };
}

type RefundEvent = { stripeId: string; paymentIntentId: string; attemptId: string | null; amount: number; at: Date; memo: string };

/** One refund entry per Stripe refund (re_…) or lost dispute (dp_…), keyed by its id. */
async function postStripeRefund(tx: Tx, r: RefundEvent): Promise<Applied> {
  if (!Number.isSafeInteger(r.amount) || r.amount <= 0) return "ignored";
  const found = await recordedAttempt(tx, r.paymentIntentId, r.attemptId);
  if (!found) return "ignored";
  const { payment } = found;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ledger:${payment.id}`}, 0))`.execute(tx);
  const done = await tx.selectFrom("stripe_refund").select("ledger_entry_id").where("stripe_id", "=", r.stripeId).executeTakeFirst();
  if (done) return "duplicate";
  const house = await tx
    .selectFrom("house")
    .select(sql<string>`(${r.at.toISOString()}::timestamptz at time zone time_zone)::date::text`.as("day"))
    .where("id", "=", payment.house_id)
    .executeTakeFirstOrThrow();
  const row = await appendEntry(tx, { residentId: payment.resident_id, houseId: payment.house_id, stayId: payment.stay_id }, {
    kind: "refund",
    amount_cents: r.amount,
    effective_on: house.day,
    memo: r.memo,
    refund_of_id: payment.id,
  });
  await tx.insertInto("stripe_refund").values({ org_id: sql<string>`current_org_id()`, stripe_id: r.stripeId, ledger_entry_id: row.id }).execute();
  await audit(tx, "ledger.payment_refunded", { type: "ledger_entry", id: row.id }, { refundOfId: payment.id, amountCents: r.amount, online: true, stripeId: r.stripeId });
  return "applied";
}
