import { sql } from "kysely";
import type Stripe from "stripe";
import { enterStripeAccount, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { appendEntry } from "#app/domain/fees/ledger.server";
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

type Meta = { hearth_attempt_id?: string; hearth_resident_id?: string; hearth_house_id?: string; hearth_stay_id?: string; hearth_payer?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : v?.id ?? null);

export async function applyStripeEvent(tx: Tx, event: Stripe.Event): Promise<Applied> {
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
  const day = new Date(event.created * 1000).toISOString().slice(0, 10);
  switch (event.type) {
    case "checkout.session.completed": {
      const s = event.data.object;
      const pi = idOf(s.payment_intent);
      if (s.payment_status === "paid" && pi && s.amount_total) await postPayment(tx, pi, s.amount_total, (s.metadata ?? {}) as Meta, day, s.id);
      break;
    }
    case "payment_intent.succeeded": {
      const p = event.data.object;
      await postPayment(tx, p.id, p.amount_received, (p.metadata ?? {}) as Meta, day, null);
      break;
    }
    case "payment_intent.payment_failed": {
      const p = event.data.object;
      const attempt = (p.metadata as Meta | null)?.hearth_attempt_id;
      if (attempt && UUID.test(attempt)) {
        await tx
          .updateTable("payment_attempt")
          .set({ status: "failed", failure_code: (p.last_payment_error?.code ?? "failed").slice(0, 100), payment_intent_id: p.id, updated_at: sql<Date>`now()` })
          .where("id", "=", attempt)
          .where("status", "=", "started")
          .execute();
        await audit(tx, "payment.failed", { type: "payment_attempt", id: attempt }, { paymentIntent: p.id });
      }
      break;
    }
    case "charge.refunded": {
      const c = event.data.object;
      const pi = idOf(c.payment_intent);
      if (pi) await postRefund(tx, pi, c.amount_refunded, day);
      break;
    }
    case "charge.dispute.created": {
      const d = event.data.object;
      const pi = idOf(d.payment_intent);
      if (!pi) break;
      const res = await tx
        .updateTable("payment_attempt")
        .set({ dispute_id: d.id, disputed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
        .where("payment_intent_id", "=", pi)
        .returning("id")
        .executeTakeFirst();
      if (!res) throw new DomainError("conflict", "The disputed payment is not recorded yet.");
      // The balance stays as it is until the dispute is decided; staff see it in the audit log.
      await audit(tx, "payment.disputed", { type: "payment_attempt", id: res.id }, { paymentIntent: pi, amountCents: d.amount, reason: d.reason });
      break;
    }
    default:
      return "ignored";
  }
  return "applied";
}

/** One online payment per PaymentIntent, whichever event brings it first. */
async function postPayment(tx: Tx, paymentIntentId: string, amount: number, meta: Meta, day: string, sessionId: string | null) {
  const { hearth_attempt_id: attemptId, hearth_resident_id: residentId, hearth_house_id: houseId, hearth_stay_id: stayId } = meta;
  if (![attemptId, residentId, houseId, stayId].every((v) => typeof v === "string" && UUID.test(v))) return; // not one of ours
  if (!Number.isSafeInteger(amount) || amount <= 0) return;
  const key = keyFor("payment_intent", paymentIntentId);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`payment:${key}`}, 0))`.execute(tx);
  const existing = await tx.selectFrom("ledger_entry").select("id").where("idempotency_key", "=", key).executeTakeFirst();
  if (!existing) {
    const row = await appendEntry(tx, { residentId: residentId!, houseId: houseId!, stayId: stayId! }, {
      kind: "payment",
      amount_cents: -amount,
      effective_on: day,
      method: "online",
      payer: meta.hearth_payer === "family" ? "family" : "resident",
      reference: paymentIntentId.slice(0, 60),
      idempotency_key: key,
    });
    await audit(tx, "ledger.payment_recorded", { type: "ledger_entry", id: row.id }, {
      residentId,
      amountCents: -amount,
      method: "online",
      receiptNumber: row.receipt_number,
      attemptId,
    });
  }
  await tx
    .updateTable("payment_attempt")
    .set({
      status: "succeeded",
      payment_intent_id: paymentIntentId,
      ...(sessionId ? { checkout_session_id: sessionId } : {}),
      failure_code: null,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", attemptId!)
    .execute();
}

/** Bring the recorded refunds of an online payment up to Stripe's cumulative refunded amount. */
async function postRefund(tx: Tx, paymentIntentId: string, refundedTotal: number, day: string) {
  const payment = await tx
    .selectFrom("ledger_entry")
    .select(["id", "amount_cents", "resident_id", "house_id", "stay_id"])
    .where("idempotency_key", "=", keyFor("payment_intent", paymentIntentId))
    .executeTakeFirst();
  if (!payment) throw new DomainError("conflict", "The refunded payment is not recorded yet.");
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ledger:${payment.id}`}, 0))`.execute(tx);
  const done = await tx
    .selectFrom("ledger_entry")
    .select(sql<string>`coalesce(sum(amount_cents), 0)::bigint`.as("refunded"))
    .where("refund_of_id", "=", payment.id)
    .executeTakeFirstOrThrow();
  const add = Math.min(refundedTotal, -payment.amount_cents) - Number(done.refunded);
  if (add <= 0) return;
  const row = await appendEntry(tx, { residentId: payment.resident_id, houseId: payment.house_id, stayId: payment.stay_id }, {
    kind: "refund",
    amount_cents: add,
    effective_on: day,
    memo: "Refunded to the card through Stripe",
    refund_of_id: payment.id,
  });
  await audit(tx, "ledger.payment_refunded", { type: "ledger_entry", id: row.id }, { refundOfId: payment.id, amountCents: add, online: true });
}
